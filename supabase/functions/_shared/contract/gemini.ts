/**
 * The one mapping of a failed Gemini call to the error vocabulary, for every runtime that calls
 * Gemini with the user's key (the functions today, the runner for resumes and cover letters next).
 *
 * It reads only what `@google/genai`'s `ApiError` carries (`status`, and the JSON body Google sent
 * as `message`), so the contract stays free of the client library. One code per outcome:
 *
 * | Google answered                                         | code                   | status |
 * |---------------------------------------------------------|------------------------|--------|
 * | 401, 403, or 400 naming the key (`API_KEY_INVALID`, …)  | `invalid_api_key`      | 422    |
 * | 429 (`RESOURCE_EXHAUSTED`)                              | `llm_rate_limited`     | 429    |
 * | any other status                                        | `upstream_unavailable` | 502    |
 * | no answer (refused, reset, DNS, timeout)                | `upstream_unavailable` | 502    |
 *
 * `details` is `{provider: "gemini", reason?, retry_after_s?}`: Google's machine reason and, for a
 * 429, Google's suggested wait (`RetryInfo.retryDelay`) in seconds.
 */
import type { ContractError } from "./errors.ts";

/** What a Gemini call was for; it words the messages the user reads. */
export interface GeminiCallPurpose {
  /** What could not be done, e.g. "check the key", "write the description". */
  action: string;
  /** What the user should do about a rejected key, e.g. "Update it in Settings › API keys & tokens." */
  keyHint: string;
}

const KEY_REJECTED = /API_KEY_INVALID|API key not valid|PERMISSION_DENIED|unregistered callers/i;

/** Google's suggested wait from a 429 (`RetryInfo.retryDelay`, e.g. "43s"), in seconds. */
export function geminiRetryDelay(err: { message?: unknown }): number | undefined {
  const m = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(String(err.message ?? ""));
  return m ? Math.ceil(Number(m[1])) : undefined;
}

/** Google's machine reason (`API_KEY_INVALID`, `RESOURCE_EXHAUSTED`…) from an error's JSON message. */
export function geminiReason(err: { message?: unknown }): string | undefined {
  try {
    const body = JSON.parse(String(err.message ?? "")) as {
      error?: { status?: string; details?: { reason?: string }[] };
    };
    return body.error?.details?.find((d) => typeof d.reason === "string")?.reason ?? body.error?.status;
  } catch {
    return undefined;
  }
}

/** The HTTP status of an `ApiError`-like value, or undefined when the call got no answer. */
function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 100 ? status : undefined;
}

/** Any error thrown by a Gemini call → the contract error to report (see the module table). */
export function geminiFailure(err: unknown, purpose: GeminiCallPurpose): ContractError {
  const status = statusOf(err);
  if (status === undefined) {
    return {
      code: "upstream_unavailable",
      message: `Could not reach Google to ${purpose.action}; try again.`,
      details: { provider: "gemini" },
    };
  }
  const e = err as { message?: unknown };
  const reason = geminiReason(e);
  const details: Record<string, unknown> = { provider: "gemini", ...(reason ? { reason } : {}) };
  if (status === 401 || status === 403 || (status === 400 && KEY_REJECTED.test(String(e.message ?? "")))) {
    return {
      code: "invalid_api_key",
      message: status === 403 && reason !== "API_KEY_INVALID"
        ? `Google refused your Gemini API key: it is not allowed to use the Gemini API (is the Generative Language API enabled for its project?). ${purpose.keyHint}`
        : `Google rejected your Gemini API key. ${purpose.keyHint}`,
      details,
    };
  }
  if (status === 429) {
    const retryAfter = geminiRetryDelay(e);
    return {
      code: "llm_rate_limited",
      message:
        `Google is rate-limiting your Gemini API key right now, so it could not ${purpose.action}; try again ${
          retryAfter ? `in ${retryAfter} s` : "in a minute"
        }.`,
      details: { ...details, ...(retryAfter ? { retry_after_s: retryAfter } : {}) },
    };
  }
  return {
    code: "upstream_unavailable",
    message: `Google could not ${purpose.action} right now (HTTP ${status}); try again.`,
    details,
  };
}
