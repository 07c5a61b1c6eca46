import { HTTPException } from "hono/http-exception";
import { assert, assertEquals } from "./test_assert.ts";
import { AppError, ERROR_STATUS, fromPostgresError, toAppError } from "./errors.ts";

/** A stand-in for postgres.js's PostgresError (same name and fields). */
function pgError(code: string, message = "boom", extra: Record<string, string> = {}) {
  return Object.assign(new Error(message), { name: "PostgresError", code, ...extra });
}

Deno.test("each code maps to its documented status", () => {
  const expected: Record<string, number> = {
    unauthorized: 401,
    invalid_token: 401,
    token_expired: 401,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    validation_failed: 422,
    rate_limited: 429,
    internal_error: 500,
    upstream_unavailable: 502,
  };
  for (const [code, status] of Object.entries(expected)) {
    assertEquals(ERROR_STATUS[code as keyof typeof ERROR_STATUS], status, code);
    assertEquals(new AppError(code as keyof typeof ERROR_STATUS, "x").status, status, code);
  }
});

Deno.test("AppError renders the one body shape; details only when given", () => {
  assertEquals(new AppError("forbidden", "No.").toBody(), { error: { code: "forbidden", message: "No." } });
  assertEquals(new AppError("validation_failed", "Bad.", { fields: [] }).toBody(), {
    error: { code: "validation_failed", message: "Bad.", details: { fields: [] } },
  });
});

Deno.test("SQLSTATEs map in one place", () => {
  const cases: [string, string, number][] = [
    ["42501", "forbidden", 403],
    ["23505", "conflict", 409],
    ["23503", "validation_failed", 422],
    ["23514", "validation_failed", 422],
    ["22P02", "validation_failed", 422],
    ["22021", "validation_failed", 422],
    ["22P05", "validation_failed", 422],
    ["23502", "validation_failed", 422],
    ["P0002", "not_found", 404],
    ["57014", "service_unavailable", 503],
  ];
  for (const [sqlstate, code, status] of cases) {
    const mapped = fromPostgresError(pgError(sqlstate));
    assertEquals(mapped?.code, code, sqlstate);
    assertEquals(mapped?.status, status, sqlstate);
  }
});

Deno.test("Postgres messages stay out of the body; constraint and column names are given as details", () => {
  const err = fromPostgresError(
    pgError("23505", 'duplicate key value violates unique constraint "profiles_pkey"', {
      constraint_name: "profiles_pkey",
      table_name: "profiles",
    }),
  );
  assertEquals(err?.toBody(), {
    error: {
      code: "conflict",
      message: "This conflicts with an existing record.",
      details: { sqlstate: "23505", constraint: "profiles_pkey" },
    },
  });
  const rls = fromPostgresError(pgError("42501", 'new row violates row-level security policy for table "x"'));
  assertEquals(rls?.message, "You are not allowed to do this.");
});

Deno.test("PT<status> SQLSTATEs carry the status and our own SQL's message", () => {
  const err = fromPostgresError(pgError("PT404", "resume not found"));
  assertEquals([err?.code, err?.status, err?.message], ["not_found", 404, "resume not found"]);
  assertEquals(fromPostgresError(pgError("PT429", "slow down"))?.code, "rate_limited");
});

Deno.test("unmapped SQLSTATEs and non-Postgres errors are not mapped", () => {
  assertEquals(fromPostgresError(pgError("XX000")), undefined);
  assertEquals(fromPostgresError(new Error("x")), undefined);
  assertEquals(fromPostgresError({ code: "23505" }), undefined);
});

Deno.test("toAppError: AppError as is, unknown errors become a bare 500", () => {
  const own = new AppError("conflict", "Taken.");
  assert(toAppError(own) === own);
  const hidden = toAppError(new Error("connection string postgres://secret@db"));
  assertEquals(hidden.toBody(), {
    error: { code: "internal_error", message: "Something went wrong on our side." },
  });
  assertEquals(toAppError(pgError("XX000", "internal detail")).status, 500);
  assertEquals(toAppError("a string").code, "internal_error");
});

Deno.test("toAppError: Hono HTTPExceptions keep their status", () => {
  assertEquals(
    toAppError(new HTTPException(400, { message: "Malformed JSON in request body" })).code,
    "bad_request",
  );
  assertEquals(toAppError(new HTTPException(415, { message: "Unsupported Media Type" })).status, 415);
  assertEquals(toAppError(new HTTPException(418)).code, "bad_request");
});
