import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { callFunction, env, newAdmin, type TestUser, withSql } from "../support/env.ts";
import { repository } from "../support/project-fixtures.ts";
import { ingestJobs, seedApplication } from "./applications.fixtures.ts";
import { AuthPage } from "./auth.po.ts";
import { FAKE_MEDIA_ARGS, launchBrowser, MOBILE, newContext } from "./browser.ts";
import { signedInUser } from "./onboarding.po.ts";

const WEB_APP = fileURLToPath(new URL("../../web/app", import.meta.url));

/** Every file under web/app that renders a dialog or a sheet (their content components). */
function dialogFiles(dir = WEB_APP): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...dialogFiles(p));
    else if (/\.tsx$/.test(name) && /<(Dialog|Sheet|AlertDialog)Content\b/.test(readFileSync(p, "utf8")))
      out.push(relative(WEB_APP, p));
  }
  return out.sort();
}

interface Walk {
  /** The file under web/app whose dialog this walks. */
  file: string;
  name: string;
  /** Goes to the page and returns the opener (focused and activated with the keyboard). */
  opener: (page: Page) => Promise<Locator>;
  dialog: string;
  /** How the dialog is closed: Escape (default) or a button inside it. */
  closeWith?: string;
  mobile?: boolean;
  admin?: boolean;
}

const t = (page: Page, id: string) => page.locator(`[data-test="${id}"]`);

/** Arranges a fetched job for `user` through the service-only ingest route. */
async function job(user: TestUser): Promise<void> {
  const id = `focus-${Math.floor(Math.random() * 1e9)}`;
  const res = await callFunction("job-fetcher/v1/internal/jobs/ingest", {
    method: "POST",
    token: env.serviceRoleKey,
    body: {
      user_id: user.userId,
      portal: "naukri",
      jobs: [
        {
          external_job_id: id,
          title: "Focus Engineer",
          company: "Focus",
          job_url: `https://www.naukri.com/${id}`,
        },
      ],
    },
  });
  if (res.status !== 200) throw new Error(`ingest failed: ${JSON.stringify(res.body)}`);
}

/** A failed application (the tracker's row) and one waiting for review (the approval queue), on two jobs. */
async function applications(user: TestUser): Promise<void> {
  const jobs = await ingestJobs(user, "naukri", [
    { external_job_id: `focus-app-${crypto.randomUUID()}`, title: "Focus Tracker", company: "Focus" },
    { external_job_id: `focus-review-${crypto.randomUUID()}`, title: "Focus Review", company: "Focus" },
  ]);
  const [tracked, reviewed] = [...jobs.entries()]
    .filter(([ext]) => ext.startsWith("focus-app-") || ext.startsWith("focus-review-"))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, id]) => id);
  await seedApplication(user, tracked as string, { status: "failed" });
  await seedApplication(user, reviewed as string, { status: "awaiting_approval" });
}

/** An uploaded certificate of `user` (upload URL through the API, the file through Storage). */
async function certificate(user: TestUser): Promise<void> {
  const res = await callFunction("verification/v1/certificates", {
    method: "POST",
    token: user.accessToken,
    body: { document_type: "course", content_type: "image/png", size: 4 },
  });
  const target = res.body as { storage_path: string; token: string };
  const up = await user.client.storage
    .from("certificates")
    .uploadToSignedUrl(target.storage_path, target.token, new Blob(["cert"], { type: "image/png" }), {
      contentType: "image/png",
    });
  if (up.error) throw new Error(up.error.message);
}

const WALKS: Walk[] = [
  {
    file: "(app)/_components/mobile-nav-drawer.tsx",
    name: "the mobile navigation drawer",
    mobile: true,
    opener: async (page) => {
      await page.goto("/dashboard");
      return t(page, "mobile-nav-trigger");
    },
    dialog: '[role="dialog"]',
  },
  {
    file: "(app)/job-control/_components/auto-apply-confirm.tsx",
    name: "the auto-apply confirmation",
    opener: async (page) => {
      await page.goto("/job-control");
      return t(page, "auto-apply-switch");
    },
    dialog: '[data-test="auto-apply-confirm"]',
  },
  {
    file: "(app)/settings/_components/delete-account-dialog.tsx",
    name: "the delete-account dialog",
    opener: async (page) => {
      await page.goto("/settings");
      return t(page, "delete-account-open");
    },
    dialog: '[data-test="delete-account-dialog"]',
  },
  {
    file: "(app)/_components/token-field.tsx",
    name: "the token revoke confirmation",
    opener: async (page) => {
      await page.goto("/settings#api-keys");
      if ((await t(page, "token-naukri-revoke").count()) === 0) {
        await t(page, "token-naukri-input").fill("nauk-at-value-for-focus");
        await t(page, "token-naukri-save").click();
      }
      return t(page, "token-naukri-revoke");
    },
    dialog: '[data-test="token-naukri-revoke-dialog"]',
  },
  {
    file: "(app)/projects/_components/intro-video-dialog.tsx",
    name: "the intro video recorder",
    opener: async (page) => {
      await page.goto("/projects");
      return t(page, "repo-video-add").first();
    },
    dialog: '[data-test="video-dialog"]',
  },
  {
    file: "(app)/projects/_components/delete-video-dialog.tsx",
    name: "the delete-video confirmation (kept)",
    opener: async (page) => {
      await page.goto("/projects");
      return t(page, "repo-video-delete").first();
    },
    dialog: '[data-test="repo-video-delete-dialog"]',
    closeWith: '[data-test="repo-video-delete-cancel"]',
  },
  {
    file: "(app)/jobs/_components/job-detail.tsx",
    name: "the job detail sheet (opened by a link, closed by navigating back)",
    opener: async (page) => {
      await page.goto("/jobs");
      return t(page, "job-title").first().locator("xpath=self::a | .//a").first();
    },
    dialog: '[data-test="job-detail"]',
  },
  {
    file: "(app)/resumes/_components/certificates-tab.tsx",
    name: "the certificate preview",
    opener: async (page) => {
      await page.goto("/resumes");
      return t(page, "certificate-preview").first();
    },
    dialog: '[data-test="certificate-preview-dialog"]',
  },
  {
    file: "admin/api-management/_components/api-keys-table.tsx",
    name: "the admin key rotation dialog",
    admin: true,
    opener: async (page) => {
      await page.goto("/admin/api-management");
      return t(page, "api-key-rotate").first();
    },
    dialog: '[data-test="rotate-dialog"]',
  },
  {
    file: "admin/notifications/_components/broadcast-form.tsx",
    name: "the admin broadcast confirmation",
    admin: true,
    opener: async (page) => {
      await page.goto("/admin/notifications");
      await t(page, "broadcast-title").fill("Focus check");
      await t(page, "broadcast-body").fill("Checking where focus goes when this closes.");
      return t(page, "broadcast-review");
    },
    dialog: '[data-test="broadcast-confirm"]',
  },
  {
    file: "(app)/jobs/_components/apply-dialog.tsx",
    name: "the apply review dialog",
    opener: async (page) => {
      await page.goto("/jobs");
      return t(page, "job-apply").first();
    },
    dialog: '[data-test="apply-dialog"]',
  },
  {
    file: "(app)/jobs/_components/batch-dialog.tsx",
    name: "the batch apply dialog (opened from the selection bar)",
    opener: async (page) => {
      await page.goto("/jobs");
      await t(page, "job-select").first().click();
      return t(page, "batch-apply");
    },
    dialog: '[data-test="batch-dialog"]',
  },
  {
    file: "(app)/applications/_components/application-detail.tsx",
    name: "the application detail sheet (opened by a link, closed by navigating back)",
    opener: async (page) => {
      await page.goto("/applications");
      return t(page, "application-title").first();
    },
    dialog: '[data-test="application-detail"]',
  },
  {
    file: "(app)/applications/_components/approve-all.tsx",
    name: "the approve-all confirmation",
    opener: async (page) => {
      await page.goto("/applications?tab=queue");
      return t(page, "approve-all");
    },
    dialog: '[data-test="approve-all-confirm"]',
  },
  {
    file: "admin/control/_components/emergency-stop.tsx",
    name: "the emergency stop confirmation (cancelled)",
    admin: true,
    opener: async (page) => {
      await page.goto("/admin/control");
      return t(page, "emergency-stop-toggle");
    },
    dialog: '[data-test="emergency-stop-confirm"]',
    closeWith: '[data-test="emergency-stop-cancel"]',
  },
];

/** Focus goes back to whatever opened a dialog when it closes: every dialog in the app, walked. */
describe("dialogs return focus to their opener", () => {
  let browser: Browser;
  let user: TestUser;
  let userCtx: BrowserContext;
  let mobileCtx: BrowserContext;
  let adminCtx: BrowserContext;

  before(async () => {
    browser = await launchBrowser(FAKE_MEDIA_ARGS);
    userCtx = await newContext(browser);
    const page = await userCtx.newPage();
    user = await signedInUser(page, "e2e-focus");
    await withSql((sql) => sql`update public.onboarding set completed = true where user_id = ${user.userId}`);
    await repository(user, "focus-project");
    const withVideo = await repository(user, "focus-video");
    await withSql(
      (sql) => sql`
        insert into public.project_videos (user_id, repo_id, storage_path, content_type, size_bytes, status, failure_reason)
        values (${user.userId}, ${withVideo}, ${`${user.userId}/${withVideo}/${crypto.randomUUID()}.webm`}, 'video/webm', 4, 'failed', 'Too short.')`,
    );
    await job(user);
    await applications(user);
    await certificate(user);
    mobileCtx = await newContext(browser, MOBILE, { storageState: await userCtx.storageState() });
    const admin = await newAdmin("e2e-focus-admin");
    adminCtx = await newContext(browser);
    const adminPage = await adminCtx.newPage();
    await new AuthPage(adminPage).goto();
    await new AuthPage(adminPage).signIn(admin.email, admin.password);
    await adminPage.waitForURL((u) => u.pathname.startsWith("/admin"));
  });
  after(async () => {
    await browser?.close();
  });

  test("every dialog in web/app has a walk below", () => {
    assert.deepEqual(dialogFiles(), [...new Set(WALKS.map((w) => w.file))].sort());
  });

  for (const walk of WALKS) {
    test(`${walk.name}: focus returns to its opener`, async () => {
      const ctx = walk.admin ? adminCtx : walk.mobile ? mobileCtx : userCtx;
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      const opener = await walk.opener(page);
      await opener.waitFor();
      await opener.focus();
      await opener.evaluate((el) => el.setAttribute("data-focus-probe", "opener"));
      await page.keyboard.press("Enter");
      const dialog = page.locator(walk.dialog);
      await dialog.waitFor();
      if (walk.closeWith) await page.locator(walk.closeWith).click();
      else await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
      await page.waitForFunction(
        () => document.activeElement?.getAttribute("data-focus-probe") === "opener",
        undefined,
        { timeout: 5000 },
      );
    });
  }

  test("after a revoke removed the button that opened it, focus lands on the token input that replaced it", async () => {
    const page = userCtx.pages()[0] ?? (await userCtx.newPage());
    await page.goto("/settings#api-keys");
    if ((await t(page, "token-naukri-revoke").count()) === 0) {
      await t(page, "token-naukri-input").fill("nauk-at-value-for-focus");
      await t(page, "token-naukri-save").click();
    }
    await t(page, "token-naukri-revoke").click();
    await t(page, "token-naukri-revoke-confirm").click();
    await t(page, "token-naukri-revoke-dialog").waitFor({ state: "detached" });
    await page.waitForFunction(
      () => document.activeElement?.getAttribute("data-test") === "token-naukri-input",
      undefined,
      { timeout: 5000 },
    );
  });
});
