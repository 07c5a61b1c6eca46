/**
 * `npm run bench:insights`: the Insights & Reports figures on a seeded database.
 *
 *   1. seeds 1k users with 200 fetched jobs each (200k) and 50 submitted applications each (50k,
 *      over the last 120 IST days, with responses and timelines), once, reused by later runs
 *      (`--reseed`); the statement triggers fill analytics_daily as the applications go in
 *   2. for one of those users (the run's own, seeded the same way), at `--connections` keep-alive
 *      connections: `GET /v1/dashboard/summary` and `GET /v1/reports/applications/series` (90
 *      days, daily, all portals): req/s, p50, p95 — beside the FLOOR: the same SQL function in a
 *      transaction as the user through postgres.js (no HTTP, no kit)
 *   3. the nightly rebuild of analytics_daily (every user, 400 days): wall time
 *
 *   npm run bench:insights -- [--profile h4] [--seconds 5] [--connections 8] [--reseed]
 *
 * Target: p95 ≤ 50 ms for both routes.
 */
import http from "node:http";
import { loadavg } from "node:os";
import postgres from "postgres";
import { cli, closedLoop, flag, opt, profile } from "./common.js";

const seconds = opt("seconds", 5);
const connections = opt("connections", 8);
const USERS = 1000;
const JOBS_PER_USER = 200;
const APPS_PER_USER = 50;
const SERIES_DAYS = 90;

/** JOBS_PER_USER fetched jobs and APPS_PER_USER submitted applications for each of `users`, set-based. */
async function seed(sql: postgres.Sql, users: postgres.PendingQuery<postgres.Row[]>) {
  await sql`
    with users as (${users})
    insert into public.fetched_jobs (user_id, portal, external_job_id, title, company, location, locations, job_url,
      skills, fetched_at, match_score, status, norm_company, norm_title)
    select u.id, (array['naukri','linkedin','indeed'])[1 + g % 3], 'ins-' || g,
           (array['Backend Engineer','Data Engineer','SRE','Frontend Developer'])[1 + g % 4],
           (array['Razorpay','Swiggy','Zomato','Flipkart','Infosys','TCS'])[1 + g % 6], 'Bengaluru', '{Bengaluru}',
           'https://example.com/ins-' || g,
           case g % 3 when 0 then array['Go','PostgreSQL','Kafka'] when 1 then array['Python','Spark','Airflow']
                      else array['Docker','Kubernetes','AWS'] end,
           now() - (g % 60) * interval '1 day', 30 + (g * 37) % 70,
           (array['new','reviewed','applied','skipped'])[1 + g % 4], 'co', 'title'
      from users u cross join generate_series(1, ${JOBS_PER_USER}) g`;
  await sql`
    with users as (${users})
    insert into public.job_applications (user_id, fetched_job_id, duplicate_group_id, portal, mode, status, response_status,
                                         applied_at, created_at)
    select j.user_id, j.id, j.id, j.portal, 'auto', 'submitted',
           (array['pending','pending','pending','viewed','shortlisted','rejected','interview','offer'])[1 + n % 8],
           now() - (n % 120) * interval '1 day' - (n % 24) * interval '1 hour',
           now() - (n % 120) * interval '1 day' - (n % 24) * interval '1 hour'
      from (select f.*, substr(f.external_job_id, 5)::int as n from public.fetched_jobs f
             where f.user_id in (select id from users) and f.external_job_id like 'ins-%') j
     where j.n <= ${APPS_PER_USER}`;
}

async function seedOthers(sql: postgres.Sql) {
  const t0 = performance.now();
  await sql`delete from auth.users where email like 'seed-insights-%@example.test'`;
  await sql`
    insert into auth.users (id, email, instance_id, aud, role, created_at, updated_at)
    select gen_random_uuid(), 'seed-insights-' || g || '@example.test', '00000000-0000-0000-0000-000000000000',
           'authenticated', 'authenticated', now(), now()
      from generate_series(1, ${USERS - 1}) g`;
  await seed(sql, sql`select id from auth.users where email like 'seed-insights-%@example.test'`);
  await sql`analyze public.fetched_jobs`;
  await sql`analyze public.job_applications`;
  await sql`analyze public.analytics_daily`;
  console.log(
    `seeded ${(USERS - 1) * JOBS_PER_USER} jobs and ${(USERS - 1) * APPS_PER_USER} applications for ${USERS - 1} users in ${(
      (performance.now() - t0) / 1000
    ).toFixed(1)} s`,
  );
}

async function main() {
  await cli("up", "--profile", profile, "--no-web", "--no-runner");
  const status = JSON.parse(await cli("status", "--json", "--profile", profile)) as Record<string, string>;
  process.env.CP_PROFILE = profile;
  process.env.CP_API_URL = status.api_url;
  process.env.CP_ANON_KEY = status.anon_key;
  process.env.CP_SERVICE_ROLE_KEY = status.service_role_key;
  process.env.CP_DB_URL = status.db_url;
  const { newUser } = await import("../support/env.js");
  const sql = postgres(status.db_url ?? "", { max: connections, onnotice: () => {} });
  await sql`delete from auth.users where email like 'bench-insights-owner-%@example.test'`;
  const user = await newUser("bench-insights-owner");
  await sql`insert into public.job_settings (user_id, search_active, roles, portals)
            values (${user.userId}, true, array['Backend Engineer'], array['naukri','linkedin','indeed'])`;
  const [counted] = await sql<{ n: number }[]>`
    select count(distinct user_id)::int as n from public.job_applications
     where user_id in (select id from auth.users where email like 'seed-insights-%@example.test')`;
  if (flag("reseed") || (counted?.n ?? 0) < USERS - 1) await seedOthers(sql);
  await seed(sql, sql`select ${user.userId}::uuid as id`);
  await sql`select private.refresh_skill_gaps(${user.userId}::uuid)`;
  const [rows] = await sql<{ jobs: number; apps: number; daily: number; users: number }[]>`
    select (select count(*)::int from public.fetched_jobs) as jobs, (select count(*)::int from public.job_applications) as apps,
           (select count(*)::int from public.analytics_daily) as daily, (select count(*)::int from auth.users) as users`;
  console.log(
    `users ${rows?.users}, fetched_jobs ${rows?.jobs}, job_applications ${rows?.apps}, analytics_daily ${rows?.daily}; load before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );

  const claims = JSON.stringify({ sub: user.userId, role: "authenticated" });
  const asUser = (query: (tx: postgres.TransactionSql) => Promise<unknown>) => async () => {
    await sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
      await query(tx);
    });
    return true;
  };
  const [today] = await sql<{ d: string }[]>`select private.ist_day(now())::text as d`;
  const to = today?.d ?? "";
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (SERIES_DAYS - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const targets = [
    {
      name: "GET /v1/dashboard/summary",
      path: "dashboard/summary",
      floor: asUser((tx) => tx`select private.dashboard_summary()`),
    },
    {
      name: `GET /v1/reports/applications/series (${SERIES_DAYS} days, daily)`,
      path: `reports/applications/series?from=${from}&to=${to}&interval=day`,
      floor: asUser(
        (tx) =>
          tx`select * from private.applications_series(${from}::date, ${to}::date, 'day', null, array[${user.userId}]::uuid[])`,
      ),
    },
    {
      name: "GET /v1/reports/applications/summary (90 days)",
      path: `reports/applications/summary?from=${from}&to=${to}`,
      floor: asUser(
        (tx) =>
          tx`select private.applications_summary(${from}::date, ${to}::date, null, array[${user.userId}]::uuid[])`,
      ),
    },
  ];
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  console.log(
    `${connections} connections, ${seconds} s per target (2 interleaved rounds), as one seeded user`,
  );
  console.log("| target | via | req/s | p50 ms | p95 ms | errors |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const t of targets) {
    const url = `${status.api_url}/functions/v1/insights/v1/${t.path}`;
    const viaApi = () =>
      new Promise<boolean>((resolve) => {
        http
          .get(url, { agent, headers: { authorization: `Bearer ${user.accessToken}` } }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode === 200));
          })
          .on("error", () => resolve(false));
      });
    await closedLoop(viaApi, 800, connections);
    await closedLoop(t.floor, 800, connections);
    const api = [];
    const floor = [];
    for (let r = 0; r < 2; r++) {
      api.push(await closedLoop(viaApi, (seconds * 1000) / 2, connections));
      floor.push(await closedLoop(t.floor, (seconds * 1000) / 2, connections));
    }
    const avg = (xs: { rps: number; p50: number; p95: number; errors: number }[]) => ({
      rps: xs.reduce((a, x) => a + x.rps, 0) / xs.length,
      p50: xs.reduce((a, x) => a + x.p50, 0) / xs.length,
      p95: xs.reduce((a, x) => a + x.p95, 0) / xs.length,
      errors: xs.reduce((a, x) => a + x.errors, 0),
    });
    const a = avg(api);
    const f = avg(floor);
    console.log(
      `| ${t.name} | API | ${a.rps.toFixed(0)} | ${a.p50.toFixed(1)} | ${a.p95.toFixed(1)} | ${a.errors} |`,
    );
    console.log(
      `| | FLOOR (SQL as the user) | ${f.rps.toFixed(0)} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} | ${f.errors} |`,
    );
  }
  agent.destroy();
  console.log("target: p95 ≤ 50 ms (API)\n");

  const t0 = performance.now();
  const [rebuilt] = await sql<{ n: number }[]>`select private.rebuild_analytics_daily() as n`;
  console.log(
    `nightly rebuild of analytics_daily: ${rebuilt?.n} rows in ${(performance.now() - t0).toFixed(0)} ms; load after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await sql.end({ timeout: 5 });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
