/**
 * The /jobs page as a user sees it: jobs arrive through the ingest route (the one door every
 * source uses; the portal clients are tested in tests/api/runner-portals.test.ts), then the list
 * ranks them, filters and sorts them through the URL, explains each score, opens a job with its
 * description and "also on" badges, records decisions, pages, and shows the fetch history with
 * readable errors; /job-control shows each portal's last and next fetch; the dashboard its card.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { callFunction, env, type TestUser, withSql } from "../support/env.ts";
import { launchBrowser, MOBILE, newContext, overflowingElements } from "./browser.ts";
import { JobsPage } from "./jobs.po.ts";
import { shot, signedInUser } from "./onboarding.po.ts";

/** `v`, or a failed test naming what was missing. */
function found<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new Error(`missing: ${what}`);
  return v;
}

async function settings(user: TestUser, body: Record<string, unknown>) {
  const res = await callFunction("onboarding/v1/settings/job", {
    method: "PUT",
    token: user.accessToken,
    body: {
      search_active: false,
      auto_apply: false,
      locations: [],
      min_lpa: null,
      company_types: [],
      ...body,
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

async function ingest(user: TestUser, portal: string, jobs: Record<string, unknown>[], runId?: string) {
  const res = await callFunction("job-fetcher/v1/internal/jobs/ingest", {
    method: "POST",
    token: env.serviceRoleKey,
    body: { user_id: user.userId, portal, run_id: runId ?? null, jobs },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const job = (
  id: string,
  title: string,
  company: string,
  location: string,
  salary: string,
  extra: Record<string, unknown> = {},
) => ({
  external_job_id: id,
  title,
  company,
  location,
  salary_text: salary,
  experience_text: "3-5 Yrs",
  description: `<p>${title} at ${company}.</p><ul><li>React, TypeScript and Next.js</li><li>Work with designers</li></ul>`,
  skills: ["React", "TypeScript"],
  job_url: `https://www.naukri.com/job-listings-${id}`,
  posted_at: "2 days ago",
  ...extra,
});

describe("jobs page", () => {
  let browser: Browser;
  let page: Page;
  let jobs: JobsPage;
  let user: TestUser;

  before(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    user = await signedInUser(page, "e2e-jobs-list");
    jobs = new JobsPage(page);
  });
  after(async () => {
    await browser?.close();
  });

  test("with no jobs and no search set up, the page says what to do", async () => {
    await jobs.goto();
    assert.equal(await jobs.el("jobs-empty").getAttribute("data-kind"), "no-jobs");
    assert.ok(await jobs.el("fetch-now-button").isDisabled(), "nothing to fetch without portals and roles");
    assert.match((await jobs.el("runs-empty").textContent()) ?? "", /No fetch has run yet/);
    await shot(page, "jobs-empty");
  });

  test("jobs are ranked by match, each listed once with the portals it is also on", async () => {
    await settings(user, {
      portals: ["naukri", "linkedin", "indeed"],
      roles: ["Frontend Developer"],
      locations: ["Pune"],
      min_lpa: 10,
    });
    const [run] = await withSql(
      (sql) => sql<{ id: string }[]>`
      select id from private.start_job_fetch_runs(${user.userId}, array['naukri'], 'manual')`,
    );
    await ingest(
      user,
      "naukri",
      [
        job("n1", "Sr. Frontend Developer", "Persistent Systems Ltd", "Pune", "₹ 14-20 Lacs P.A."),
        job("n2", "Frontend Developer", "Druva", "Hybrid - Pune", "12 LPA"),
        job("n3", "Java Developer", "TCS", "Chennai", "6-9 Lacs P.A."),
        job("n4", "Frontend Developer", "Cheap Co", "Pune", "₹40,000 a month"),
        ...Array.from({ length: 20 }, (_, i) =>
          job(`f${i}`, `UI Engineer ${i + 1}`, `Agency ${i + 1}`, "Mumbai", "Not disclosed"),
        ),
      ],
      found(run, "run").id,
    );
    await ingest(user, "linkedin", [
      job(
        "3629482208",
        "Senior Frontend Developer",
        "Persistent Systems Limited",
        "Pune, Maharashtra, India",
        "",
        {
          job_url: "https://www.linkedin.com/jobs/view/3629482208",
        },
      ),
    ]);
    await withSql(async (sql) => {
      await sql`select private.finish_job_fetch_run(${found(run, "run").id}, 'completed')`;
      const [li] = await sql<
        { id: string }[]
      >`select id from private.start_job_fetch_runs(${user.userId}, array['linkedin'], 'schedule')`;
      await sql`select private.finish_job_fetch_run(${found(li, "run").id}, 'failed',
        ${sql.json([{ code: "rate_limited", message: "LinkedIn answered 429 (too many requests). The fetch stopped at page 2.", page: 2 }])},
        now() + interval '2 hours')`;
    });

    await jobs.goto();
    assert.equal((await jobs.el("jobs-count").textContent())?.trim(), "24 jobs");
    const titles = await jobs.titles();
    assert.equal(titles.length, 20, "20 per page");
    const scores = (await jobs.el("job-score").allTextContents()).map((t) => Number.parseInt(t, 10));
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
      "best match first",
    );
    assert.ok(titles.slice(0, 2).includes("Sr. Frontend Developer"), titles.join(" | "));
    const companies = (await jobs.el("job-company").allTextContents()).map((t) => t.trim());
    assert.ok(companies.indexOf("Druva") < companies.indexOf("Cheap Co"), "pay below the minimum sinks");
    assert.ok(companies.indexOf("Cheap Co") >= 0, "but the job is still listed");
    const persistent = jobs.card("Sr. Frontend Developer");
    assert.deepEqual(
      (await persistent.locator('[data-test="job-also-on"]').allTextContents()).map((t) => t.trim()),
      ["also on LinkedIn"],
    );
    assert.match((await persistent.locator('[data-test="job-salary"]').textContent()) ?? "", /14–20 LPA/);
    assert.match((await persistent.locator('[data-test="job-location"]').textContent()) ?? "", /Pune/);

    await persistent.locator('[data-test="job-score"]').click();
    const breakdown = jobs.el("job-score-breakdown");
    await breakdown.waitFor();
    assert.match((await breakdown.textContent()) ?? "", /Role fit/);
    assert.match(
      (await breakdown.locator('[data-test="breakdown-location"]').textContent()) ?? "",
      /In Pune, one of your locations/,
    );
    await shot(page, "jobs-list-breakdown");
    await page.keyboard.press("Escape");
    await breakdown.waitFor({ state: "detached" });

    const runs = jobs.el("run");
    assert.equal(await runs.count(), 2);
    assert.match((await jobs.el("run-errors").first().textContent()) ?? "", /LinkedIn answered 429/);
    assert.match((await jobs.el("run-blocked").first().textContent()) ?? "", /paused for your account/);
  });

  test("the detail shows the description and every portal; a decision is shared by the copies", async () => {
    await jobs.goto();
    await jobs.card("Sr. Frontend Developer").locator('[data-test="job-title"]').click();
    await jobs.el("job-detail").waitFor();
    assert.match(page.url(), /[?&]job=/);
    assert.match(
      (await jobs.el("job-detail-description").textContent()) ?? "",
      /React, TypeScript and Next\.js/,
    );
    assert.deepEqual(
      (await jobs.el("job-detail-portals").locator("a").allTextContents()).map((t) => t.trim()),
      ["Naukri", "LinkedIn"],
    );
    await shot(page, "jobs-detail");
    await jobs.el("job-detail").locator('[data-test="job-action-queued"]').click();
    await page.locator("[data-sonner-toast]").filter({ hasText: "Queued to apply" }).waitFor();
    await page.keyboard.press("Escape");
    await jobs.el("job-detail").waitFor({ state: "detached" });
    await jobs
      .card("Sr. Frontend Developer")
      .locator('[data-test="job-status"]')
      .filter({ hasText: "Queued" })
      .waitFor();
    const body = (await callFunction("job-fetcher/v1/jobs?status=queued", { token: user.accessToken }))
      .body as {
      total: number;
    };
    assert.equal(body.total, 1, "one job queued, not two copies");
  });

  test("filters, sort and pages live in the URL", async () => {
    await jobs.goto();
    await jobs.filter({ location: "Poona" });
    assert.match(page.url(), /location=Poona/);
    assert.deepEqual((await jobs.titles()).sort(), [
      "Frontend Developer",
      "Frontend Developer",
      "Sr. Frontend Developer",
    ]);
    await jobs.filter({ location: "", "min-lpa": "13" }, { sort: "-lpa_max" });
    assert.deepEqual(await jobs.titles(), ["Sr. Frontend Developer"]);
    await shot(page, "jobs-filtered");
    await jobs.filter({ "min-lpa": "", q: "nothing like this" });
    assert.equal(await jobs.el("jobs-empty").getAttribute("data-kind"), "no-match");
    await jobs.el("jobs-clear").click();
    await page.waitForURL(/\/jobs$/);
    await jobs.el("jobs-next").click();
    await page.waitForURL(/page=2/);
    assert.equal((await jobs.titles()).length, 4);
    assert.match((await jobs.el("jobs-page-label").textContent()) ?? "", /Page 2 of 2/);
    await page.reload();
    assert.equal((await jobs.titles()).length, 4, "the page survives a reload");
  });

  test("Job Control shows each portal's last and next fetch; the dashboard its status card", async () => {
    await page.goto("/job-control");
    await jobs.el("portal-schedule").waitFor();
    assert.match((await jobs.el("schedule-linkedin").textContent()) ?? "", /failed/);
    assert.match(
      (await jobs.el("schedule-naukri").locator('[data-test="schedule-next"]').textContent()) ?? "",
      /Search stopped/,
    );
    await shot(page, "job-control-schedule");
    await page.goto("/dashboard");
    await jobs.el("dashboard-job-fetch").waitFor();
    assert.equal((await jobs.el("dashboard-queued-jobs").textContent())?.trim(), "1");
    assert.match((await jobs.el("dashboard-fetch-failing").textContent()) ?? "", /LinkedIn/);
    await shot(page, "dashboard-job-status");
  });

  test("Fetch now starts the runs and shows their progress", async () => {
    await jobs.goto();
    await jobs.el("fetch-now-button").click();
    await Promise.race([
      jobs.el("fetch-progress").waitFor(),
      jobs.el("fetch-result").waitFor(),
      jobs.el("fetch-error").waitFor(),
    ]);
    const runs = (await callFunction("job-fetcher/v1/job-fetcher/runs", { token: user.accessToken }))
      .body as {
      total: number;
    };
    assert.equal(runs.total, 5, "three new runs beside the two earlier ones");
    await shot(page, "jobs-fetching");
  });

  test("on a phone nothing overflows", async () => {
    const phone = await (await newContext(browser, MOBILE)).newPage();
    await signedInUser(phone, "e2e-jobs-phone");
    await phone.goto("/jobs");
    await new JobsPage(phone).el("jobs-filters").waitFor();
    await shot(phone, "jobs-mobile");
    assert.deepEqual(await overflowingElements(phone), []);
  });
});
