/**
 * Whole-stack operations shared by the CLI commands: bring the database up (cluster, bootstrap,
 * migrations, seed), query status, tear down.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNT, DEMO_USERS, demoPortsOf, isTestLike, type Profile, REPO_ROOT } from "./config.js";
import { demoNames, demoUrls, seedDemoAccount } from "./demo.js";
import { ensureKeys, type Keys, readKeys } from "./keys.js";
import {
  applyBootstrap,
  applyMigrations,
  applySeed,
  ensureCluster,
  isPostgresReady,
  pgInstall,
  postmasterPid,
  reloadCronJobs,
  startPostgres,
  stopPostgres,
} from "./postgres.js";
import {
  httpStatus,
  isAlive,
  portInUse,
  readPids,
  runToLog,
  spawnDetached,
  stopGroup,
  tailFile,
  waitFor,
  writePids,
} from "./processes.js";
import {
  demoAnswering,
  demoCommand,
  demoServices,
  GATEWAY_MAIN,
  gatewayCommand,
  gatewayHealthy,
  mailCatcherAnswering,
  mailCatcherCommand,
  RUNNER_MAIN,
  runnerAnswering,
  runnerCommand,
  type ServiceCommand,
  STOP_SIGNALS,
  schedulerCommand,
  TEST_DIST_DIR,
  waitGateway,
  waitMailCatcher,
  waitRunner,
  waitWeb,
  webBuildCommand,
  webBuildHash,
  webBuildMarker,
  webCommand,
  webNeedsBuild,
  webPresent,
} from "./services.js";

/** A line logger with elapsed time. */
export type Log = (msg: string) => void;

/** Creates a logger that prefixes `[devstack +1.2s]` and writes to stderr. */
export function makeLog(): Log {
  const t0 = Date.now();
  return (msg) => {
    const s = ((Date.now() - t0) / 1000).toFixed(1);
    process.stderr.write(`[devstack +${s}s] ${msg}\n`);
  };
}

/**
 * Brings the database of a profile up: keys.json, initdb (first time), start, bootstrap, pgmq,
 * migrations (Supabase CLI), seed (first creation or `forceSeed`).
 * @returns the keys and whether the cluster was created now
 */
export async function upDatabase(
  profile: Profile,
  log: Log,
  opts: {
    forceSeed?: boolean;
    /**
     * Run just before and just after the migrations. Lets a test put the database in the state a
     * busy machine leaves it in (a pg_cron launcher that was not scheduled while they committed).
     */
    aroundMigrations?: { before?: () => Promise<void>; after?: () => Promise<void> };
  } = {},
): Promise<{ keys: Keys; created: boolean }> {
  mkdirSync(profile.stateDir, { recursive: true });
  mkdirSync(profile.logsDir, { recursive: true });
  mkdirSync(profile.storageDir, { recursive: true });
  const keys = await ensureKeys(profile.keysFile);
  const created = await ensureCluster(profile);
  // Seeding is owed from initdb until it succeeds (a failed first `up` seeds on the next one).
  const seedPending = path.join(profile.stateDir, "seed-pending");
  if (created) {
    writeFileSync(seedPending, "");
    log(`initdb: new cluster in ${path.relative(REPO_ROOT, profile.pgData)}`);
  }
  const wasRunning = postmasterPid(profile) !== null && (await isPostgresReady(profile));
  if (!wasRunning) {
    log(`starting postgres on 127.0.0.1:${profile.dbPort}`);
    await startPostgres(profile);
  }
  await applyBootstrap(profile);
  log("bootstrap applied (roles, auth, storage, extensions, pgmq)");
  await opts.aroundMigrations?.before?.();
  let migrated: string;
  try {
    migrated = await applyMigrations(profile);
  } finally {
    await opts.aroundMigrations?.after?.();
  }
  const applied = migrated
    .split("\n")
    .map((l) => /Applying migration (\S+?)(\.\.\.)?$/.exec(l.trim())?.[1])
    .filter((m): m is string => Boolean(m));
  log(applied.length > 0 ? `migrations applied: ${applied.join(", ")}` : "migrations: up to date");
  if (existsSync(seedPending) || opts.forceSeed) {
    if (await applySeed(profile)) log("seed applied (supabase/seed.sql)");
    else log("no supabase/seed.sql: seed skipped");
    rmSync(seedPending, { force: true });
  }
  // Jobs the migrations scheduled may be missing from pg_cron's cached job list (see reloadCronJobs).
  await reloadCronJobs(profile);
  if (profile.name === "dev") {
    writeFileSync(path.join(REPO_ROOT, ".devstack", "READY-DB"), `${profile.dbUrl}\n`);
  }
  return { keys, created };
}

/** Health of each service of a profile. */
export interface ServiceStatus {
  postgres: boolean;
  gateway: boolean;
  web: boolean;
  /** The runner's process is alive and its health endpoint answers. */
  runner: boolean;
  /** The mail catcher's process is alive and its inbox answers. */
  mail: boolean;
  /** pids.json entries whose process is alive. */
  pids: Record<string, number>;
}

/** Checks every service of a profile (pid alive and endpoint answering). */
export async function serviceStatus(profile: Profile): Promise<ServiceStatus> {
  const pids = readPids(profile.pidsFile);
  const alive: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) if (isAlive(pid)) alive[name] = pid;
  const postgres = postmasterPid(profile) !== null && (await isPostgresReady(profile));
  const gateway = alive.gateway !== undefined && (await httpStatus(`${profile.apiUrl}/health`)) === 200;
  const web = alive.web !== undefined && (await httpStatus(profile.webUrl, 5000)) !== null;
  const runner = alive.runner !== undefined && (await runnerAnswering(profile));
  const mail = alive.mail !== undefined && (await mailCatcherAnswering(profile));
  return { postgres, gateway, web, runner, mail, pids: alive };
}

/**
 * Seeds the demo account when the profile runs demo services (see demo.ts); a failure is logged,
 * not fatal (the stack itself is fine).
 */
export async function seedDemoIfNeeded(
  profile: Profile,
  keys: Keys,
  log: Log,
  runnerRunning: boolean,
): Promise<void> {
  const demo = demoServices(profile);
  if (demoNames(demo).length === 0) return;
  try {
    const r = await seedDemoAccount(profile, keys, demo, gatewayCommand(profile, keys).env, runnerRunning);
    log(
      `demo account ${DEMO_ACCOUNT.email}${r.created ? " created" : ""}: onboarded, GitHub ${
        r.githubConnected ? "connected" : "not connected"
      }, ${r.projects} projects (${r.described} described)`,
    );
  } catch (err) {
    log(`demo account could not be seeded: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Waits until the demo services answer (they start in about a second). */
export async function waitDemo(profile: Profile, alive: () => boolean, logFile?: string): Promise<void> {
  const ok = await waitFor(() => demoAnswering(profile), { timeoutMs: 30_000, intervalMs: 200, alive });
  if (!ok) {
    const tail = logFile ? `\n--- ${logFile} (tail) ---\n${tailFile(logFile)}` : "";
    throw new Error(`the demo services did not start${tail}`);
  }
}

/** The order services stop in: the runner first (it calls the gateway), then web, gateway, the rest. */
const STOP_ORDER = ["runner", "web", "gateway"];

/**
 * Stops one detached service of the profile (its process group: SIGTERM, then SIGKILL after
 * `graceMs`) and forgets its pid.
 */
async function stopService(profile: Profile, name: string, log: Log | null, graceMs?: number): Promise<void> {
  const pid = readPids(profile.pidsFile)[name];
  if (pid === undefined) return;
  if (log && isAlive(pid)) log(`stopping ${name} (pid ${pid})`);
  await stopGroup(pid, graceMs, STOP_SIGNALS[name]);
  const rest = readPids(profile.pidsFile);
  delete rest[name];
  writePids(profile.pidsFile, rest);
}

/** Stops runner, web, gateway (process groups, SIGTERM then SIGKILL after 10 s) and postgres. */
export async function downStack(profile: Profile, log: Log): Promise<void> {
  const names = Object.keys(readPids(profile.pidsFile));
  for (const name of [...STOP_ORDER, ...names.filter((n) => !STOP_ORDER.includes(n))]) {
    await stopService(profile, name, log);
  }
  if (postmasterPid(profile)) {
    log("stopping postgres");
    await stopPostgres(profile);
  }
  if (existsSync(profile.pidsFile)) rmSync(profile.pidsFile, { force: true });
}

/** Deletes a profile's state dir except keys.json and env.json. Stop the stack first. */
export function wipeState(profile: Profile): void {
  if (!existsSync(profile.stateDir)) return;
  for (const entry of readdirSync(profile.stateDir)) {
    if (entry === "keys.json" || entry === "env.json") continue;
    rmSync(path.join(profile.stateDir, entry), { recursive: true, force: true });
  }
}

/** The `status --json` object. */
export interface StatusJson {
  api_url: string;
  db_url: string;
  anon_key: string | null;
  service_role_key: string | null;
  web_url: string;
  /** The runner's health endpoint (answers while the runner runs). */
  runner_health_url: string;
  /** The mail catcher's web inbox and JSON API (`/api/messages`). */
  mail_url: string;
  /** The mail catcher's SMTP server, where auth and the runner send mail. */
  smtp_url: string;
  jwt_secret: string | null;
  profile: string;
  running: boolean;
}

/** Builds the `status --json` object. `running` = postgres and the gateway (when started) are up. */
export async function statusJson(profile: Profile, st?: ServiceStatus): Promise<StatusJson> {
  const s = st ?? (await serviceStatus(profile));
  const keys = readKeys(profile.keysFile);
  const gatewayExpected = s.pids.gateway !== undefined || existsSync(GATEWAY_MAIN);
  return {
    api_url: profile.apiUrl,
    db_url: profile.dbUrl,
    anon_key: keys?.anon_key ?? null,
    service_role_key: keys?.service_role_key ?? null,
    web_url: profile.webUrl,
    runner_health_url: profile.runnerHealthUrl,
    mail_url: profile.mailUrl,
    smtp_url: profile.smtpUrl,
    jwt_secret: keys?.jwt_secret ?? null,
    profile: profile.name,
    running: s.postgres && (!gatewayExpected || s.gateway),
  };
}

/** Starts one detached service unless it is already running and healthy; records its pid. */
async function ensureDetached(
  profile: Profile,
  log: Log,
  svc: ServiceCommand,
  port: number | null,
  healthy: () => Promise<boolean>,
  wait: (alive: () => boolean, logFile: string) => Promise<void>,
): Promise<void> {
  const pids = readPids(profile.pidsFile);
  const old = pids[svc.name];
  if (old !== undefined && isAlive(old)) {
    if (await healthy()) {
      log(`${svc.name} already running (pid ${old})`);
      return;
    }
    log(`${svc.name} (pid ${old}) is not healthy: restarting it`);
    await stopGroup(old, undefined, STOP_SIGNALS[svc.name]);
  }
  if (port !== null && (await portInUse(port))) {
    throw new Error(`port ${port} is already in use by another process; cannot start ${svc.name}`);
  }
  const logFile = path.join(profile.logsDir, `${svc.name}.log`);
  appendFileSync(logFile, `\n===== ${new Date().toISOString()} ${svc.cmd} ${svc.args.join(" ")}\n`);
  const pid = spawnDetached(svc.cmd, svc.args, { cwd: svc.cwd, env: svc.env, logFile });
  writePids(profile.pidsFile, { ...readPids(profile.pidsFile), [svc.name]: pid });
  log(`${svc.name} started (pid ${pid}, log ${path.relative(REPO_ROOT, logFile)})`);
  try {
    await wait(() => isAlive(pid), logFile);
  } catch (err) {
    await stopService(profile, svc.name, null, 3000);
    throw err;
  }
}

/**
 * Builds the web app for production when its sources or env changed (test profile), logging to
 * `logs/web-build.log`.
 */
export async function buildWebIfNeeded(profile: Profile, keys: Keys, log: Log): Promise<void> {
  const { needed } = webNeedsBuild(profile, keys);
  if (!needed) {
    log("web build is up to date (skipping next build)");
    return;
  }
  const build = webBuildCommand(profile, keys);
  const logFile = path.join(profile.logsDir, "web-build.log");
  writeFileSync(logFile, "");
  log(`building web app (next build → web/${TEST_DIST_DIR}, log ${path.relative(REPO_ROOT, logFile)})`);
  const code = await runToLog(build.cmd, build.args, { cwd: build.cwd, env: build.env, logFile });
  if (code !== 0) throw new Error(`next build failed (exit ${code})\n${tailFile(logFile, 60)}`);
  // next build may itself touch sources (it adds its dist dir to tsconfig.json): hash afterwards too.
  const after = webBuildHash(profile, keys);
  writeFileSync(webBuildMarker(profile), `${after}\n`);
}

/**
 * Starts the gateway, the runner (unless `noRunner`, which also stops a running one) and the web
 * app (unless `noWeb`) detached, waiting until each is healthy.
 */
export async function upServices(
  profile: Profile,
  keys: Keys,
  log: Log,
  opts: { noWeb?: boolean; noRunner?: boolean } = {},
) {
  if (!(await pgInstall()).hasCron) {
    const scheduler = schedulerCommand(profile);
    await ensureDetached(
      profile,
      log,
      scheduler,
      null,
      async () => true,
      async (alive) => {
        await new Promise((r) => setTimeout(r, 1500));
        if (!alive()) throw new Error("the scheduler (pg_cron stand-in) exited at start");
      },
    );
  }
  if (demoNames(demoServices(profile)).length > 0) {
    await ensureDetached(
      profile,
      log,
      demoCommand(profile),
      demoPortsOf(profile.name).github,
      () => demoAnswering(profile),
      (alive, logFile) => waitDemo(profile, alive, logFile),
    );
  } else {
    await stopService(profile, "demo", log); // real settings (or the test profile): no demo services
  }
  // Before auth and the runner, which send mail to it.
  await ensureDetached(
    profile,
    log,
    mailCatcherCommand(profile),
    profile.mailPort,
    () => mailCatcherAnswering(profile),
    (alive, logFile) => waitMailCatcher(profile, alive, logFile),
  );
  if (existsSync(GATEWAY_MAIN)) {
    await ensureDetached(
      profile,
      log,
      gatewayCommand(profile, keys),
      profile.apiPort,
      () => gatewayHealthy(profile),
      (alive, logFile) => waitGateway(profile, alive, logFile),
    );
  } else {
    log("devstack/gateway/main.ts does not exist yet: gateway skipped");
  }
  if (opts.noRunner)
    await stopService(profile, "runner", log); // the stack without a runner
  else if (existsSync(RUNNER_MAIN)) {
    await ensureDetached(
      profile,
      log,
      runnerCommand(profile, keys),
      profile.runnerHealthPort,
      () => runnerAnswering(profile),
      (alive, logFile) => waitRunner(profile, alive, logFile),
    );
  }
  // After the runner: the demo projects are synced by it.
  if (existsSync(GATEWAY_MAIN))
    await seedDemoIfNeeded(profile, keys, log, !opts.noRunner && existsSync(RUNNER_MAIN));
  if (opts.noWeb) {
    log("--no-web: web app skipped");
    return;
  }
  if (!webPresent()) {
    log("web/ has no next.config.* yet: web app skipped");
    return;
  }
  const pids = readPids(profile.pidsFile);
  const webRunning = pids.web !== undefined && isAlive(pids.web);
  if (isTestLike(profile.name) && !webRunning) await buildWebIfNeeded(profile, keys, log);
  await ensureDetached(
    profile,
    log,
    webCommand(profile, keys),
    profile.webPort,
    async () => (await httpStatus(profile.webUrl, 10_000)) !== null,
    (alive, logFile) => waitWeb(profile, alive, logFile),
  );
}

/** Status rows about the demo services and the demo account (none without demo services). */
function demoRows(profile: Profile): [string, string][] {
  const names = demoNames(demoServices(profile));
  if (names.length === 0) return [];
  const urls = demoUrls(profile);
  const label = { github: "GitHub", gemini: "Gemini" } as const;
  return [
    [
      "DEMO services",
      `${names.map((n) => `${label[n as keyof typeof label]} ${urls[n as keyof typeof urls]}`).join(", ")}  (loopback fakes, no real credentials configured: see README)`,
    ],
    [
      "DEMO account",
      `${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}  (onboarded, GitHub connected, projects described)`,
    ],
  ];
}

/** Prints the human-readable status table (URLs, keys, demo accounts, services). */
export async function printStatus(
  profile: Profile,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const st = await serviceStatus(profile);
  const js = await statusJson(profile, st);
  const mark = (up: boolean) => (up ? "up" : "down");
  const pid = (name: string) => (st.pids[name] ? ` (pid ${st.pids[name]})` : "");
  const rows: [string, string][] = [
    ["profile", `${profile.name}  (state ${path.relative(REPO_ROOT, profile.stateDir)}/)`],
    ["running", String(js.running)],
    ["postgres", `${mark(st.postgres)}  ${profile.dbUrl}`],
    ["gateway", `${mark(st.gateway)}${pid("gateway")}  ${profile.apiUrl}  (docs ${profile.apiUrl}/docs)`],
    ["web", `${mark(st.web)}${pid("web")}  ${profile.webUrl}`],
    ["runner", `${mark(st.runner)}${pid("runner")}  ${profile.runnerHealthUrl}`],
    [
      "mail",
      `${mark(st.mail)}${pid("mail")}  inbox ${profile.mailUrl}  SMTP ${profile.smtpUrl}  (catches every mail the stack sends)`,
    ],
    ...(st.pids.scheduler
      ? [["scheduler", `up${pid("scheduler")}  (pg_cron stand-in)`] as [string, string]]
      : []),
    ["anon key", js.anon_key ?? "(created on first up)"],
    ["service_role key", js.service_role_key ?? "(created on first up)"],
    ["JWT secret", js.jwt_secret ?? "(created on first up)"],
    ...DEMO_USERS.map((u): [string, string] => [`demo ${u.kind}`, `${u.email} / ${u.password}`]),
    ...demoRows(profile),
    ["logs", `${path.relative(REPO_ROOT, profile.logsDir)}/`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  out.write(`${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join("\n")}\n`);
}
