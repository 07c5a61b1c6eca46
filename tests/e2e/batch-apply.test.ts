/**
 * Batch apply as a user does it: select jobs on /jobs (one by one, or the whole page), confirm
 * the batch (each job's best résumé, what happens next), and find the applications in the
 * approval queue once the stack's runner has prepared them, and the run under Applications › Runs.
 * Jobs already applied to cannot be selected. Nothing is stubbed: the batch goes through the
 * job-apply function and the stack's runner (resume choice, cover-letter setting) as in production.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { callFunction, type TestUser } from "../support/env.ts";
import { ingestJobs, jobSettings, publishedResume } from "./applications.fixtures.ts";
import { ApplicationsPage } from "./applications.po.ts";
import { launchBrowser, MOBILE, newContext, overflowingElements } from "./browser.ts";
import { JobsPage } from "./jobs.po.ts";
import { shot, signedInUser } from "./onboarding.po.ts";

const JOBS = [
  { external_job_id: "ba-1", title: "Platform Engineer", company: "Kissflow" },
  { external_job_id: "ba-2", title: "Backend Engineer", company: "Chargebee" },
  { external_job_id: "ba-3", title: "Site Reliability Engineer", company: "Zoho" },
  { external_job_id: "ba-4", title: "Go Developer", company: "Groww" },
];

describe("batch apply", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let jobs: JobsPage;
  let apps: ApplicationsPage;
  let user: TestUser;
  let ids: Map<string, string>;

  before(async () => {
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    user = await signedInUser(page, "e2e-batch");
    jobs = new JobsPage(page);
    apps = new ApplicationsPage(page);
    await jobSettings(user, { portals: ["naukri"], roles: ["Backend Engineer"], locations: ["Pune"] });
    ids = await ingestJobs(user, "naukri", JOBS);
    await publishedResume(user, "Backend résumé");
    // One job is applied to already: it cannot be picked again.
    const single = await callFunction(`job-apply/v1/job-apply/single/${ids.get("ba-4")}`, {
      method: "POST",
      token: user.accessToken,
      body: {},
    });
    assert.equal(single.status, 201, JSON.stringify(single.body));
  });
  after(async () => {
    await browser?.close();
  });

  test("select jobs, confirm the batch, and find them waiting for review", async () => {
    await jobs.goto();
    await jobs.card("Go Developer").waitFor();
    assert.equal(
      await jobs.card("Go Developer").locator('[data-test="job-select"]').count(),
      0,
      "a job applied to already has no checkbox",
    );
    // The whole page, then one fewer.
    await jobs.el("jobs-select-page").click();
    assert.equal((await jobs.el("batch-count").textContent())?.trim(), "3 jobs selected");
    await jobs.card("Site Reliability Engineer").locator('[data-test="job-select"]').click();
    assert.equal((await jobs.el("batch-count").textContent())?.trim(), "2 jobs selected");
    assert.equal(await jobs.el("jobs-select-page").getAttribute("data-state"), "indeterminate");
    await shot(page, "jobs-batch-bar", { fullPage: false });

    await jobs.el("batch-apply").click();
    await jobs.el("batch-dialog").waitFor();
    await jobs.el("batch-resume").waitFor();
    assert.equal(await jobs.el("batch-resume").inputValue(), "", "each job's best résumé by default");
    const notes = (await jobs.el("batch-notes").textContent()) ?? "";
    assert.match(notes, /Nothing is sent before you approve it/);
    assert.match(notes, /cover letter drafted with your Gemini key/);
    await shot(page, "jobs-batch-dialog", { fullPage: false });
    await jobs.el("batch-send").click();
    await jobs.el("batch-result").waitFor();
    assert.equal((await jobs.el("batch-queued").textContent())?.trim(), "2 applications are being prepared.");
    assert.equal(await jobs.el("batch-bar").count(), 0, "the selection is cleared");
    await jobs.el("batch-open-applications").click();
    await page.waitForURL(/\/applications\?tab=queue/);

    // The stack's runner chooses each one's résumé, then they wait for review.
    const deadline = Date.now() + 45_000;
    while ((await apps.el("queue-item").count()) < 2) {
      assert.ok(Date.now() < deadline, "both applications reach the approval queue");
      await page.waitForTimeout(1000);
      await apps.goto("?tab=queue");
    }
    assert.deepEqual((await apps.titles()).sort(), ["Backend Engineer", "Platform Engineer"]);
    // Without a Gemini key no letter was drafted, and the review says why.
    await apps.open("Backend Engineer", "queue-item");
    assert.match(
      (await apps.el("application-letter-note").textContent()) ?? "",
      /No cover letter was drafted: letters are written with your own Gemini API key/,
    );
    await shot(page, "applications-batch-review", { fullPage: false });
  });

  test("Runs lists the batch, and its applications open in the tracker", async () => {
    await apps.goto("?tab=runs");
    const batch = apps.el("run-item").and(page.locator('[data-mode="batch"]'));
    await batch.waitFor();
    assert.match((await batch.locator('[data-test="run-counts"]').textContent()) ?? "", /Jobs\s*2/);
    assert.equal(
      (await batch.locator('[data-test="run-state"]').textContent())?.trim(),
      "Prepared, still open",
      "prepared, but its applications wait for review",
    );
    assert.equal(await apps.el("run-item").count(), 2, "the manual application is a run of its own");
    await shot(page, "applications-runs");
    await batch.locator('[data-test="run-applications"]').click();
    await page.waitForURL(/run=/);
    await apps.el("applications-run-filter").waitFor();
    assert.deepEqual((await apps.titles()).sort(), ["Backend Engineer", "Platform Engineer"]);
  });

  test("on a phone the batch bar and dialog fit the screen", async () => {
    const phone = await browser.newContext({
      baseURL: new URL(page.url()).origin,
      viewport: MOBILE,
      reducedMotion: "reduce",
      storageState: await context.storageState(),
    });
    try {
      const p = await phone.newPage();
      const j = new JobsPage(p);
      await j.goto();
      await j.card("Site Reliability Engineer").locator('[data-test="job-select"]').click();
      await j.el("batch-bar").waitFor();
      assert.deepEqual(await overflowingElements(p), []);
      await j.el("batch-apply").click();
      await j.el("batch-send").waitFor();
      assert.deepEqual(await overflowingElements(p), []);
      await shot(p, "jobs-batch-dialog-mobile", { fullPage: false });
    } finally {
      await phone.close();
    }
  });
});
