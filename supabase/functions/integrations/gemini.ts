/**
 * Checks a Gemini API key with Google's own client (`@google/genai`) before it is saved:
 * `models.list` with one item per page — free, no tokens spent, independent of which models
 * exist — at `GEMINI_API_BASE_URL` (`GET {base}/v1beta/models?pageSize=1`, key in
 * `x-goog-api-key`).
 */
import { ApiError } from "@google/genai";
import { AppError } from "../_shared/errors.ts";
import { geminiClient, geminiRetryDelay } from "../_shared/gemini.ts";
import { IntegrationError } from "./errors.ts";

const TIMEOUT_MS = 10_000;

/** Google's machine reason (`API_KEY_INVALID`, `RESOURCE_EXHAUSTED`…) from an ApiError message. */
function reasonOf(err: ApiError): string | undefined {
  try {
    const body = JSON.parse(err.message) as {
      error?: { status?: string; details?: { reason?: string }[] };
    };
    return body.error?.details?.find((d) => typeof d.reason === "string")?.reason ?? body.error?.status;
  } catch {
    return undefined;
  }
}

/**
 * Resolves when Google accepts `apiKey`. Nothing is retried.
 * @throws IntegrationError `invalid_api_key` (422) when Google rejects the key (400/401/403);
 *   AppError `rate_limited` (429) when Google is throttling it; `upstream_unavailable` (502)
 *   when Google cannot be reached or fails.
 */
export async function checkGeminiKey(apiKey: string, baseUrl: string): Promise<void> {
  const ai = geminiClient(apiKey, baseUrl, TIMEOUT_MS);
  try {
    await ai.models.list({ config: { pageSize: 1 } });
  } catch (err) {
    if (err instanceof ApiError) {
      const reason = reasonOf(err);
      if (err.status === 400 || err.status === 401) {
        throw new IntegrationError(
          "invalid_api_key",
          "Google rejected this Gemini API key. Check that you copied the whole key from Google AI Studio.",
          { provider: "gemini", ...(reason ? { reason } : {}) },
        );
      }
      if (err.status === 403) {
        throw new IntegrationError(
          "invalid_api_key",
          "Google refused this Gemini API key: it is not allowed to use the Gemini API (is the Generative Language API enabled for its project?).",
          { provider: "gemini", ...(reason ? { reason } : {}) },
        );
      }
      if (err.status === 429) {
        const retryAfter = geminiRetryDelay(err);
        throw new AppError(
          "rate_limited",
          "Google is rate-limiting this Gemini API key right now, so it could not be checked; try again in a minute.",
          {
            provider: "gemini",
            ...(reason ? { reason } : {}),
            ...(retryAfter ? { retry_after_s: retryAfter } : {}),
          },
        );
      }
      throw new AppError(
        "upstream_unavailable",
        `Google could not check the key right now (HTTP ${err.status}); try again.`,
        { provider: "gemini" },
      );
    }
    // fetch failures (connection refused, reset, DNS) and the per-attempt timeout.
    throw new AppError("upstream_unavailable", "Could not reach Google to check the key; try again.", {
      provider: "gemini",
    });
  }
}
