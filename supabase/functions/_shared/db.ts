/**
 * Postgres access for functions: one small postgres.js pool over `SUPABASE_DB_URL`.
 *
 * - {@link asUser}: the normal path. The whole handler's SQL runs in ONE transaction as role
 *   `authenticated` with `request.jwt.claims` = the caller's verified claims, so `auth.uid()`
 *   and every RLS policy apply exactly as they would through PostgREST.
 * - {@link asService}: the explicit exception (the pool's own role, RLS bypassed). Every use
 *   must scope its SQL to the caller by hand and say why in a comment.
 */
import postgres from "postgres";
import type { Context } from "hono";
import type { AppEnv } from "./auth.ts";
import { AppError } from "./errors.ts";
import { getEnv } from "./env.ts";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;
export type Fragment = postgres.Fragment;

let pool: Sql | undefined;

/**
 * Connections per function process. Every signed-in request holds one from its first statement
 * to its commit (three round trips), so the pool bounds the requests in flight in the database;
 * the rest wait in the pool's queue. Measured with `npm run bench:api` at 16 concurrent requests
 * on 2 cores: pool 4 → ~1,490 req/s, 8 → ~1,490, 16 → ~1,910 (p95 19 → 15 ms). Connections
 * close after 30 s idle. `DB_POOL_MAX` overrides it (lower it where the database's connection
 * limit is shared by many function instances).
 */
export const DEFAULT_POOL_MAX = 16;

function poolMax(): number {
  const raw = Number(Deno.env.get("DB_POOL_MAX"));
  return Number.isInteger(raw) && raw > 0 ? raw : DEFAULT_POOL_MAX;
}

/** The shared pool (created on first use). `prepare: false` keeps it pooler-compatible. */
export function db(): Sql {
  pool ??= postgres(getEnv().SUPABASE_DB_URL, {
    max: poolMax(),
    prepare: false,
    idle_timeout: 30,
    connect_timeout: 10,
    connection: { application_name: "careerpilot-functions" },
    onnotice: () => {},
  });
  return pool;
}

/** Statement timeout for user-context transactions: a slow query fails (503) instead of hanging. */
const USER_STATEMENT_TIMEOUT = "15s";

/** Milliseconds per request phase, sent back as `Server-Timing` by the app (see app.ts). */
export type Timing = Record<string, number>;

function addTiming(timing: Timing | undefined, name: string, started: number): void {
  if (timing) timing[name] = (timing[name] ?? 0) + (performance.now() - started);
}

/**
 * One transaction as role `authenticated` with `claims` as `request.jwt.claims`: RLS applies.
 * `request.jwt.claim.sub` is set too: `auth.uid()` reads it first, so RLS policies need not parse
 * the claims JSON on every call.
 */
async function asClaims<T>(claims: object, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const json = JSON.stringify(claims);
  const result = await db().begin(async (tx) => {
    await tx`
      select set_config('role', 'authenticated', true),
             set_config('request.jwt.claims', ${json}, true),
             set_config('request.jwt.claim.sub', ${String((claims as { sub?: unknown }).sub ?? "")}, true),
             set_config('statement_timeout', ${USER_STATEMENT_TIMEOUT}, true)`;
    return await fn(tx);
  });
  return result as T;
}

/** What the request's first statement learns about the caller (see {@link RequestTx.open}). */
export interface CallerContext {
  /** `public.profiles.role`; null when the profile is gone (deleted account). */
  role: "user" | "admin" | null;
  email: string | null;
  /** False when the token's `session_id` no longer names a live row of `auth.sessions`. */
  session_alive: boolean;
}

/**
 * How long the request's transaction waits for the handler's first {@link asUser} before it is
 * committed and its connection returned. A handler that does other slow work first (an external
 * API, {@link asService}) must not pin a pooled connection meanwhile; its later `asUser` then
 * opens a transaction of its own. Correctness never depends on this timer, only connection use.
 */
const REQUEST_TX_HOLD_MS = 500;

/**
 * The signed-in request's ONE transaction. {@link requireUser} opens it with a single round trip
 * (`begin` pipelined with one statement that switches to role `authenticated`, sets the verified
 * claims and the statement timeout, and returns the caller's profile role and email and whether the
 * token's session is still alive). The handler's first {@link asUser} runs inside it and commits
 * it; if the handler never calls `asUser`, the request ends it.
 */
export class RequestTx {
  #conn: postgres.ReservedSql | undefined;
  #state: "open" | "claimed" | "closed" = "open";
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly timing: Timing | undefined;

  readonly #readOnly: boolean;

  private constructor(conn: postgres.ReservedSql, timing: Timing | undefined, readOnly: boolean) {
    this.#conn = conn;
    this.timing = timing;
    this.#readOnly = readOnly;
    this.#timer = setTimeout(() => this.close(), REQUEST_TX_HOLD_MS);
  }

  /**
   * Reserves a connection and, in one round trip, begins the transaction as the caller and reads
   * their profile and session. `sessionId` null (a token without `session_id`) skips the session
   * check, as GoTrue does. `readOnly` (GET/HEAD requests) begins the transaction READ ONLY: a
   * GET cannot write through it, and its commit need not be awaited before the response.
   *
   * The profile and session are read in the FROM clause of the statement whose target list then
   * switches the role: Postgres checks a statement's table privileges before executing it, as the
   * pool's role, so the switch applies from the next statement on (the handler's).
   */
  static async open(
    claims: { sub: string } & Record<string, unknown>,
    sessionId: string | null,
    timing?: Timing,
    readOnly = false,
  ): Promise<{ tx: RequestTx; context: CallerContext }> {
    let t = performance.now();
    const conn = await db().reserve();
    addTiming(timing, "pool", t);
    t = performance.now();
    try {
      const json = JSON.stringify(claims);
      const [, rows] = await Promise.all([
        (readOnly ? conn`begin read only` : conn`begin`).simple(),
        conn<CallerContext[]>`
          select set_config('role', 'authenticated', true) as _role,
                 set_config('request.jwt.claims', ${json}, true) as _claims,
                 set_config('request.jwt.claim.sub', ${claims.sub}, true) as _sub,
                 set_config('statement_timeout', ${USER_STATEMENT_TIMEOUT}, true) as _timeout,
                 p.role, p.email, s.session_alive
            from (select 1) as one
            left join public.profiles p on p.id = ${claims.sub}::uuid
            cross join lateral (
              select ${sessionId}::uuid is null or exists (
                select 1 from auth.sessions
                 where id = ${sessionId}::uuid and (not_after is null or not_after > now())
              ) as session_alive
            ) as s`,
      ]);
      addTiming(timing, "ctx", t);
      const row = rows[0];
      if (!row) throw new Error("the caller context statement returned no row");
      return { tx: new RequestTx(conn, timing, readOnly), context: row };
    } catch (err) {
      await conn`rollback`.simple().catch(() => {});
      conn.release();
      throw err;
    }
  }

  /** Whether {@link run} can still use this transaction. */
  get open(): boolean {
    return this.#state === "open";
  }

  /**
   * Runs `fn` in this transaction and commits it (rolls back when `fn` throws). Returns
   * `undefined` when the transaction was already used or ended: the caller opens its own.
   */
  async run<T>(fn: (tx: Tx) => Promise<T>): Promise<{ value: T } | undefined> {
    const conn = this.#conn;
    if (this.#state !== "open" || !conn) return undefined;
    this.#state = "claimed";
    clearTimeout(this.#timer);
    const t = performance.now();
    let value: T;
    try {
      value = await fn(withSavepoints(conn));
      addTiming(this.timing, "tx", t);
    } catch (err) {
      this.#state = "closed";
      this.#conn = undefined;
      await conn`rollback`.simple().catch(() => {});
      conn.release();
      throw err;
    }
    this.#state = "closed";
    this.#conn = undefined;
    const commit = conn`commit`.simple();
    if (this.#readOnly) {
      // Nothing to make durable: answer now, return the connection once the commit is through.
      commit.then(() => conn.release(), () => conn.release());
      return { value };
    }
    const c0 = performance.now();
    try {
      await commit;
    } finally {
      conn.release();
    }
    addTiming(this.timing, "commit", c0);
    return { value };
  }

  /**
   * Ends the transaction if nothing used it. Only the caller-context statement ran (nothing was
   * written), so the request need not wait: the connection returns to the pool once the commit
   * is through.
   */
  close(): void {
    clearTimeout(this.#timer);
    if (this.#state !== "open") return;
    this.#state = "closed";
    const conn = this.#conn;
    this.#conn = undefined;
    if (!conn) return;
    // A failed commit means a broken connection: postgres.js replaces it; nothing was written.
    conn`commit`.simple().then(() => conn.release(), () => conn.release());
  }
}

/**
 * A reserved connection inside `begin` … `commit`, typed as a transaction. `savepoint` is
 * provided the way postgres.js provides it on `sql.begin`'s handle.
 */
function withSavepoints(conn: postgres.ReservedSql): Tx {
  let n = 0;
  const tx = conn as unknown as Tx & { savepoint: unknown };
  tx.savepoint = async (nameOrFn: unknown, maybeFn?: unknown) => {
    const fn = (typeof nameOrFn === "function" ? nameOrFn : maybeFn) as (sql: Tx) => unknown;
    const name = `s${++n}`;
    await conn.unsafe(`savepoint ${name}`);
    try {
      const result = await fn(tx);
      await conn.unsafe(`release savepoint ${name}`);
      return result;
    } catch (err) {
      await conn.unsafe(`rollback to savepoint ${name}`);
      throw err;
    }
  };
  return tx;
}

/**
 * Runs `fn` in one transaction as the signed-in caller (role `authenticated`, claims set),
 * so RLS applies to every statement. Needs {@link requireUser} before the handler. The first
 * call in a request runs in the transaction `requireUser` opened (no extra round trip); a
 * later call opens a new one.
 */
export async function asUser<T>(c: Context<AppEnv>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const user = c.get("user") as AppEnv["Variables"]["user"] | undefined;
  if (!user) throw new AppError("unauthorized", "Sign in first.");
  const pending = c.get("requestTx") as RequestTx | undefined;
  const ran = pending ? await pending.run(fn) : undefined;
  if (ran) return ran.value;
  return await asClaims(user.claims, fn);
}

/**
 * Runs `fn` in one transaction as the pool's role, bypassing RLS. Only for work no user
 * session may do (reading another schema's bookkeeping, cross-user jobs): scope it explicitly.
 */
export async function asService<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return (await db().begin((tx) => fn(tx))) as T;
}

/** Ends the pool (SIGTERM / tests); the next {@link db} call opens a new one. */
export async function closeDb(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.end({ timeout: 5 });
}
