/**
 * The admin console's dashboard (platform cards, top portals, errors, applications across users)
 * and /admin/reports (applications, funnel, resume performance, certificates, newest users, the
 * audited platform export), with a user's data seeded as tests/fixtures/insights.ts does.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { api, onboard, seedInsights } from "../fixtures/insights.ts";
import { newAdmin, newUser, type TestUser, withSql } from "../support/env.ts";
import { AdminConsole } from "./admin.po.ts";
import { AuthPage } from "./auth.po.ts";
import { DESKTOP, launchBrowser, MOBILE, newContext, overflowingElements } from "./browser.ts";
import { shot } from "./onboarding.po.ts";

describe("admin dashboard and reports", () => {
  let browser: Browser;
  let page: Page;
  let admin: TestUser;
  let seeded: TestUser;
  let console_: AdminConsole;

  before(async () => {
    browser = await launchBrowser();
    seeded = await newUser("e2e-admin-rep-user");
    await onboard(seeded);
    await seedInsights(seeded);
    admin = await newAdmin("e2e-admin-rep");
    page = await (
      await newContext(browser, DESKTOP, { timezoneId: "Asia/Kolkata", acceptDownloads: true })
    ).newPage();
    const auth = new AuthPage(page);
    await auth.goto();
    await auth.signIn(admin.email, admin.password);
    await page.waitForURL((u) => u.pathname.startsWith("/admin"));
    console_ = new AdminConsole(page);
  });
  after(async () => {
    await browser?.close();
  });

  test("the dashboard shows the platform metrics the API returns, with charts and tables", async () => {
    // Other suites may add users, applications or failures meanwhile: the page's numbers lie
    // between what the API said just before and just after it rendered.
    const before = await api(admin, "admin/v1/admin/dashboard");
    await console_.goto("/admin");
    const metrics = await api(admin, "admin/v1/admin/dashboard");
    const value = async (id: string) =>
      Number(await console_.t(`admin-card-${id}`).locator('[data-test="admin-card-value"]').textContent());
    const between = async (id: string, pick: (m: Record<string, unknown>) => number) => {
      const shown = await value(id);
      assert.ok(
        shown >= pick(before) && shown <= pick(metrics),
        `${id}: ${shown} within ${pick(before)}–${pick(metrics)}`,
      );
      return shown;
    };
    await between("users", (m) => m.total_users as number);
    assert.ok(
      (await between("applications-24h", (m) => m.applications_24h as number)) >= 1,
      "today's seeded one",
    );
    await between("errors-24h", (m) => (m.errors_24h as { total: number }).total);
    const portals = metrics.top_portals_7d as { portal: string; applications: number }[];
    assert.ok(portals.length >= 2);
    await console_.t("admin-portals-chart-chart").locator(".recharts-wrapper > svg").waitFor();
    await console_.t("admin-portals-chart-view-table").click();
    const rows = await console_.t("admin-portals-chart-table").locator("tbody tr").allTextContents();
    assert.equal(rows.length, portals.length);
    await console_.t("admin-applications-trend").locator(".recharts-wrapper > svg").waitFor();
    assert.equal(await console_.t("admin-errors-table").locator("tbody tr").count(), 4);
    await shot(page, "admin-dashboard");
  });

  test("reports: applications across users, resume performance, certificates and newest users", async () => {
    await console_.open("reports");
    await console_.t("reports-range").waitFor();
    const summary = await api(admin, "insights/v1/admin/reports/applications/series");
    const applied = (summary.summary as { applied: number }).applied;
    assert.ok(applied >= 5, "at least the seeded user's five");
    assert.match(
      (await console_.t("applications-chart-summary").textContent()) ?? "",
      new RegExp(`^${applied} applications`),
    );
    assert.ok((await console_.t("resume-performance-row").count()) >= 1);
    await console_.t("cert-stat-total").waitFor();
    const users = await console_.t("admin-users-report").locator("tbody tr").allTextContents();
    assert.ok(
      users.some((u) => u.includes(admin.email)),
      `the newest user (this admin) is listed: ${users.join(" | ")}`,
    );
    await shot(page, "admin-reports");
  });

  test("reports: filters by portal and the users' search narrow the applications, and live in the URL", async () => {
    await console_.open("reports");
    await console_.t("admin-report-filters").waitFor();
    await console_.t("arf-portal").selectOption("naukri");
    await console_.t("arf-role").fill("backend");
    await console_.t("arf-location").fill("Bengaluru");
    await Promise.all([page.waitForURL(/portal=naukri/), console_.t("arf-apply").click()]);
    await console_.t("applications-chart-summary").waitFor();
    const url = new URL(page.url());
    const filtered = await api(
      admin,
      `insights/v1/admin/reports/applications/series?${new URLSearchParams({
        from: url.searchParams.get("from") ?? "",
        to: url.searchParams.get("to") ?? "",
        portal: "naukri",
        role: "backend",
        location: "Bengaluru",
      })}`,
    );
    const applied = (filtered.summary as { applied: number }).applied;
    assert.ok(applied >= 1, "the seeded user's Naukri applications");
    assert.match(
      (await console_.t("applications-chart-summary").textContent()) ?? "",
      new RegExp(`^${applied} applications?`),
    );
    // A range preset keeps the filters; Clear drops them and keeps the range.
    assert.match(
      (await console_.t("range-preset-90").getAttribute("href")) ?? "",
      /portal=naukri.*role=backend/,
    );
    assert.equal(await console_.t("arf-portal").inputValue(), "naukri");
    await shot(page, "admin-reports-filtered");
    // Users whose minimum is at least 1,000 LPA: nobody, and the page says so for these filters.
    await console_.t("arf-lpa-from").fill("1000");
    await Promise.all([page.waitForURL(/min_lpa_from=1000/), console_.t("arf-apply").click()]);
    assert.equal(
      (await console_.t("applications-empty").first().textContent())?.trim(),
      "No applications match these filters in this range.",
    );
    await Promise.all([
      page.waitForURL((u) => !u.searchParams.has("portal")),
      console_.t("arf-clear").click(),
    ]);
    assert.ok(new URL(page.url()).searchParams.has("from"));
    assert.equal(await console_.t("arf-portal").inputValue(), "");
  });

  test("reports: the users export downloads as CSV and is in the audit log", async () => {
    await console_.t("admin-export-type").selectOption("users");
    const downloading = page.waitForEvent("download");
    await console_.t("admin-export-csv").click();
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^careerpilot-users-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await download.path()) ?? "", "utf8");
    assert.ok(text.includes(seeded.email), "the seeded user is in the export");
    const [audit] = await withSql(
      (sql) =>
        sql<{ n: number }[]>`select count(*)::int as n from public.report_exports
                             where user_id = ${admin.userId} and scope = 'admin' and type = 'users'`,
    );
    assert.equal(audit?.n, 1, "the export is recorded");
  });

  test("a user is not let in", async () => {
    const ctx = await newContext(browser);
    const p = await ctx.newPage();
    const auth = new AuthPage(p);
    await auth.goto();
    await auth.signIn(seeded.email, seeded.password);
    await p.waitForURL((u) => u.pathname === "/dashboard");
    const res = await p.goto("/admin/reports");
    assert.equal(res?.status(), 404);
    await p.locator('[data-test="not-found-dashboard"]').waitFor();
    assert.equal(await p.locator('[data-test="admin-report-exports"]').count(), 0);
    await ctx.close();
  });

  test("on a phone the admin reports fit", async () => {
    const ctx = await browser.newContext({
      baseURL: new URL(page.url()).origin,
      viewport: MOBILE,
      colorScheme: "dark",
      storageState: await page.context().storageState(),
    });
    const p = await ctx.newPage();
    await p.goto("/admin/reports");
    await p.locator('[data-test="reports-range"]').waitFor();
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `admin reports are ${overflow}px wider than the phone`);
    assert.deepEqual(await overflowingElements(p), []);
    await shot(p, "admin-reports-mobile-dark");
    await p.goto("/admin");
    const dashOverflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(dashOverflow <= 0, `admin dashboard is ${dashOverflow}px wider than the phone`);
    await ctx.close();
  });
});
