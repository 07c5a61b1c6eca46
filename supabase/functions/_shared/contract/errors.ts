/**
 * The error vocabulary every CareerPilot runtime shares: the codes, the HTTP status of each, and
 * the body `{"error": {"code", "message", "details"?}}`. The functions render it (`_shared/errors.ts`,
 * `AppError`), the web app and the runner read it.
 */
import { z } from "zod";

/** Error code → HTTP status. Add a code here before using it anywhere. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  invalid_token: 401,
  token_expired: 401,
  account_missing: 401,
  /** The token's session was ended (sign-out, here or on another device); sign in again. */
  session_ended: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** OAuth callback (`_shared/oauth.ts`): the state is missing, malformed or forged. */
  oauth_state_invalid: 400,
  /** OAuth callback: the state's 10 minutes are over. */
  oauth_state_expired: 400,
  /** OAuth callback: the state was issued to another user than the bearer's. Nothing is consumed. */
  oauth_state_foreign: 403,
  /** OAuth callback: the state's nonce was already used (a replay), or is unknown. */
  oauth_state_used: 409,
  /** OAuth callback: the user declined at the provider; `details.reason` is the provider's error. */
  oauth_declined: 400,
  /** OAuth callback: the provider refused the code (`details.reason`, e.g. `bad_verification_code`). */
  oauth_code_rejected: 400,
  /** Email unsubscribe: the link's signed token is malformed, altered or signed by a retired key. */
  unsubscribe_token_invalid: 400,
  /** GitHub Projects: the user has not connected GitHub (or disconnected it). */
  github_not_connected: 409,
  /** GitHub refused the stored token (revoked or expired): the user must reconnect. */
  github_reconnect_required: 409,
  /** An LLM feature needs the user's own Gemini API key, and none is saved. */
  gemini_key_missing: 409,
  /** Resumes: the user already has the platform's resume_limit resumes; `details.limit`. */
  resume_limit_reached: 409,
  /** Resumes: the version's PDF is still rendering (or failed); `details.pdf_status`. Poll and retry. */
  resume_pdf_not_ready: 409,
  /** Job Application: the job (or its duplicate on another portal) already has an application; `details.application_id`, `details.status`. */
  application_exists: 409,
  /** Job Application: the user has no published resume version to send. */
  no_resume: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  /** A provider (Google, GitHub, …) rejected the API key the user entered. */
  invalid_api_key: 422,
  rate_limited: 429,
  /** GitHub's rate limit for the user's token is exhausted; `details.retry_after_s` says when to retry. */
  github_rate_limited: 429,
  /** Too many upload URLs for this user in the last hour; `details.retry_after_s` says when to retry. */
  upload_rate_limited: 429,
  /** Gemini is throttling the user's key (any call); `details.retry_after_s` when Google said. */
  llm_rate_limited: 429,
  internal_error: 500,
  not_implemented: 501,
  upstream_unavailable: 502,
  /** The LLM's answer named technologies the facts do not show, twice: nothing was saved. */
  llm_ungrounded: 502,
  service_unavailable: 503,
  /** The server lacks a provider's configuration (GitHub OAuth app, token keyring). */
  integration_not_configured: 503,
  upstream_timeout: 504,
} as const satisfies Record<string, number>;

/** A known error code. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every known error code. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** True when `code` is a known error code. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_STATUS, code);
}

/**
 * The error body of every function response with a 4xx/5xx status. `code` stays a string when
 * read (a newer server may send a code this client does not know yet).
 */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

// Defined in a module without zod, so the web's browser bundle can import it alone.
export { retryAfterOf } from "./retry.ts";

/**
 * An error as the contract describes it, without any runtime's HTTP machinery: what a shared
 * mapper (for example {@link import("./gemini.ts").geminiFailure}) returns and each runtime
 * turns into its own error type (`AppError` in the functions, a failed job in the runner).
 */
export interface ContractError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}
