/**
 * The runner's Postgres access. It connects with `SUPABASE_DB_URL` (on Supabase: the `postgres`
 * role) but runs **every** transaction as `set local role service_role`, so it has exactly the
 * privileges `supabase/migrations/…_event_bus.sql` grants runner consumers (its consumer settings,
 * pgmq read / set_vt / archive on event-bus queues, envelope checks, receipts, dead letters) plus
 * the service-only SQL functions of the stacks it serves — and nothing a migration did not grant.
 * Work on a user's own rows runs as that user ({@link actingAs}), so RLS applies.
 */
import postgres from "postgres";

/** A transaction running as service_role. */
export type Tx = postgres.TransactionSql;

/** The connection pool. */
export type Db = postgres.Sql;

/** Opens the pool (no connection is made until the first query). */
export function connect(url: string, opts: { max: number; applicationName: string }): Db {
  return postgres(url, {
    max: opts.max,
    idle_timeout: 60,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: opts.applicationName },
  });
}

/** Runs `fn` in one transaction as role service_role; commits when it resolves, rolls back when it throws. */
export async function asService<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return (await db.begin(async (tx) => {
    await tx`set local role service_role`;
    return fn(tx);
  })) as T;
}

/**
 * Runs `fn` inside `tx` (an {@link asService} transaction) as the user `userId`: role
 * `authenticated` with `{sub: userId}` as `request.jwt.claims`, exactly as the functions' `asUser`,
 * so RLS and `auth.uid()` apply to the user's own SQL functions (`private.record_repository_sync`).
 * The transaction is service_role again afterwards (the loop archives in it).
 */
export async function actingAs<T>(tx: Tx, userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const claims = JSON.stringify({
    sub: userId,
    role: "authenticated",
    aud: "authenticated",
    amr: ["runner"],
  });
  await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
  // On failure the transaction is aborted and rolls back: nothing to restore.
  const result = await fn(tx);
  await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', '', true)`;
  return result;
}

/** Runs `fn` in its own transaction as the user `userId` ({@link actingAs}). */
export async function asUser<T>(db: Db, userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return await asService(db, (tx) => actingAs(tx, userId, fn));
}

/** The SQLSTATE of a Postgres error (`code`), if any. */
export function sqlState(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}
