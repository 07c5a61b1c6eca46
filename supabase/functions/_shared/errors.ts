/**
 * How every CareerPilot function renders errors.
 *
 * Body: `{"error": {"code", "message", "details"?}}`. A code decides the HTTP status, through
 * {@link ERROR_STATUS} (the contract's table) only. Postgres failures are translated by SQLSTATE
 * in {@link fromPostgresError}, so SQL functions signal API errors with `errcode`.
 */
import "@hono/zod-openapi"; // adds .openapi() to zod schemas, including the contract's
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type ContractError, ERROR_STATUS, ErrorBody, type ErrorCode } from "./contract/errors.ts";

// The codes, their statuses and the body shape are the shared contract's (contract/errors.ts):
// add a code there before using it anywhere.
export { ERROR_STATUS, type ErrorCode };

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
    return ERROR_STATUS[this.code] as ContentfulStatusCode;
  }

  /** The AppError of a contract error (e.g. from the shared Gemini mapper). */
  static from(err: ContractError, cause?: unknown): AppError {
    return new AppError(err.code, err.message, err.details, cause === undefined ? undefined : { cause });
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

/** The error body schema (the contract's), named for every route's OpenAPI responses. */
export const ErrorBodySchema = ErrorBody.openapi("Error");

export type { ErrorBody };

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
