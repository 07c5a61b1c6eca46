import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { cutPlaceholders, launchBrowser, MOBILE, newContext, overflowingElements } from "./browser.ts";
import { DashboardPage } from "./dashboard.po.ts";
import { JobControlPage } from "./job-control.po.ts";
import { shot, signedInUser } from "./onboarding.po.ts";

describe("job control", () => {
  let browser: Browser;
  let page: Page;
  let jc: JobControlPage;

  before(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await signedInUser(page, "e2e-jobs");
    jc = new JobControlPage(page);
    await jc.goto();
  });
  after(async () => {
    await browser?.close();
  });

  test("starts paused, with nothing unsaved", async () => {
    assert.equal(await jc.searchSwitch.getAttribute("aria-checked"), "false");
    assert.equal(await jc.autoApplySwitch.getAttribute("aria-checked"), "false");
    assert.match((await jc.el("job-control-dirty").textContent()) ?? "", /All changes saved/);
    await shot(page, "job-control-desktop");
  });

  test("activating with no portal and no role shows the API's errors beside the fields", async () => {
    await jc.searchSwitch.click();
    assert.match((await jc.el("job-control-dirty").textContent()) ?? "", /Unsaved changes/);
    assert.match((await jc.el("job-control-save").textContent()) ?? "", /Save & Activate/);
    await jc.save();
    await jc.el("portals-error").waitFor();
    assert.match((await jc.el("portals-error").textContent()) ?? "", /at least one portal/i);
    assert.match((await jc.el("job-roles-error").textContent()) ?? "", /at least one role/i);
    await shot(page, "job-control-errors");
  });

  test("switching auto-apply on lists what is missing and asks first; cancelling keeps it off", async () => {
    await jc.autoApplySwitch.click();
    const dialog = jc.el("auto-apply-confirm");
    await dialog.waitFor();
    // A fresh user: no résumé, no portal chosen, no caps, search not saved as running.
    for (const id of ["resume", "portal-access", "caps"]) {
      assert.equal(await jc.el(`prerequisite-${id}`).getAttribute("data-ready"), "false", `${id} is missing`);
    }
    await shot(page, "job-control-auto-apply-confirm", { fullPage: false });
    await jc.el("auto-apply-cancel").click();
    await dialog.waitFor({ state: "detached" });
    assert.equal(await jc.autoApplySwitch.getAttribute("aria-checked"), "false");
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("data-test")),
      "auto-apply-switch",
      "focus returns to the switch",
    );
  });

  test("filters and portals save, the toast confirms, and a reload keeps them", async () => {
    await jc.portal("linkedin").click();
    await jc.portal("naukri").click();
    await jc.el("job-roles-suggestion").filter({ hasText: "Frontend Engineer" }).click();
    await jc.el("job-locations-input").fill("Kochi");
    await jc.el("job-locations-input").press("Enter");
    await jc.el("job-min-lpa").fill("18");
    assert.equal(await jc.el("job-min-lpa-preview").textContent(), "₹18,00,000 / 18 LPA");
    await jc.companyType("product").click();
    await jc.companyType("startup").click();
    await jc.autoApplySwitch.click();
    await jc.el("auto-apply-confirm").waitFor();
    await jc.el("auto-apply-confirm-on").click();
    await jc.save();
    await jc.savedToast().waitFor();
    assert.match((await jc.el("job-control-dirty").textContent()) ?? "", /All changes saved/);
    assert.equal(
      (await jc.el("job-control-save").textContent())?.trim(),
      "Saved",
      "the label follows the save",
    );

    await page.reload();
    await jc.el("job-control-form").waitFor();
    assert.equal(await jc.searchSwitch.getAttribute("aria-checked"), "true");
    assert.equal(await jc.autoApplySwitch.getAttribute("aria-checked"), "true");
    assert.equal(await jc.portal("linkedin").getAttribute("aria-checked"), "true");
    assert.equal(await jc.portal("naukri").getAttribute("aria-checked"), "true");
    assert.equal(await jc.portal("indeed").getAttribute("aria-checked"), "false");
    assert.equal(await jc.companyType("startup").getAttribute("aria-checked"), "true");
    assert.deepEqual(
      (await jc.el("job-roles-chip").allTextContents()).map((s) => s.trim()),
      ["Frontend Engineer"],
    );
    assert.deepEqual(
      (await jc.el("job-locations-chip").allTextContents()).map((s) => s.trim()),
      ["Kochi"],
    );
    assert.equal(await jc.el("job-min-lpa").inputValue(), "18");
    await shot(page, "job-control-saved");
  });

  test("a bad salary is refused beside the field; pausing saves", async () => {
    await jc.el("job-min-lpa").fill("12.345");
    await jc.save();
    await jc.el("job-min-lpa-error").waitFor();
    // Says what is wrong, once: no hint under it repeating the rule.
    assert.equal(await jc.el("job-min-lpa-error").textContent(), "Use at most two decimals, like 12.75.");
    assert.equal(await jc.el("job-min-lpa-preview").count(), 0);
    await jc.el("job-min-lpa").fill("-5");
    await jc.save();
    await page.waitForFunction(
      () => document.querySelector('[data-test="job-min-lpa-error"]')?.textContent === "Must be 0 or more.",
    );
    await jc.el("job-min-lpa").fill("18");
    await jc.searchSwitch.click();
    await jc.save();
    await page.locator("[data-sonner-toast]").filter({ hasText: "paused" }).waitFor();
  });

  test("the minimum salary shows how it relates to the career preferences' one", async () => {
    await page.reload();
    await jc.el("job-control-form").waitFor();
    assert.match((await jc.el("lpa-relation").textContent()) ?? "", /career preferences say no minimum/);
    await jc.el("lpa-use-career").click();
    assert.equal(await jc.el("job-min-lpa").inputValue(), "");
    assert.match((await jc.el("lpa-relation").textContent()) ?? "", /Same as your career preferences/);
    assert.equal((await jc.el("job-control-save").textContent())?.trim(), "Save changes");
    await jc.el("job-min-lpa").fill("18");
    assert.equal((await jc.el("job-control-save").textContent())?.trim(), "Saved");
  });

  test("leaving with unsaved changes asks first; staying keeps them", async () => {
    await jc.companyType("mnc").click();
    let asked = "";
    page.once("dialog", (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await jc.navLink("dashboard").click();
    await page.waitForTimeout(300);
    assert.match(asked, /unsaved changes/i);
    assert.equal(new URL(page.url()).pathname, "/job-control", "Cancel stays on the page");
    assert.equal(await jc.companyType("mnc").getAttribute("aria-checked"), "true", "the change is kept");
    page.once("dialog", (d) => void d.accept());
    await jc.navLink("dashboard").click();
    await page.waitForURL((u) => u.pathname === "/dashboard");
    await jc.goto();
    assert.equal(
      await jc.companyType("mnc").getAttribute("aria-checked"),
      "false",
      "leaving dropped the change",
    );
  });

  test("the dashboard shows the job search's status and portals", async () => {
    const dash = new DashboardPage(page);
    await dash.goto();
    assert.equal((await dash.el("job-search-status").textContent())?.trim(), "Paused");
    assert.deepEqual(await dash.chips("job-search-portals"), ["LinkedIn", "Naukri"]);
    // One source: the dashboard and the sidebar say the same, including what auto-apply waits for.
    const summary = (await dash.el("job-search-auto-apply").textContent()) ?? "";
    assert.match(summary, /Auto-apply is on, but waiting for: a résumé to apply with/);
    assert.equal(await dash.el("sidebar-auto-apply").textContent(), summary);
  });

  test("on a phone the form fits the screen", async () => {
    const phone = await newContext(browser, MOBILE);
    const mobile = await phone.newPage();
    await signedInUser(mobile, "e2e-jobs-phone");
    const m = new JobControlPage(mobile);
    await m.goto();
    assert.deepEqual(await overflowingElements(mobile), []);
    assert.deepEqual(await cutPlaceholders(mobile), [], "placeholders show in full");
    await shot(mobile, "job-control-mobile");
    const dash = new DashboardPage(mobile);
    await dash.goto();
    assert.deepEqual(await overflowingElements(mobile), []);
    await shot(mobile, "dashboard-mobile");
    await phone.close();
  });
});
