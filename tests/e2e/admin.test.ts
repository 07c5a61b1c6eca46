/**
 * The Certificates tab and the admin console in Chromium: a user uploads a certificate (real
 * file, real progress), the runner reads it, an admin reviews it from /admin/users/:id/certificates
 * (preview beside the OCR extract, keyboard shortcuts, reject needs notes) and the user sees the
 * outcome; every console page renders for the demo-style admin; a non-admin opening /admin gets
 * the plain not-found page. Screenshots of each page go to tests/artifacts/screenshots/admin-*.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { COURSE_CERTIFICATE, renderTextImage } from "../fakes/certificates.ts";
import { callFunction, newAdmin, type TestUser } from "../support/env.ts";
import { AdminConsole, CertificatesTabPage } from "./admin.po.ts";
import { AuthPage } from "./auth.po.ts";
import { launchBrowser, MOBILE, newContext, overflowingElements } from "./browser.ts";
import { shot, signedInUser } from "./onboarding.po.ts";

/** The runner reads an image in a few seconds; allow for a busy machine. */
const OCR_TIMEOUT_MS = 120_000;

let browser: Browser;
let dir: string;
let certificateFile: string;
let secondFile: string;

async function onboard(user: TestUser, name: string) {
  await callFunction("auth-identity/v1/auth/profile", {
    method: "PATCH",
    token: user.accessToken,
    body: { display_name: name },
  });
  await callFunction("onboarding/v1/onboarding", {
    method: "PUT",
    token: user.accessToken,
    body: { roles_targeted: ["Backend Engineer"], min_target_lpa: 10, completed: true },
  });
}

async function signIn(page: Page, user: TestUser) {
  const auth = new AuthPage(page);
  await auth.goto();
  await auth.signIn(user.email, user.password);
}

before(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), "cp-e2e-cert-"));
  certificateFile = join(dir, "ml-certificate.png");
  writeFileSync(certificateFile, await renderTextImage(COURSE_CERTIFICATE));
  secondFile = join(dir, "aws.jpg");
  writeFileSync(
    secondFile,
    await renderTextImage(
      COURSE_CERTIFICATE.map((l) => l.replace("Machine Learning Foundations", "Cloud Practitioner")),
      {
        format: "jpeg",
      },
    ),
  );
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("certificates and the admin console", () => {
  let userCtx: BrowserContext;
  let adminCtx: BrowserContext;
  let user: TestUser;
  let admin: TestUser;

  before(async () => {
    userCtx = await newContext(browser);
    adminCtx = await newContext(browser);
    admin = await newAdmin("e2e-admin");
    await onboard(admin, "Asha Admin");
  });
  after(async () => {
    await userCtx?.close();
    await adminCtx?.close();
  });

  test("a non-admin opening /admin gets the plain not-found page", async () => {
    const page = await userCtx.newPage();
    user = await signedInUser(page, "e2e-cert");
    await onboard(user, "Priya Sharma");
    for (const path of [
      "/admin",
      "/admin/users",
      "/admin/audit",
      `/admin/users/${user.userId}/certificates`,
    ]) {
      const res = await page.goto(path);
      assert.equal(res?.status(), 404, path);
      await page.locator('[data-test="not-found-dashboard"]').waitFor();
      assert.equal(await page.locator('[data-test="admin-shell"]').count(), 0);
    }
    await shot(page, "admin-not-found-for-user");
  });

  test("the user uploads two certificates and sees them read", async () => {
    const page = userCtx.pages()[0]!;
    const tab = new CertificatesTabPage(page);
    await tab.goto();
    await tab.upload(certificateFile, { title: "Machine Learning Foundations", issuer: "Coursera" });
    await tab.item("Machine Learning Foundations").waitFor();
    await tab.upload(secondFile, { type: "professional", title: "Cloud Practitioner" });
    await tab.item("Cloud Practitioner").waitFor();
    await tab
      .t("certificate-file")
      .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
    assert.match(await tab.t("certificate-upload-error").innerText(), /PDF, PNG, JPEG or WebP/);
    await tab.t("certificate-file").setInputFiles([]);
    for (const title of ["Machine Learning Foundations", "Cloud Practitioner"]) {
      await tab
        .item(title)
        .locator('[data-test="certificate-ocr"]', { hasText: /^\s*Read$/ })
        .waitFor({ timeout: OCR_TIMEOUT_MS });
      assert.equal(
        await tab.item(title).locator('[data-test="certificate-status"]').innerText(),
        "Pending review",
      );
    }
    await tab.item("Machine Learning Foundations").locator('[data-test="certificate-preview"]').click();
    await page.locator('[data-test="certificate-preview-dialog"] [data-test="document-preview"]').waitFor();
    await shot(page, "admin-user-certificates-tab-preview", { fullPage: false });
    await page.keyboard.press("Escape");
    await shot(page, "admin-user-certificates-tab-pending");
  });

  test("the admin reviews them from the user's certificates page, by keyboard", async () => {
    const page = await adminCtx.newPage();
    await signIn(page, admin);
    const console = new AdminConsole(page);
    await console.goto("/admin");
    await console.t("admin-card-pending-certificates").waitFor();
    await shot(page, "admin-dashboard");

    await console.open("users");
    await page.locator('[data-test="users-search"] input[name="q"]').fill(user.email);
    await page.locator('[data-test="users-search"] button').click();
    await page.waitForURL(/q=/);
    await console.t("user-link").first().click();
    await console.t("user-detail").waitFor();
    await shot(page, "admin-user-page");
    await console.t("user-certificates-link").click();
    await page.waitForURL(/\/certificates$/);
    await console.t("review-detail").waitFor();
    await shot(page, "admin-review-user-certificates-loading");
    await console.t("ocr-holder_name").filter({ hasText: "Priya Sharma" }).first().waitFor();
    assert.match(await console.t("name-match").innerText(), /Name match/);
    await shot(page, "admin-review-user-certificates");

    // Select the ML certificate, approve it with "a".
    await console.reviewItem("Machine Learning Foundations").click();
    await console.t("ocr-title").filter({ hasText: "Machine Learning Foundations" }).waitFor();
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("a");
    await console.reviewItem("Machine Learning Foundations").waitFor({ state: "detached" });

    // Reject the other: "r" focuses the notes; without notes nothing is sent.
    await console.reviewItem("Cloud Practitioner").click();
    await console.t("ocr-title").filter({ hasText: "Cloud Practitioner" }).waitFor();
    await console.t("review-reject").click();
    assert.equal(await console.reviewItem("Cloud Practitioner").count(), 1, "no rejection without notes");
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("r");
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("data-test")),
      "review-notes",
    );
    await page.keyboard.type("The issue date is not readable. Please upload a clearer scan.");
    await page.keyboard.press("Control+Enter");
    await console.t("review-empty").waitFor();
    await console.t("review-filter-all").click();
    await console.reviewItem("Cloud Practitioner").click();
    await console.t("review-decided").filter({ hasText: "Rejected" }).waitFor();
    await shot(page, "admin-review-decided");
  });

  test("the user sees the outcome: Verified badge, rejection notes, notifications", async () => {
    const page = userCtx.pages()[0]!;
    const tab = new CertificatesTabPage(page);
    await tab.goto();
    assert.match(
      await tab.item("Machine Learning Foundations").locator('[data-test="certificate-status"]').innerText(),
      /Verified/,
    );
    assert.match(
      await tab.item("Cloud Practitioner").locator('[data-test="certificate-notes"]').innerText(),
      /clearer scan/,
    );
    assert.equal(
      await tab.item("Machine Learning Foundations").locator('[data-test="certificate-delete"]').count(),
      0,
    );
    await shot(page, "admin-user-certificates-decided");
    await page.goto("/dashboard");
    assert.equal(await page.locator('[data-test="dashboard-verified-count"]').textContent(), "1");
    await shot(page, "admin-user-dashboard-verified-card");
  });

  test("every console page renders: queue, API management (rotate), broadcast (preview, confirm), audit log", async () => {
    const page = adminCtx.pages()[0]!;
    const console = new AdminConsole(page);
    // The queue shows what is pending now (the earlier tests decided theirs): put one document in it.
    const file = readFileSync(certificateFile);
    const issued = await callFunction("verification/v1/certificates", {
      method: "POST",
      token: user.accessToken,
      body: {
        document_type: "course",
        title: "Queue walkthrough certificate",
        content_type: "image/png",
        size: file.byteLength,
      },
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const target = issued.body as { storage_path: string; token: string };
    const uploaded = await user.client.storage
      .from("certificates")
      .uploadToSignedUrl(target.storage_path, target.token, file, { contentType: "image/png" });
    assert.equal(uploaded.error, null);
    await console.open("certificates");
    // The queue holds whatever other suites left pending (oldest first): open this test's document.
    await console.reviewItem("Queue walkthrough certificate").click();
    await console.t("review-detail").filter({ hasText: "Queue walkthrough certificate" }).waitFor();
    // The detail polls while the runner reads the file, then shows the extracted fields.
    await console.t("ocr-title").waitFor({ timeout: OCR_TIMEOUT_MS });
    await shot(page, "admin-certificates-queue");

    await console.open("api-management");
    await console.t("api-keys-table").waitFor();
    const row = page.locator('[data-test="api-key-row"][data-service="mail_provider"]');
    await row.locator('[data-test="api-key-rotate"]').click();
    await console.t("rotate-key").fill("re_live_e2e_0123456789wxyz");
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await console.t("rotate-expiry").fill(soon);
    await shot(page, "admin-api-management-rotate", { fullPage: false });
    await console.t("rotate-save").click();
    await console.t("rotate-dialog").waitFor({ state: "detached" });
    await row.locator('[data-test="api-key-masked"]', { hasText: "wxyz" }).waitFor();
    assert.equal(await row.locator('[data-test="api-key-status"]').innerText(), "Expiring");
    assert.ok(!(await page.content()).includes("re_live_e2e_0123456789"), "the page never shows the key");
    await shot(page, "admin-api-management");

    await console.open("notifications");
    await console.t("broadcast-title").fill("New: verified certificates on résumés");
    await console
      .t("broadcast-body")
      .fill("Upload your certificates under Resumes; verified ones get a badge.");
    await console.t("broadcast-link").fill("/resumes");
    await console.t("audience-users").check();
    await page.locator('[data-test="broadcast-user-search"] input').fill(user.email);
    await page.locator('[data-test="broadcast-user-search"] button').click();
    await console.t("broadcast-add-user").first().click();
    await shot(page, "admin-notifications-compose");
    await console.t("broadcast-review").click();
    await console.t("broadcast-confirm").waitFor();
    await shot(page, "admin-notifications-confirm", { fullPage: false });
    await console.t("broadcast-send").click();
    await console.t("broadcast-confirm").waitFor({ state: "detached" });

    await console.open("audit");
    await console.t("audit-table").waitFor();
    const actions = await console.t("audit-action-cell").allInnerTexts();
    for (const a of [
      "certificate.approve",
      "certificate.reject",
      "api_key.rotate",
      "notification.broadcast",
    ]) {
      assert.ok(actions.includes(a), `${a} in ${actions.join(", ")}`);
    }
    await shot(page, "admin-audit-log");

    const inbox = await callFunction("notifications/v1/notifications?page_size=50", {
      token: user.accessToken,
    });
    const titles = (inbox.body as { items: { title: string }[] }).items.map((n) => n.title);
    assert.ok(titles.includes("New: verified certificates on résumés"), titles.join(" | "));
  });

  test("on a phone the console and the Certificates tab fit the screen", async () => {
    const phone = await newContext(browser, MOBILE);
    try {
      const page = await phone.newPage();
      await signIn(page, admin);
      for (const [path, name] of [
        ["/admin", "admin-mobile-dashboard"],
        ["/admin/certificates", "admin-mobile-certificates"],
        ["/admin/api-management", "admin-mobile-api-management"],
      ] as const) {
        await page.goto(path);
        await page.locator('[data-test="page-title"]').waitFor();
        if (path === "/admin/certificates") await page.locator('[data-test="certificate-review"]').waitFor();
        if (path === "/admin/api-management") await page.locator('[data-test="api-keys-table"]').waitFor();
        // The keys table scrolls sideways inside its card on a phone; every other page fits.
        if (path !== "/admin/api-management") assert.deepEqual(await overflowingElements(page), [], path);
        await shot(page, name);
      }
      const userPage = await (await newContext(browser, MOBILE)).newPage();
      await signIn(userPage, user);
      await new CertificatesTabPage(userPage).goto();
      assert.deepEqual(await overflowingElements(userPage), []);
      await shot(userPage, "admin-mobile-user-certificates-tab");
      await userPage.context().close();
    } finally {
      await phone.close();
    }
  });
});
