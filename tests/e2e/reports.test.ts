/**
 * The Insights & Reports pages as a user sees them: the dashboard of a new user (what to do
 * first) and of one with data (every card from the one summary request), and /reports — the
 * range in the URL, applications by portal with a table view, the funnel, resume performance
 * with its interval (1 of 2 is flagged, not ranked beside 3 of 3), skill gaps with example jobs,
 * exports downloaded through the signed link and parsed back, the report email schedule — on a
 * phone and in the dark theme too.
 * Data: tests/fixtures/insights.ts (real API doors; applications arranged in SQL).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { api, istDay, onboard, seedInsights } from "../fixtures/insights.ts";
import type { TestUser } from "../support/env.ts";
import { DESKTOP, launchBrowser, MOBILE, newContext, overflowingElements } from "./browser.ts";
import { DashboardPage } from "./dashboard.po.ts";
import { shot, signedInUser } from "./onboarding.po.ts";
import { ReportsPage } from "./reports.po.ts";

describe("reports and dashboard", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let user: TestUser;
  let dash: DashboardPage;
  let reports: ReportsPage;

  before(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, DESKTOP, { timezoneId: "Asia/Kolkata", acceptDownloads: true });
    page = await context.newPage();
    user = await signedInUser(page, "e2e-reports");
    await onboard(user);
    dash = new DashboardPage(page);
    reports = new ReportsPage(page);
  });
  after(async () => {
    await browser?.close();
  });

  test("a new user's dashboard says what to do first, and its cards are empty, not broken", async () => {
    await dash.goto();
    await dash.el("dashboard-getting-started").waitFor();
    for (const step of ["github", "resume", "search"]) {
      assert.equal(await dash.el(`start-step-${step}`).getAttribute("data-done"), "false", step);
    }
    assert.equal(
      await dash.el("start-step-github").getAttribute("aria-current"),
      "step",
      "GitHub comes first",
    );
    assert.equal(await dash.count("dashboard-applications-7d"), 0);
    assert.match(
      (await dash.el("dashboard-applications-empty").textContent()) ?? "",
      /Start your job search first/,
    );
    assert.match((await dash.el("dashboard-skill-gaps-empty").textContent()) ?? "", /start your job search/);
    assert.equal(await dash.el("dashboard-verified-count").textContent(), "0");
    await shot(page, "dashboard-empty");
  });

  test("a new user's reports show empty states with the way forward", async () => {
    await reports.goto();
    assert.equal(await reports.tile("applied"), 0);
    assert.match(
      (await reports.el("applications-chart").textContent()) ?? "",
      /No applications in this range/,
    );
    await reports.el("resume-performance-empty").waitFor();
    await reports.el("skill-gaps-empty").waitFor();
    await shot(page, "reports-empty");
  });

  test("with data, every dashboard card reads the summary", async () => {
    await seedInsights(user);
    const summary = await api(user, "insights/v1/dashboard/summary");
    await dash.goto();
    assert.equal(
      await dash.count("dashboard-applications-7d"),
      4,
      "four applications in the last 7 IST days",
    );
    assert.equal(await dash.count("dashboard-responses-7d"), summary.responses_7d);
    assert.equal(await dash.count("dashboard-interviews-7d"), summary.interviews_7d);
    const byPortal = await dash.el("dashboard-applications-by-portal").locator("li").allTextContents();
    assert.deepEqual(byPortal.map((t) => t.replace(/\s+/g, " ").trim()).sort(), [
      "Indeed0",
      "LinkedIn2",
      "Naukri2",
    ]);
    assert.equal(await dash.count("dashboard-new-jobs"), summary.new_jobs_count);
    const gaps = await dash.el("dashboard-gap").allTextContents();
    assert.ok(
      gaps.some((g) => g.includes("Kubernetes")),
      `Kubernetes among ${gaps.join(" | ")}`,
    );
    assert.equal(
      await dash.el("dashboard-skill-gap-alerts").textContent(),
      `${summary.skill_gap_alerts_count} high`,
    );
    assert.equal(await dash.el("start-step-search").getAttribute("data-done"), "true");
    assert.equal(await dash.el("start-step-resume").getAttribute("data-done"), "true");
    await shot(page, "dashboard-data");
  });

  test("reports: applications by portal over time, the same numbers in the table", async () => {
    await reports.goto();
    assert.equal(await reports.tile("applied"), 5, "five in the last 30 days");
    assert.equal(await reports.tile("responded"), 4, "all but the pending one");
    // The chart is drawn (recharts, loaded on demand) and hidden from screen readers.
    await reports
      .el("applications-chart-chart")
      .locator(".recharts-wrapper > svg.recharts-surface")
      .waitFor();
    assert.equal(await reports.el("applications-chart-chart").getAttribute("aria-hidden"), "true");
    await shot(page, "reports-data");
    const rows = await reports.tableOf("applications-chart");
    assert.deepEqual(rows[0], ["Period", "LinkedIn", "Naukri", "Indeed", "Total"]);
    assert.equal(rows.length - 1, 30, "one row per IST day of the range");
    const total = (i: number) => rows.slice(1).reduce((n, r) => n + Number(r[i]), 0);
    assert.deepEqual([total(1), total(2), total(3), total(4)], [2, 2, 1, 5]);
    assert.equal(rows.at(-1)?.[2], "1", "today's Naukri application is on today's row");
  });

  test("reports: the funnel matches the summary, stage by stage", async () => {
    const from = istDay(29);
    const to = istDay(0);
    const summary = await api(user, `insights/v1/reports/applications/summary?from=${from}&to=${to}`);
    const funnel = summary.funnel as Record<string, number>;
    const rows = await reports.tableOf("funnel-chart");
    assert.deepEqual(
      rows.slice(1).map((r) => [r[0], Number(r[1])]),
      [
        ["Applied", 5],
        ["Viewed", funnel.viewed],
        ["Shortlisted", funnel.shortlisted],
        ["Interview", funnel.interview],
        ["Offer", 0],
      ],
    );
    assert.ok((funnel.interview ?? 0) >= 1);
  });

  test("reports: resume performance shows how sure each rate is", async () => {
    const v1 = reports.resumeRow("Backend v1");
    const v2 = reports.resumeRow("Backend v2");
    assert.equal(
      await v1
        .locator('[data-test="rp-applications"]')
        .textContent()
        .then((t) => t ?? "")
        .then((t) => t.match(/\d+/)?.[0]),
      "3",
    );
    assert.match(
      await v2
        .locator('[data-test="rp-rate"]')
        .textContent()
        .then((t) => t ?? ""),
      /1 of 2 · 50 %/,
    );
    assert.match(
      await v2
        .locator('[data-test="rp-rate"]')
        .textContent()
        .then((t) => t ?? ""),
      /Too few applications to be sure/,
    );
    assert.match(
      await v1
        .locator('[data-test="rp-rate"]')
        .textContent()
        .then((t) => t ?? ""),
      /3 of 3 · 100 %/,
    );
    // The interval bar of 1 of 2 spans far more of the scale than a sure rate would.
    const width = await v2
      .locator('[data-test="rp-rate"] span[aria-hidden] > span')
      .first()
      .evaluate((el) => Number.parseFloat((el as HTMLElement).style.width));
    assert.ok(width > 70, `1 of 2 has a wide interval (${width} %)`);
  });

  test("reports: skill gaps with severity, example jobs and what would close them", async () => {
    const gap = reports.gap("Kubernetes");
    await gap.waitFor();
    assert.equal(await gap.locator('[data-test="gap-severity"]').getAttribute("data-severity"), "high");
    assert.match(
      (await gap.locator('[data-test="gap-jobs"]').textContent()) ?? "",
      /^100 % of your matching jobs \(6 of 6\)$/,
    );
    const examples = gap.locator('[data-test="gap-example"]');
    assert.ok((await examples.count()) >= 1);
    assert.match((await examples.first().getAttribute("href")) ?? "", /^\/jobs\?job=[0-9a-f-]{36}$/);
    assert.ok(((await gap.locator('[data-test="gap-close"]').textContent()) ?? "").length > 10);
  });

  test("the range lives in the URL: 7 days keeps this week's four", async () => {
    await reports.el("range-preset-7").click();
    await page.waitForURL((u) => u.searchParams.get("from") === istDay(6));
    await reports.el("reports-summary").waitFor();
    assert.equal(await reports.tile("applied"), 4);
    assert.equal(await reports.el("range-preset-7").getAttribute("aria-current"), "true");
    assert.equal(await reports.el("range-from").inputValue(), istDay(6), "the form shows the preset's range");
    // A custom range through the form: 90 days takes in the offer from 45 days ago.
    await reports.el("range-from").fill(istDay(89));
    await reports.el("range-apply").click();
    await page.waitForURL((u) => u.searchParams.get("from") === istDay(89));
    assert.equal(await reports.tile("applied"), 6);
    assert.equal(await reports.tile("offer"), 1);
    const rows = await reports.tableOf("applications-chart");
    assert.ok(rows.length - 1 <= 14, "90 days are shown by week");
  });

  test("export: a CSV downloads through the signed link and reads back", async () => {
    await reports.goto();
    const downloading = page.waitForEvent("download");
    await reports.el("export-csv").click();
    const download = await downloading;
    assert.match(download.url(), /\/storage\/v1\/object\/sign\/exports\//);
    assert.match(download.suggestedFilename(), /^careerpilot-applications-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await download.path()) ?? "", "utf8").replace(/^\uFEFF/, "");
    const lines = text.trim().split(/\r?\n/);
    assert.equal(lines.length, 1 + 5, "a header and the range's five applications");
    assert.match(
      await reports
        .el("export-status")
        .textContent()
        .then((t) => t ?? ""),
      /5 rows\. The link works until/,
    );
    await reports.el("export-link").waitFor();
  });

  test("export: a PDF is made by the runner, with progress while it waits, then downloads", async () => {
    await reports.el("export-type").selectOption("skill_gaps");
    const downloading = page.waitForEvent("download", { timeout: 120_000 });
    await reports.el("export-pdf").click();
    // Pending first (the runner makes PDFs): the panel says so and shows progress.
    await reports.el("export-status").getByText("Preparing your PDF…").waitFor();
    assert.equal(await reports.el("export-csv").isDisabled(), true, "one export at a time");
    await shot(page, "reports-export-progress");
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^careerpilot-skill_gaps-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = readFileSync((await download.path()) ?? "");
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
    assert.equal(await reports.el("export").getAttribute("data-state"), "ready");
  });

  test("the report email schedule saves at once and survives a reload", async () => {
    await reports.goto();
    assert.equal(await reports.el("email-schedule-weekly").isChecked(), true, "weekly until chosen");
    await reports.el("email-schedule-daily").check({ force: true });
    await reports
      .el("email-schedule-status")
      .getByText(/every morning at 8:00 IST/)
      .waitFor();
    const saved = await api(user, "insights/v1/reports/email/subscription");
    assert.equal(saved.schedule, "daily");
    await page.reload();
    assert.equal(await reports.el("email-schedule-daily").isChecked(), true);
    await reports.el("email-schedule-off").check({ force: true });
    await reports
      .el("email-schedule-status")
      .getByText(/No report emails/)
      .waitFor();
    assert.equal((await api(user, "insights/v1/reports/email/subscription")).schedule, "off");
  });

  test("on a phone: nothing overflows, charts fit, and the dark theme reads", async () => {
    const phone = await browser.newContext({
      baseURL: new URL(page.url()).origin,
      viewport: MOBILE,
      colorScheme: "dark",
      timezoneId: "Asia/Kolkata",
      storageState: await context.storageState(),
    });
    const p = await phone.newPage();
    const mobile = new ReportsPage(p);
    await mobile.goto(); // axe runs here, in the dark theme at 390 px (a11y.ts)
    await mobile.el("applications-chart-chart").locator(".recharts-wrapper > svg.recharts-surface").waitFor();
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `reports is ${overflow}px wider than the phone`);
    assert.deepEqual(await overflowingElements(p), []);
    const chartWidth = await mobile
      .el("applications-chart-chart")
      .locator(".recharts-wrapper > svg.recharts-surface")
      .evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(chartWidth <= 390 && chartWidth > 250, `the chart fits the phone (${chartWidth}px)`);
    await shot(p, "reports-mobile-dark");
    const mdash = new DashboardPage(p);
    await mdash.goto();
    const dashOverflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(dashOverflow <= 0, `dashboard is ${dashOverflow}px wider than the phone`);
    await shot(p, "dashboard-mobile-dark");
    await phone.close();
  });
});
