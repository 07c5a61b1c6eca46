/**
 * `text()`: the one zod string schema for text a caller sends (body fields, query values, list
 * entries). It refuses what Postgres cannot store, before any SQL runs:
 *
 * - a NUL byte (`\u0000`): `text` and `varchar` refuse it (SQLSTATE 22021), `jsonb` refuses the
 *   `\u0000` escape (22P05);
 * - an unpaired UTF-16 surrogate (`"\ud800"` in JSON): not Unicode, refused by `jsonb` and turned
 *   into U+FFFD by UTF-8 encoding elsewhere (so the stored text would silently differ).
 *
 * Both answer 422 `validation_failed` naming the field. Chain as usual:
 * `text().trim().min(1).max(80)`, `z.array(text().max(80))`, `text().optional()`.
 * The kit also maps 22021/22P05 to 422 (errors.ts) for text that reaches SQL another way.
 */
import { z } from "@hono/zod-openapi";

/** Matches strings without NUL and without unpaired surrogates (`u`: pairs are one code point). */
// deno-lint-ignore no-control-regex -- NUL is exactly what this refuses.
export const STORABLE_TEXT = /^[^\u0000\p{Cs}]*$/u;

export const STORABLE_TEXT_MESSAGE = "Must not contain NUL characters (\\u0000) or unpaired surrogates.";

/** A string that Postgres can store as `text` and `jsonb`. */
export function text() {
  return z.string().regex(STORABLE_TEXT, STORABLE_TEXT_MESSAGE);
}

/** True when `value` is storable text (for values validated outside zod). */
export function isStorableText(value: string): boolean {
  return STORABLE_TEXT.test(value);
}
