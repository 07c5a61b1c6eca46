/**
 * The controls around applying, as users and admins see them: Job Control's applying settings
 * (threshold, review before submit, per-portal caps bounded by the platform's maximum, pacing) and
 * today's usage; the auto-apply confirmation reading the same source as the sidebar; the answer
 * bank in Settings; and /admin/control: the emergency stop behind a confirmation (users see that
 * applying is paused and why), a user's pause, and applications and runs across users.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { callFunction, newAdmin, type TestUser, withSql } from "../support/env.ts";
import { AdminControlPage } from "./admin-control.po.ts";
import { ingestJobs, jobSettings, publishedResume, seedApplication } from "./applications.fixtures.ts";
import { ApplicationsPage } from "./applications.po.ts";
import { AuthPage } from "./auth.po.ts";
import { launchBrowser, MOBILE, newContext, overflowingElements } from "./browser.ts";
import { JobControlPage } from "./job-control.po.ts";
import { shot, signedInUser } from "./onboarding.po.ts";

/** Lifts the emergency stop whatever a failed test left behind: other suites apply too. */
async function liftStop(): Promise<void> {
  await withSql(async (sql) => {
    await sql`update public.apply_platform_controls set emergency_stop = false, stop_reason = null`;
  });
}

describe("apply controls", () => {
  let browser: Browser;
  let page: Page;
  let user: TestUser;

  before(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    user = await signedInUser(page, "e2e-apply-controls");
  });
  after(async () => {
    await liftStop();
    await browser?.close();
  });

  test("Job Control: applying settings save within the platform's caps, and today's usage shows", async () => {
    const jc = new JobControlPage(page);
    await jc.goto();
    const form = jc.el("apply-settings-form");
    await form.waitFor();
    assert.equal(await jc.el("apply-match_threshold").inputValue(), "70", "the default threshold");
    assert.equal(
      await jc.el("review-switch").getAttribute("aria-checked"),
      "true",
      "review is on by default",
    );
    assert.equal(await jc.el("apply-cap-linkedin").inputValue(), "25");
    await jc.el("apply-cap-linkedin").fill("26");
    await jc.el("apply-settings-save").click();
    assert.match((await jc.el("apply-cap-linkedin-error").textContent()) ?? "", /from 0 to 25/);
    await jc.el("apply-cap-linkedin").fill("10");
    await jc.el("apply-match_threshold").fill("80");
    await jc.el("apply-pacing_min_seconds").fill("90");
    await jc.el("apply-pacing_max_seconds").fill("60");
    await jc.el("apply-settings-save").click();
    assert.match(
      (await jc.el("apply-pacing_max_seconds-error").textContent()) ?? "",
      /at least the shortest/,
    );
    await jc.el("apply-pacing_max_seconds").fill("180");
    await jc.el("review-switch").click();
    assert.equal(
      await jc.el("cover-letters-switch").getAttribute("aria-checked"),
      "true",
      "letters on by default",
    );
    await jc.el("cover-letters-switch").click();
    assert.match((await jc.el("cover-letters-note").textContent()) ?? "", /sent without a cover letter/);
    await jc.el("apply-settings-save").click();
    await page.locator("[data-sonner-toast]").filter({ hasText: "Applying settings saved" }).waitFor();

    await page.reload();
    await jc.el("apply-settings-form").waitFor();
    assert.equal(await jc.el("apply-match_threshold").inputValue(), "80");
    assert.equal(await jc.el("apply-cap-linkedin").inputValue(), "10");
    assert.equal(await jc.el("review-switch").getAttribute("aria-checked"), "false");
    assert.equal(await jc.el("cover-letters-switch").getAttribute("aria-checked"), "false");
    const linkedin = jc.el("usage-portal").and(page.locator('[data-portal="linkedin"]'));
    assert.equal((await linkedin.locator('[data-test="usage-count"]').textContent())?.trim(), "0 of 10");
    await shot(page, "job-control-applying");
  });

  test("the auto-apply confirmation lists what is really missing, from the same source", async () => {
    const jc = new JobControlPage(page);
    await jc.goto();
    await jc.autoApplySwitch.click();
    await jc.el("auto-apply-confirm").waitFor();
    const ready = async (id: string) => jc.el(`prerequisite-${id}`).getAttribute("data-ready");
    assert.equal(await ready("resume"), "false", "no résumé yet");
    assert.equal(await ready("not-paused"), "true");
    await jc.el("auto-apply-cancel").click();
    await jc.el("auto-apply-confirm").waitFor({ state: "detached" });

    await publishedResume(user, "Backend résumé");
    await jobSettings(user, { portals: ["linkedin"], roles: ["Backend Engineer"] });
    await jc.goto();
    await jc.autoApplySwitch.click();
    await jc.el("auto-apply-confirm").waitFor();
    assert.equal(await ready("resume"), "true", "the résumé counts now");
    assert.equal(await ready("caps"), "true", "LinkedIn's cap is 10");
    assert.equal(await ready("portal-access"), "false", "no LinkedIn token");
    await shot(page, "job-control-auto-apply-prerequisites", { fullPage: false });
    await jc.el("auto-apply-cancel").click();
  });

  test("the answer bank saves and comes back", async () => {
    await page.goto("/settings#answer-bank");
    const t = (id: string) => page.locator(`[data-test="${id}"]`);
    assert.match((await t("answer-bank-summary").textContent()) ?? "", /10 usual questions are not answered/);
    await t("answer-bank-edit").click();
    const form = page.locator('[data-test="answer-bank-form"]');
    await form.waitFor();
    await t("bank-notice_period_days").fill("30");
    await t("bank-current_ctc_lpa").fill("12.5");
    await t("bank-expected_ctc_lpa").fill("18");
    await t("bank-willing_to_relocate").selectOption("yes");
    assert.equal(
      await t("bank-last_working_day").count(),
      0,
      "the last working day only once serving notice",
    );
    await t("bank-serving_notice").selectOption("yes");
    await t("bank-last_working_day").fill("2026-12-31");
    await t("bank-work_authorisation").fill("Indian citizen");
    await t("bank-add-skill").click();
    await t("bank-skill").last().fill("TypeScript");
    await t("bank-skill-years").last().fill("4");
    await t("bank-add-custom").click();
    await t("bank-custom-question").last().fill("Are you comfortable with rotational shifts?");
    // An answer left empty is caught before saving.
    await t("answer-bank-save").click();
    await t("bank-custom-error").waitFor();
    await t("bank-custom-answer").last().fill("No");
    await t("bank-notice_period_days").fill("400");
    await t("answer-bank-save").click();
    await t("bank-notice_period_days-error").waitFor();
    await t("bank-notice_period_days").fill("30");
    await t("answer-bank-save").click();
    await page.locator("[data-sonner-toast]").filter({ hasText: "Answer bank saved" }).waitFor();
    await form.waitFor({ state: "detached" });
    // The summary is the server's: it shows the saved answers once the page has refreshed.
    await page.waitForFunction(() =>
      document.querySelector('[data-test="answer-bank-summary"]')?.textContent?.includes("30 days"),
    );
    const summary = (await t("answer-bank-summary").textContent()) ?? "";
    assert.match(summary, /Notice period30 days/);
    assert.match(summary, /Expected CTC18 LPA/);
    assert.match(summary, /Serving noticeYes, last day 2026-12-31/);
    assert.match((await t("answer-bank-skills").textContent()) ?? "", /TypeScript 4/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("data-test")),
      "answer-bank-edit",
      "focus goes back to Edit",
    );
    await page.reload();
    await t("answer-bank-edit").click();
    await form.waitFor();
    assert.equal(await t("bank-notice_period_days").inputValue(), "30");
    assert.equal(await t("bank-current_ctc_lpa").inputValue(), "12.5");
    assert.equal(await t("bank-willing_to_relocate").inputValue(), "yes");
    assert.equal(await t("bank-last_working_day").inputValue(), "2026-12-31");
    assert.equal(await t("bank-skill").first().inputValue(), "TypeScript");
    assert.equal(await t("bank-custom-answer").first().inputValue(), "No");
    await form.screenshot({ path: `${process.cwd()}/tests/artifacts/screenshots/settings-answer-bank.png` });
  });

  test("a user who is not an admin gets the plain not-found page at /admin/control", async () => {
    const res = await page.goto("/admin/control");
    assert.equal(res?.status(), 404);
    assert.equal(await page.locator('[data-test="emergency-stop"]').count(), 0);
  });

  test("admin: the emergency stop asks first, users see why applying is paused, and it lifts", async () => {
    const jobs = await ingestJobs(user, "linkedin", [
      { external_job_id: "ctl-1", title: "Platform Engineer", company: "Atlassian" },
    ]);
    const resume = await publishedResume(user, "Platform résumé");
    await seedApplication(user, jobs.get("ctl-1") as string, {
      status: "failed",
      versionId: resume.versionId,
    });

    const admin = await newAdmin("e2e-apply-admin");
    const adminCtx = await newContext(browser);
    const ap = await adminCtx.newPage();
    await new AuthPage(ap).goto();
    await new AuthPage(ap).signIn(admin.email, admin.password);
    const control = new AdminControlPage(ap);
    await control.goto();
    assert.equal(await control.stopState(), "false");
    await shot(ap, "admin-control");

    // Cancelling changes nothing.
    await control.openStopConfirm();
    await shot(ap, "admin-control-stop-confirm", { fullPage: false });
    await control.el("emergency-stop-cancel").click();
    await control.el("emergency-stop-confirm").waitFor({ state: "detached" });
    assert.equal(await control.stopState(), "false");

    await control.toggleStop("LinkedIn is restricting accounts; we are checking.");
    assert.equal(await control.stopState(), "true");
    assert.match(
      (await control.el("emergency-stop-state").textContent()) ?? "",
      /LinkedIn is restricting accounts/,
    );
    await shot(ap, "admin-control-stopped");

    const apps = new ApplicationsPage(page);
    await apps.goto();
    const banner = apps.el("apply-paused");
    assert.equal(await banner.getAttribute("data-emergency"), "true");
    assert.match((await banner.textContent()) ?? "", /stopped for everyone/);
    await shot(page, "applications-emergency-stop");

    const audit = await callFunction("admin/v1/admin/audit?action=apply.emergency_stop.enable", {
      token: admin.accessToken,
    });
    assert.equal(audit.status, 200);
    assert.ok((audit.body as { total: number }).total >= 1, "the stop is in the audit log");

    await control.toggleStop();
    assert.equal(await control.stopState(), "false");
    await apps.goto();
    assert.equal(await apps.el("apply-paused").count(), 0, "the banner goes with the stop");

    // Pausing one user from their row.
    await control.goto(`?q=Atlassian`);
    await control.applicationRow(user.email).locator('[data-test="control-user"]').click();
    await control.el("user-pause-controls").waitFor();
    await control.el("user-pause-reason").fill("Too many LinkedIn blocks this week");
    await control.el("user-pause").click();
    await ap.locator("[data-sonner-toast]").filter({ hasText: "Applying paused for" }).waitFor();
    await apps.goto();
    assert.equal(await apps.el("apply-paused").getAttribute("data-admin"), "true");
    assert.match((await apps.el("apply-paused").textContent()) ?? "", /paused for your account/);
    await control.el("user-resume").click();
    await ap.locator("[data-sonner-toast]").filter({ hasText: "Applying resumed for" }).waitFor();

    await control.el("control-tab-runs").click();
    await ap.waitForURL(/tab=runs/);
    await control.el("control-runs").waitFor();

    const phone = await browser.newContext({
      baseURL: new URL(ap.url()).origin,
      viewport: MOBILE,
      reducedMotion: "reduce",
      storageState: await adminCtx.storageState(),
    });
    const pp = await phone.newPage();
    await new AdminControlPage(pp).goto();
    assert.deepEqual(await overflowingElements(pp), []);
    await shot(pp, "admin-control-mobile");
    await phone.close();
    await adminCtx.close();
  });
});
