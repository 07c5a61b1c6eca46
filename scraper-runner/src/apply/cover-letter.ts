/**
 * The cover letter of a batch or auto application, drafted while the runner prepares it (a manual
 * application's letter is drafted at review time by the job-apply function and edited by the user).
 *
 * The same prompt, the same sources and the same no-fabrication guard as the function
 * (`job-apply/cover-letter.ts`, `resumes/sources.ts`): Gemini with the user's own key writes
 * sentences citing their sources; a sentence whose names or numbers its sources do not show is
 * dropped and recorded. Without a key, or when Gemini fails, the application goes on without a
 * letter and `cover_letter_grounding.error` says why: a letter is never worth holding an
 * application back (the user can still write one in the approval queue).
 */
import { GoogleGenAI } from "@google/genai";
import { geminiFailure } from "../../../supabase/functions/_shared/contract/gemini.ts";
import {
  type CoverJob,
  draftCoverLetter,
  groundingRecord,
} from "../../../supabase/functions/job-apply/cover-letter.ts";
import { loadSources, type ResumeSource } from "../../../supabase/functions/resumes/sources.ts";
import type { Tx } from "../db.js";

/** What `private.job_application_prepared` stores for the letter. */
export interface PreparedLetter {
  text: string | null;
  source: "generated" | "none";
  grounding: Record<string, unknown>;
}

const CALL = { action: "draft the cover letter", keyHint: "Update it in Settings › API keys & tokens." };

const noLetter = (code: string, message: string, extra: Record<string, unknown> = {}): PreparedLetter => ({
  text: null,
  source: "none",
  grounding: { ...extra, error: { code, message } },
});

/** The user's sources and name (`tx` runs as the user: RLS and auth.uid()). */
export async function letterInputs(tx: Tx): Promise<{ sources: ResumeSource[]; applicantName: string }> {
  const [sources, [profile]] = await Promise.all([
    loadSources(tx),
    tx<{ name: string }[]>`
      select coalesce(display_name, split_part(email, '@', 1)) as name
        from public.profiles where id = (select auth.uid())`,
  ]);
  return { sources, applicantName: profile?.name ?? "the applicant" };
}

/**
 * Drafts and guards the letter (outside any transaction: a Gemini call can take seconds).
 * Never throws for Gemini's sake: failures become a letter-less result saying why.
 */
export async function draftApplicationLetter(
  inputs: { sources: ResumeSource[]; applicantName: string },
  job: CoverJob,
  gemini: { apiKey: string | null; baseUrl: string; model: string; timeoutMs: number },
): Promise<PreparedLetter> {
  if (!gemini.apiKey) {
    return noLetter(
      "gemini_key_missing",
      "No cover letter was drafted: letters are written with your own Gemini API key (Settings › API keys & tokens).",
    );
  }
  const ai = new GoogleGenAI({
    vertexai: false,
    apiKey: gemini.apiKey,
    httpOptions: { baseUrl: gemini.baseUrl, timeout: gemini.timeoutMs },
  });
  try {
    const letter = await draftCoverLetter(
      async (prompt, responseSchema) => {
        const res = await ai.models.generateContent({
          model: gemini.model,
          contents: prompt,
          config: {
            responseMimeType: "application/json",
            // biome-ignore lint/suspicious/noExplicitAny: the SDK's Schema type; the values are its Type strings
            responseSchema: responseSchema as any,
            temperature: 0.3,
            maxOutputTokens: 2048,
          },
        });
        return res.text;
      },
      inputs.sources,
      job,
      inputs.applicantName,
    );
    if (!letter) {
      return noLetter(
        "upstream_unavailable",
        "No cover letter was drafted: Gemini did not return a usable one.",
      );
    }
    if (!letter.text) {
      return noLetter(
        "nothing_grounded",
        "No cover letter is sent: none of the sentences Gemini wrote is shown by your sources.",
        groundingRecord(letter),
      );
    }
    return { text: letter.text, source: "generated", grounding: groundingRecord(letter) };
  } catch (err) {
    const failure = geminiFailure(err, CALL);
    return noLetter(failure.code, `No cover letter was drafted. ${failure.message}`);
  }
}
