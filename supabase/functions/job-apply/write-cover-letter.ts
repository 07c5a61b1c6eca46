/**
 * Writing a cover letter with Gemini (`@google/genai`, the user's own key, structured output),
 * then guarding it (cover-letter.ts): only sentences that rest on the user's sources are kept.
 * Kept apart from the guard so the guard's tests need no LLM client.
 */
import { geminiFailure } from "../_shared/contract/gemini.ts";
import { AppError } from "../_shared/errors.ts";
import { geminiClient } from "../_shared/gemini.ts";
import type { ResumeSource } from "../resumes/sources.ts";
import { type CoverJob, draftCoverLetter, type GroundedCoverLetter } from "./cover-letter.ts";

const TIMEOUT_MS = 30_000;

const CALL = { action: "write the cover letter", keyHint: "Update it in Settings › API keys & tokens." };

/**
 * Writes and guards a cover letter (one retry when the answer is not usable JSON).
 * @throws AppError `invalid_api_key` (422), `llm_rate_limited` (429), `upstream_unavailable` (502).
 */
export async function writeCoverLetter(
  sources: ResumeSource[],
  job: CoverJob,
  applicantName: string,
  opts: { apiKey: string; baseUrl: string; model: string },
): Promise<GroundedCoverLetter> {
  const ai = geminiClient(opts.apiKey, opts.baseUrl, TIMEOUT_MS);
  const letter = await draftCoverLetter(
    async (prompt, responseSchema) => {
      try {
        const res = await ai.models.generateContent({
          model: opts.model,
          contents: prompt,
          config: {
            responseMimeType: "application/json",
            // deno-lint-ignore no-explicit-any
            responseSchema: responseSchema as any,
            temperature: 0.3,
            maxOutputTokens: 2048,
          },
        });
        return res.text;
      } catch (err) {
        throw AppError.from(geminiFailure(err, CALL), err);
      }
    },
    sources,
    job,
    applicantName,
  );
  if (!letter) {
    throw new AppError("upstream_unavailable", "Gemini did not return a usable cover letter. Try again.", {
      provider: "gemini",
    });
  }
  return letter;
}
