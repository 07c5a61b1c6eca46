/**
 * The API gateway (Deno) and the web app (Next.js): environment, commands, health checks.
 * Used detached by `up` and in the foreground by `dev`.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { demoPortsOf, isTestLike, npmBin, type Profile, REPO_ROOT } from "./config.js";
import { type DemoServices, decideDemoServices, demoFunctionEnv, demoNames } from "./demo.js";
import type { Keys } from "./keys.js";
import { httpStatus, portInUse, tailFile, waitFor } from "./processes.js";

/** A command line plus its environment and working directory. */
export interface ServiceCommand {
  name: string;
  cmd: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Variables every child inherits from our environment (the rest is set explicitly). */
const BASE_ENV = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LC_ALL",
  "TZ",
  "TMPDIR",
  "TERM",
  "NO_COLOR",
  "FORCE_COLOR",
  "DENO_DIR",
  "DENO_NO_UPDATE_CHECK",
  "NPM_CONFIG_REGISTRY",
  "npm_config_registry",
  "NODE_EXTRA_CA_CERTS",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
];

/**
 * Extra environment for the services: every `CP_FAKE_*` variable of ours, plus
 * `.devstack/<profile>/env.json` — either an object `{NAME: value}` (values set as given) or an
 * array of names passed through from our environment.
 */
export function extraEnv(profile: Profile): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith("CP_FAKE_") && v !== undefined) out[k] = v;
  }
  if (existsSync(profile.envFile)) {
    const parsed: unknown = JSON.parse(readFileSync(profile.envFile, "utf8"));
    if (Array.isArray(parsed)) {
      for (const name of parsed) {
        const v = typeof name === "string" ? process.env[name] : undefined;
        if (v !== undefined) out[name as string] = v;
      }
    } else if (parsed && typeof parsed === "object") {
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
        if (v !== null && v !== undefined) out[k] = String(v);
      }
    }
  }
  return out;
}

/** `supabase/functions/.env` (KEY=value lines), the secrets file `supabase functions serve` reads. */
function functionsDotEnv(): Record<string, string> {
  const file = path.join(REPO_ROOT, "supabase", "functions", ".env");
  if (!existsSync(file)) return {};
  const parsed = parseEnv(readFileSync(file, "utf8")) as Record<string, string | undefined>;
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => e[1] !== undefined));
}

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of BASE_ENV) if (process.env[k] !== undefined) env[k] = process.env[k];
  env.DENO_NO_UPDATE_CHECK = "1";
  env.NEXT_TELEMETRY_DISABLED = "1";
  return env;
}

/** The profile's demo services: those whose real settings are absent (see demo.ts). */
export function demoServices(profile: Profile): DemoServices {
  return decideDemoServices(profile, { ...functionsDotEnv(), ...extraEnv(profile) });
}

/** The demo services process (tests/fakes/server.ts --demo) on the profile's demo ports. */
export function demoCommand(profile: Profile): ServiceCommand {
  return {
    name: "demo",
    cmd: process.execPath,
    args: ["--import", "tsx", "tests/fakes/server.ts", "--profile", profile.name, "--demo"],
    cwd: REPO_ROOT,
    env: baseEnv(),
  };
}

/** True when both demo services answer on their ports. */
export async function demoAnswering(profile: Profile): Promise<boolean> {
  const ports = demoPortsOf(profile.name);
  return (await portInUse(ports.github)) && (await portInUse(ports.gemini));
}

/** The mail catcher (devstack/src/mail-catcher.ts) on the profile's SMTP and inbox ports. */
export function mailCatcherCommand(profile: Profile): ServiceCommand {
  return {
    name: "mail",
    cmd: process.execPath,
    args: ["--import", "tsx", "devstack/src/mail-catcher.ts", "--profile", profile.name],
    cwd: REPO_ROOT,
    env: baseEnv(),
  };
}

/** True when the mail catcher's inbox answers `GET /health` with 200 (its SMTP listens first). */
export async function mailCatcherAnswering(profile: Profile): Promise<boolean> {
  return (await httpStatus(`${profile.mailUrl}/health`)) === 200;
}

/** Waits until the mail catcher answers (it starts in about a second). */
export async function waitMailCatcher(
  profile: Profile,
  alive: () => boolean,
  logFile?: string,
): Promise<void> {
  const ok = await waitFor(() => mailCatcherAnswering(profile), {
    timeoutMs: 30_000,
    intervalMs: 200,
    alive,
  });
  if (!ok) {
    const tail = logFile ? `\n--- ${logFile} (tail) ---\n${tailFile(logFile)}` : "";
    throw new Error(`the mail catcher did not answer GET ${profile.mailUrl}/health${tail}`);
  }
}

/**
 * Outgoing mail of the profile's services: the mail catcher, with a sender address. Auth reads
 * GoTrue's own variable names; the runner reads `SMTP_URL` / `MAIL_FROM`. Real settings in
 * `supabase/functions/.env` or `.devstack/<profile>/env.json` override them.
 */
export function mailEnv(profile: Profile): Record<string, string> {
  const from = "CareerPilot <no-reply@careerpilot.local>";
  return {
    GOTRUE_SMTP_HOST: "127.0.0.1",
    GOTRUE_SMTP_PORT: String(profile.smtpPort),
    GOTRUE_SMTP_ADMIN_EMAIL: "no-reply@careerpilot.local",
    GOTRUE_SMTP_SENDER_NAME: "CareerPilot",
    SMTP_URL: profile.smtpUrl,
    MAIL_FROM: from,
  };
}

/** Entry point of the API gateway. */
export const GATEWAY_MAIN = path.join(REPO_ROOT, "devstack", "gateway", "main.ts");

/** The gateway command (`deno run -A --config supabase/functions/deno.json devstack/gateway/main.ts`). */
export function gatewayCommand(profile: Profile, keys: Keys): ServiceCommand {
  return {
    name: "gateway",
    cmd: npmBin("deno"),
    args: ["run", "-A", "--config", "supabase/functions/deno.json", "devstack/gateway/main.ts"],
    cwd: REPO_ROOT,
    env: {
      ...baseEnv(),
      SUPABASE_URL: profile.apiUrl,
      SUPABASE_ANON_KEY: keys.anon_key,
      SUPABASE_SERVICE_ROLE_KEY: keys.service_role_key,
      SUPABASE_DB_URL: profile.dbUrl,
      SUPABASE_JWT_SECRET: keys.jwt_secret,
      DEVSTACK_API_PORT: String(profile.apiPort),
      DEVSTACK_STATE_DIR: profile.stateDir,
      DEVSTACK_PROFILE: profile.name,
      // Function secrets with local defaults; supabase/functions/.env (Supabase's convention for
      // `functions serve`) and .devstack/<profile>/env.json override them.
      TOKEN_ENCRYPTION_KEYS: keys.token_encryption_keys ?? "",
      SITE_URL: profile.webUrl,
      ...mailEnv(profile),
      // Demo services stand in for what has no real settings (they never override real ones).
      ...demoFunctionEnv(profile, demoServices(profile)),
      ...functionsDotEnv(),
      ...extraEnv(profile),
    },
  };
}

/**
 * The signal that stops a service promptly, by service name (SIGTERM when absent). The gateway
 * handles SIGINT and SIGTERM alike, but `npm run dev` runs it under `deno run --watch`, whose
 * watcher exits on SIGINT and ignores SIGTERM (it waits for a file change, until SIGKILL).
 */
export const STOP_SIGNALS: Readonly<Record<string, NodeJS.Signals>> = { gateway: "SIGINT" };

/** True when the gateway answers `GET /health` with 200. */
export async function gatewayHealthy(profile: Profile): Promise<boolean> {
  return (await httpStatus(`${profile.apiUrl}/health`)) === 200;
}

/**
 * Waits for the gateway's health endpoint (default 60 s, `DEVSTACK_GATEWAY_TIMEOUT` seconds).
 * @throws with the tail of its log when it does not become healthy
 */
export async function waitGateway(profile: Profile, alive: () => boolean, logFile?: string): Promise<void> {
  const timeoutMs = Number(process.env.DEVSTACK_GATEWAY_TIMEOUT ?? 60) * 1000;
  const ok = await waitFor(() => gatewayHealthy(profile), { timeoutMs, intervalMs: 300, alive });
  if (!ok) {
    const tail = logFile ? `\n--- ${logFile} (tail) ---\n${tailFile(logFile)}` : "";
    throw new Error(`gateway did not answer GET ${profile.apiUrl}/health with 200${tail}`);
  }
}

/** Entry point of the runner (scraper-runner/). */
export const RUNNER_MAIN = path.join(REPO_ROOT, "scraper-runner", "src", "main.ts");

/**
 * How any runner of a local stack is started — the devstack's service and the runner tests'
 * processes alike: `node --import tsx scraper-runner/src/main.ts` in the repository root, with the
 * stack's API URL, service key and database and its health endpoint on loopback at `healthPort`.
 * `env` is added last (RUNNER_* settings).
 */
export function runnerSpawn(stack: {
  apiUrl: string;
  serviceRoleKey: string;
  dbUrl: string;
  healthPort: number;
  id: string;
  env?: Record<string, string>;
}): Omit<ServiceCommand, "name"> {
  return {
    cmd: process.execPath,
    args: ["--import", "tsx", path.relative(REPO_ROOT, RUNNER_MAIN)],
    cwd: REPO_ROOT,
    env: {
      ...baseEnv(),
      SUPABASE_URL: stack.apiUrl,
      SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
      SUPABASE_DB_URL: stack.dbUrl,
      RUNNER_HEALTH_PORT: String(stack.healthPort),
      RUNNER_HEALTH_HOST: "127.0.0.1",
      RUNNER_ID: stack.id,
      ...stack.env,
    },
  };
}

/**
 * The devstack's runner service ({@link runnerSpawn}) on the profile's runner port, with a
 * shutdown grace shorter than `down`'s 10 s SIGKILL. `RUNNER_*` entries of
 * `.devstack/<profile>/env.json` override (e.g. `RUNNER_QUEUES`).
 */
export function runnerCommand(profile: Profile, keys: Keys): ServiceCommand {
  const overrides = Object.fromEntries(
    Object.entries(extraEnv(profile)).filter(([k]) => k.startsWith("RUNNER_")),
  );
  return {
    name: "runner",
    ...runnerSpawn({
      apiUrl: profile.apiUrl,
      serviceRoleKey: keys.service_role_key,
      dbUrl: profile.dbUrl,
      healthPort: profile.runnerHealthPort,
      id: `devstack-${profile.name}`,
      env: { RUNNER_SHUTDOWN_GRACE_S: "7", ...runnerSecrets(profile, keys), ...overrides },
    }),
  };
}

/** The function secrets the runner shares (it decrypts user tokens and calls GitHub and Gemini itself). */
const RUNNER_SHARED_SECRETS = [
  "TOKEN_ENCRYPTION_KEYS",
  "GITHUB_API_BASE_URL",
  "GEMINI_API_BASE_URL",
  "GEMINI_MODEL",
  "SMTP_URL",
  "MAIL_FROM",
  "SITE_URL",
] as const;

/**
 * The runner's copy of the function secrets it needs, with the gateway's precedence: the
 * profile's generated keyring, the demo services' URLs, then `supabase/functions/.env`, then
 * `.devstack/<profile>/env.json`.
 */
export function runnerSecrets(
  profile: Profile,
  keys?: Pick<Keys, "token_encryption_keys">,
): Record<string, string> {
  const all: Record<string, string> = {
    TOKEN_ENCRYPTION_KEYS: keys?.token_encryption_keys ?? "",
    SITE_URL: profile.webUrl,
    ...mailEnv(profile),
    ...demoFunctionEnv(profile, demoServices(profile)),
    ...functionsDotEnv(),
    ...extraEnv(profile),
  };
  return Object.fromEntries(RUNNER_SHARED_SECRETS.filter((k) => all[k]).map((k) => [k, all[k] as string]));
}

/** True when the runner answers `GET /health` (200 ok, or 503 while it starts / is degraded). */
export async function runnerAnswering(profile: Profile): Promise<boolean> {
  return (await httpStatus(profile.runnerHealthUrl)) !== null;
}

/**
 * Waits until the runner's health endpoint answers (default 30 s, `DEVSTACK_RUNNER_TIMEOUT` seconds).
 * @throws with the tail of its log when it does not
 */
export async function waitRunner(profile: Profile, alive: () => boolean, logFile?: string): Promise<void> {
  const timeoutMs = Number(process.env.DEVSTACK_RUNNER_TIMEOUT ?? 30) * 1000;
  const ok = await waitFor(() => runnerAnswering(profile), { timeoutMs, intervalMs: 300, alive });
  if (!ok) {
    const tail = logFile ? `\n--- ${logFile} (tail) ---\n${tailFile(logFile)}` : "";
    throw new Error(`the runner did not answer GET ${profile.runnerHealthUrl}${tail}`);
  }
}

/** The pg_cron stand-in (only when the server cannot preload pg_cron). */
export function schedulerCommand(profile: Profile): ServiceCommand {
  return {
    name: "scheduler",
    cmd: npmBin("tsx"),
    args: ["devstack/src/scheduler.ts", "--profile", profile.name],
    cwd: REPO_ROOT,
    env: { ...baseEnv(), DEVSTACK_PROFILE: profile.name },
  };
}

/** The web app's directory. */
export const WEB_DIR = path.join(REPO_ROOT, "web");
/** The shared contract module the web app imports (supabase/functions/_shared/contract). */
const CONTRACT_DIR = path.join(REPO_ROOT, "supabase", "functions", "_shared", "contract");

/** True when web/ holds a Next.js app (a next.config.* next to its package.json). */
export function webPresent(): boolean {
  if (!existsSync(path.join(WEB_DIR, "package.json"))) return false;
  return ["next.config.ts", "next.config.mjs", "next.config.js", "next.config.cjs"].some((f) =>
    existsSync(path.join(WEB_DIR, f)),
  );
}

function nextBin(): string {
  const local = path.join(WEB_DIR, "node_modules", ".bin", "next");
  return existsSync(local) ? local : npmBin("next");
}

/** Build output dir of the test profile (`NEXT_DIST_DIR`), so it does not clash with `next dev`. */
export const TEST_DIST_DIR = ".next-test";

function webEnv(profile: Profile, keys: Keys): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    NEXT_PUBLIC_SUPABASE_URL: profile.apiUrl,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: keys.anon_key,
    SUPABASE_URL: profile.apiUrl,
    SUPABASE_ANON_KEY: keys.anon_key,
    PORT: String(profile.webPort),
    HOSTNAME: "127.0.0.1",
    // Which external services are demo fakes, for the web's "demo" badges (empty: none).
    NEXT_PUBLIC_DEMO_SERVICES: demoNames(demoServices(profile)).join(","),
    ...extraEnv(profile),
  };
  if (isTestLike(profile.name)) env.NEXT_DIST_DIR = TEST_DIST_DIR;
  return env;
}

/** The long-running web command: `next dev` (dev profile) or `next start` (test profile). */
export function webCommand(profile: Profile, keys: Keys): ServiceCommand {
  const mode = profile.name === "dev" ? "dev" : "start";
  return {
    name: "web",
    cmd: nextBin(),
    args: [mode, "-H", "127.0.0.1", "-p", String(profile.webPort)],
    cwd: WEB_DIR,
    env: webEnv(profile, keys),
  };
}

/** The production build command of the test profile (`next build` into `.next-test`). */
export function webBuildCommand(profile: Profile, keys: Keys): ServiceCommand {
  return { name: "web-build", cmd: nextBin(), args: ["build"], cwd: WEB_DIR, env: webEnv(profile, keys) };
}

/** Names that never count for the build hash (outputs, caches, files next itself rewrites). */
const SKIP_IN_HASH = new Set([
  "node_modules",
  ".turbo",
  "next-env.d.ts",
  "test-results",
  "playwright-report",
]);

function collectMtimes(dir: string, acc: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (
      SKIP_IN_HASH.has(entry.name) ||
      entry.name.startsWith(".next") ||
      entry.name.endsWith(".tsbuildinfo")
    ) {
      continue;
    }
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) collectMtimes(p, acc);
    else if (entry.isFile())
      acc.push(`${path.relative(WEB_DIR, p)}:${statSync(p).mtimeMs}:${statSync(p).size}`);
  }
}

/** Hash of the web sources (paths, sizes and mtimes under web/, minus .next* and node_modules) and env. */
export function webBuildHash(profile: Profile, keys: Keys): string {
  const acc: string[] = [];
  collectMtimes(WEB_DIR, acc);
  // The web app imports the shared contract module from outside web/.
  collectMtimes(CONTRACT_DIR, acc);
  acc.sort();
  const env = webEnv(profile, keys);
  const envPart = Object.keys(env)
    .filter((k) => k.startsWith("NEXT_PUBLIC_") || k === "NEXT_DIST_DIR" || k.startsWith("CP_FAKE_"))
    .sort()
    .map((k) => `${k}=${env[k]}`);
  return createHash("sha256")
    .update([...acc, ...envPart].join("\n"))
    .digest("hex");
}

/** Marker file holding the hash of the last successful test-profile web build. */
export function webBuildMarker(profile: Profile): string {
  return path.join(REPO_ROOT, ".devstack", `web-build-${profile.name}.hash`);
}

/** True when the production build is missing or out of date. */
export function webNeedsBuild(profile: Profile, keys: Keys): { needed: boolean; hash: string } {
  const hash = webBuildHash(profile, keys);
  const marker = webBuildMarker(profile);
  const built = existsSync(path.join(WEB_DIR, TEST_DIST_DIR, "BUILD_ID"));
  const same = existsSync(marker) && readFileSync(marker, "utf8").trim() === hash;
  return { needed: !(built && same), hash };
}

/**
 * Waits until the web app answers HTTP on its port (any status). `next dev` compiles the first
 * page on demand, so the first response may take a while.
 */
export async function waitWeb(profile: Profile, alive: () => boolean, logFile?: string): Promise<void> {
  const timeoutMs = Number(process.env.DEVSTACK_WEB_TIMEOUT ?? 180) * 1000;
  const listening = await waitFor(() => portInUse(profile.webPort), { timeoutMs, intervalMs: 300, alive });
  const answered =
    listening &&
    (await waitFor(async () => (await httpStatus(profile.webUrl, 120_000)) !== null, {
      timeoutMs,
      intervalMs: 500,
      alive,
    }));
  if (!answered) {
    const tail = logFile ? `\n--- ${logFile} (tail) ---\n${tailFile(logFile)}` : "";
    throw new Error(`web app did not answer on ${profile.webUrl}${tail}`);
  }
}
