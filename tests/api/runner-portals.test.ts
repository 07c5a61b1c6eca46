/**
 * The runner's portal clients end to end: "Fetch now" → jobs.fetch.requested → the job_fetch
 * consumer pages through the loopback Naukri / LinkedIn / Indeed fakes (their real response
 * shapes: pagination, malformed entries, empty pages, 429, captcha, sign-in walls) → the ingest
 * route → runs finished with counts and readable errors, blocked portals backed off, jobs listed
 * once across portals, one notification per run with new jobs.
 *
 * Starts its own runner on the job_fetch queue (tests/run.ts runs runner-* files one at a time,
 * with the stack's runner stopped).
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { type PortalFakes, startPortalFakes } from "../fakes/portals.js";
import { callFunction, newUser, type TestUser, withSql } from "../support/env.js";
import { assertNoStackRunner, killRunner, type RunnerProcess, startRunner } from "../support/runner.js";

const LINKEDIN_PACING_MS = 300;

let runner: RunnerProcess | undefined;
let fakes: Awaited<ReturnType<typeof startPortalFakes>> | undefined;
let fake: PortalFakes;

before(async () => {
  await assertNoStackRunner();
  // Fetch requests other test files left in the queue (they ran without a runner) would be
  // fetched from these fakes too and muddle the request log: drop them first.
  await withSql((sql) => sql`select pgmq.purge_queue('job_fetch'), pgmq.purge_queue('job_rescore')`);
  fakes = await startPortalFakes();
  fake = fakes.fake;
  runner = await startRunner({
    queues: ["job_fetch", "job_rescore"],
    name: "portals-test",
    env: {
      NAUKRI_BASE_URL: fakes.url,
      LINKEDIN_BASE_URL: fakes.url,
      INDEED_API_BASE_URL: fakes.url,
      PORTAL_PACING_NAUKRI_MS: "0",
      PORTAL_PACING_INDEED_MS: "0",
      PORTAL_PACING_LINKEDIN_MS: String(LINKEDIN_PACING_MS),
      PORTAL_PAGE_CAP: "5",
      PORTAL_BACKOFF_S: "3600",
    },
  });
});
after(async () => {
  await killRunner(runner);
  await fakes?.close();
});
beforeEach(() => fake.reset());

interface Run {
  id: string;
  portal: string;
  status: string;
  jobs_found: number;
  new_jobs_added: number;
  pages_fetched: number;
  errors: { code: string; message: string; page?: number }[];
  blocked_until: string | null;
}

/** Saves the user's job settings: all three portals, searching, 10 LPA unless `search` says otherwise. */
async function saveSearch(user: TestUser, search: Record<string, unknown> = {}): Promise<void> {
  const res = await callFunction("onboarding/v1/settings/job", {
    method: "PUT",
    token: user.accessToken,
    body: {
      search_active: true,
      auto_apply: false,
      portals: ["naukri", "linkedin", "indeed"],
      roles: ["Software Engineer"],
      locations: ["Bengaluru"],
      min_lpa: 10,
      company_types: [],
      ...search,
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

async function searcher(prefix: string, search: Record<string, unknown> = {}): Promise<TestUser> {
  const user = await newUser(prefix);
  await saveSearch(user, search);
  return user;
}

/** Fetch now, then the run of each portal once none is running. */
async function fetchNow(user: TestUser): Promise<{ naukri: Run; linkedin: Run; indeed: Run }> {
  const started = await callFunction("job-fetcher/v1/job-fetcher/sync", {
    method: "POST",
    token: user.accessToken,
    body: {},
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await callFunction("job-fetcher/v1/job-fetcher/runs", { token: user.accessToken });
    const runs = (res.body as { items: Run[] }).items;
    const naukri = runs.find((r) => r.portal === "naukri");
    const linkedin = runs.find((r) => r.portal === "linkedin");
    const indeed = runs.find((r) => r.portal === "indeed");
    if (naukri && linkedin && indeed && runs.every((r) => r.status !== "running"))
      return { naukri, linkedin, indeed };
    if (Date.now() > deadline) throw new Error(`runs still running: ${JSON.stringify(runs)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("job_fetch: the portal clients against the portal fakes", () => {
  test("pages through all three portals, leaves malformed entries out, lists a job once across portals", async () => {
    fake.setScenario("naukri", { total: 45, malformed: [3] });
    fake.setScenario("linkedin", { total: 25, pageSize: 10, malformed: [12] });
    fake.setScenario("indeed", { total: 30 });
    const user = await searcher("portals-ok");
    const runs = await fetchNow(user);

    assert.equal(runs.naukri.status, "completed");
    assert.deepEqual(
      [runs.naukri.jobs_found, runs.naukri.pages_fetched],
      [44, 3],
      "20 + 20 + 5 jobs, one malformed",
    );
    assert.ok(
      runs.naukri.errors.some(
        (e) => e.code === "malformed" && /1 malformed entries on page 1/.test(e.message),
      ),
    );
    assert.equal(runs.linkedin.status, "completed");
    assert.deepEqual([runs.linkedin.jobs_found, runs.linkedin.pages_fetched], [24, 3]);
    assert.equal(runs.indeed.status, "completed");
    assert.deepEqual([runs.indeed.jobs_found, runs.indeed.pages_fetched], [30, 2]);

    // What the clients sent: Naukri's app headers and page numbers, LinkedIn's start offsets
    // advancing by the cards received (and one more request that finds the empty page), Indeed's cursor.
    const nk = fake.requests.filter((r) => r.portal === "naukri");
    assert.deepEqual(
      nk.map((r) => r.query.pageNo),
      ["1", "2", "3"],
    );
    assert.equal(nk[0]?.headers.appid, "109");
    assert.equal(nk[0]?.headers.systemid, "Naukri");
    assert.equal(nk[0]?.query.seoKey, "software-engineer-jobs");
    const li = fake.requests.filter((r) => r.portal === "linkedin");
    assert.deepEqual(
      li.map((r) => r.query.start),
      ["0", "10", "20", "25"],
    );
    assert.equal(li[0]?.query.location, "Bengaluru");
    li.forEach((r, i) => {
      const before = li[i - 1];
      if (before) assert.ok(r.at - before.at >= LINKEDIN_PACING_MS - 5, "LinkedIn pages are paced");
    });
    const ind = fake.requests.filter((r) => r.portal === "indeed");
    assert.equal(ind.length, 2);
    assert.equal(ind[0]?.headers["indeed-co"], "IN");

    // Normalised and deduplicated: the fakes serve the same five jobs on every portal.
    const page = await callFunction("job-fetcher/v1/jobs?page_size=100", { token: user.accessToken });
    const body = page.body as {
      total: number;
      items: { portal: string; also_on: { portal: string }[]; lpa_min: number | null; locations: string[] }[];
    };
    assert.ok(body.total < 98, `cross-portal copies are listed once (${body.total} of 98)`);
    assert.ok(
      body.items.some((j) => j.also_on.length > 0),
      "some jobs are also on another portal",
    );
    const fromNaukri = body.items.find((j) => j.portal === "naukri" && j.lpa_min === 18);
    assert.ok(fromNaukri, "Naukri's '18-25 Lacs P.A.' became 18 LPA");
    assert.deepEqual(fromNaukri.locations, ["Bengaluru"]);

    await withSql((sql) => sql`select private.run_sql_consumer('notifications')`);
    const notes = await callFunction("notifications/v1/notifications?page_size=50", {
      token: user.accessToken,
    });
    const fetched = (notes.body as { items: { type: string; title: string }[] }).items.filter(
      (n) => n.type === "jobs.fetched",
    );
    const withNew = Object.values(runs).filter((r) => r.new_jobs_added > 0);
    assert.equal(fetched.length, withNew.length, "one notification per run with new jobs");
    assert.ok(fetched.every((n) => /new jobs? match/.test(n.title)));
  });

  test("429, captcha and 403 stop the run at once, say why, and back the portal off", async () => {
    fake.setScenario("naukri", { total: 45, failAt: { 1: "captcha" } });
    fake.setScenario("linkedin", {
      total: 50,
      pageSize: 10,
      failAt: { 2: "rate_limited" },
      retryAfterS: 120,
    });
    fake.setScenario("indeed", { total: 30, failAt: { 1: "captcha" } });
    const user = await searcher("portals-blocked");
    const runs = await fetchNow(user);

    const li = runs.linkedin;
    assert.equal(li.status, "failed");
    assert.equal(li.jobs_found, 10, "the page before the 429 is kept");
    assert.equal(li.errors[0]?.code, "rate_limited");
    assert.match(li.errors[0]?.message, /429/);
    const liWait = (Date.parse(li.blocked_until ?? "") - Date.now()) / 1000;
    assert.ok(liWait > 60 && liWait <= 121, `Retry-After honoured (${liWait} s)`);
    assert.equal(fake.requests.filter((r) => r.portal === "linkedin").length, 2, "no request after the 429");

    const nk = runs.naukri;
    assert.deepEqual([nk.status, nk.errors[0]?.code, nk.jobs_found], ["failed", "captcha", 0]);
    assert.match(nk.errors[0]?.message ?? "", /captcha/);
    const nkWait = (Date.parse(nk.blocked_until ?? "") - Date.now()) / 1000;
    assert.ok(nkWait > 3000 && nkWait <= 3600, `the default back-off (${nkWait} s)`);
    assert.deepEqual([runs.indeed.status, runs.indeed.errors[0]?.code], ["failed", "captcha"]);

    // The schedule leaves blocked portals alone: their next run is after the back-off.
    const schedule = await callFunction("job-fetcher/v1/job-fetcher/schedule", { token: user.accessToken });
    for (const p of (
      schedule.body as { portals: { portal: string; next_run_at: string; blocked_until: string }[] }
    ).portals) {
      assert.ok(Date.parse(p.next_run_at) >= Date.parse(p.blocked_until) - 1000, p.portal);
    }
  });

  test("a sign-in wall, a changed page structure and a non-JSON answer are named in the run", async () => {
    fake.setScenario("linkedin", { total: 10, failAt: { 1: "sign_in_wall" } });
    fake.setScenario("naukri", { total: 5, malformed: [0, 1, 2, 3, 4] });
    fake.setScenario("indeed", { total: 5, failAt: { 1: "not_json" } });
    const user = await searcher("portals-walls");
    const runs = await fetchNow(user);
    assert.deepEqual([runs.linkedin.status, runs.linkedin.errors[0]?.code], ["failed", "sign_in_wall"]);
    assert.match(runs.linkedin.errors[0]?.message ?? "", /sign-in wall/);
    assert.ok(runs.linkedin.blocked_until);
    assert.deepEqual(
      [runs.naukri.status, runs.naukri.errors[0]?.code, runs.naukri.jobs_found],
      ["failed", "malformed", 0],
    );
    assert.deepEqual([runs.indeed.status, runs.indeed.errors[0]?.code], ["failed", "malformed"]);
    assert.equal(runs.indeed.blocked_until, null, "a broken answer is no block");
  });

  test("an empty search completes with nothing new and no notification", async () => {
    const user = await searcher("portals-empty");
    const runs = await fetchNow(user);
    for (const r of Object.values(runs))
      assert.deepEqual([r.status, r.jobs_found, r.errors], ["completed", 0, []], r.portal);
    await withSql((sql) => sql`select private.run_sql_consumer('notifications')`);
    const notes = await callFunction("notifications/v1/notifications", { token: user.accessToken });
    assert.equal(
      (notes.body as { items: { type: string }[] }).items.filter((n) => n.type === "jobs.fetched").length,
      0,
    );
  });

  test("every role is searched in every place (Remote too), each search paged on its own", async () => {
    fake.setScenario("naukri", { total: 25 });
    const user = await searcher("portals-multi", {
      roles: ["Software Engineer", "Backend Developer"],
      locations: ["Bengaluru", "Pune", "Remote"],
    });
    const runs = await fetchNow(user);
    assert.equal(runs.naukri.status, "completed", JSON.stringify(runs.naukri.errors));
    const searched = fake.requests
      .filter((r) => r.portal === "naukri")
      .map(
        (r) =>
          `${r.query.keyword} | ${r.query.location}${r.query.remote ? " (remote)" : ""} | p${r.query.pageNo}`,
      );
    // Ordered so every role and place comes early, at most 6 searches, 2 pages of 20 each.
    assert.deepEqual(searched, [
      "Software Engineer | Bengaluru | p1",
      "Software Engineer | Bengaluru | p2",
      "Software Engineer | Pune | p1",
      "Software Engineer | Pune | p2",
      "Backend Developer | Bengaluru | p1",
      "Backend Developer | Bengaluru | p2",
      "Software Engineer | India (remote) | p1",
      "Software Engineer | India (remote) | p2",
      "Backend Developer | Pune | p1",
      "Backend Developer | Pune | p2",
      "Backend Developer | India (remote) | p1",
      "Backend Developer | India (remote) | p2",
    ]);
    // The same 25 jobs came back for every search: added once each, then only updated.
    assert.deepEqual([runs.naukri.jobs_found, runs.naukri.new_jobs_added], [150, 25]);
  });

  test("a raised minimum LPA scores the fetched jobs again through the runner", async () => {
    fake.setScenario("naukri", { total: 5 });
    const user = await searcher("portals-rescore");
    await fetchNow(user);
    const scores = async () => {
      const res = await callFunction("job-fetcher/v1/jobs?portal=naukri&page_size=100", {
        token: user.accessToken,
      });
      // Jobs that state a salary (all pay below 90 LPA); "Not disclosed" scores the same either way.
      return (
        res.body as { items: { id: string; match_score: number; lpa_max: number | null }[] }
      ).items.filter((j) => j.lpa_max !== null);
    };
    const before = await scores();
    assert.ok(before.length >= 3, JSON.stringify(before));
    await saveSearch(user, { min_lpa: 90 });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const now = await scores();
      const lower = now.filter((j) => j.match_score < (before.find((b) => b.id === j.id)?.match_score ?? 0));
      if (lower.length === now.length) break;
      if (Date.now() > deadline) assert.fail(`scores not lowered: ${JSON.stringify({ before, now })}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });
});
