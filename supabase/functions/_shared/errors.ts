/**
 * The one error vocabulary of every CareerPilot function.
 *
 * Body: `{"error": {"code", "message", "details"?}}`. A code decides the HTTP status, through
 * {@link ERROR_STATUS} only. Postgres failures are translated by SQLSTATE in
 * {@link fromPostgresError}, so SQL functions signal API errors with `errcode`.
 */
import { z } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

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
  /** GitHub Projects: the user has not connected GitHub (or disconnected it). */
  github_not_connected: 409,
  /** GitHub refused the stored token (revoked or expired): the user must reconnect. */
  github_reconnect_required: 409,
  /** An LLM feature needs the user's own Gemini API key, and none is saved. */
  gemini_key_missing: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  /** A provider (Google, GitHub, …) rejected the API key the user entered. */
  invalid_api_key: 422,
  rate_limited: 429,
  /** GitHub's rate limit for the user's token is exhausted; `details.retry_after_s` says when to retry. */
  github_rate_limited: 429,
  /** Gemini is throttling the user's key; `details.retry_after_s` when Google said. */
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
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error the API renders as is: its code picks the status, its message is shown to the caller. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }

  /** The response body: `{"error": {"code", "message", "details"?}}`. */
  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** The error body schema, shared by every route's OpenAPI responses. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** OpenAPI response entries for the error statuses a route can return. */
export function errorResponses(...statuses: ContentfulStatusCode[]) {
  const descriptions: Partial<Record<number, string>> = {
    400: "Malformed request",
    401: "Missing, malformed, expired or forged token",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    422: "Validation failed",
    429: "Rate limited",
    502: "An upstream service failed",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: descriptions[s] ?? "Error",
        content: { "application/json": { schema: ErrorBodySchema } },
      },
    ]),
  );
}

/** SQLSTATE → error code. Class `PT` carries an HTTP status (`PT404`), as PostgREST does. */
const SQLSTATE_CODES: Record<string, ErrorCode> = {
  "42501": "forbidden", // insufficient_privilege, RLS with-check violations
  "23505": "conflict", // unique_violation
  "23P01": "conflict", // exclusion_violation
  "40001": "conflict", // serialization_failure
  "40P01": "conflict", // deadlock_detected
  "23503": "validation_failed", // foreign_key_violation
  "23514": "validation_failed", // check_violation
  "23502": "validation_failed", // not_null_violation
  "22P02": "validation_failed", // invalid_text_representation
  "22001": "validation_failed", // string_data_right_truncation
  "22003": "validation_failed", // numeric_value_out_of_range
  "22007": "validation_failed", // invalid_datetime_format
  "22008": "validation_failed", // datetime_field_overflow
  "22023": "validation_failed", // invalid_parameter_value
  "22021": "validation_failed", // character_not_in_repertoire (a NUL byte in text)
  "22P05": "validation_failed", // untranslatable_character (\u0000 in jsonb)
  P0002: "not_found", // no_data_found
  "57014": "service_unavailable", // query_canceled (statement_timeout)
  "53300": "service_unavailable", // too_many_connections
};

const SQLSTATE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  forbidden: "You are not allowed to do this.",
  conflict: "This conflicts with an existing record.",
  validation_failed: "The database rejected a value.",
  not_found: "Not found.",
  service_unavailable: "The database is busy; try again.",
};

interface PostgresLikeError {
  code: string;
  message: string;
  constraint_name?: string;
  column_name?: string;
  table_name?: string;
}

function isPostgresError(err: unknown): err is PostgresLikeError {
  return (
    typeof err === "object" && err !== null && (err as { name?: unknown }).name === "PostgresError" &&
    typeof (err as { code?: unknown }).code === "string"
  );
}

function codeForStatus(status: number): ErrorCode | undefined {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).find((k) => ERROR_STATUS[k] === status);
}

/**
 * The API error for a Postgres failure, or `undefined` when `err` is not one (or its SQLSTATE is
 * not mapped, which then renders as a 500). Messages are generic on purpose: table and column
 * names stay in the logs; a constraint or column name is given in `details` to help the caller.
 */
export function fromPostgresError(err: unknown): AppError | undefined {
  if (!isPostgresError(err)) return undefined;
  if (/^PT\d{3}$/.test(err.code)) {
    const code = codeForStatus(Number(err.code.slice(2)));
    // A PT code is raised on purpose by our own SQL: its message is written for the caller.
    return code ? new AppError(code, err.message, undefined, { cause: err }) : undefined;
  }
  const code = SQLSTATE_CODES[err.code];
  if (!code) return undefined;
  const details: Record<string, string> = { sqlstate: err.code };
  if (err.constraint_name) details.constraint = err.constraint_name;
  if (err.column_name) details.column = err.column_name;
  return new AppError(code, SQLSTATE_MESSAGES[code] ?? "Database error.", details, { cause: err });
}

/** Any thrown value → the AppError to render. Unknown errors become a bare 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const pg = fromPostgresError(err);
  if (pg) return pg;
  if (err instanceof HTTPException) {
    const code = codeForStatus(err.status) ?? (err.status >= 500 ? "internal_error" : "bad_request");
    // Hono's own messages ("Malformed JSON in request body", "Unsupported Media Type") are safe.
    return new AppError(code, err.message || code, undefined, { cause: err });
  }
  return new AppError("internal_error", "Something went wrong on our side.", undefined, { cause: err });
}
