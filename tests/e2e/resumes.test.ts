/**
 * The /resumes page in Chromium: the career record editor, creating a resume ("n of 10"),
 * building with visible progress until the runner's PDF is ready, a fabricating Gemini whose lies
 * are shown as left out (and not in the preview), versions with a diff, the ATS panel with gaps
 * vs keywords the record supports, the download link, the dashboard card, keyboard and mobile.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { renderResumePdf } from "../../scraper-runner/src/documents/render.ts";
import { FAKE_GEMINI_FABRICATE_KEY, fakeGeminiValidKey } from "../fakes/gemini.ts";
import { callFunction, saveToken, type TestUser } from "../support/env.ts";
import { launchBrowser, MOBILE, newContext, overflowingElements } from "./browser.ts";
import { DashboardPage } from "./dashboard.po.ts";
import { shot, signedInUser } from "./onboarding.po.ts";
import { ResumesPage } from "./resumes.po.ts";

async function saveKey(user: TestUser, key: string) {
  await saveToken(user, "gemini", key);
}

async function addEntry(user: TestUser, kind: string, data: Record<string, unknown>) {
  const res = await callFunction("resumes/v1/career-record", {
    method: "POST",
    token: user.accessToken,
    body: { kind, data },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

describe("resumes page", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let user: TestUser;
  let resumes: ResumesPage;

  before(async () => {
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    user = await signedInUser(page, "e2e-resumes");
    resumes = new ResumesPage(page);
    await saveKey(user, fakeGeminiValidKey(`e2e${Date.now().toString(36)}`));
    await addEntry(user, "education", {
      institution: "IIT Madras",
      area: "Computer Science",
      study_type: "B.Tech",
    });
    for (const name of [
      "PostgreSQL",
      "Go",
      "Kafka",
      "TypeScript",
      "Docker",
      "Redis",
      "Terraform",
      "GraphQL",
    ]) {
      await addEntry(user, "skill", { name });
    }
  });
  after(async () => {
    await browser?.close();
  });

  test("empty state, record editor and creating a resume: the list says 1 of 10", async () => {
    await resumes.goto();
    assert.equal(await resumes.el("resumes-count").textContent(), "0 of 10");
    await resumes.el("resumes-empty").waitFor();
    await resumes.addWork("Acme Payments", "Senior Backend Engineer", "2019-04", [
      "Cut p95 latency of the ledger API by 40% with PostgreSQL partitioning.",
      "Mentored 3 engineers.",
    ]);
    await resumes.create("Backend", "Backend engineer");
    assert.equal(await resumes.el("resumes-count").textContent(), "1 of 10");
    await resumes.el("versions-empty").waitFor();
    await shot(page, "resumes-created");
  });

  test("building shows progress, then the version with its preview and the PDF read back", async () => {
    await resumes.build();
    await resumes.el("build-summary").filter({ hasText: "backed by your record" }).waitFor();
    // The real PDF, drawn page by page by pdf.js: every canvas a page with ink on it.
    const pages = await resumes.pdfPages();
    assert.ok(pages.length >= 1, "at least one page");
    for (const p of pages) {
      assert.ok(p.height > p.width, `a portrait page (${p.width}×${p.height})`);
      assert.ok(p.inked > p.width * p.height * 0.005, `the page is not blank (${p.inked} inked pixels)`);
    }
    await resumes.el("pdf-preview").screenshot({ path: "tests/artifacts/screenshots/resumes-pdf-pages.png" });
    assert.match(
      (await resumes.el("pdf-preview-download").getAttribute("href")) ?? "",
      /\/object\/sign\/resumes\//,
    );
    await resumes.showText();
    const preview = page.frameLocator('[data-test="version-preview"]');
    await preview.getByText("Acme Payments").first().waitFor();
    await resumes
      .el("version-fidelity")
      .waitFor({ timeout: 60_000 })
      .catch(async () => {
        // The PDF finished after the build's wait: reload shows its check.
        await resumes.goto();
        await resumes.el("version-fidelity").waitFor({ timeout: 60_000 });
      });
    await shot(page, "resumes-built");
    await resumes.el("version-preview").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "tests/artifacts/screenshots/resumes-preview.png" });

    const downloading = page.waitForEvent("download");
    await resumes.el("resume-download").click();
    const download = await downloading;
    assert.match(download.url(), /\/storage\/v1\/object\/sign\/resumes\//);
    assert.equal(download.suggestedFilename(), "resume-v1.pdf");
    const saved = await download.path();
    assert.equal(readFileSync(saved).subarray(0, 5).toString(), "%PDF-");
  });

  test("a fabricating Gemini: its lies are listed as left out and appear nowhere in the preview", async () => {
    await saveKey(user, FAKE_GEMINI_FABRICATE_KEY);
    await resumes.goto();
    await resumes.build();
    await resumes.el("rejected-claims").waitFor();
    const listed = await resumes.el("rejected-claims").textContent();
    assert.match(listed ?? "", /Gemini suggested .*Quantexa Dynamics/);
    assert.match(listed ?? "", /not in your record/);
    await resumes.showText();
    const preview = page.frameLocator('[data-test="version-preview"]');
    await preview.getByText("Acme Payments").first().waitFor();
    const body = await preview.locator("body").textContent();
    for (const lie of ["Quantexa", "Zorblax", "Google", "Principal Architect", "Turing Medal"]) {
      assert.ok(!(body ?? "").includes(lie), `${lie} in the preview`);
    }
    await resumes.el("version-diff").waitFor();
    await resumes.el("rejected-claims").scrollIntoViewIfNeeded();
    await shot(page, "resumes-rejected-claims");
  });

  test("ATS panel: score, breakdown, and gaps told apart from keywords the record supports", async () => {
    await resumes
      .el("ats-jd")
      .fill(
        "We are hiring a Backend Engineer to build payment services in Go and Kafka, with Redis caching, " +
          "Terraform on AWS, GraphQL APIs and Kubernetes. PostgreSQL required.",
      );
    await resumes.el("ats-run").click();
    await resumes.el("ats-result").waitFor();
    const score = Number(await resumes.el("ats-score").textContent());
    assert.ok(score > 0 && score <= 100);
    const gap = resumes.el("ats-missing").filter({ hasText: "Kubernetes" });
    assert.equal(await gap.getAttribute("data-in-sources"), "false");
    await resumes.el("ats-panel").scrollIntoViewIfNeeded();
    await shot(page, "resumes-ats", { fullPage: true });
  });

  test("importing a resume PDF: entries arrive pending, and confirming one makes it a source", async () => {
    await saveKey(user, fakeGeminiValidKey(`e2e${Date.now().toString(36)}`));
    const pdf = await renderResumePdf(
      {
        basics: { name: "E2E Import" },
        work: [
          {
            name: "Initech Systems",
            position: "Platform Engineer",
            startDate: "2018-02",
            endDate: "2021-09",
          },
        ],
        skills: [{ name: "Rust" }],
        meta: { provenance: {} },
      },
      { template: "ats" },
    );
    const file = join(mkdtempSync(join(tmpdir(), "cp-e2e-resume-")), "old-resume.pdf");
    writeFileSync(file, pdf);
    await resumes.goto();
    await resumes.el("record-import-file").setInputFiles(file);
    await resumes
      .el("record-import-status")
      .filter({ hasText: "entries found" })
      .waitFor({ timeout: 60_000 });
    await resumes.el("record-pending").waitFor();
    const pending = page.locator('[data-test="record-entry"][data-status="pending"]');
    assert.ok((await pending.count()) >= 2);
    await pending.filter({ hasText: "Initech Systems" }).locator('[data-test="record-confirm"]').click();
    await page
      .locator('[data-test="record-entry"][data-status="confirmed"]')
      .filter({ hasText: "Initech Systems" })
      .waitFor();
    await resumes.el("record-import").scrollIntoViewIfNeeded();
    await shot(page, "resumes-import");
  });

  test("the dashboard card counts resumes and versions; the page works on a phone and by keyboard", async () => {
    const dash = new DashboardPage(page);
    await dash.goto();
    assert.equal(await dash.el("dashboard-resumes-count").textContent(), "1 of 10");
    assert.equal(await dash.el("dashboard-resume-versions").textContent(), "2");
    await dash.el("dashboard-resumes").scrollIntoViewIfNeeded();
    await shot(page, "dashboard-resumes-card");

    await page.setViewportSize(MOBILE);
    await resumes.goto();
    await resumes.el("version-view").waitFor();
    await shot(page, "resumes-mobile");
    assert.deepEqual(await overflowingElements(page), []);
    // Keyboard: the version buttons are reachable and switch the view.
    await resumes.el("version-item").last().focus();
    await page.keyboard.press("Enter");
    await resumes.page.locator('[data-test="version-view"][data-version="1"]').waitFor();
  });
});
