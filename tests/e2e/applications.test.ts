/**
 * The Job Application pages as a user sees them: Apply on /jobs (the review dialog with the
 * résumé chosen for the job, a cover letter the user writes, the screening questions the answer
 * bank cannot answer), then /applications: the tracker as a table and as a board by response, its
 * filters in the URL, one application with the exact PDF and cover letter that were sent and its
 * timeline, response updates, questions asked instead of guessed, and the approval queue. States
 * the runner reaches (submitted, needs_input, awaiting review, held, failed) are arranged as the
 * runner leaves them (applications.fixtures.ts); everything the page does goes through the API.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { FAKE_GEMINI_VALID_KEY } from "../fakes/gemini.ts";
import { callFunction, newUser, saveToken, type TestUser, withSql } from "../support/env.ts";
import {
  ingestJobs,
  jobSettings,
  publishedResume,
  seedApplication,
  storeSentPdf,
} from "./applications.fixtures.ts";
import { ApplicationsPage } from "./applications.po.ts";
import { launchBrowser, MOBILE, newContext, overflowingElements, SCREENSHOT_DIR } from "./browser.ts";
import { JobsPage } from "./jobs.po.ts";
import { shot, signedInUser } from "./onboarding.po.ts";

const exec = promisify(execFile);

/** `v`, or a failed test naming what was missing. */
function found<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new Error(`missing: ${what}`);
  return v;
}

const JOBS = [
  { external_job_id: "ap-1", title: "Frontend Developer", company: "Druva" },
  { external_job_id: "ap-2", title: "React Engineer", company: "Zerodha" },
  { external_job_id: "ap-3", title: "UI Engineer", company: "Freshworks" },
  { external_job_id: "ap-4", title: "Senior Frontend Engineer", company: "Postman" },
  { external_job_id: "ap-5", title: "Web Developer", company: "Razorpay" },
  { external_job_id: "ap-6", title: "Frontend Lead", company: "Swiggy" },
  { external_job_id: "ap-7", title: "JavaScript Developer", company: "Meesho" },
  { external_job_id: "ap-8", title: "Angular Developer", company: "TCS" },
  { external_job_id: "ap-9", title: "Vue Developer", company: "CRED" },
];

describe("applications", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let apps: ApplicationsPage;
  let user: TestUser;
  let jobIds: Map<string, string>;
  let versionId: string;
  const ids: Record<string, string> = {};

  before(async () => {
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    user = await signedInUser(page, "e2e-applications");
    apps = new ApplicationsPage(page);
    await jobSettings(user, { portals: ["naukri"], roles: ["Frontend Developer"], locations: ["Pune"] });
    jobIds = await ingestJobs(user, "naukri", JOBS);
    versionId = (await publishedResume(user, "Frontend résumé")).versionId;
  });
  after(async () => {
    await browser?.close();
  });

  const job = (ext: string) => found(jobIds.get(ext), `job ${ext}`);

  test("with no applications the tracker says how to start, and the queue is empty", async () => {
    await apps.goto();
    assert.equal(await apps.el("applications-empty").getAttribute("data-kind"), "no-applications");
    await shot(page, "applications-empty");
    await apps.el("tab-queue").click();
    await page.waitForURL(/tab=queue/);
    await apps.el("queue-empty").waitFor();
  });

  test("Apply on /jobs: the review shows the chosen résumé, takes the user's letter, and sends once", async () => {
    const jobs = new JobsPage(page);
    await jobs.goto();
    const card = jobs.card("Frontend Developer");
    await card.locator('[data-test="job-apply"]').click();
    const dialog = apps.el("apply-dialog");
    await dialog.waitFor();
    await apps.el("apply-resume").waitFor();
    const chosen = (await apps.el("apply-resume").locator("option:checked").textContent()) ?? "";
    assert.match(chosen, /Frontend résumé · version 1 · ATS \d+/);
    // No Gemini key: the page says so and the user writes their own letter.
    assert.match((await apps.el("apply-cover-error").textContent()) ?? "", /Gemini/);
    const gaps = (await apps.el("apply-question-gaps").locator("li").allTextContents()).map((t) => t.trim());
    assert.ok(gaps.includes("Notice period") && gaps.includes("Expected CTC"), gaps.join(", "));
    const letter =
      "Dear Druva team,\n\nI build React and TypeScript interfaces and would like to do that for Druva's product.\n\nArjun";
    await apps.el("apply-cover-letter").fill(letter);
    await shot(page, "apply-dialog", { fullPage: false });
    await apps.el("apply-send").click();
    await apps.toast(/Application to Druva queued/).waitFor();
    await dialog.waitFor({ state: "detached" });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("data-test")),
      "job-apply",
      "focus returns to the Apply button",
    );

    await apps.goto();
    const row = apps.row("Frontend Developer");
    await row.waitFor();
    ids.druva = found(await row.getAttribute("data-application-id"), "application id");
    await apps.open("Frontend Developer");
    assert.equal(
      (await apps.el("application-cover-letter").textContent())?.trim(),
      letter,
      "the letter sent",
    );
    assert.match((await apps.el("application-resume").textContent()) ?? "", /Frontend résumé · version 1/);
    const kinds = await apps
      .el("timeline-entry")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    assert.equal(kinds[0], "created");

    // A second Apply on the same job finds the application: once per job, ever.
    await page.goto(`/jobs?job=${job("ap-1")}`);
    await apps.el("job-detail").locator('[data-test="job-apply"]').click();
    await apps.el("apply-existing").waitFor();
    await shot(page, "apply-dialog-existing", { fullPage: false });
    await page.keyboard.press("Escape");
  });

  test("with a Gemini key the letter is drafted from the user's record; an invented sentence is dropped and shown", async () => {
    await saveToken(user, "gemini", FAKE_GEMINI_VALID_KEY);
    const jobs = new JobsPage(page);
    await jobs.goto();
    await jobs.card("Vue Developer").locator('[data-test="job-apply"]').click();
    await apps.el("apply-grounded").waitFor();
    const draft = await apps.el("apply-cover-letter").inputValue();
    assert.ok(draft.length > 40, draft);
    assert.doesNotMatch(draft, /Quantexa/, "the invented sentence is not in the draft");
    assert.match((await apps.el("apply-rejected").textContent()) ?? "", /Quantexa/);
    await apps.el("apply-rejected").locator("summary").click();
    await shot(page, "apply-dialog-grounded", { fullPage: false });
    await page.keyboard.press("Escape");
    await apps.el("apply-dialog").waitFor({ state: "detached" });
  });

  test("the tracker lists every state, filters through the URL, and shows a board by response", async () => {
    const pdf = await storeSentPdf(user, "Zerodha");
    ids.submitted = await seedApplication(user, job("ap-2"), {
      status: "submitted",
      versionId,
      sentPdf: pdf,
      coverLetter: "Dear Zerodha team,\n\nI would like to build Kite's next screens.",
    });
    ids.needsInput = await seedApplication(user, job("ap-3"), {
      status: "needs_input",
      versionId,
      questions: [
        { id: "q-notice", label: "What is your notice period (in days)?", kind: "number", required: true },
        {
          id: "q-shift",
          label: "Are you comfortable with rotational shifts?",
          kind: "radio",
          options: ["Yes", "No"],
          required: true,
        },
      ],
    });
    ids.reviewA = await seedApplication(user, job("ap-4"), {
      status: "awaiting_approval",
      versionId,
      coverLetter: "Dear Postman team, …",
    });
    ids.reviewB = await seedApplication(user, job("ap-5"), { status: "awaiting_approval", versionId });
    ids.reviewC = await seedApplication(user, job("ap-6"), { status: "awaiting_approval", versionId });
    ids.held = await seedApplication(user, job("ap-7"), {
      status: "held",
      versionId,
      heldReason: "portal_paused",
    });
    ids.failed = await seedApplication(user, job("ap-8"), { status: "failed", versionId });

    await apps.goto();
    assert.match((await apps.el("applications-count").textContent()) ?? "", /^8 applications/);
    assert.equal(await apps.el("queue-badge").textContent(), "3");
    const statusOf = async (title: string) =>
      apps.row(title).locator('[data-test="application-status"]').getAttribute("data-status");
    assert.equal(await statusOf("React Engineer"), "submitted");
    assert.equal(await statusOf("UI Engineer"), "needs_input");
    assert.equal(await statusOf("JavaScript Developer"), "held");
    assert.equal(await statusOf("Angular Developer"), "failed");
    assert.match(
      (await apps.el("needs-input-callout").textContent()) ?? "",
      /1 application needs your answer/,
    );
    await shot(page, "applications-table");

    await apps.filter({}, { status: "submitted" });
    assert.match(page.url(), /status=submitted/);
    assert.deepEqual(await apps.titles(), ["React Engineer"]);
    await apps.filter({ q: "zzz-nothing" });
    assert.equal(await apps.el("applications-empty").getAttribute("data-kind"), "no-match");
    await apps.el("applications-clear").click();
    await page.waitForURL((u) => u.pathname === "/applications" && !u.search.includes("q="));

    await apps.goto("?view=board");
    const column = (r: string) => apps.el("board-column").and(page.locator(`[data-response="${r}"]`));
    assert.equal(await column("pending").locator('[data-test="board-card"]').count(), 8);
    await shot(page, "applications-board");
  });

  test("one application shows the exact PDF and letter sent; a response update lands in the timeline", async () => {
    await apps.goto(`?app=${ids.submitted}`);
    await apps.detail.waitFor();
    assert.match((await apps.el("application-cover-letter").textContent()) ?? "", /Kite's next screens/);
    const href = found(await apps.el("application-resume-pdf").getAttribute("href"), "PDF link");
    const res = await fetch(href);
    assert.equal(res.status, 200);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = `${SCREENSHOT_DIR}applications-sent-resume.pdf`;
    writeFileSync(file, bytes);
    await exec("pdftoppm", [
      "-png",
      "-r",
      "50",
      "-singlefile",
      file,
      `${SCREENSHOT_DIR}applications-sent-resume`,
    ]);
    const { stdout } = await exec("pdftotext", [file, "-"]);
    assert.match(stdout, /Resume as sent: Zerodha/);

    await apps.el("response-select").selectOption("interview");
    await apps.el("response-save").click();
    await apps.toast("Response recorded: Interview").waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-test="timeline-entry"]')].some(
        (e) => e.getAttribute("data-kind") === "response" && e.textContent?.includes("Interview"),
      ),
    );
    await shot(page, "application-detail-submitted", { fullPage: false });
    await page.keyboard.press("Escape");
    await apps.detail.waitFor({ state: "detached" });

    await apps.goto("?view=board");
    const interview = apps.el("board-column").and(page.locator('[data-response="interview"]'));
    assert.deepEqual(
      (await interview.locator('[data-test="application-title"]').allTextContents()).map((t) => t.trim()),
      ["React Engineer"],
    );
  });

  test("a question the answer bank cannot answer is asked, never guessed; answering queues it again", async () => {
    await apps.goto();
    await apps.el("needs-input-link").click();
    await page.waitForURL(/status=needs_input/);
    await apps.open("UI Engineer");
    const form = apps.el("needs-input-form");
    const questions = await form.locator('[data-test="question"]').allTextContents();
    assert.equal(questions.length, 2);
    assert.match(questions[0] ?? "", /What is your notice period \(in days\)\?/);
    assert.match(questions[1] ?? "", /Are you comfortable with rotational shifts\?.*Yes.*No/);
    await shot(page, "application-needs-input", { fullPage: false });
    await apps.el("needs-input-submit").click();
    assert.match((await apps.el("needs-input-error").textContent()) ?? "", /required/);
    await form.locator("input[type=number]").fill("30");
    await form.getByLabel("Yes").check();
    await apps.el("needs-input-submit").click();
    await apps.toast("Answers sent").waitFor();
    await apps.el("needs-input-form").waitFor({ state: "detached" });
    const needsInput = found(ids.needsInput, "needs_input application");
    const [row] = await withSql(
      (sql) => sql<{ status: string; answers_json: { value: string }[] }[]>`
        select status, answers_json from public.job_applications where id = ${needsInput}`,
    );
    assert.notEqual(row?.status, "needs_input");
    assert.deepEqual(row?.answers_json.map((a) => a.value).sort(), ["30", "Yes"]);
  });

  test("the approval queue: approve one, reject one, approve the rest", async () => {
    await apps.goto("?tab=queue");
    assert.equal(await apps.el("queue-item").count(), 3);
    await shot(page, "applications-queue");
    // Approve one after editing its cover letter in the detail.
    await apps.open("Senior Frontend Engineer", "queue-item");
    assert.equal(await apps.el("review-letter-input").inputValue(), "Dear Postman team, …");
    await apps
      .el("review-letter-input")
      .fill("Dear Postman team,\n\nI would like to work on the API client.");
    await shot(page, "application-review", { fullPage: false });
    await apps.detail.locator('[data-test="approve"]').click();
    await apps.toast(/Approved: Senior Frontend Engineer/).waitFor();
    await page.keyboard.press("Escape");
    await apps.detail.waitFor({ state: "detached" });
    await page.waitForFunction(() => document.querySelectorAll('[data-test="queue-item"]').length === 2);
    await apps.row("Web Developer", "queue-item").locator('[data-test="reject"]').click();
    await apps.toast(/Rejected: Web Developer/).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-test="queue-item"]').length === 1);
    await apps.el("approve-all").click();
    await apps.el("approve-all-confirm").waitFor();
    await apps.el("approve-all-confirm-yes").click();
    await apps.toast("1 application approved").waitFor();
    await apps.el("queue-empty").waitFor();
    const reviewed = [ids.reviewA, ids.reviewB, ids.reviewC].map((id) => found(id, "reviewed application"));
    const rows = await withSql(
      (sql) => sql<{ id: string; status: string; approval: string; cover_letter_text: string | null }[]>`
        select id, status, approval, cover_letter_text from public.job_applications where id = any(${reviewed}::uuid[])`,
    );
    const by = new Map(rows.map((r) => [r.id, r]));
    assert.equal(by.get(ids.reviewA as string)?.approval, "approved");
    assert.equal(
      by.get(ids.reviewA as string)?.cover_letter_text,
      "Dear Postman team,\n\nI would like to work on the API client.",
    );
    assert.equal(by.get(ids.reviewB as string)?.status, "cancelled");
    assert.equal(by.get(ids.reviewC as string)?.approval, "approved");
  });

  test("another user's application cannot be opened by its id", async () => {
    const stranger = await newUser("e2e-applications-stranger");
    const theirJobs = await ingestJobs(stranger, "naukri", [
      { external_job_id: "stranger-1", title: "Stranger Role", company: "Elsewhere" },
    ]);
    const theirs = await seedApplication(stranger, found(theirJobs.get("stranger-1"), "stranger job"), {
      status: "failed",
    });
    await apps.goto(`?app=${theirs}`);
    assert.equal(
      await page.locator('[data-test="application-detail"]').count(),
      0,
      "no detail for a stranger's id",
    );
    assert.equal(await page.getByText("Stranger Role").count(), 0);
  });

  test("at 390 px in the dark theme nothing overflows", async () => {
    const dark = await browser.newContext({
      baseURL: new URL(page.url()).origin,
      colorScheme: "dark",
      viewport: MOBILE,
      reducedMotion: "reduce",
      storageState: await context.storageState(),
    });
    const p = await dark.newPage();
    const mobile = new ApplicationsPage(p);
    for (const [query, name] of [
      ["", "table"],
      ["?view=board", "board"],
      ["?tab=queue", "queue"],
      [`?app=${ids.submitted}`, "detail"],
    ] as const) {
      await mobile.goto(query);
      if (name === "detail") await mobile.detail.waitFor();
      assert.deepEqual(await overflowingElements(p), [], `${name} fits 390 px`);
      await shot(p, `dark-mobile-applications-${name}`);
    }
    await dark.close();
  });
});
