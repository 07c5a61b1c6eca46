/**
 * Gemini through Google's own client (`@google/genai`) with the user's key, at a configurable
 * base URL (`GEMINI_API_BASE_URL`): the one place the client is set up. Its failures are mapped by
 * the contract's `geminiFailure` (`contract/gemini.ts`), shared with the runner.
 */
import { GoogleGenAI } from "@google/genai";

/** A Gemini API client (never Vertex) for `apiKey` at `baseUrl`; each call times out after `timeoutMs`. */
export function geminiClient(apiKey: string, baseUrl: string, timeoutMs: number): GoogleGenAI {
  return new GoogleGenAI({ vertexai: false, apiKey, httpOptions: { baseUrl, timeout: timeoutMs } });
}
