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

/** The shared pool (created on first use). `prepare: false` keeps it pooler-compatible. */
export function db(): Sql {
  pool ??= postgres(getEnv().SUPABASE_DB_URL, {
    max: 4,
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

/** One transaction as role `authenticated` with `claims` as `request.jwt.claims`: RLS applies. */
async function asClaims<T>(claims: object, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const json = JSON.stringify(claims);
  const result = await db().begin(async (tx) => {
    await tx`
      select set_config('role', 'authenticated', true),
             set_config('request.jwt.claims', ${json}, true),
             set_config('statement_timeout', ${USER_STATEMENT_TIMEOUT}, true)`;
    return await fn(tx);
  });
  return result as T;
}

/**
 * Runs `fn` in one transaction as the signed-in caller (role `authenticated`, claims set),
 * so RLS applies to every statement. Needs {@link requireUser} before the handler.
 */
export async function asUser<T>(c: Context<AppEnv>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const user = c.get("user") as AppEnv["Variables"]["user"] | undefined;
  if (!user) throw new AppError("unauthorized", "Sign in first.");
  return await asClaims(user.claims, fn);
}

/**
 * Runs `fn` as the user `userId` exactly as {@link asUser} would, for callers that proved who
 * they act for without a bearer token of that user: a verified OAuth `state` (`via:
 * "oauth_state"`) or an internal route behind `requireService` (`via: "service"`). `via` goes
 * into the claims' `amr`, so SQL can tell these paths apart.
 */
export async function asUserId<T>(userId: string, via: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return await asClaims({ sub: userId, role: "authenticated", aud: "authenticated", amr: [via] }, fn);
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
