/**
 * Reading a 429's retry delay. No zod here: the web app's browser bundle imports this module
 * directly (errors.ts re-exports it for everyone else).
 */

/** `details.retry_after_s` of a 429 body (seconds, rounded up), or null when absent. */
export function retryAfterOf(details: unknown): number | null {
  if (!details || typeof details !== "object") return null;
  const v = (details as Record<string, unknown>).retry_after_s;
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.ceil(v) : null;
}
