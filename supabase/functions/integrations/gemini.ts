/**
 * Checks a Gemini API key with Google's own client (`@google/genai`) before it is saved:
 * `models.list` with one item per page — free, no tokens spent, independent of which models
 * exist — at `GEMINI_API_BASE_URL` (`GET {base}/v1beta/models?pageSize=1`, key in
 * `x-goog-api-key`).
 */
import { geminiFailure } from "../_shared/contract/gemini.ts";
import { AppError } from "../_shared/errors.ts";
import { geminiClient } from "../_shared/gemini.ts";

const TIMEOUT_MS = 10_000;

/**
 * Resolves when Google accepts `apiKey`. Nothing is retried.
 * @throws AppError from the contract's Gemini mapper: `invalid_api_key` (422) when Google rejects
 *   the key; `llm_rate_limited` (429) when Google is throttling it; `upstream_unavailable` (502)
 *   when Google cannot be reached or fails.
 */
export async function checkGeminiKey(apiKey: string, baseUrl: string): Promise<void> {
  const ai = geminiClient(apiKey, baseUrl, TIMEOUT_MS);
  try {
    await ai.models.list({ config: { pageSize: 1 } });
  } catch (err) {
    throw AppError.from(
      geminiFailure(err, {
        action: "check the key",
        keyHint: "Check that you copied the whole key from Google AI Studio.",
      }),
      err,
    );
  }
}
