/**
 * Demo services and the demo account.
 *
 * Without real credentials a newcomer cannot see most of the product (connecting GitHub needs an
 * OAuth app, project descriptions a Gemini key). So when a profile has none configured, the
 * devstack runs the loopback fakes of tests/fakes/ as **demo services** (GitHub and Gemini, each
 * only while its real settings are absent), points the functions at them, tells the web app which
 * services are demos (`NEXT_PUBLIC_DEMO_SERVICES`, shown as "demo" badges), and seeds a demo
 * account that is onboarded, has GitHub connected and its projects described.
 *
 * What counts as configured (supabase/functions/.env or .devstack/<profile>/env.json):
 *   GitHub — GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET;
 *   Gemini — GEMINI_API_BASE_URL (users bring their own keys; set it, e.g. to
 *            https://generativelanguage.googleapis.com, to use Google).
 * The `test` profile never runs demo services (`npm test` owns its data and fakes);
 * `DEVSTACK_DEMO=0` turns them off anywhere.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import {
  DEMO_ACCOUNT,
  DEMO_GEMINI_KEY,
  DEMO_GITHUB,
  demoPortsOf,
  type Profile,
  REPO_ROOT,
} from "./config.js";
import type { Keys } from "./keys.js";

/** Which external services run as demo fakes for a profile. */
export interface DemoServices {
  github: boolean;
  gemini: boolean;
}

/** The names of the demo services, e.g. `["github", "gemini"]`. */
export function demoNames(demo: DemoServices): string[] {
  return (["github", "gemini"] as const).filter((s) => demo[s]);
}

/**
 * Decides the demo services from the configured function settings (`configured`: the merged
 * supabase/functions/.env and env.json values).
 */
export function decideDemoServices(profile: Profile, configured: Record<string, string>): DemoServices {
  if (profile.name === "test" || process.env.DEVSTACK_DEMO === "0") return { github: false, gemini: false };
  const has = (k: string) => (configured[k] ?? "").trim() !== "";
  return {
    github: !(has("GITHUB_CLIENT_ID") && has("GITHUB_CLIENT_SECRET")),
    gemini: !has("GEMINI_API_BASE_URL"),
  };
}

/** URLs of a profile's demo services. */
export function demoUrls(profile: Profile): { github: string; gemini: string } {
  const ports = demoPortsOf(profile.name);
  return { github: `http://127.0.0.1:${ports.github}`, gemini: `http://127.0.0.1:${ports.gemini}` };
}

/** The functions' settings that point them at the demo services (only the demo ones). */
export function demoFunctionEnv(profile: Profile, demo: DemoServices): Record<string, string> {
  const urls = demoUrls(profile);
  return {
    ...(demo.github
      ? {
          GITHUB_CLIENT_ID: DEMO_GITHUB.clientId,
          GITHUB_CLIENT_SECRET: DEMO_GITHUB.clientSecret,
          GITHUB_OAUTH_BASE_URL: urls.github,
          GITHUB_API_BASE_URL: urls.github,
        }
      : {}),
    ...(demo.gemini ? { GEMINI_API_BASE_URL: urls.gemini } : {}),
  };
}

/** The subset of `_shared/contract/crypto.ts` the seed uses (imported at run time: it is Deno code). */
interface TokenCrypto {
  parseKeyring(raw: string | undefined): unknown;
  encryptToken(
    keyring: unknown,
    plaintext: string,
    aad: string,
  ): Promise<{ envelope: string; keyId: string }>;
  tokenAad(userId: string, provider: string): string;
  maskedSuffix(token: string): string;
}

/** The functions' own token encryption (WebCrypto only, so it runs in Node as it is). */
async function tokenCrypto(): Promise<TokenCrypto> {
  const file = path.join(REPO_ROOT, "supabase", "functions", "_shared", "contract", "crypto.ts");
  return (await import(pathToFileURL(file).href)) as TokenCrypto;
}

/** Polls a sync run until it succeeded or failed (at most 2 minutes). */
async function waitForSyncRun(api: DemoApi, run: { id: string; status: string }): Promise<void> {
  const deadline = Date.now() + 120_000;
  let current = run;
  while (current.status === "queued" || current.status === "running") {
    if (Date.now() > deadline)
      throw new Error(`demo seed: sync run ${run.id} still ${current.status} after 2 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    current = (await api.call("GET", `projects/v1/projects/sync-runs/${run.id}`)) as typeof run;
  }
  if (current.status !== "succeeded") throw new Error(`demo seed: sync run ${run.id} ${current.status}`);
}

/** What the demo seed found or did. */
export interface DemoSeedResult {
  created: boolean;
  githubConnected: boolean;
  projects: number;
  described: number;
}

/** Runs `fn` in a transaction as the demo user (role `authenticated`, the user's JWT claims). */
async function asDemoUser<T>(sql: postgres.Sql, fn: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`set local role authenticated`;
    const claims = JSON.stringify({ sub: DEMO_ACCOUNT.id, role: "authenticated", email: DEMO_ACCOUNT.email });
    await tx`select set_config('request.jwt.claims', ${claims}, true)`;
    return fn(tx);
  }) as Promise<T>;
}

/**
 * Seeds the demo account, idempotently: the user (email + password), a completed onboarding and
 * job settings, GitHub connected as the demo GitHub's account (its token encrypted with the
 * functions' keyring by the functions' own crypto code), a Gemini key saved through the API (the
 * function checks it with the demo Gemini), the projects synced and described through the API.
 * Each step runs only when its result is missing.
 */
export async function seedDemoAccount(
  profile: Profile,
  keys: Keys,
  demo: DemoServices,
  functionEnv: Record<string, string | undefined>,
  runnerRunning: boolean,
): Promise<DemoSeedResult> {
  const sql = postgres(profile.dbUrl, { max: 1, onnotice: () => {} });
  try {
    const created = await ensureDemoUser(sql);
    let githubConnected = await hasToken(sql, "github");
    if (!githubConnected && demo.github) {
      const crypto = await tokenCrypto();
      const keyring = crypto.parseKeyring(functionEnv.TOKEN_ENCRYPTION_KEYS);
      const { envelope, keyId } = await crypto.encryptToken(
        keyring,
        DEMO_GITHUB.token,
        crypto.tokenAad(DEMO_ACCOUNT.id, "github"),
      );
      await asDemoUser(
        sql,
        (tx) => tx`select private.record_github_connection(
          ${String(583231)}, ${DEMO_GITHUB.login}, ${[...DEMO_GITHUB.scopes]}::text[], ${envelope}, ${keyId},
          ${crypto.maskedSuffix(DEMO_GITHUB.token)})`,
      );
      githubConnected = true;
    }

    const api = new DemoApi(profile, keys);
    if (demo.gemini && !(await hasToken(sql, "gemini"))) {
      await api.call("POST", "integrations/v1/integrations/tokens", {
        provider: "gemini",
        token: DEMO_GEMINI_KEY,
      });
    }
    const count = async () => {
      const [row] = await sql<{ projects: number; described: number }[]>`
        select count(*)::int as projects, count(description_ai)::int as described
        from public.repositories where user_id = ${DEMO_ACCOUNT.id}`;
      return row ?? { projects: 0, described: 0 };
    };
    if (githubConnected && (await count()).projects === 0) {
      // A sync is a run the runner crawls (the connection above already queued one; this request
      // joins it). Without a runner the projects arrive once one runs.
      const run = (await api.call("POST", "projects/v1/projects/sync")) as { id: string; status: string };
      if (runnerRunning) await waitForSyncRun(api, run);
    }
    if (demo.gemini && (await hasToken(sql, "gemini"))) {
      const todo = await sql<{ id: string }[]>`
        select id from public.repositories
        where user_id = ${DEMO_ACCOUNT.id} and description_ai is null and not fork
        order by pushed_at desc nulls last`;
      for (const { id } of todo) await api.call("POST", `projects/v1/projects/${id}/describe`, {});
    }
    return { created, githubConnected, ...(await count()) };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function hasToken(sql: postgres.Sql, provider: string): Promise<boolean> {
  const rows = await sql`
    select 1 from public.api_tokens where user_id = ${DEMO_ACCOUNT.id} and provider = ${provider}::public.integration_provider`;
  return rows.length > 0;
}

/** Creates the demo user (as supabase/seed.sql creates its accounts), onboarded. @returns true when created now */
async function ensureDemoUser(sql: postgres.Sql): Promise<boolean> {
  const inserted = await sql`
    insert into auth.users (
      instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
      confirmation_token, recovery_token, email_change_token_new, email_change)
    values (
      '00000000-0000-0000-0000-000000000000', ${DEMO_ACCOUNT.id}, 'authenticated', 'authenticated',
      ${DEMO_ACCOUNT.email}, extensions.crypt(${DEMO_ACCOUNT.password}, extensions.gen_salt('bf')),
      now(), null, '{"provider": "email", "providers": ["email"]}',
      ${sql.json({ display_name: DEMO_ACCOUNT.displayName })}, now(), now(), '', '', '', '')
    on conflict do nothing
    returning id`;
  await sql`
    insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
    values (gen_random_uuid(), ${DEMO_ACCOUNT.id}, ${DEMO_ACCOUNT.id},
      ${sql.json({ sub: DEMO_ACCOUNT.id, email: DEMO_ACCOUNT.email, email_verified: true, phone_verified: false })},
      'email', null, now(), now())
    on conflict (provider_id, provider) do nothing`;
  await asDemoUser(sql, async (tx) => {
    await tx`
      insert into public.onboarding
        (user_id, roles_targeted, min_target_lpa, preferred_locations, github_username, completed, current_step)
      values (${DEMO_ACCOUNT.id}, ${["Full-stack developer", "Backend engineer"]}::text[], 18,
        ${["Bengaluru", "Remote"]}::text[], ${DEMO_GITHUB.login}, true, 'review')
      on conflict (user_id) do nothing`;
    await tx`
      insert into public.job_settings (user_id, portals, roles, locations, min_lpa, company_types)
      values (${DEMO_ACCOUNT.id}, ${["linkedin", "naukri"]}::text[],
        ${["Full-stack developer", "Backend engineer"]}::text[], ${["Bengaluru", "Remote"]}::text[], 18,
        ${["product", "startup"]}::text[])
      on conflict (user_id) do nothing`;
  });
  return inserted.length > 0;
}

/** The demo user's calls to the functions through the gateway (password sign-in first). */
class DemoApi {
  private token: string | null = null;

  constructor(
    private readonly profile: Profile,
    private readonly keys: Keys,
  ) {}

  private async signIn(): Promise<string> {
    const res = await fetch(`${this.profile.apiUrl}/auth/v1/token?grant_type=password`, {
      method: "POST",
      headers: { apikey: this.keys.anon_key, "content-type": "application/json" },
      body: JSON.stringify({ email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password }),
    });
    const body = (await res.json()) as { access_token?: string };
    if (!res.ok || !body.access_token)
      throw new Error(`demo sign-in failed: ${res.status} ${JSON.stringify(body)}`);
    return body.access_token;
  }

  /** Calls `/functions/v1/<fnPath>`; @throws with the API's error on a non-2xx answer. */
  async call(method: string, fnPath: string, body?: unknown): Promise<unknown> {
    this.token ??= await this.signIn();
    const res = await fetch(`${this.profile.apiUrl}/functions/v1/${fnPath}`, {
      method,
      headers: {
        apikey: this.keys.anon_key,
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(`demo seed: ${method} ${fnPath} answered ${res.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  }
}
