/**
 * Writing a cover letter with Gemini (`@google/genai`, the user's own key, structured output),
 * then guarding it (cover-letter.ts): only sentences that rest on the user's sources are kept.
 * Kept apart from the guard so the guard's tests need no LLM client.
 */
import type { GoogleGenAI } from "@google/genai";
import { geminiFailure } from "../_shared/contract/gemini.ts";
import { AppError } from "../_shared/errors.ts";
import { geminiClient } from "../_shared/gemini.ts";
import type { ResumeSource } from "../resumes/sources.ts";
import {
  CoverAnswer,
  type CoverJob,
  coverLetterPrompt,
  groundCoverLetter,
  type GroundedCoverLetter,
  RESPONSE_SCHEMA,
} from "./cover-letter.ts";

const TIMEOUT_MS = 30_000;

const CALL = { action: "write the cover letter", keyHint: "Update it in Settings › API keys & tokens." };

async function ask(ai: GoogleGenAI, model: string, prompt: string): Promise<CoverAnswer | null> {
  let text: string | undefined;
  try {
    const res = await ai.models.generateContent({
      model,
      contents: prompt,
      config: {
        responseMimeType: "application/json",
        // deno-lint-ignore no-explicit-any
        responseSchema: RESPONSE_SCHEMA as any,
        temperature: 0.3,
        maxOutputTokens: 2048,
      },
    });
    text = res.text;
  } catch (err) {
    throw AppError.from(geminiFailure(err, CALL), err);
  }
  try {
    const parsed = CoverAnswer.safeParse(JSON.parse(text ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

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
  const prompt = coverLetterPrompt(sources, job, applicantName);
  const answer = (await ask(ai, opts.model, prompt)) ?? (await ask(ai, opts.model, prompt));
  if (!answer) {
    throw new AppError("upstream_unavailable", "Gemini did not return a usable cover letter. Try again.", {
      provider: "gemini",
    });
  }
  return groundCoverLetter(answer, sources, job);
}
