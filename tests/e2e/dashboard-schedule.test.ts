import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { type TestUser, withSql } from "../support/env.ts";
import { DESKTOP, launchBrowser, newContext, screenshot } from "./browser.ts";
import { DashboardPage } from "./dashboard.po.ts";
import { signedInUser } from "./onboarding.po.ts";

const HOUR = 3_600_000;

/** The wall-clock time the card should show for `at` in `timeZone` (the card's own format). */
function wallClock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-IN", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(at);
}

/** The dashboard's job search card says when the search next runs and last ran, truthfully. */
describe("dashboard: when the job search runs", () => {
  let browser: Browser;
  let context: BrowserContext;
  let dash: DashboardPage;
  let user: TestUser;
  // Naukri is blocked until then: the soonest next run. LinkedIn ran an hour ago (next in 5 h).
  const blockedUntil = new Date(Math.floor((Date.now() + 3 * HOUR) / 60_000) * 60_000);
  const naukriFailedAt = new Date(Date.now() - 10 * 60_000);

  before(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, DESKTOP, { timezoneId: "Asia/Kolkata" });
    const page = await context.newPage();
    dash = new DashboardPage(page);
    user = await signedInUser(page, "e2e-schedule");
    await withSql(async (sql) => {
      await sql`
        insert into public.job_settings (user_id, search_active, portals, roles)
        values (${user.userId}, true, array['linkedin', 'naukri'], array['Backend Engineer'])
        on conflict (user_id) do update set search_active = true, portals = excluded.portals, roles = excluded.roles`;
      await sql`
        insert into public.job_fetch_runs (user_id, portal, trigger, status, started_at, finished_at, blocked_until)
        values (${user.userId}, 'linkedin', 'schedule', 'completed', now() - interval '1 hour', now() - interval '55 minutes', null),
               (${user.userId}, 'naukri', 'schedule', 'failed', ${naukriFailedAt}, ${naukriFailedAt}, ${blockedUntil})`;
    });
  });
  after(async () => {
    await browser?.close();
  });

  test("an active search shows its next run (the soonest portal) and its last run in IST", async () => {
    await dash.goto();
    const next = dash.el("job-search-next-run-time");
    assert.equal(await next.getAttribute("datetime"), blockedUntil.toISOString());
    assert.equal((await next.textContent())?.trim(), wallClock(blockedUntil, "Asia/Kolkata"));
    assert.match((await next.textContent()) ?? "", /IST$/);
    assert.match((await dash.el("job-search-next-run").textContent()) ?? "", /\(Naukri\)$/);
    const last = dash.el("job-search-last-run-time");
    assert.equal(new Date((await last.getAttribute("datetime")) ?? "").getTime(), naukriFailedAt.getTime());
    assert.equal((await last.textContent())?.trim(), wallClock(naukriFailedAt, "Asia/Kolkata"));
    assert.match((await dash.el("job-search-last-run").textContent()) ?? "", /\(Naukri, failed\)$/);
    await screenshot(dash.page, "dashboard-job-search-schedule");
  });

  test("a browser elsewhere reads the same moments in its own time zone", async () => {
    const abroad = await newContext(browser, DESKTOP, {
      timezoneId: "America/New_York",
      storageState: await context.storageState(),
    });
    const page = await abroad.newPage();
    const there = new DashboardPage(page);
    await there.goto();
    const expected = wallClock(blockedUntil, "America/New_York");
    await page.waitForFunction(
      (text) =>
        document.querySelector('[data-test="job-search-next-run-time"]')?.textContent?.trim() === text,
      expected,
    );
    assert.doesNotMatch((await there.el("job-search-next-run-time").textContent()) ?? "", /IST/);
    await abroad.close();
  });

  test("a search with no run yet is due now: the cron starts it within 15 minutes", async () => {
    await withSql((sql) => sql`delete from public.job_fetch_runs where user_id = ${user.userId}`);
    await dash.goto();
    assert.match(
      (await dash.el("job-search-next-run").textContent()) ?? "",
      /^Due now \(LinkedIn, Naukri\): it starts within 15 minutes\.$/,
    );
    // The cron may have started one meanwhile; otherwise none has run.
    assert.match((await dash.el("job-search-last-run").textContent()) ?? "", /^(None yet\.|.*running\))$/);
  });

  test("a paused search is not scheduled, and says so", async () => {
    await withSql(
      (sql) => sql`update public.job_settings set search_active = false where user_id = ${user.userId}`,
    );
    await dash.goto();
    assert.equal(
      (await dash.el("job-search-next-run").textContent())?.trim(),
      "Not scheduled: the search is paused.",
    );
    assert.equal(await dash.el("job-search-next-run-time").count(), 0);
  });
});
