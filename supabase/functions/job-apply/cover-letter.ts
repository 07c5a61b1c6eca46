/**
 * A cover letter for one job, written by Gemini with the user's own key and kept honest by the
 * same no-fabrication guard as resumes (`contract/grounding.ts`): Gemini answers sentences, each
 * citing the sources it rests on; a sentence whose names or numbers its cited sources do not
 * show is dropped (and shown to the user as dropped), never sent.
 *
 * The job itself is a source too, but a narrow one: only its title, company and location (so
 * "I am applying for the Backend Engineer role at Acme" passes), never its description (so a
 * requirement the job asks for cannot become a claim about the user).
 */
import { z } from "zod";
import { checkClaim, type GroundingSource, type RejectedClaim } from "../_shared/contract/grounding.ts";
import type { ResumeSource } from "../resumes/sources.ts";

/** Prompt markers (the loopback fake reads them; Gemini ignores them). */
export const COVER_SOURCES_BEGIN = "=== COVER LETTER SOURCES ===";
export const COVER_SOURCES_END = "=== END OF COVER LETTER SOURCES ===";
export const COVER_JOB_BEGIN = "=== COVER LETTER JOB ===";
export const COVER_JOB_END = "=== END OF COVER LETTER JOB ===";

export interface CoverJob {
  id: string;
  title: string;
  company: string;
  location: string | null;
  description: string | null;
}

/** What Gemini answers: paragraphs of sentences, each citing source refs. */
export const CoverAnswer = z.object({
  paragraphs: z.array(
    z.object({
      sentences: z.array(z.object({ text: z.string().min(1).max(600), sources: z.array(z.string()).max(10) }))
        .max(8),
    }),
  ).min(1).max(6),
});
export type CoverAnswer = z.infer<typeof CoverAnswer>;

/** The structured output asked of Gemini (write-cover-letter.ts). */
export const RESPONSE_SCHEMA = {
  type: "OBJECT",
  properties: {
    paragraphs: {
      type: "ARRAY",
      items: {
        type: "OBJECT",
        properties: {
          sentences: {
            type: "ARRAY",
            items: {
              type: "OBJECT",
              properties: { text: { type: "STRING" }, sources: { type: "ARRAY", items: { type: "STRING" } } },
              required: ["text", "sources"],
            },
          },
        },
        required: ["sentences"],
      },
    },
  },
  required: ["paragraphs"],
};

/** The job as a source: its title, company and location only. */
export function jobSource(job: CoverJob): GroundingSource {
  return {
    ref: `job:${job.id}`,
    text: [job.title, job.company, job.location ?? ""].filter(Boolean).join("\n"),
  };
}

/** The prompt. */
export function coverLetterPrompt(sources: ResumeSource[], job: CoverJob, applicantName: string): string {
  const stated = sources.map((s) => ({
    ref: s.ref,
    kind: s.entryKind ?? s.kind,
    label: s.label,
    fields: s.fields,
  }));
  return [
    `You write a short cover letter (3 paragraphs, at most 180 words) for ${applicantName}, applying for "${job.title}" at ${job.company}.`,
    "Answer JSON: paragraphs of sentences, each {text, sources}: `sources` lists the refs the sentence rests on.",
    `Facts about the applicant come ONLY from the sources below; cite them. The job's title, company and location may be cited as "job:${job.id}".`,
    "The job description says what the employer wants; never claim a requirement the sources do not show. " +
    "Do not add any employer, technology, number, date or duration of your own: a sentence with a fact its sources do not show is removed.",
    "No greeting line and no signature: only the body.",
    "",
    COVER_SOURCES_BEGIN,
    JSON.stringify(stated, null, 1),
    COVER_SOURCES_END,
    "",
    COVER_JOB_BEGIN,
    JSON.stringify({ ref: `job:${job.id}`, title: job.title, company: job.company, location: job.location }),
    (job.description ?? "").slice(0, 6000),
    COVER_JOB_END,
  ].join("\n");
}

/** A guarded cover letter: the kept sentences (as text) and the dropped ones. */
export interface GroundedCoverLetter {
  text: string;
  claims: { text: string; sources: string[] }[];
  rejected: RejectedClaim[];
}

/**
 * Asks for a letter with `generate` (one model call: prompt and response schema in, the answer's
 * text out; it throws what the client throws), once more when the answer is not usable JSON, and
 * guards it. Null when both answers were unusable. The function (write-cover-letter.ts, at review
 * time) and the runner (batch and auto applications) each wrap their own Gemini client around it.
 */
export async function draftCoverLetter(
  generate: (prompt: string, responseSchema: typeof RESPONSE_SCHEMA) => Promise<string | undefined>,
  sources: ResumeSource[],
  job: CoverJob,
  applicantName: string,
): Promise<GroundedCoverLetter | null> {
  const prompt = coverLetterPrompt(sources, job, applicantName);
  for (let attempt = 0; attempt < 2; attempt++) {
    const text = await generate(prompt, RESPONSE_SCHEMA);
    try {
      const parsed = CoverAnswer.safeParse(JSON.parse(text ?? ""));
      if (parsed.success) return groundCoverLetter(parsed.data, sources, job);
    } catch {
      // not JSON: ask once more
    }
  }
  return null;
}

/** What is stored in `job_applications.cover_letter_grounding` for a generated letter. */
export function groundingRecord(letter: GroundedCoverLetter): Record<string, unknown> {
  return {
    claims: letter.claims,
    rejected: letter.rejected.map((r) => ({
      text: r.text,
      sources: r.sources,
      reason: r.reason,
      message: r.message,
    })),
  };
}

/** Applies the guard to Gemini's answer: sentences that do not rest on their sources are dropped. */
export function groundCoverLetter(
  answer: CoverAnswer,
  sources: GroundingSource[],
  job: CoverJob,
): GroundedCoverLetter {
  const byRef = new Map<string, GroundingSource>(sources.map((s) => [s.ref, s]));
  byRef.set(`job:${job.id}`, jobSource(job));
  const claims: GroundedCoverLetter["claims"] = [];
  const rejected: RejectedClaim[] = [];
  const paragraphs: string[] = [];
  answer.paragraphs.forEach((p, pi) => {
    const kept: string[] = [];
    p.sentences.forEach((s, si) => {
      const text = s.text.trim();
      const refusal = checkClaim(
        { pointer: `/paragraphs/${pi}/sentences/${si}`, text, sources: s.sources },
        byRef,
      );
      if (refusal) rejected.push(refusal);
      else {
        kept.push(text);
        claims.push({ text, sources: s.sources });
      }
    });
    if (kept.length) paragraphs.push(kept.join(" "));
  });
  return { text: paragraphs.join("\n\n"), claims, rejected };
}
