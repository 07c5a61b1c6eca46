/**
 * The insights function through the API: the dashboard's cards, applications over time and their
 * summary (IST days), resume performance with Wilson intervals, skill gaps, the report email
 * schedule, CSV exports (downloaded through the signed URL and parsed back), PDF exports handed to
 * the runner, and the admin reports. Attacks first: another user's data never shows, whatever
 * `user_id` is sent; admin routes give a user 403; bad input is a 422 with a code.
 *
 * Applications are arranged in SQL (the Job Application stack's own flows are tested there); the
 * numbers asserted are exact.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import postgres from "postgres";
import { callFunction, env, newAdmin, newUser, type TestUser, withSql } from "../support/env.js";

let alice: TestUser;
let bob: TestUser;
let admin: TestUser;
const tag = randomUUID().slice(0, 8);
const RESUME = randomUUID();
const V1 = randomUUID();
const V2 = randomUUID();

const get = (path: string, token: string) => callFunction(`insights/v1/${path}`, { token });

/** A fetched job and, when `applied` is given, a submitted application to it. */
async function application(
  user: TestUser,
  ext: string,
  portal: string,
  applied: string | null,
  response = "pending",
  version: string | null = null,
  skills: string[] = [],
) {
  await withSql(async (sql) => {
    const [job] = await sql<{ id: string }[]>`
      insert into public.fetched_jobs (user_id, portal, external_job_id, title, company, job_url, norm_company, norm_title,
                                       match_score, skills)
      values (${user.userId}, ${portal}, ${`${tag}-${ext}`}, ${`Engineer ${ext}`}, ${`Acme ${ext}, "India"`},
              ${`https://example.com/${ext}`}, 'acme', 'engineer', 80, ${skills})
      returning id`;
    if (applied === null) return;
    await sql`
      insert into public.job_applications (user_id, fetched_job_id, duplicate_group_id, portal, mode, status, response_status,
                                           applied_at, created_at, resume_version_id)
      values (${user.userId}, ${job?.id ?? null}, ${job?.id ?? null}, ${portal}, 'manual', 'submitted', ${response}, ${applied}, ${applied}, ${version})`;
  });
}

before(async () => {
  [alice, bob, admin] = await Promise.all([
    newUser(`ins-alice-${tag}`),
    newUser(`ins-bob-${tag}`),
    newAdmin("ins-adm"),
  ]);
  await withSql(async (sql) => {
    await sql`insert into public.job_settings (user_id, search_active, portals, roles, locations, min_lpa)
              values (${alice.userId}, true, '{naukri,linkedin}', ${[`Platform ${tag}`]}, '{Pune}', 18)`;
    await sql`insert into public.repositories (user_id, provider_repo_id, name, full_name, html_url, languages)
              values (${alice.userId}, 1, 'tool', 'alice/tool', 'https://github.com/alice/tool', '{"Python": 10}')`;
    await sql`insert into public.resumes (id, user_id, name, role_type) values (${RESUME}, ${alice.userId}, 'Backend', 'Backend engineer')`;
    await sql`insert into public.resume_versions (id, resume_id, user_id, number, generated_from, template, content_json)
              values (${V1}, ${RESUME}, ${alice.userId}, 1, 'manual', 'ats', '{"basics": {}, "meta": {}}'),
                     (${V2}, ${RESUME}, ${alice.userId}, 2, 'manual', 'ats', '{"basics": {}, "meta": {}}')`;
  });
  // 2026-11-29 18:29:59Z is 23:59:59 IST on the 29th; 18:30:00Z is midnight of the 30th (IST).
  await application(alice, "a1", "linkedin", "2026-11-29T18:29:59Z", "viewed", V1, ["Docker", "Python"]);
  await application(alice, "a2", "naukri", "2026-11-29T18:30:00Z", "interview", V1, ["Docker", "AWS"]);
  await application(alice, "a3", "naukri", "2026-11-30T05:00:00Z", "pending", V2, ["Docker"]);
  await application(alice, "j4", "naukri", null, "pending", null, ["Docker", "Kafka"]);
  await application(bob, "b1", "indeed", "2026-11-30T05:00:00Z", "offer");
  await withSql((sql) => sql`select private.refresh_skill_gaps(${alice.userId}::uuid)`);
});

describe("insights: attacks first", () => {
  test("no token: 401 on every route; a user on every admin route: 403 with nothing else", async () => {
    for (const path of ["dashboard/summary", "reports/applications/series", "insights/skill-gaps"]) {
      const res = await callFunction(`insights/v1/${path}`);
      assert.equal(res.status, 401, path);
    }
    for (const path of [
      "admin/dashboard/summary",
      "admin/reports/applications/series",
      "admin/reports/applications/list",
      "admin/reports/resume-performance",
      "admin/reports/certificates/stats",
      "admin/reports/users",
      "admin/reports/exports?type=users",
    ]) {
      const res = await get(path, alice.accessToken);
      assert.equal(res.status, 403, path);
      assert.deepEqual(Object.keys(res.body as object), ["error"], path);
      assert.ok(!JSON.stringify(res.body).includes(bob.email));
    }
  });

  test("a user_id in the query never widens a user's reports", async () => {
    const mine = await get(
      `reports/applications/summary?from=2026-11-29&to=2026-11-30&user_id=${alice.userId}`,
      bob.accessToken,
    );
    assert.equal(mine.status, 200);
    assert.equal((mine.body as { applied: number }).applied, 1, "bob's own application only");
    const perf = await get(
      `reports/resume-performance?from=2026-11-01&to=2026-11-30&resume_id=${RESUME}`,
      bob.accessToken,
    );
    assert.deepEqual(
      (perf.body as { resumes: unknown[] }).resumes,
      [],
      "alice's resume is not bob's to read",
    );
    const gaps = await get("insights/skill-gaps", bob.accessToken);
    assert.equal((gaps.body as { total: number }).total, 0);
  });

  test("bad input: 422 validation_failed with the field, never a 500", async () => {
    for (const q of [
      "reports/applications/series?from=2026-12-01&to=2026-11-01",
      "reports/applications/series?from=2020-01-01&to=2026-11-30",
      "reports/applications/series?interval=month",
      "reports/applications/summary?portal=myspace",
      "reports/applications/summary?from=2026-02-30",
      "reports/resume-performance?resume_id=not-a-uuid",
      "insights/skill-gaps?severity=critical",
      "insights/skill-gaps?page_size=1000",
      "reports/exports?type=applications&format=xlsx",
    ]) {
      const res = await get(q, alice.accessToken);
      assert.equal(res.status, 422, q);
      assert.equal((res.body as { error: { code: string } }).error.code, "validation_failed", q);
    }
    const bad = await callFunction("insights/v1/reports/email/subscription", {
      method: "POST",
      token: alice.accessToken,
      body: { schedule: "hourly" },
    });
    assert.equal(bad.status, 422);
  });
});

describe("insights: the user's reports", () => {
  test("the dashboard: every card in one request", async () => {
    const res = await get("dashboard/summary", alice.accessToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const s = res.body as Record<string, unknown>;
    assert.equal(s.job_search_status, "active");
    assert.deepEqual(s.job_search_portals, ["naukri", "linkedin"]);
    assert.equal(s.projects_synced_count, 1);
    assert.equal(s.resumes_count, 1);
    assert.equal(s.resume_versions_count, 2);
    assert.equal(s.resume_limit, 10);
    assert.equal(s.new_jobs_count, 4);
    assert.equal(s.skill_gap_alerts_count, 1, "Docker: 4 of 4 matching jobs");
    assert.deepEqual(
      (s.top_skill_gaps as { skill: string; severity: string }[]).map((g) => [g.skill, g.severity]),
      [
        ["Docker", "high"],
        ["AWS", "low"],
        ["Kafka", "low"],
      ],
    );
    const empty = await get("dashboard/summary", bob.accessToken);
    assert.equal((empty.body as Record<string, unknown>).job_search_status, "not_set_up");
    assert.equal((empty.body as Record<string, unknown>).skill_gap_alerts_count, 0);
  });

  test("the series: IST days (two UTC-same-day applications on two days), zero-filled, weeks from Monday", async () => {
    const res = await get("reports/applications/series?from=2026-11-28&to=2026-11-30", alice.accessToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const body = res.body as {
      time_zone: string;
      points: { start: string; applied: number; by_portal: Record<string, number> }[];
    };
    assert.equal(body.time_zone, "Asia/Kolkata");
    assert.deepEqual(
      body.points.map((p) => [p.start, p.applied, p.by_portal.linkedin, p.by_portal.naukri]),
      [
        ["2026-11-28", 0, 0, 0],
        ["2026-11-29", 1, 1, 0],
        ["2026-11-30", 2, 0, 2],
      ],
    );
    const weeks = await get(
      "reports/applications/series?from=2026-11-20&to=2026-11-30&interval=week&portal[]=naukri",
      alice.accessToken,
    );
    assert.deepEqual(
      (weeks.body as { points: { start: string; applied: number }[] }).points.map((p) => [
        p.start,
        p.applied,
      ]),
      [
        ["2026-11-16", 0],
        ["2026-11-23", 0],
        ["2026-11-30", 2],
      ],
    );
  });

  test("the summary: funnel, response rate with its Wilson interval, by portal", async () => {
    const res = await get("reports/applications/summary?from=2026-11-23&to=2026-11-30", alice.accessToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const s = res.body as Record<string, unknown>;
    assert.equal(s.applied, 3);
    assert.equal(s.responded, 2);
    assert.equal(s.response_rate, 0.6667);
    assert.deepEqual([s.response_rate_low, s.response_rate_high], [0.2077, 0.9385]);
    assert.deepEqual(s.funnel, { applied: 3, viewed: 2, shortlisted: 1, interview: 1, offer: 0 });
    assert.deepEqual(s.pipeline, { submitted: 3 });
    const empty = await get("reports/applications/summary?from=2026-10-01&to=2026-10-02", alice.accessToken);
    assert.equal(
      (empty.body as Record<string, unknown>).response_rate,
      null,
      "no applications: no rate, not 0 %",
    );
  });

  test("resume performance: per resume and version, with Wilson intervals", async () => {
    const res = await get("reports/resume-performance?from=2026-11-01&to=2026-11-30", alice.accessToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [resume] = (res.body as { resumes: Record<string, unknown>[] }).resumes;
    assert.ok(resume);
    assert.equal(resume.resume_name, "Backend");
    assert.deepEqual([resume.applications, resume.responded, resume.response_rate], [3, 2, 0.6667]);
    const versions = resume.versions as Record<string, unknown>[];
    assert.deepEqual(
      versions.map((v) => [
        v.version_number,
        v.applications,
        v.responded,
        v.response_rate_low,
        v.response_rate_high,
      ]),
      [
        [1, 2, 2, 0.3424, 1],
        [2, 1, 0, 0, 0.7935],
      ],
    );
  });

  test("skill gaps: pages, severity filter, search", async () => {
    const res = await get("insights/skill-gaps?page_size=2", alice.accessToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const page = res.body as {
      total: number;
      items: { skill: string; share: number; example_jobs: unknown[]; recommendation: string }[];
    };
    assert.equal(page.total, 3);
    assert.deepEqual(
      page.items.map((g) => g.skill),
      ["Docker", "AWS"],
    );
    assert.equal(page.items[0]?.share, 1);
    assert.equal(page.items[0]?.example_jobs.length, 3);
    assert.match(page.items[0]?.recommendation ?? "", /Docker/);
    const second = await get("insights/skill-gaps?page_size=2&page=2", alice.accessToken);
    assert.deepEqual(
      (second.body as typeof page).items.map((g) => g.skill),
      ["Kafka"],
    );
    const high = await get("insights/skill-gaps?severity[]=high", alice.accessToken);
    assert.deepEqual(
      (high.body as typeof page).items.map((g) => g.skill),
      ["Docker"],
    );
    const q = await get("insights/skill-gaps?q=kaf", alice.accessToken);
    assert.deepEqual(
      (q.body as typeof page).items.map((g) => g.skill),
      ["Kafka"],
    );
    const beyond = await get("insights/skill-gaps?page=9", alice.accessToken);
    assert.equal((beyond.body as typeof page).total, 3, "a page past the end still says how many there are");
  });

  test("the email schedule: daily, weekly, off, each user their own", async () => {
    const post = (schedule: string, token = alice.accessToken) =>
      callFunction("insights/v1/reports/email/subscription", { method: "POST", token, body: { schedule } });
    assert.deepEqual((await get("reports/email/subscription", alice.accessToken)).body, {
      schedule: "weekly",
      unsubscribed: false,
    });
    const res = await post("daily");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: "updated", schedule: "daily" });
    assert.deepEqual((await get("reports/email/subscription", alice.accessToken)).body, {
      schedule: "daily",
      unsubscribed: false,
    });
    assert.deepEqual((await get("reports/email/subscription", bob.accessToken)).body, {
      schedule: "weekly",
      unsubscribed: false,
    });
    await post("off");
    assert.equal(
      ((await get("reports/email/subscription", alice.accessToken)).body as { schedule: string }).schedule,
      "off",
    );
  });
});

describe("insights: exports", () => {
  test("CSV: a signed link that expires, the file parses back to the rows, recorded; a stranger cannot fetch it", async () => {
    const res = await get(
      "reports/exports?type=applications&format=csv&from=2026-11-01&to=2026-11-30",
      alice.accessToken,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const e = res.body as {
      export_id: string;
      status: string;
      file_url: string;
      expires_at: string;
      row_count: number;
    };
    assert.equal(e.status, "ready");
    assert.equal(e.row_count, 3);
    const ttl = Date.parse(e.expires_at) - Date.now();
    assert.ok(ttl > 500_000 && ttl <= 600_000, `expires in about 10 minutes (${ttl} ms)`);
    const file = await fetch(e.file_url);
    assert.equal(file.status, 200);
    const rows = parse(await file.text(), { columns: true, bom: true }) as Record<string, string>[];
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((r) => [r.portal, r.company, r.response_status, r.user_email]).sort(), [
      ["linkedin", 'Acme a1, "India"', "viewed", alice.email],
      ["naukri", 'Acme a2, "India"', "interview", alice.email],
      ["naukri", 'Acme a3, "India"', "pending", alice.email],
    ]);
    const tampered = await fetch(
      e.file_url.replace(/token=([^&]+)/, (_m, t: string) => `token=${t.slice(0, -2)}xx`),
    );
    assert.ok(tampered.status >= 400, "an altered link does not download");
    const again = await get(`reports/exports/${e.export_id}`, alice.accessToken);
    assert.equal((again.body as { status: string }).status, "ready");
    const stranger = await get(`reports/exports/${e.export_id}`, bob.accessToken);
    assert.equal(stranger.status, 404);
    const bobs = await get(
      "reports/exports?type=applications&format=csv&from=2026-11-01&to=2026-11-30",
      bob.accessToken,
    );
    assert.equal(
      (bobs.body as { row_count: number }).row_count,
      1,
      "bob's export holds only his application",
    );
  });

  test("7 days on, the file is removed and the export says so (the record stays)", async () => {
    const res = await get("reports/exports?type=jobs&format=csv", alice.accessToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const id = (res.body as { export_id: string }).export_id;
    await withSql(async (sql) => {
      await sql`update public.report_exports set finished_at = now() - interval '8 days' where id = ${id}`;
      await sql`select private.expire_report_exports()`;
    });
    const after = await get(`reports/exports/${id}`, alice.accessToken);
    assert.equal(after.status, 200);
    const e = after.body as { status: string; file_url: string | null; error: string };
    assert.deepEqual([e.status, e.file_url], ["expired", null]);
    assert.match(e.error, /kept for 7 days/);
    const [queued] = await withSql(
      (sql) => sql<{ path: string }[]>`
      select payload ->> 'path' as path from public.event_log
       where event_type = 'storage.object.rejected' and payload ->> 'reason' = 'export_expired'
         and payload ->> 'path' like ${`%${id}.csv`}`,
    );
    assert.equal(queued?.path, `${alice.userId}/${id}.csv`, "its file is queued for deletion");
  });

  test("skill gaps and jobs as CSV", async () => {
    const gaps = await get("reports/exports?type=skill_gaps&format=csv", alice.accessToken);
    const rows = parse(await (await fetch((gaps.body as { file_url: string }).file_url)).text(), {
      columns: true,
      bom: true,
    }) as Record<string, string>[];
    assert.deepEqual(
      rows.map((r) => [r.skill, r.severity, r.job_count]),
      [
        ["Docker", "high", "4"],
        ["AWS", "low", "1"],
        ["Kafka", "low", "1"],
      ],
    );
  });

  test("PDF: handed to the runner (202), pending until it is made", async () => {
    const res = await get(
      "reports/exports?type=applications&format=pdf&from=2026-11-01&to=2026-11-30",
      alice.accessToken,
    );
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const e = res.body as { export_id: string; status: string; file_url: string | null };
    assert.equal(e.status, "pending");
    assert.equal(e.file_url, null);
    const [queued] = await withSql(
      (sql) => sql<{ n: number }[]>`
      select count(*)::int as n from public.event_log
       where event_type = 'report.export.requested' and payload ->> 'export_id' = ${e.export_id}`,
    );
    assert.equal(queued?.n, 1);
  });
});

describe("insights: admin reports", () => {
  test("platform metrics, also on the admin console's dashboard", async () => {
    const res = await get("admin/dashboard/summary", admin.accessToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const m = res.body as Record<string, unknown>;
    for (const k of [
      "total_users",
      "active_job_searches",
      "pending_certificates",
      "api_key_expiry_alerts",
      "applications_24h",
    ]) {
      assert.equal(typeof m[k], "number", k);
    }
    assert.ok(Array.isArray(m.top_portals_7d));
    const console = await callFunction("admin/v1/admin/dashboard", { token: admin.accessToken });
    assert.equal(console.status, 200, JSON.stringify(console.body));
    const d = console.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(d.errors_24h as object).sort(), [
      "dead_letters",
      "failed_applications",
      "failed_apply_runs",
      "failed_fetch_runs",
      "total",
    ]);
    assert.equal(d.total_users, m.total_users);
  });

  test("series across users, filtered by the job-settings role, with its summary", async () => {
    const res = await get(
      `admin/reports/applications/series?from=2026-11-29&to=2026-11-30&role=platform%20${tag}`,
      admin.accessToken,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const body = res.body as { points: { applied: number }[]; summary: { applied: number } };
    assert.deepEqual(
      body.points.map((p) => p.applied),
      [1, 2],
      "alice's target role matches; bob has none",
    );
    assert.equal(body.summary.applied, 3);
    const both = await get(
      `admin/reports/applications/series?from=2026-11-29&to=2026-11-30&user_id[]=${alice.userId}&user_id[]=${bob.userId}`,
      admin.accessToken,
    );
    assert.equal((both.body as typeof body).summary.applied, 4);
  });

  test("the application list, resume performance, certificate stats and the users report", async () => {
    const list = await get(
      `admin/reports/applications/list?q=acme%20a&user_id=${alice.userId}&sort=applied_at`,
      admin.accessToken,
    );
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(
      (list.body as { items: { company: string }[] }).items.map((i) => i.company),
      ['Acme a1, "India"', 'Acme a2, "India"', 'Acme a3, "India"'],
    );
    const perf = await get(
      `admin/reports/resume-performance?from=2026-11-01&to=2026-11-30&user_id=${alice.userId}`,
      admin.accessToken,
    );
    assert.equal((perf.body as { resumes: { applications: number }[] }).resumes[0]?.applications, 3);
    const certs = await get("admin/reports/certificates/stats?from=2026-11-01", admin.accessToken);
    assert.equal(certs.status, 200, JSON.stringify(certs.body));
    assert.equal(typeof (certs.body as { total: number }).total, "number");
    const users = await get(`admin/reports/users?q=ins-alice-${tag}&search_active=true`, admin.accessToken);
    assert.equal(users.status, 200, JSON.stringify(users.body));
    const [u] = (users.body as { items: Record<string, unknown>[] }).items;
    assert.deepEqual(
      [u?.email, u?.applications_total, u?.open_high_skill_gaps, u?.job_search_status],
      [alice.email, 3, 1, "active"],
    );
    const none = await get(`admin/reports/users?q=ins-alice-${tag}&search_active=false`, admin.accessToken);
    assert.equal((none.body as { total: number }).total, 0);
  });

  test("an admin export is in the audit log", async () => {
    const res = await get(
      `admin/reports/exports?type=users&format=csv&from=2026-01-01&to=2026-12-31`,
      admin.accessToken,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const e = res.body as { export_id: string; file_url: string };
    const rows = parse(await (await fetch(e.file_url)).text(), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    assert.ok(
      rows.some((r) => r.email === alice.email),
      "the users export lists users",
    );
    const audit = await callFunction(`admin/v1/admin/audit?action=report.export`, {
      token: admin.accessToken,
    });
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    assert.ok(
      (audit.body as { items: { target_id: string }[] }).items.some((i) => i.target_id === e.export_id),
      "the export's audit row",
    );
  });
});

describe("insights: analytics_daily under concurrent writers", () => {
  test("two transactions changing one user's applications of one IST day both commit, and the day's row is right", async () => {
    const user = await newUser(`ins-conc-${tag}`);
    await application(user, "c1", "naukri", "2026-11-25T06:00:00Z");
    await application(user, "c2", "naukri", "2026-11-25T07:00:00Z");
    const ids = await withSql(
      (sql) => sql<{ id: string }[]>`
      select id::text from public.job_applications where user_id = ${user.userId} order by applied_at`,
    );
    const sql = postgres(env.dbUrl, { max: 2, onnotice: () => {} });
    try {
      const a = await sql.reserve();
      const b = await sql.reserve();
      await a`begin`;
      await b`begin`;
      await a`update public.job_applications set response_status = 'viewed' where id = ${ids[0]?.id ?? null}`;
      // b's trigger waits for a's per-user lock; before the lock it failed with a unique violation.
      const second =
        b`update public.job_applications set response_status = 'interview' where id = ${ids[1]?.id ?? null}`.then(
          () => null,
          (e: unknown) => e,
        );
      await new Promise((r) => setTimeout(r, 300));
      await a`commit`;
      assert.equal(await second, null, "the second writer's statement succeeded");
      await b`commit`;
      a.release();
      b.release();
    } finally {
      await sql.end({ timeout: 5 });
    }
    const [row] = await withSql(
      (sql) => sql<{ applied: number; viewed: number; interview: number; responded: number }[]>`
      select applied, viewed, interview, responded from public.analytics_daily
       where user_id = ${user.userId} and day = '2026-11-25'`,
    );
    assert.deepEqual({ ...row }, { applied: 2, viewed: 2, interview: 1, responded: 2 });
  });
});
