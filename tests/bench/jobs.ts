/**
 * `npm run bench:jobs`: the Job Fetcher's figures on a seeded database.
 *
 *   1. seeds 200k fetched jobs across 1k users (200 each; once, reused by later runs; `--reseed`)
 *   2. `GET /functions/v1/job-fetcher/v1/jobs` with filters (status, min LPA, location, sort by
 *      match) at 16 keep-alive connections for one of those users: req/s, p50/p95 — beside the
 *      FLOOR: bare Hono on the same Deno running the same statements (the list page and its count,
 *      in one transaction as the user, RLS on) through postgres.js with a pool of 16, as JSON
 *      (tests/bench/deno/floor.ts, GET /jobs)
 *   3. ingest of 10k raw jobs (normalise, upsert, cross-portal dedup, score) through
 *      `POST /v1/internal/jobs/ingest` in one batch, for a user who already has 200 jobs on other
 *      portals: wall time as inserts, then again as updates
 *
 *   npm run bench:jobs -- [--profile h3] [--seconds 5] [--connections 16] [--reseed]
 */
import http from "node:http";
import { loadavg } from "node:os";
import postgres from "postgres";
import { cli, closedLoop, flag, opt, profile } from "./common.js";
import { startFloor } from "./floor.js";

const seconds = opt("seconds", 5);
const connections = opt("connections", 16);
const USERS = 1000;
const PER_USER = 200;
const QUERY = "status=new&min_lpa=10&location=Bengaluru&sort=-match_score&page_size=20";

/** Seeds `users` with PER_USER jobs each, set-based. */
async function seedJobs(sql: postgres.Sql, users: postgres.PendingQuery<postgres.Row[]>) {
  await sql`
    with users as (${users}), words as (
      select array['Senior Backend Engineer','Frontend Developer','Data Analyst','DevOps Engineer','Product Manager',
                   'Full Stack Developer','QA Engineer','Android Developer','Business Analyst','SRE'] as titles,
             array['Infosys','TCS','Razorpay','Swiggy','Zomato','Flipkart','Paytm','Freshworks','Nykaa','Zerodha',
                   'Wipro','HCLTech','Meesho','CRED','Groww'] as companies,
             array['Bengaluru','Mumbai','Pune','Hyderabad','Chennai','Gurugram','Noida','Remote'] as cities,
             array['naukri','linkedin','indeed'] as portals
    )
    insert into public.fetched_jobs (user_id, portal, external_job_id, title, company, location, locations, work_mode,
      salary_text, lpa_min, lpa_max, experience_text, exp_min, exp_max, job_url, description, skills, posted_text,
      posted_at, fetched_at, match_score, match_breakdown, status, norm_company, norm_title)
    select u.id, w.portals[1 + g % 3], 'seed-' || g, w.titles[1 + g % 10], w.companies[1 + (g / 3) % 15],
           w.cities[1 + (g / 7) % 8], array[w.cities[1 + (g / 7) % 8]],
           case when w.cities[1 + (g / 7) % 8] = 'Remote' then 'remote' else 'onsite' end,
           (5 + g % 30) || '-' || (10 + g % 30) || ' Lacs P.A.', 5 + g % 30, 10 + g % 30, '3-5 Yrs', 3, 5,
           'https://www.naukri.com/job-listings-seed-' || g,
           'Build and run services with TypeScript, Go and PostgreSQL. ' || repeat('Details. ', 20),
           array['TypeScript','Go','PostgreSQL'], (g % 30) || ' days ago', now() - (g % 30) * interval '1 day',
           now() - (g % 30) * interval '1 day', (g * 37) % 101,
           '[{"factor":"role","label":"Role fit","points":20,"max":35,"detail":"seeded"}]'::jsonb,
           (array['new','new','new','reviewed','queued','skipped'])[1 + g % 6],
           lower(w.companies[1 + (g / 3) % 15]), lower(w.titles[1 + g % 10])
      from users u cross join words w cross join generate_series(1, ${PER_USER}) g`;
}

/** The other USERS − 1 users and their jobs (synthetic auth users `seed-jobs-N`), once. */
async function seedOthers(sql: postgres.Sql) {
  const t0 = performance.now();
  await sql`delete from auth.users where email like 'seed-jobs-%@example.test'`;
  await sql`
    insert into auth.users (id, email, instance_id, aud, role, created_at, updated_at)
    select gen_random_uuid(), 'seed-jobs-' || g || '@example.test', '00000000-0000-0000-0000-000000000000',
           'authenticated', 'authenticated', now(), now()
      from generate_series(1, ${USERS - 1}) g`;
  await seedJobs(sql, sql`select id from auth.users where email like 'seed-jobs-%@example.test'`);
  await sql`analyze public.fetched_jobs`;
  console.log(
    `seeded ${(USERS - 1) * PER_USER} jobs for ${USERS - 1} users in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/** 10k raw jobs, as the portals print them, spread over cities, salaries and titles. */
function rawJobs(n: number) {
  const titles = [
    "Sr. Backend Engineer",
    "Frontend Developer",
    "Data Analyst",
    "DevOps Engineer",
    "Product Manager",
  ];
  const companies = [
    "Infosys Ltd",
    "Tata Consultancy Services",
    "Razorpay",
    "Swiggy",
    "Zomato Limited",
    "Flipkart",
  ];
  const places = [
    "Bangalore/Bengaluru",
    "Hybrid - Pune",
    "Mumbai (All Areas)",
    "Gurgaon, Haryana",
    "Remote",
    "Chennai, Tamil Nadu, India",
  ];
  const pay = [
    "₹ 12-18 Lacs P.A.",
    "25 LPA",
    "₹8,00,000 - ₹12,00,000 a year",
    "₹75,000 a month",
    "Not disclosed",
    "1.2 Cr",
  ];
  return Array.from({ length: n }, (_, i) => ({
    external_job_id: `bench-${i}`,
    title: String(titles[i % titles.length]),
    company: String(companies[(i >> 2) % companies.length]),
    location: String(places[(i >> 3) % places.length]),
    salary_text: String(pay[i % pay.length]),
    experience_text: `${i % 6}-${(i % 6) + 4} Yrs`,
    description: `<p>We build with <b>TypeScript</b>, Go and PostgreSQL. Role ${i}.</p>`,
    skills: ["TypeScript", "Go", "PostgreSQL"],
    job_url: `https://in.indeed.com/viewjob?jk=bench${i}`,
    posted_at: `${i % 30} days ago`,
  }));
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
  // The previous runs' owners go (cascade: their jobs); this run's owner is the 1000th user.
  await sql`delete from auth.users where email like 'bench-jobs-owner-%@example.test'`;
  const user = await newUser("bench-jobs-owner");
  await sql`insert into public.job_settings (user_id, roles, locations, min_lpa, portals)
            values (${user.userId}, array['Backend Engineer'], array['Bengaluru'], 12, array['naukri','linkedin','indeed'])
            on conflict (user_id) do nothing`;
  const [counted] = await sql<{ n: number }[]>`
    select count(distinct user_id)::int as n from public.fetched_jobs
     where user_id in (select id from auth.users where email like 'seed-jobs-%@example.test')`;
  if (flag("reseed") || (counted?.n ?? 0) < USERS - 1) await seedOthers(sql);
  await seedJobs(sql, sql`select ${user.userId}::uuid as id`);
  const [rows] = await sql<{ total: number }[]>`select count(*)::int as total from public.fetched_jobs`;
  console.log(
    `fetched_jobs rows: ${rows?.total}; load before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );

  // -------------------------------------------------------------- GET /v1/jobs vs the floor
  const url = `${status.api_url}/functions/v1/job-fetcher/v1/jobs?${QUERY}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const viaApi = () =>
    new Promise<boolean>((resolve) => {
      http
        .get(url, { agent, headers: { authorization: `Bearer ${user.accessToken}` } }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode === 200));
        })
        .on("error", () => resolve(false));
    });
  // The FLOOR the kit is held to: bare Hono on the same Deno, the same statements in one
  // transaction as the user through the same driver (postgres.js, pool 16), the rows as JSON.
  const floor = await startFloor({
    port: 54998,
    dbUrl: status.db_url ?? "",
    sub: user.userId,
    pool: connections,
  });
  const floorUrl = `${floor.url}/jobs`;
  const viaFloor = () =>
    new Promise<boolean>((resolve) => {
      http
        .get(floorUrl, { agent }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode === 200));
        })
        .on("error", () => resolve(false));
    });
  // Warm both, then interleave: api, floor, api, floor.
  await closedLoop(viaApi, 1000, connections);
  await closedLoop(viaFloor, 1000, connections);
  const api = [];
  const floorRounds = [];
  for (let r = 0; r < 2; r++) {
    api.push(await closedLoop(viaApi, (seconds * 1000) / 2, connections));
    floorRounds.push(await closedLoop(viaFloor, (seconds * 1000) / 2, connections));
  }
  agent.destroy();
  floor.stop();
  const avg = (xs: { rps: number; p50: number; p95: number; errors: number }[]) => ({
    rps: xs.reduce((a, x) => a + x.rps, 0) / xs.length,
    p50: xs.reduce((a, x) => a + x.p50, 0) / xs.length,
    p95: xs.reduce((a, x) => a + x.p95, 0) / xs.length,
    errors: xs.reduce((a, x) => a + x.errors, 0),
  });
  const a = avg(api);
  const f = avg(floorRounds);
  console.log(`GET /v1/jobs?${QUERY}  (${connections} connections, ${seconds} s each, 2 interleaved rounds)`);
  console.log(`| target | req/s | p50 ms | p95 ms | errors |`);
  console.log(`|---|---:|---:|---:|---:|`);
  console.log(
    `| API (gateway + kit + RLS tx) | ${a.rps.toFixed(0)} | ${a.p50.toFixed(1)} | ${a.p95.toFixed(1)} | ${a.errors} |`,
  );
  console.log(
    `| FLOOR (bare Hono on the same Deno + the same SQL in one user tx, postgres.js pool ${connections}, JSON) | ${f.rps.toFixed(0)} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} | ${f.errors} |`,
  );
  console.log(`API ÷ floor throughput: ${(a.rps / f.rps).toFixed(2)}× (target ≥ 0.5×); p95 target ≤ 30 ms`);
  console.log();

  // -------------------------------------------------------------- ingest 10k
  const jobs = rawJobs(10_000);
  const ingest = async () => {
    const t0 = performance.now();
    const res = await fetch(`${status.api_url}/functions/v1/job-fetcher/v1/internal/jobs/ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${status.service_role_key}`, "content-type": "application/json" },
      body: JSON.stringify({ user_id: user.userId, portal: "indeed", jobs }),
    });
    const body = await res.json();
    const ms = performance.now() - t0;
    const timing = res.headers.get("server-timing") ?? "";
    return { ms, status: res.status, body, timing };
  };
  const first = await ingest();
  const second = await ingest();
  console.log(
    `POST /v1/internal/jobs/ingest, 10,000 raw jobs in one batch (user already has ${PER_USER} on other portals)`,
  );
  console.log(`| batch | wall ms | answer |`);
  console.log(`|---|---:|---|`);
  console.log(
    `| first (inserts + dedup) | ${first.ms.toFixed(0)} | ${first.status} ${JSON.stringify(first.body)} |`,
  );
  console.log(
    `| again (updates) | ${second.ms.toFixed(0)} | ${second.status} ${JSON.stringify(second.body)} |`,
  );
  console.log(`server-timing (again): ${second.timing}`);
  console.log(
    `target ≤ 1000 ms; load after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await sql`delete from public.fetched_jobs where user_id = ${user.userId} and portal = 'indeed' and external_job_id like 'bench-%'`;
  await sql.end({ timeout: 5 });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
