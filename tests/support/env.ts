/**
 * Where the stack under test lives and ready-made supabase-js clients for it.
 * `tests/run.ts` exports CP_* for the suites it starts; run alone, a suite asks the
 * devstack CLI for the `test` profile's status.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import WebSocket from "ws";
import { fakePortsOf, isProfileName } from "../../devstack/src/config.js";

export interface StackEnv {
  apiUrl: string;
  dbUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  webUrl: string;
  /** The stack's legacy HS256 secret (signs the API keys); empty when unknown. */
  jwtSecret: string;
  /** The devstack profile (`test`, `dev`, `h1`…). */
  profile: string;
  /** Base URLs of the loopback fakes the stack's functions talk to (their `/_fake/...` control endpoints too). */
  fakes: { github: string; gemini: string };
  /** The stack's mail catcher: web inbox + JSON API (`mailUrl`) and its SMTP server (`smtpUrl`). */
  mailUrl: string;
  smtpUrl: string;
}

function fakesOf(profile: string): StackEnv["fakes"] {
  const p = fakePortsOf(isProfileName(profile) ? profile : "test");
  const at = (port: number) => `http://127.0.0.1:${port}`;
  return { github: at(p.github), gemini: at(p.gemini) };
}

function load(): StackEnv {
  if (process.env.CP_API_URL) {
    return {
      apiUrl: process.env.CP_API_URL,
      dbUrl: process.env.CP_DB_URL ?? "",
      anonKey: process.env.CP_ANON_KEY ?? "",
      serviceRoleKey: process.env.CP_SERVICE_ROLE_KEY ?? "",
      webUrl: process.env.CP_WEB_URL ?? "",
      jwtSecret: process.env.CP_JWT_SECRET ?? "",
      profile: process.env.CP_PROFILE ?? "test",
      fakes: fakesOf(process.env.CP_PROFILE ?? "test"),
      mailUrl: process.env.CP_MAIL_URL ?? "",
      smtpUrl: process.env.CP_SMTP_URL ?? "",
    };
  }
  const profile = process.env.DEVSTACK_PROFILE ?? "test";
  const out = execFileSync("npx", ["tsx", "devstack/src/cli.ts", "status", "--json", "--profile", profile], {
    cwd: new URL("../..", import.meta.url).pathname,
    encoding: "utf8",
  });
  const s = JSON.parse(out) as Record<string, string>;
  return {
    apiUrl: s.api_url ?? "",
    dbUrl: s.db_url ?? "",
    anonKey: s.anon_key ?? "",
    serviceRoleKey: s.service_role_key ?? "",
    webUrl: s.web_url ?? "",
    jwtSecret: s.jwt_secret ?? "",
    profile,
    fakes: fakesOf(profile),
    mailUrl: s.mail_url ?? "",
    smtpUrl: s.smtp_url ?? "",
  };
}

export const env: StackEnv = load();

const clientOptions = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  // supabase-js 2.109 needs a WebSocket constructor on Node 20 even when realtime is unused.
  realtime: { transport: WebSocket as never },
};

/** A client holding only the anon key, as a browser before sign-in. */
export function anonClient(): SupabaseClient {
  return createClient(env.apiUrl, env.anonKey, clientOptions);
}

/** A client holding the service-role key: bypasses RLS; use only where a test needs it. */
export function serviceClient(): SupabaseClient {
  return createClient(env.apiUrl, env.serviceRoleKey, clientOptions);
}

export interface TestUser {
  client: SupabaseClient;
  email: string;
  password: string;
  userId: string;
  accessToken: string;
}

/** Signs up a fresh user through the real Auth API and returns a signed-in client. */
export async function newUser(prefix = "user"): Promise<TestUser> {
  const client = anonClient();
  const email = `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
  const password = `Pw-${randomUUID()}`;
  const { data, error } = await client.auth.signUp({ email, password });
  if (error || !data.session || !data.user)
    throw new Error(`sign-up failed: ${error?.message ?? "no session"}`);
  return { client, email, password, userId: data.user.id, accessToken: data.session.access_token };
}

/** Calls a stack function with a bearer token (or none) and returns status and parsed body. */
export async function callFunction(
  path: string,
  init: { method?: string; token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${env.apiUrl}/functions/v1/${path.replace(/^\//, "")}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body, headers: res.headers };
}

/**
 * Runs `fn` with a short-lived postgres.js client on the stack's database (role postgres,
 * RLS bypassed): for arranging state the API cannot, never for asserting through the back door
 * what a user could check through the API.
 */
export async function withSql<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  if (!env.dbUrl) throw new Error("CP_DB_URL is not set");
  const sql = postgres(env.dbUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Signs up a fresh user, then makes them an admin (`profiles.role = 'admin'`), as `admin:grant` does. */
export async function newAdmin(prefix = "admin"): Promise<TestUser> {
  const user = await newUser(prefix);
  await withSql((sql) => sql`update public.profiles set role = 'admin' where id = ${user.userId}`);
  return user;
}

/** Saves one of the user's integration tokens (POST /v1/integrations/tokens), asserting it was stored. */
export async function saveToken(user: TestUser, provider: string, token: string): Promise<void> {
  const res = await callFunction("integrations/v1/integrations/tokens", {
    method: "POST",
    token: user.accessToken,
    body: { provider, token },
  });
  assert.ok(
    res.status === 200 || res.status === 201,
    `saving the ${provider} token: ${JSON.stringify(res.body)}`,
  );
}
