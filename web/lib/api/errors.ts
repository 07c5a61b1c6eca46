/**
 * How a failed API call reaches the UI: {@link ApiError} (the API's error code, status and
 * details), field errors of a 422, a 429's retry delay, and a message fit to show for anything.
 */
// Narrow imports from the contract: its barrel (and errors.ts) build zod schemas, which would put
// all of zod into every page's JavaScript.
import type { ErrorBody } from "@contract/errors.ts";
import { retryAfterOf } from "@contract/retry.ts";

/**
 * The contract's error body (`{"error": {"code", "message", "details"?}}`) read from a failed
 * response, or null when the body is something else (a proxy's HTML page, an empty body).
 */
export function errorBodyOf(body: unknown): ErrorBody | null {
  if (!body || typeof body !== "object") return null;
  const inner = (body as { error?: unknown }).error;
  if (!inner || typeof inner !== "object") return null;
  const { code, message, details } = inner as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string") return null;
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** A failed call: `code` is the API's error code (`unauthorized`, `validation_failed`, ...). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/**
 * Field errors from a 422 `validation_failed`, keyed by the first path segment (`portals`,
 * `min_lpa`, ...). Accepts the kit's shapes: `{fields: {...}}`, `[{path, message}]`, or a map.
 */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || err.status !== 422) return {};
  const out: Record<string, string> = {};
  const add = (path: unknown, message: unknown) => {
    if (typeof message !== "string") return;
    const key = Array.isArray(path)
      ? String(path[0] ?? "")
      : typeof path === "string"
        ? path.split(".")[0]
        : "";
    if (key && !out[key]) out[key] = message;
  };
  const visit = (d: unknown) => {
    if (Array.isArray(d)) {
      for (const item of d) {
        if (item && typeof item === "object") {
          const o = item as Record<string, unknown>;
          add(o.path ?? o.field, o.message);
        }
      }
    } else if (d && typeof d === "object") {
      const o = d as Record<string, unknown>;
      const nested = ["fields", "issues", "errors", "fieldErrors"].filter((key) => key in o);
      for (const key of nested) visit(o[key]);
      if (nested.length > 0) return;
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === "string") add(k, v);
        else if (Array.isArray(v) && typeof v[0] === "string") add(k, v[0]);
      }
    }
  };
  visit(err.details);
  return out;
}

/** `details.retry_after_s` of a 429, when the API gave one. */
export function retryAfterSeconds(err: unknown): number | null {
  return err instanceof ApiError ? retryAfterOf(err.details) : null;
}

/** A message fit to show a user for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return "Something went wrong. Try again.";
}
