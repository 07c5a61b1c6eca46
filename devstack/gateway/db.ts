/**
 * The gateway's one Postgres pool (postgres.js) and the transaction helpers Auth and Storage use.
 *
 * The pool connects as the database superuser, like GoTrue and Storage connect as their admin
 * roles. Work done on behalf of a user runs through `asRole`, which switches to that role and sets
 * `request.jwt.claims` for one transaction, so the table's RLS policies decide (as in real Storage).
 */
import postgres from "postgres";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

export function createPool(url: string): Sql {
  return postgres(url, {
    max: Number(Deno.env.get("DEVSTACK_GATEWAY_DB_POOL") ?? "8"),
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: "devstack-gateway" },
  });
}

/** Roles a request may act as. `service_role` bypasses RLS; the others run under it. */
export type RequestRole = "anon" | "authenticated" | "service_role";

/**
 * Runs `fn` in one transaction. For `anon` / `authenticated` the transaction switches to that role
 * with the token's claims set (RLS applies); for `service_role` it runs with the pool's rights.
 */
export function asRole<T>(
  sql: Sql,
  role: RequestRole,
  claims: Record<string, unknown>,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
                    set_config('request.jwt.claim.sub', ${String(claims.sub ?? "")}, true),
                    set_config('request.jwt.claim.role', ${role}, true)`;
    if (role !== "service_role") await tx.unsafe(`set local role ${role}`);
    return await fn(tx);
  }) as Promise<T>;
}

/** Postgres error code of a failed query, if any. */
export function pgCode(e: unknown): string | undefined {
  return (e as { code?: string } | null)?.code;
}

/**
 * Postgres refused a value the caller sent: a NUL byte in `text` (22021), a `\u0000` escape in
 * `jsonb` (22P05), or an unpaired surrogate escape in `jsonb` (22P02). Auth and Storage answer 422,
 * never 500.
 */
export function isUnstorableText(e: unknown): boolean {
  const code = pgCode(e);
  return code === "22021" || code === "22P05" || code === "22P02";
}

export const UNSTORABLE_TEXT_MESSAGE =
  "Text must not contain NUL characters (\\u0000) or unpaired surrogates.";
