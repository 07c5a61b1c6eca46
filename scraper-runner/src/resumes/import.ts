/**
 * Queue `resume_import`: an uploaded resume PDF becomes PENDING career-record entries the user
 * confirms one by one (nothing imported is a resume source until then).
 *
 *   resume.import.uploaded {user_id, import_id, storage_path}
 *     1. `private.resume_import_begin` (own transaction: the page shows "processing"); done or
 *        failed imports are skipped;
 *     2. download the PDF (service role; the path must lie under the event's user);
 *     3. `extractPdfText` (documents/extract.ts, pdf.js); a PDF without a text layer (a scan) fails
 *        with a reason;
 *     4. Gemini with the user's own key (`@google/genai`, structured output) structures the text into
 *        work / education / skills / achievements / links;
 *     5. every entry is checked twice: the contract's zod schema of its kind, and the no-fabrication
 *        guard against the PDF's own text (a structuring model must not add an employer, a date or
 *        a number that the PDF does not contain) — what fails is dropped;
 *     6. commit: `private.resume_import_finish(import_id, entries)` (pending, origin import).
 * A missing or rejected Gemini key fails the import with a reason the page shows; Gemini being
 * unreachable or rate-limited is retried with back-off, and `giveUp` fails the import.
 */
import { GoogleGenAI } from "@google/genai";
import { decryptToken, keyringFrom, tokenAad } from "../../../supabase/functions/_shared/contract/crypto.ts";
import { geminiFailure } from "../../../supabase/functions/_shared/contract/gemini.ts";
import { checkClaim, dateWords } from "../../../supabase/functions/_shared/contract/grounding.ts";
import {
  CAREER_ENTRY_DATA,
  type CareerEntryKind,
} from "../../../supabase/functions/_shared/contract/resume.ts";
import { type ConsumerDeps, defineConsumer, type Outcome, PermanentError } from "../consumer.js";
import { asService, type Db, sqlState } from "../db.js";
import { extractPdfText } from "../documents/extract.js";
import { RESUMES_BUCKET } from "./pdf.js";

/** Queue name. */
export const RESUME_IMPORT_QUEUE = "resume_import";

/** Delimit the resume's text in the prompt (the loopback fake reads it). */
export const RESUME_TEXT_BEGIN = "=== RESUME TEXT ===";
export const RESUME_TEXT_END = "=== END OF RESUME TEXT ===";
/** The extracted text sent to Gemini at most. */
const MAX_TEXT = 30_000;

const S = { type: "STRING" };
const A = (items: unknown) => ({ type: "ARRAY", items });
const O = (properties: Record<string, unknown>, required: string[]) => ({
  type: "OBJECT",
  properties,
  required,
});
const RESPONSE_SCHEMA = O(
  {
    work: A(
      O(
        {
          organization: S,
          title: S,
          location: S,
          start_date: S,
          end_date: S,
          summary: S,
          highlights: A(S),
        },
        ["organization", "title"],
      ),
    ),
    education: A(
      O({ institution: S, area: S, study_type: S, start_date: S, end_date: S, score: S }, ["institution"]),
    ),
    skills: A(O({ name: S, keywords: A(S) }, ["name"])),
    achievements: A(O({ title: S, date: S, awarder: S, summary: S }, ["title"])),
    links: A(O({ url: S, network: S }, ["url"])),
  },
  ["work", "education", "skills", "achievements", "links"],
);

const KIND_OF: Record<string, CareerEntryKind> = {
  work: "work",
  education: "education",
  skills: "skill",
  achievements: "achievement",
  links: "link",
};

/** The import prompt. */
export function importPrompt(text: string): string {
  return [
    "Below is the text of a job seeker's resume, extracted from their PDF.",
    "Structure it into JSON: work experience, education, skills, achievements and links.",
    "Copy names, titles, dates, numbers and technologies exactly as the text states them; add nothing the text " +
      "does not say. Dates as YYYY-MM or YYYY. Leave out a field the text does not give.",
    "",
    RESUME_TEXT_BEGIN,
    text.slice(0, MAX_TEXT),
    RESUME_TEXT_END,
  ].join("\n");
}

/** Every string of an entry's data, flattened. */
function textsOf(data: Record<string, unknown>): string[] {
  return Object.values(data).flatMap((v) =>
    Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)],
  );
}

/**
 * The entries of Gemini's answer that are valid for their kind and whose every fact is in the
 * PDF's text. Pure.
 */
export function acceptedEntries(
  answer: unknown,
  pdfText: string,
): { entries: { kind: CareerEntryKind; data: Record<string, unknown> }[]; dropped: number } {
  const source = { ref: "import:pdf", text: `${pdfText}\n${dateWordsIn(pdfText)}` };
  const byRef = new Map([[source.ref, source]]);
  const entries: { kind: CareerEntryKind; data: Record<string, unknown> }[] = [];
  let dropped = 0;
  const a = (answer && typeof answer === "object" ? answer : {}) as Record<string, unknown>;
  for (const [key, kind] of Object.entries(KIND_OF)) {
    const list = Array.isArray(a[key]) ? (a[key] as unknown[]) : [];
    for (const raw of list) {
      const cleaned = Object.fromEntries(
        Object.entries((raw ?? {}) as Record<string, unknown>).filter(([, v]) => v !== "" && v !== null),
      );
      const parsed = CAREER_ENTRY_DATA[kind].safeParse(cleaned);
      if (!parsed.success) {
        dropped += 1;
        continue;
      }
      const data = parsed.data as Record<string, unknown>;
      const grounded = textsOf(data).every(
        (text) => checkClaim({ pointer: "/", text, sources: [source.ref] }, byRef) === null,
      );
      if (grounded) entries.push({ kind, data });
      else dropped += 1;
    }
  }
  return { entries, dropped };
}

/** ISO dates and month-year dates of the text in each other's forms, so "Apr 2019" evidences "2019-04". */
function dateWordsIn(text: string): string {
  const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  const out: string[] = [];
  for (const m of text.matchAll(/\b(\d{4})-(0[1-9]|1[0-2])\b/g)) out.push(dateWords(`${m[1]}-${m[2]}`));
  for (const m of text.matchAll(/\b([A-Za-z]{3})[a-z]*\.? (\d{4})\b/g)) {
    const i = months.indexOf(m[1]!.toLowerCase());
    if (i >= 0) out.push(`${m[2]}-${String(i + 1).padStart(2, "0")}`);
  }
  return out.join("\n");
}

async function geminiKey(db: Db, keysRaw: string | undefined, userId: string): Promise<string | null> {
  // Service path: private.token_for_service is service-only, scoped to this user and provider.
  const [row] = await asService(
    db,
    (tx) =>
      tx<
        { token_encrypted: string }[]
      >`select token_encrypted from private.token_for_service(${userId}::uuid, 'gemini')`,
  );
  if (!row) return null;
  return await decryptToken(keyringFrom(keysRaw), row.token_encrypted, tokenAad(userId, "gemini"));
}

const IMPORT_CALL = { action: "read your resume", keyHint: "Update it in Settings › API keys & tokens." };

/** The resume_import consumer. */
export function resumeImportConsumer(deps: ConsumerDeps) {
  return defineConsumer({
    queue: RESUME_IMPORT_QUEUE,
    events: ["resume.import.uploaded"],
    async handle(d, ctx): Promise<Outcome> {
      const { import_id: importId, user_id: userId, storage_path: path } = d.payload;
      if (!path.startsWith(`${userId}/imports/`) || path.includes("..")) {
        throw new PermanentError(`refusing to read ${path}: not the user's import`, "22023");
      }
      let begun: { status: string; user_id: string };
      try {
        begun = await asService(ctx.db, async (tx) => {
          const [row] = await tx<{ v: { status: string; user_id: string } }[]>`
            select private.resume_import_begin(${importId}::uuid) as v`;
          return row!.v;
        });
      } catch (err) {
        if (sqlState(err) === "PT404") return { status: "skipped", reason: "the import no longer exists" };
        throw err;
      }
      if (begun.status !== "processing")
        return { status: "skipped", reason: `the import is ${begun.status}` };
      const fail = (reason: string): Outcome => ({
        status: "done",
        fields: { import_id: importId, failed: reason },
        finalize: async (tx) => {
          await tx`select private.resume_import_finish(${importId}::uuid, null, ${reason})`;
        },
      });

      const { data: blob, error } = await deps.supabase.storage.from(RESUMES_BUCKET).download(path);
      if (error || !blob)
        throw new Error(`download of ${RESUMES_BUCKET}/${path} failed: ${error?.message ?? "no body"}`);
      let text: string;
      try {
        const extracted = await extractPdfText(new Uint8Array(await blob.arrayBuffer()));
        if (!extracted.hasTextLayer) {
          return fail(
            "This PDF has no text to read (a scanned image?). Export your resume from its editor as a PDF and upload that.",
          );
        }
        text = extracted.pages.join("\n");
      } catch (err) {
        return fail(
          `This file could not be read as a PDF (${err instanceof Error ? err.message.slice(0, 120) : "unknown error"}).`,
        );
      }

      const key = await geminiKey(ctx.db, deps.config.tokenEncryptionKeys, userId);
      if (!key)
        return fail(
          "Importing uses your own Gemini API key. Add one in Settings › API keys & tokens, then upload again.",
        );
      const ai = new GoogleGenAI({
        vertexai: false,
        apiKey: key,
        httpOptions: { baseUrl: deps.config.geminiApiBaseUrl, timeout: deps.config.httpTimeoutMs },
      });
      let answerText: string | undefined;
      try {
        const res = await ai.models.generateContent({
          model: deps.config.geminiModel,
          contents: importPrompt(text),
          config: {
            responseMimeType: "application/json",
            // biome-ignore lint/suspicious/noExplicitAny: the SDK's Schema type; the values are its Type strings
            responseSchema: RESPONSE_SCHEMA as any,
            temperature: 0,
            maxOutputTokens: 8192,
          },
        });
        answerText = res.text;
      } catch (err) {
        const failure = geminiFailure(err, IMPORT_CALL);
        if (failure.code === "invalid_api_key") return fail(failure.message);
        throw new Error(failure.message); // unreachable or rate-limited: back-off
      }
      let answer: unknown;
      try {
        answer = JSON.parse(answerText ?? "");
      } catch {
        throw new Error("Gemini did not return JSON");
      }
      const { entries, dropped } = acceptedEntries(answer, text);
      return {
        status: "done",
        fields: { import_id: importId, entries: entries.length, dropped },
        finalize: async (tx) => {
          await tx`select private.resume_import_finish(${importId}::uuid, ${tx.json(entries as never)}, null)`;
        },
      };
    },
    async giveUp(tx, d, error) {
      await tx`select private.resume_import_finish(${d.payload.import_id}::uuid, null,
        ${`The import could not be finished (${error.slice(0, 200)}). Upload it again.`})`.catch(
        () => undefined,
      );
    },
  });
}
