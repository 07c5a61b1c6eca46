/**
 * A first boot of the devstack runs pg_cron's jobs within a minute — even on a busy machine.
 *
 * What went wrong before (CI on a fresh clone; new sandbox profiles): the bootstrap creates the
 * pg_cron extension and the launcher loads its (empty) job list; the migrations then schedule the
 * jobs and commit thousands of catalog changes at once. A launcher that is not scheduled while
 * that happens overflows its invalidation queue and gets a queue reset, which pg_cron 1.4 ignores
 * once it has looked at `cron.job` — so it kept the empty list and ran nothing for minutes.
 *
 * The test boots a brand-new cluster (a scratch state dir inside the profile's, its own port)
 * through the devstack's real `upDatabase`, and makes the busy machine deterministic: the launcher
 * is stopped (SIGSTOP) while the migrations run, and a burst of catalog changes larger than the
 * invalidation queue is committed before it resumes. The every-minute event-bus job must then run
 * by the next minute boundary.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { after, test } from "node:test";
import postgres from "postgres";
import { getProfile, isProfileName, type Profile, statePaths } from "../../devstack/src/config.js";
import { pgInstall, stopPostgres } from "../../devstack/src/postgres.js";
import { upDatabase } from "../../devstack/src/stack.js";
import { env } from "../support/env.js";

/** More relations (created, then dropped) than the shared invalidation queue has slots (4096). */
const CHURN_TABLES = 2500;
/** A job scheduled for every minute must run by the next minute boundary, plus slack. */
const WAIT_MS = 70_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** A throwaway profile: the profile under test's settings, a new state dir and database port. */
async function scratchProfile(): Promise<Profile> {
  const base = getProfile(isProfileName(env.profile) ? env.profile : "test");
  const stateDir = path.join(base.stateDir, `scratch-${randomBytes(3).toString("hex")}`);
  const dbPort = await freePort();
  return {
    ...base,
    dbPort,
    ...statePaths(stateDir),
    dbUrl: `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres`,
  };
}

let scratch: Profile | null = null;
let sql: postgres.Sql | null = null;
let launcherPid = 0;

after(async () => {
  if (launcherPid) {
    try {
      process.kill(launcherPid, "SIGCONT");
    } catch {
      /* gone already */
    }
  }
  await sql?.end({ timeout: 5 });
  if (scratch) {
    await stopPostgres(scratch);
    rmSync(scratch.stateDir, { recursive: true, force: true });
  }
});

test("a fresh cluster runs its scheduled jobs within a minute although pg_cron's launcher fell behind during the migrations", async (t) => {
  if (!(await pgInstall()).hasCron) {
    t.skip("no pg_cron on this machine (the devstack's stand-in scheduler reads cron.job on every tick)");
    return;
  }
  scratch = await scratchProfile();
  mkdirSync(scratch.stateDir, { recursive: true });
  const db = () => {
    sql ??= postgres((scratch as Profile).dbUrl, { max: 1, onnotice: () => {} });
    return sql;
  };

  await upDatabase(scratch, () => {}, {
    aroundMigrations: {
      before: async () => {
        // The bootstrap just created the extension: let the launcher load its (empty) job list.
        await sleep(1500);
        const [row] = await db()<{ pid: number }[]>`
          select pid from pg_stat_activity where backend_type = 'pg_cron launcher'`;
        assert.ok(row, "the fresh cluster has no pg_cron launcher");
        launcherPid = row.pid;
        process.kill(launcherPid, "SIGSTOP");
      },
      after: async () => {
        const s = db();
        await s`create schema cron_probe_churn`;
        await s.unsafe(`do $$ begin
          for i in 1..${CHURN_TABLES} loop execute format('create table cron_probe_churn.t%s (a int)', i); end loop;
        end $$`);
        await s`drop schema cron_probe_churn cascade`;
        process.kill(launcherPid, "SIGCONT");
        await sleep(1500); // the launcher takes its queue reset on its next loop (at most 1 s)
      },
    },
  });
  const bootedAt = Date.now();

  const [job] = await db()<{ jobid: string }[]>`
    select jobid::text from cron.job where jobname = 'event-bus-sql-consumers'`;
  assert.ok(job, "the migrations scheduled event-bus-sql-consumers");
  let runs: { status: string }[] = [];
  while (Date.now() - bootedAt < WAIT_MS) {
    runs = await db()<{ status: string }[]>`
      select status from cron.job_run_details where jobid = ${job.jobid}::bigint`;
    if (runs.length > 0) break;
    await sleep(1000);
  }
  assert.ok(
    runs.length > 0,
    `pg_cron ran nothing within ${WAIT_MS / 1000} s of the first boot: its launcher kept a stale job list`,
  );
  assert.equal(runs[0]?.status, "succeeded");
});
