/**
 * Job Fetcher stack through the running stack: the internal ingest route (service key only;
 * normalisation, upsert by (user, portal, external_job_id), cross-portal dedup, scores), Fetch
 * now and its runs (never twice per portal), the jobs list with every filter and sort, one job,
 * status changes shared by a job's copies, user isolation, and jobs.fetched → one notification.
 *
 * Runs without a runner: the jobs.fetch.requested messages wait in the job_fetch queue; the test
 * plays the runner's part through the same SQL function it calls (private.finish_job_fetch_run).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { noTextImage } from "../fakes/certificates.js";
import { callFunction, env, newAdmin, newUser, type TestUser, withSql } from "../support/env.js";

const INGEST = "job-fetcher/v1/internal/jobs/ingest";
const JOBS = "job-fetcher/v1/jobs";
const SYNC = "job-fetcher/v1/job-fetcher/sync";
const RUNS = "job-fetcher/v1/job-fetcher/runs";
const SCHEDULE = "job-fetcher/v1/job-fetcher/schedule";

interface Job {
  id: string;
  portal: string;
  title: string;
  company: string;
  locations: string[];
  work_mode: string | null;
  lpa_min: number | null;
  lpa_max: number | null;
  salary_text: string | null;
  exp_min: number | null;
  exp_max: number | null;
  posted_at: string | null;
  match_score: number;
  match_breakdown: { factor: string; points: number; max: number; detail: string }[];
  status: string;
  also_on: { id: string; portal: string }[];
}
interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

async function settings(user: TestUser, body: Record<string, unknown>) {
  const full = {
    search_active: false,
    auto_apply: false,
    locations: [],
    min_lpa: null,
    company_types: [],
    ...body,
  };
  const res = await callFunction("onboarding/v1/settings/job", {
    method: "PUT",
    token: user.accessToken,
    body: full,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

function ingest(body: unknown, token: string | null = env.serviceRoleKey) {
  return callFunction(INGEST, { method: "POST", token, body });
}

/** `v`, or a failed test naming what was missing. */
function found<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new Error(`missing: ${what}`);
  return v;
}

const naukriJob = (id: string, extra: Record<string, unknown> = {}) => ({
  external_job_id: id,
  title: "Sr. Software Engineer",
  company: "Infosys Ltd",
  location: "Bangalore/Bengaluru",
  salary_text: "₹ 12-18 Lacs P.A.",
  experience_text: "3-5 Yrs",
  description: "<p>Build services in <b>TypeScript</b> and Go.</p>",
  skills: ["TypeScript", "Go", "PostgreSQL"],
  job_url: `https://www.naukri.com/job-listings-sr-software-engineer-${id}`,
  posted_at: "3 days ago",
  ...extra,
});

async function jobs(user: TestUser, query = ""): Promise<Page<Job>> {
  const res = await callFunction(`${JOBS}${query}`, { token: user.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as Page<Job>;
}

describe("POST /v1/internal/jobs/ingest: the service key only", () => {
  test("no token → 401; the anon key and a user's token → 403; nothing stored", async () => {
    const user = await newUser("jobs-attack");
    const body = { user_id: user.userId, portal: "naukri", jobs: [naukriJob("attack-1")] };
    assert.equal((await ingest(body, null)).status, 401);
    const anon = await ingest(body, env.anonKey);
    assert.equal(anon.status, 403);
    assert.equal((anon.body as { error: { code: string } }).error.code, "forbidden");
    assert.equal((await ingest(body, user.accessToken)).status, 403);
    assert.equal((await ingest(body, `${env.serviceRoleKey}x`)).status, 403);
    assert.equal((await jobs(user)).total, 0);
    assert.equal((await ingest(body)).status, 200);
    assert.equal((await jobs(user)).total, 1);
  });

  test("bad input → 422 and no partial write; an unknown user → 404; a foreign run → 404", async () => {
    const user = await newUser("jobs-bad");
    const good = naukriJob("ok-1");
    for (const body of [
      { user_id: user.userId, portal: "monster", jobs: [good] },
      { user_id: "nope", portal: "naukri", jobs: [good] },
      {
        user_id: user.userId,
        portal: "naukri",
        jobs: [good, { ...good, external_job_id: "x2", job_url: "javascript:alert(1)" }],
      },
      { user_id: user.userId, portal: "naukri", jobs: [good, { ...good, external_job_id: "" }] },
      { user_id: user.userId, portal: "naukri", jobs: [{ ...good, title: "a\u0000b" }] },
    ]) {
      const res = await ingest(body);
      assert.equal(res.status, 422, JSON.stringify(body).slice(0, 200));
    }
    assert.equal((await jobs(user)).total, 0);
    assert.equal((await ingest({ user_id: randomUUID(), portal: "naukri", jobs: [good] })).status, 404);
    const other = await newUser("jobs-bad-other");
    await settings(other, { portals: ["naukri"], roles: ["Engineer"] });
    const started = await callFunction(SYNC, { method: "POST", token: other.accessToken, body: {} });
    const runId = (started.body as { run_id: string }).run_id;
    const res = await ingest({ user_id: user.userId, portal: "naukri", run_id: runId, jobs: [good] });
    assert.equal(res.status, 404);
    assert.equal((await jobs(user)).total, 0);
  });
});

describe("ingest: normalise, upsert, dedup across portals, score", () => {
  test("the same posting updates; the same job on another portal is linked and listed once", async () => {
    const user = await newUser("jobs-dedup");
    await settings(user, {
      portals: ["naukri", "linkedin"],
      roles: ["Senior Software Engineer"],
      locations: ["Bangalore"],
      min_lpa: 10,
    });
    const first = await ingest({
      user_id: user.userId,
      portal: "naukri",
      jobs: [
        naukriJob("nk-1"),
        naukriJob("nk-2", { title: "Data Analyst", company: "Zomato", location: "Gurgaon" }),
      ],
    });
    assert.deepEqual(first.body, { received: 2, inserted: 2, updated: 0, duplicates: 0 });
    const again = await ingest({
      user_id: user.userId,
      portal: "naukri",
      jobs: [naukriJob("nk-1", { salary_text: "15 LPA" })],
    });
    assert.deepEqual(again.body, { received: 1, inserted: 0, updated: 1, duplicates: 0 });

    // LinkedIn writes the same job differently: "Infosys Limited", "Senior …", "Bengaluru, Karnataka, India".
    const li = await ingest({
      user_id: user.userId,
      portal: "linkedin",
      jobs: [
        naukriJob("3629482208", {
          title: "Senior Software Engineer",
          company: "Infosys Limited",
          location: "Bengaluru, Karnataka, India",
          salary_text: null,
          job_url: "https://www.linkedin.com/jobs/view/senior-software-engineer-at-infosys-3629482208",
        }),
        // Same company and title in another city: a different job.
        naukriJob("3629482209", {
          title: "Senior Software Engineer",
          company: "Infosys Limited",
          location: "Chennai, Tamil Nadu, India",
          job_url: "https://www.linkedin.com/jobs/view/3629482209",
        }),
      ],
    });
    assert.deepEqual(li.body, { received: 2, inserted: 2, updated: 0, duplicates: 1 });

    const page = await jobs(user);
    assert.equal(page.total, 3, "the duplicate is listed once");
    const infosys = found(
      page.items.find((j) => j.portal === "naukri" && j.company === "Infosys Ltd"),
      "Infosys",
    );
    assert.deepEqual(
      infosys.also_on.map((a) => a.portal),
      ["linkedin"],
    );
    assert.deepEqual([infosys.lpa_min, infosys.lpa_max, infosys.salary_text], [15, 15, "15 LPA"]);
    assert.deepEqual([infosys.exp_min, infosys.exp_max], [3, 5]);
    assert.deepEqual([infosys.locations, infosys.work_mode], [["Bengaluru"], "onsite"]);
    assert.ok(infosys.posted_at && Date.now() - Date.parse(infosys.posted_at) > 2.9 * 86_400_000);
    // Score: target role, city and salary fit; the breakdown says so.
    assert.ok(infosys.match_score >= 60, String(infosys.match_score));
    assert.deepEqual(
      infosys.match_breakdown.map((b) => b.factor),
      ["role", "skills", "salary", "location", "experience"],
    );
    const zomato = found(
      page.items.find((j) => j.company === "Zomato"),
      "Zomato",
    );
    assert.ok(zomato.match_score < infosys.match_score);
    assert.match(
      zomato.match_breakdown.find((b) => b.factor === "location")?.detail ?? "",
      /Gurugram, none of your locations/,
    );
    assert.equal(
      page.items[0]?.match_score,
      Math.max(...page.items.map((j) => j.match_score)),
      "best match first",
    );

    // One job, one status: queueing the LinkedIn copy queues the canonical row too.
    const dup = infosys.also_on[0]?.id;
    const put = await callFunction(`${JOBS}/${dup}/status`, {
      method: "PUT",
      token: user.accessToken,
      body: { status: "queued" },
    });
    assert.deepEqual([put.status, put.body], [200, { status: "queued" }]);
    const queued = await jobs(user, "?status=queued");
    assert.deepEqual(
      queued.items.map((j) => j.id),
      [infosys.id],
    );
    const detail = await callFunction(`${JOBS}/${dup}`, { token: user.accessToken });
    assert.equal((detail.body as { duplicate_of: string; status: string }).duplicate_of, infosys.id);
    assert.equal((detail.body as { status: string }).status, "queued");
    assert.match(
      (detail.body as { description: string }).description,
      /Build services in TypeScript and Go\./,
    );

    // Applied jobs keep their status.
    await withSql((sql) => sql`update public.fetched_jobs set status = 'applied' where id = ${infosys.id}`);
    const refused = await callFunction(`${JOBS}/${infosys.id}/status`, {
      method: "PUT",
      token: user.accessToken,
      body: { status: "skipped" },
    });
    assert.equal(refused.status, 409);
  });

  test("below-minimum salary and an unwanted city sink a job but do not hide it", async () => {
    const user = await newUser("jobs-sink");
    await settings(user, {
      portals: ["indeed"],
      roles: ["Frontend Developer"],
      locations: ["Pune"],
      min_lpa: 20,
    });
    await ingest({
      user_id: user.userId,
      portal: "indeed",
      jobs: [
        naukriJob("in-a", {
          title: "Frontend Developer",
          company: "Acme",
          location: "Pune",
          salary_text: "₹25,00,000 - ₹30,00,000 a year",
        }),
        naukriJob("in-b", {
          title: "Frontend Developer",
          company: "Beta",
          location: "Pune",
          salary_text: "₹75,000 a month",
        }),
        naukriJob("in-c", {
          title: "Frontend Developer",
          company: "Gamma",
          location: "Kolkata",
          salary_text: "25 LPA",
        }),
      ],
    });
    const page = await jobs(user);
    assert.equal(page.total, 3);
    assert.deepEqual(
      page.items.map((j) => j.company),
      ["Acme", "Gamma", "Beta"].sort(
        (a, b) =>
          (page.items.find((j) => j.company === b)?.match_score ?? 0) -
          (page.items.find((j) => j.company === a)?.match_score ?? 0),
      ),
    );
    assert.equal(page.items[0]?.company, "Acme");
    const beta = found(
      page.items.find((j) => j.company === "Beta"),
      "Beta",
    );
    assert.equal(beta.lpa_max, 9);
    assert.match(
      beta.match_breakdown.find((b) => b.factor === "salary")?.detail ?? "",
      /below your minimum of 20 LPA/,
    );
  });
});

describe("GET /v1/jobs: filters, sorts and isolation", () => {
  test("every filter narrows the list; sorts by salary and date; another user sees nothing", async () => {
    const user = await newUser("jobs-list");
    await settings(user, {
      portals: ["naukri", "indeed"],
      roles: ["Backend Engineer"],
      locations: ["Mumbai"],
    });
    await ingest({
      user_id: user.userId,
      portal: "naukri",
      jobs: [
        naukriJob("l1", {
          title: "Backend Engineer",
          company: "Swiggy",
          location: "Bombay",
          salary_text: "30 LPA",
          posted_at: "1 day ago",
        }),
        naukriJob("l2", {
          title: "Python Developer",
          company: "Razorpay",
          location: "Remote",
          salary_text: "Not disclosed",
          posted_at: "10 days ago",
        }),
        naukriJob("l3", {
          title: "Go Engineer",
          company: "Zerodha",
          location: "Hybrid - Pune",
          salary_text: "8-12 Lacs PA",
          posted_at: "2026-01-05",
        }),
      ],
    });
    await ingest({
      user_id: user.userId,
      portal: "indeed",
      jobs: [
        naukriJob("l4", {
          title: "Android Developer",
          company: "PhonePe",
          location: "Gurugram, Haryana",
          salary_text: "₹15,00,000 a year",
          posted_at: "Just now",
        }),
      ],
    });
    const ids = async (q: string) => (await jobs(user, q)).items.map((j) => j.company).sort();
    assert.deepEqual(await ids("?portal=indeed"), ["PhonePe"]);
    assert.deepEqual(await ids("?portal[]=indeed&portal[]=naukri"), [
      "PhonePe",
      "Razorpay",
      "Swiggy",
      "Zerodha",
    ]);
    assert.deepEqual(await ids("?q=developer"), ["PhonePe", "Razorpay"]);
    assert.deepEqual(await ids("?q=swig"), ["Swiggy"]);
    assert.deepEqual(await ids("?location=Mumbai"), ["Swiggy"]);
    assert.deepEqual(await ids("?location=gurgaon"), ["PhonePe"]);
    assert.deepEqual(await ids("?location=remote"), ["Razorpay"]);
    assert.deepEqual(await ids("?min_lpa=14"), ["PhonePe", "Swiggy"]);
    assert.deepEqual(await ids("?company=zero"), ["Zerodha"]);
    assert.deepEqual(await ids("?from=2026-01-01&to=2026-01-31"), ["Zerodha"]);
    assert.deepEqual(await ids("?status=new"), ["PhonePe", "Razorpay", "Swiggy", "Zerodha"]);
    assert.deepEqual(await ids("?status=skipped"), []);
    const bySalary = await jobs(user, "?sort=-lpa_max");
    assert.deepEqual(
      bySalary.items.map((j) => j.company),
      ["Swiggy", "PhonePe", "Zerodha", "Razorpay"],
    );
    const byDate = await jobs(user, "?sort=-posted_at&page_size=2&page=1");
    assert.deepEqual([byDate.total, byDate.items.map((j) => j.company)], [4, ["PhonePe", "Swiggy"]]);
    const page2 = await jobs(user, "?sort=-posted_at&page_size=2&page=2");
    assert.deepEqual(
      page2.items.map((j) => j.company),
      ["Razorpay", "Zerodha"],
    );
    for (const bad of [
      "?sort=salary; drop",
      "?portal=monster",
      "?min_lpa=-1",
      "?page_size=101",
      "?from=2026-02-01&to=2026-01-01",
    ]) {
      assert.equal((await callFunction(`${JOBS}${bad}`, { token: user.accessToken })).status, 422, bad);
    }

    const stranger = await newUser("jobs-stranger");
    assert.equal((await jobs(stranger)).total, 0);
    const someId = bySalary.items[0]?.id;
    assert.equal((await callFunction(`${JOBS}/${someId}`, { token: stranger.accessToken })).status, 404);
    const put = await callFunction(`${JOBS}/${someId}/status`, {
      method: "PUT",
      token: stranger.accessToken,
      body: { status: "skipped" },
    });
    assert.equal(put.status, 404);
    assert.equal((await callFunction(JOBS)).status, 401);
  });
});

describe("Fetch now, runs and jobs.fetched", () => {
  test("a run per enabled portal, never twice; runs list; jobs.fetched → one notification per run with new jobs", async () => {
    const user = await newUser("jobs-sync");
    const none = await callFunction(SYNC, { method: "POST", token: user.accessToken, body: {} });
    assert.equal(none.status, 409, "no portal enabled yet");
    await settings(user, { portals: ["naukri", "linkedin"], roles: ["Engineer"], search_active: true });
    const first = await callFunction(SYNC, { method: "POST", token: user.accessToken, body: {} });
    assert.equal(first.status, 202, JSON.stringify(first.body));
    const started = first.body as {
      run_id: string;
      status: string;
      runs: { id: string; portal: string; joined: boolean }[];
    };
    assert.equal(started.status, "started");
    assert.deepEqual(started.runs.map((r) => [r.portal, r.joined]).sort(), [
      ["linkedin", false],
      ["naukri", false],
    ]);
    const second = await callFunction(SYNC, {
      method: "POST",
      token: user.accessToken,
      body: { portals: ["naukri"] },
    });
    assert.equal((second.body as { status: string }).status, "already_running");
    assert.equal(
      (second.body as { run_id: string }).run_id,
      started.runs.find((r) => r.portal === "naukri")?.id,
    );
    const events = await withSql(
      (sql) => sql`
      select count(*)::int as n from public.event_log where event_type = 'jobs.fetch.requested' and payload ->> 'user_id' = ${user.userId}`,
    );
    assert.equal(events[0]?.n, 2, "one jobs.fetch.requested per started run");

    const naukriRun = started.runs.find((r) => r.portal === "naukri")?.id ?? "";
    const linkedinRun = started.runs.find((r) => r.portal === "linkedin")?.id ?? "";
    await ingest({
      user_id: user.userId,
      portal: "naukri",
      run_id: naukriRun,
      jobs: [naukriJob("s1"), naukriJob("s2", { company: "TCS" })],
    });
    await withSql(async (sql) => {
      await sql`select private.finish_job_fetch_run(${naukriRun}, 'completed')`;
      await sql`select private.finish_job_fetch_run(${linkedinRun}, 'failed',
        ${sql.json([{ code: "rate_limited", message: "LinkedIn answered 429 on page 3: backing off." }])},
        now() + interval '2 hours')`;
      await sql`select private.run_sql_consumer('notifications')`;
    });
    const runs = await callFunction(`${RUNS}?portal=linkedin`, { token: user.accessToken });
    const li = (
      runs.body as Page<{ status: string; errors: { code: string }[]; blocked_until: string | null }>
    ).items;
    assert.equal(li.length, 1);
    assert.equal(li[0]?.status, "failed");
    assert.equal(li[0]?.errors[0]?.code, "rate_limited");
    assert.ok(li[0]?.blocked_until);
    const all = (await callFunction(RUNS, { token: user.accessToken })).body as Page<{
      jobs_found: number;
      new_jobs_added: number;
      portal: string;
    }>;
    assert.equal(all.total, 2);
    const nk = found(
      all.items.find((r) => r.portal === "naukri"),
      "the Naukri run",
    );
    assert.deepEqual([nk.jobs_found, nk.new_jobs_added], [2, 2]);

    const notes = await callFunction("notifications/v1/notifications", { token: user.accessToken });
    const items = (notes.body as Page<{ type: string; title: string; link_url: string }>).items.filter(
      (n) => n.type === "jobs.fetched",
    );
    assert.deepEqual(
      items.map((n) => n.title),
      ["2 new jobs match your search"],
      "none for the run without new jobs",
    );
    assert.equal(items[0]?.link_url, `/jobs?run=${naukriRun}`);
    const fromRun = await jobs(user, `?run_id=${naukriRun}`);
    assert.equal(fromRun.total, 2);

    const schedule = await callFunction(SCHEDULE, { token: user.accessToken });
    const portals = (
      schedule.body as {
        portals: { portal: string; last_status: string; next_run_at: string; blocked_until: string | null }[];
      }
    ).portals;
    assert.deepEqual(
      portals.map((p) => [p.portal, p.last_status]),
      [
        ["linkedin", "failed"],
        ["naukri", "completed"],
      ],
    );
    const liNext = Date.parse(portals[0]?.next_run_at ?? "");
    assert.ok(
      liNext >= Date.parse(portals[0]?.blocked_until ?? "") - 1000,
      "a blocked portal waits for its back-off",
    );

    // A new run may start once the previous one finished.
    const third = await callFunction(SYNC, {
      method: "POST",
      token: user.accessToken,
      body: { portals: ["naukri"] },
    });
    assert.equal((third.body as { status: string }).status, "started");
  });
});

describe("match profile: every source the user stands behind", () => {
  test("confirmed career-record skills, verified certificates and confirmed work years raise the score and are named; pending, rejected-by-status and government IDs do not count", async () => {
    const user = await newUser("jobs-sources");
    const admin = await newAdmin("jobs-sources-admin");
    await settings(user, {
      portals: ["naukri"],
      roles: ["Platform Engineer"],
      locations: ["Pune"],
      min_lpa: 10,
    });
    // Jobs asking for skills no repository shows: one only the career record has, one only a
    // certificate has, one only a government ID's title (which must never count) would match.
    const batch = () =>
      ingest({
        user_id: user.userId,
        portal: "naukri",
        jobs: [
          naukriJob("src-k8s", {
            title: "Platform Engineer",
            company: "Acme Cloud",
            location: "Pune",
            experience_text: "5-8 Yrs",
            description: "Run our Kubernetes clusters.",
            skills: ["Kubernetes", "Terraform"],
          }),
          naukriJob("src-cert", {
            title: "Platform Engineer",
            company: "Vizly",
            location: "Pune",
            description: "Dashboards for the platform team.",
            skills: ["Tableau"],
          }),
          naukriJob("src-gov", {
            title: "Platform Engineer",
            company: "Snowy",
            location: "Pune",
            description: "Data platform.",
            skills: ["Snowflake"],
          }),
        ],
      });
    const byId = async () => {
      const page = await jobs(user);
      const get = (company: string) => {
        const j = found(
          page.items.find((x) => x.company === company),
          company,
        );
        const line = (f: string) =>
          found(
            j.match_breakdown.find((b) => b.factor === f),
            `${company} ${f}`,
          );
        return { score: j.match_score, skills: line("skills"), experience: line("experience") };
      };
      return { k8s: get("Acme Cloud"), cert: get("Vizly"), gov: get("Snowy") };
    };
    assert.equal((await batch()).status, 200);
    const before = await byId();
    assert.equal(before.k8s.skills.points, 0);
    assert.equal(before.cert.skills.points, 0);

    // Pending (imported, not confirmed) entries and a pending certificate do not count yet.
    const [pendingSkill] = await withSql(
      (sql) => sql<{ id: string }[]>`
        insert into public.career_entries (user_id, kind, status, origin, data)
        values (${user.userId}, 'skill', 'pending', 'import', ${sql.json({ name: "Kubernetes", keywords: ["Terraform"] })}),
               (${user.userId}, 'work', 'pending', 'import',
                ${sql.json({ organization: "Old Co", title: "Engineer", start_date: "2010-01", end_date: "2015-12" })})
        returning id`,
    );
    const certificate = async (document_type: string, title: string, issuer: string) => {
      const bytes = await noTextImage();
      const res = await callFunction("verification/v1/certificates", {
        method: "POST",
        token: user.accessToken,
        body: { document_type, title, issuer, content_type: "image/png", size: bytes.length },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const t = res.body as { certificate_id: string; storage_path: string; token: string };
      const up = await user.client.storage
        .from("certificates")
        .uploadToSignedUrl(
          t.storage_path,
          t.token,
          new Blob([new Uint8Array(bytes)], { type: "image/png" }),
          {
            contentType: "image/png",
          },
        );
      assert.equal(up.error, null, JSON.stringify(up.error));
      return t.certificate_id;
    };
    const tableau = await certificate("professional", "Tableau Desktop Specialist", "Tableau");
    const gov = await certificate("government_id", "Snowflake", "Snowflake");
    assert.equal((await batch()).status, 200);
    const pending = await byId();
    assert.equal(pending.k8s.score, before.k8s.score, "pending entries do not count");
    assert.equal(pending.cert.score, before.cert.score, "a pending certificate does not count");

    // The user confirms the imported skill and adds two jobs of their own (overlapping by a
    // year: 2019-01..2023-12 is 5 years); the admin verifies both certificates.
    const confirm = await callFunction(`resumes/v1/career-record/${found(pendingSkill, "entry").id}`, {
      method: "PATCH",
      token: user.accessToken,
      body: { status: "confirmed" },
    });
    assert.equal(confirm.status, 200, JSON.stringify(confirm.body));
    for (const data of [
      { organization: "Acme", title: "DevOps Engineer", start_date: "2019-01", end_date: "2021-12" },
      { organization: "Globex", title: "Platform Engineer", start_date: "2021-01", end_date: "2023-12" },
    ]) {
      const res = await callFunction("resumes/v1/career-record", {
        method: "POST",
        token: user.accessToken,
        body: { kind: "work", data },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    for (const id of [tableau, gov]) {
      const res = await callFunction(`verification/v1/admin/certificates/${id}/approve`, {
        method: "POST",
        token: admin.accessToken,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    assert.equal((await batch()).status, 200);
    const after = await byId();
    console.log(
      `# scores before → after: career record ${before.k8s.score} → ${after.k8s.score}, certificate ${before.cert.score} → ${after.cert.score}, government ID ${before.gov.score} → ${after.gov.score}`,
    );

    assert.ok(after.k8s.score > before.k8s.score, `${before.k8s.score} → ${after.k8s.score}`);
    assert.match(after.k8s.skills.detail, /kubernetes/);
    assert.match(after.k8s.skills.detail, /terraform/, "a confirmed skill's keywords count too");
    assert.ok(after.k8s.skills.points > 0);
    assert.equal(after.k8s.experience.detail, "Asks 5–8 years; you have 5.");
    assert.equal(after.k8s.experience.points, 10);

    assert.ok(after.cert.score > before.cert.score, `${before.cert.score} → ${after.cert.score}`);
    assert.match(after.cert.skills.detail, /tableau/);

    assert.equal(after.gov.skills.points, 0, "a government ID is never a skill");
    assert.doesNotMatch(after.gov.skills.detail, /snowflake/);
  });
});

describe("a changed search scores the stored jobs again", () => {
  test("job_settings.changed on a new search, not on a repeat; the rescore route (service key only) rescores what changed", async () => {
    const user = await newUser("jobs-rescore");
    await settings(user, {
      portals: ["naukri"],
      roles: ["Software Engineer"],
      locations: ["Bengaluru"],
      min_lpa: 10,
    });
    assert.equal(
      (await ingest({ user_id: user.userId, portal: "naukri", jobs: [naukriJob("rescore-1")] })).status,
      200,
    );
    const before = found((await jobs(user)).items[0], "the job");
    const changedEvents = () =>
      withSql(
        (sql) => sql<{ n: number }[]>`select count(*)::int as n from public.event_log
                                        where event_type = 'job_settings.changed' and payload ->> 'user_id' = ${user.userId}`,
      ).then((r) => r[0]?.n);
    const settingsEvents = await changedEvents();

    await settings(user, {
      portals: ["naukri"],
      roles: ["Software Engineer"],
      locations: ["Bengaluru"],
      min_lpa: 25,
    });
    assert.equal(await changedEvents(), (settingsEvents ?? 0) + 1, "a new minimum is a changed search");
    await settings(user, {
      portals: ["naukri"],
      roles: ["Software Engineer"],
      locations: ["Bengaluru"],
      min_lpa: 25,
      search_active: true,
    });
    assert.equal(
      await changedEvents(),
      (settingsEvents ?? 0) + 1,
      "switching the search on changes no score",
    );

    const rescore = (token: string) =>
      callFunction("job-fetcher/v1/internal/jobs/rescore", {
        method: "POST",
        token,
        body: { user_id: user.userId },
      });
    assert.equal((await rescore(user.accessToken)).status, 403);
    assert.equal(
      (await jobs(user)).items[0]?.match_score,
      before.match_score,
      "a user token changed nothing",
    );
    const first = await rescore(env.serviceRoleKey);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(first.body, { rescored: 1, checked: 1 });
    const after = found((await jobs(user)).items[0], "the job");
    assert.ok(after.match_score < before.match_score, `${after.match_score} < ${before.match_score}`);
    const salary = found(
      after.match_breakdown.find((b) => b.factor === "salary"),
      "the salary line",
    );
    assert.match(salary.detail, /25/, "the breakdown names the new minimum");
    assert.deepEqual(
      (await rescore(env.serviceRoleKey)).body,
      { rescored: 0, checked: 1 },
      "nothing left to change",
    );
  });
});
