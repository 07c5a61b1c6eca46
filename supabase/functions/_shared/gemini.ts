/**
 * Gemini through Google's own client (`@google/genai`) with the user's key, at a configurable
 * base URL (`GEMINI_API_BASE_URL`): the one place the client is set up and Google's errors read.
 */
import { type ApiError, GoogleGenAI } from "@google/genai";

/** A Gemini API client (never Vertex) for `apiKey` at `baseUrl`; each call times out after `timeoutMs`. */
export function geminiClient(apiKey: string, baseUrl: string, timeoutMs: number): GoogleGenAI {
  return new GoogleGenAI({ vertexai: false, apiKey, httpOptions: { baseUrl, timeout: timeoutMs } });
}

/** Google's suggested wait from a 429 (`RetryInfo.retryDelay`, e.g. "43s"), in seconds. */
export function geminiRetryDelay(err: ApiError): number | undefined {
  const m = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(err.message);
  return m ? Math.ceil(Number(m[1])) : undefined;
}
