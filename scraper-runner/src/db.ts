/**
 * The runner's Postgres access. It connects with `SUPABASE_DB_URL` (on Supabase: the `postgres`
 * role) but runs **every** transaction as `set local role service_role`, so it has exactly the
 * privileges `supabase/migrations/…_event_bus.sql` grants runner consumers (its consumer settings,
 * pgmq read / set_vt / archive on event-bus queues, envelope checks, receipts, dead letters) plus
 * the service-only SQL functions of the stacks it serves — and nothing a migration did not grant.
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

/** The SQLSTATE of a Postgres error (`code`), if any. */
export function sqlState(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}
