/**
 * `npm run bench:apply`: the Job Application stack's figures, through a real runner (the
 * job_apply consumer, Playwright on the machine's Chromium) against the loopback portal fakes.
 *
 *   1. throughput: a batch of `--count` Naukri applications (review before submit off, pacing
 *      off) → applications per minute from the batch request to the last submission
 *   2. the emergency stop: 50 queued; once 3 are submitted an admin stops applying → how long
 *      until the stop reached the runner (its first refused submit), the time from the stop to
 *      the last submission the portal received (negative: the last one came before the stop),
 *      how many were held; then lifted → every one submitted exactly once
 *
 * The stack must be up WITHOUT its runner (`npm run stack -- up --no-runner --profile h2`); the
 * bench starts its own.
 *
 *   npm run bench:apply -- [--profile h2] [--count 30]
 */
import { cli, opt, profile } from "./common.js";

const count = opt("count", 30);

const status = JSON.parse(
  (await cli("status", "--json", "--profile", profile)).replace(/^[^{]*/, ""),
) as Record<string, string>;
if (status.running !== (true as unknown as string)) throw new Error(`the ${profile} stack is not up`);
Object.assign(process.env, {
  CP_API_URL: status.api_url,
  CP_DB_URL: status.db_url,
  CP_ANON_KEY: status.anon_key,
  CP_SERVICE_ROLE_KEY: status.service_role_key,
  CP_JWT_SECRET: status.jwt_secret,
  CP_PROFILE: profile,
});

// The test support reads CP_* when loaded: import it only now.
const { callFunction, newAdmin, newUser, withSql } = await import("../support/env.ts");
const { APPLY, ADMIN_APPLY, applySettings, connectPortal, giveResume, ingestJobs } = await import(
  "../support/apply.ts"
);
const { assertNoStackRunner, killRunner, startRunner } = await import("../support/runner.ts");
const { FAKE_APPLY_SESSIONS, startApplyPortalFakes } = await import("../fakes/apply-portals.ts");

const benchStarted = new Date();
await assertNoStackRunner();
await withSql((sql) => sql`select pgmq.purge_queue('job_apply')`);
const fakes = await startApplyPortalFakes();
const runner = await startRunner({
  queues: ["job_apply"],
  name: "bench-apply",
  // Every portal's pages on the fake (the stored job URLs name the real hosts).
  env: {
    RUNNER_LOG_LEVEL: "info",
    LINKEDIN_BASE_URL: fakes.url,
    NAUKRI_BASE_URL: fakes.url,
    INDEED_BASE_URL: fakes.url,
  },
});
const admin = await newAdmin("bench-apply-admin");

type User = Awaited<ReturnType<typeof newUser>>;

async function applicant(prefix: string): Promise<User> {
  const user = await newUser(prefix);
  await giveResume(user, { skills: ["TypeScript"] });
  await connectPortal(user, "naukri", FAKE_APPLY_SESSIONS.naukri);
  await callFunction(`${APPLY}/answer-bank`, {
    method: "PUT",
    token: user.accessToken,
    body: {
      notice_period_days: 30,
      current_ctc_lpa: 18,
      expected_ctc_lpa: 25,
      skill_years: { "React.js": 3 },
      willing_to_relocate: true,
      work_authorisation: "Indian citizen",
    },
  });
  await applySettings(user, { review_before_submit: false, pacing_min_seconds: 0, pacing_max_seconds: 0 });
  return user;
}

async function jobsFor(user: User, n: number) {
  const specs = Array.from({ length: n }, (_, i) => {
    const id = String(200000000000 + Math.floor(Math.random() * 799999999999));
    return {
      external_job_id: id,
      title: `Engineer ${i}`,
      company: `Bench Company ${i} ${user.userId.slice(0, 6)}`,
      job_url: `https://www.naukri.com/job-listings-backend-engineer-bench-pune-3-to-5-years-${id}`,
    };
  });
  const ids = await ingestJobs(user, "naukri", specs);
  return specs.map((s, i) => ({ ...s, id: ids[i]! }));
}

const countStatus = async (user: User, statuses: string[]) =>
  (
    await withSql(
      (sql) => sql<{ n: number }[]>`select count(*)::int as n from public.job_applications
    where user_id = ${user.userId} and status = any(${statuses}::text[])`,
    )
  )[0]!.n;

async function waitFor(pred: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    const [bad] = await withSql(
      (sql) => sql<{ n: number; why: string | null }[]>`
      select count(*)::int as n, min(a.error_json ->> 'message') as why from public.job_applications a
        join public.profiles p on p.id = a.user_id
       where p.email like 'bench-apply-%' and a.created_at >= ${benchStarted} and a.status in ('failed', 'needs_input')`,
    );
    if (bad!.n > 0) throw new Error(`${bad!.n} applications failed or need input: ${bad!.why}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

try {
  // 1. Throughput.
  const a = await applicant("bench-apply-rate");
  const jobs = await jobsFor(a, count);
  const t0 = Date.now();
  const batch = await callFunction(`${APPLY}/batch`, {
    method: "POST",
    token: a.accessToken,
    body: { job_ids: jobs.map((j) => j.id) },
  });
  if (batch.status !== 202) throw new Error(JSON.stringify(batch.body));
  await waitFor(
    async () => (await countStatus(a, ["submitted"])) === count,
    20 * 60_000,
    `${count} submissions`,
  );
  const minutes = (Date.now() - t0) / 60_000;
  const once = jobs.every((j) => fakes.fake.submissionsFor("naukri", j.external_job_id).length === 1);
  console.log(
    `throughput: ${count} applications in ${(minutes * 60).toFixed(1)} s = ${(count / minutes).toFixed(1)} applications/minute ` +
      `through one runner, pacing off (each submitted exactly once: ${once})`,
  );

  // 2. The emergency stop with 50 queued.
  const b = await applicant("bench-apply-stop");
  const stopJobs = await jobsFor(b, 50);
  await callFunction(`${APPLY}/batch`, {
    method: "POST",
    token: b.accessToken,
    body: { job_ids: stopJobs.map((j) => j.id) },
  });
  await waitFor(async () => (await countStatus(b, ["submitted"])) >= 3, 5 * 60_000, "the first submissions");
  const stop = await callFunction(`${ADMIN_APPLY}/emergency-stop`, {
    method: "POST",
    token: admin.accessToken,
    body: { enabled: true, reason: "bench" },
  });
  const stoppedAt = Date.parse((stop.body as { changed_at: string }).changed_at);
  await waitFor(
    async () => (await countStatus(b, ["pending", "queued", "submitting"])) === 0,
    5 * 60_000,
    "everything held",
  );
  const refused = runner.lines.find(
    (l) => l.msg === "submit refused" && Date.parse(String(l.time ?? l.ts ?? "")) >= stoppedAt,
  );
  const portalTimes = fakes.fake.submissions
    .filter((s) => stopJobs.some((j) => j.external_job_id === s.jobId))
    .map((s) => s.at);
  const last = Math.max(...portalTimes);
  const held = await countStatus(b, ["held"]);
  const [late] = await withSql(
    (sql) => sql<{ n: number }[]>`select count(*)::int as n from public.job_applications
    where user_id = ${b.userId} and attempt_started_at > to_timestamp(${stoppedAt / 1000})`,
  );
  console.log(
    `emergency stop: ${portalTimes.length} submitted before it, ${held} held; last portal submission ${last - stoppedAt} ms ` +
      `after the stop (negative: before it); attempts started after the stop: ${late!.n}` +
      (refused
        ? `; first refused submit ${Date.parse(String(refused.time ?? refused.ts)) - stoppedAt} ms after the stop`
        : ""),
  );
  await callFunction(`${ADMIN_APPLY}/emergency-stop`, {
    method: "POST",
    token: admin.accessToken,
    body: { enabled: false },
  });
  const t1 = Date.now();
  await waitFor(
    async () => (await countStatus(b, ["submitted"])) === 50,
    20 * 60_000,
    "all 50 after the lift",
  );
  const exactlyOnce = stopJobs.every(
    (j) => fakes.fake.submissionsFor("naukri", j.external_job_id).length === 1,
  );
  console.log(
    `after the lift: ${50 - portalTimes.length} submitted in ${((Date.now() - t1) / 1000).toFixed(1)} s; ` +
      `all 50 submitted exactly once: ${exactlyOnce}`,
  );
} finally {
  await callFunction(`${ADMIN_APPLY}/emergency-stop`, {
    method: "POST",
    token: admin.accessToken,
    body: { enabled: false },
  });
  await killRunner(runner);
  await fakes.close();
}
process.exit(0);
