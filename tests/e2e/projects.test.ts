import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  FAKE_GEMINI_GEN_INVALID_KEY,
  FAKE_GEMINI_GEN_QUOTA_KEY,
  FAKE_GEMINI_VALID_KEY,
} from "../fakes/gemini.ts";
import { callFunction, env, saveToken, type TestUser } from "../support/env.ts";
import {
  FAKE_MEDIA_ARGS,
  launchBrowser,
  MOBILE,
  newContext,
  overflowingElements,
  screenshot,
} from "./browser.ts";
import { DashboardPage } from "./dashboard.po.ts";
import { shot, signedInUser } from "./onboarding.po.ts";
import { ProjectsPage } from "./projects.po.ts";

/** Waits for the runner (ffprobe + ffmpeg) to turn an upload into a playable video. */
const PROCESSING_TIMEOUT_MS = 120_000;

/** A test clip from ffmpeg's lavfi sources (colour bars with a clock, and a tone). */
function makeClip(dir: string, name: string, seconds: number): string {
  const out = join(dir, name);
  execFileSync("ffmpeg", [
    ...["-y", "-loglevel", "error"],
    ...["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25"],
    ...["-f", "lavfi", "-i", "sine=frequency=440"],
    ...["-t", String(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
    ...["-c:a", "aac", "-movflags", "+faststart", out],
  ]);
  return out;
}

/**
 * A WebM written as a live stream (no duration in its header, like a MediaRecorder file): the
 * browser cannot tell its length, so only the server's check can refuse it.
 */
function makeLiveWebm(dir: string, name: string, seconds: number): string {
  const out = join(dir, name);
  execFileSync("ffmpeg", [
    ...["-y", "-loglevel", "error"],
    ...["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15"],
    ...["-f", "lavfi", "-i", "sine=frequency=440"],
    ...["-t", String(seconds), "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k"],
    ...["-c:a", "libopus", "-f", "webm", "-live", "1", out],
  ]);
  return out;
}

/** A GitHub login of its own for this run, so the fake's repositories are this suite's alone. */
const LOGIN = `e2e-proj-${Date.now().toString(36)}`;

/** Calls one of the GitHub fake's control endpoints for {@link LOGIN}. */
async function githubControl(control: string, body: Record<string, unknown> = {}): Promise<void> {
  const res = await fetch(`${env.fakes.github}/_fake/github/${control}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: LOGIN, ...body }),
  });
  assert.ok(res.ok, `GitHub fake ${control}: HTTP ${res.status} ${await res.text()}`);
}

describe("projects", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let user: TestUser;
  let projects: ProjectsPage;
  let clipDir: string;
  let clip25: string;
  let clip10: string;
  let live10: string;

  before(async () => {
    clipDir = mkdtempSync(join(tmpdir(), "cp-e2e-clips-"));
    clip25 = makeClip(clipDir, "intro-25s.mp4", 25);
    clip10 = makeClip(clipDir, "intro-10s.mp4", 10);
    live10 = makeLiveWebm(clipDir, "recorded-10s.webm", 10);
    browser = await launchBrowser(FAKE_MEDIA_ARGS);
    context = await newContext(browser);
    // Sign in to the GitHub fake as this suite's own account (GitHub's `login` authorize parameter).
    await context.route(`${env.fakes.github}/login/oauth/authorize**`, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set("login", LOGIN);
      return route.continue({ url: url.toString() });
    });
    page = await context.newPage();
    user = await signedInUser(page, "e2e-projects");
    projects = new ProjectsPage(page);
  });
  after(async () => {
    await browser?.close();
    if (clipDir) rmSync(clipDir, { recursive: true, force: true });
  });

  test("without GitHub, Projects and the dashboard card offer to connect it", async () => {
    await projects.goto();
    await projects.empty("github-not-connected").waitFor();
    assert.ok(await projects.el("github-connect").isVisible());
    await shot(page, "projects-not-connected");

    const dash = new DashboardPage(page);
    await dash.goto();
    await dash.el("dashboard-projects-empty").waitFor();
    assert.equal(await dash.el("dashboard-projects-connect").getAttribute("href"), "/projects");
  });

  test("connecting GitHub imports the repositories at once, forks and archived ones flagged", async () => {
    await projects.goto();
    await projects.el("github-connect").click();
    await page.waitForURL((u) => u.pathname === "/projects");
    // The first import starts on arrival (the runner may be importing too, after the connect event).
    await projects.card("portfolio-site").waitFor();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("github"));
    await page.waitForFunction(
      () => document.querySelector('[data-test="projects-count"]')?.textContent === "8 repositories",
    );
    assert.ok(await projects.in(projects.card("react"), "repo-badge-fork").isVisible());
    assert.ok(await projects.in(projects.card("old-android-app"), "repo-badge-archived").isVisible());
    assert.ok(await projects.in(projects.card("private-notes"), "repo-badge-private").isVisible());
    const site = projects.card("portfolio-site");
    assert.equal(
      await projects.in(site, "repo-name").getAttribute("href"),
      `https://github.com/${LOGIN}/portfolio-site`,
    );
    assert.match((await projects.in(site, "repo-languages").textContent()) ?? "", /TypeScript/);
    assert.match((await projects.in(site, "repo-topics").textContent()) ?? "", /nextjs/);
    assert.match((await projects.in(site, "repo-stars").textContent()) ?? "", /12/);
    assert.match((await projects.el("projects-last-synced").textContent()) ?? "", /^Synced (just now|1 min)/);
    await shot(page, "projects-desktop");
  });

  test("Sync shows progress, then how many repositories are new", async () => {
    await githubControl("repos", { count: 12 });
    await projects.el("projects-sync").click();
    // The request only queues a run (202); the page follows it while the runner crawls GitHub.
    await projects.el("projects-sync-progress").waitFor();
    assert.match(
      (await projects.el("projects-sync-progress").textContent()) ?? "",
      /Sync queued|Fetching your repositories from GitHub/,
    );
    await projects.el("projects-sync-result").waitFor();
    assert.equal(await projects.el("projects-sync-result").textContent(), "Synced 12 repositories, 12 new");
    await page.waitForFunction(
      () => document.querySelector('[data-test="projects-count"]')?.textContent === "20 repositories",
    );
    // One success message per sync: the result line, not a toast repeating it.
    assert.equal(await projects.toast("Synced 12 repositories").count(), 0);
  });

  test("search narrows the list by language and lives in the URL", async () => {
    await projects.search("kotlin");
    await page.waitForFunction(() =>
      document.querySelector('[data-test="projects-count"]')?.textContent?.startsWith("1 repository"),
    );
    assert.deepEqual(await projects.cardNames(), ["old-android-app"]);
    await page.reload();
    assert.equal(await projects.el("projects-search").inputValue(), "kotlin");
    assert.deepEqual(await projects.cardNames(), ["old-android-app"]);

    await projects.search("no-such-thing-xyz");
    await projects.empty("no-match").waitFor();
    await shot(page, "projects-no-match");
    await projects.el("projects-clear-search").click();
    await page.waitForURL((u) => !u.searchParams.has("q"));
    await projects.card("portfolio-site").waitFor();
  });

  test("pagination: Next and Previous say where you are and live in the URL", async () => {
    await projects.goto();
    assert.match((await projects.el("projects-page-label").textContent()) ?? "", /^Page 1 of 2/);
    assert.equal(await projects.cards.count(), 12);
    await projects.el("projects-next").click();
    await page.waitForURL((u) => u.searchParams.get("page") === "2");
    await page.waitForFunction(() =>
      document.querySelector('[data-test="projects-page-label"]')?.textContent?.startsWith("Page 2 of 2"),
    );
    assert.equal(await projects.cards.count(), 8);
    assert.equal(await projects.el("projects-next").isDisabled(), true);
    await projects.el("projects-prev").click();
    await page.waitForURL((u) => !u.searchParams.has("page"));
    await page.waitForFunction(() => document.querySelectorAll('[data-test="repo-card"]').length === 12);
  });

  test("Generate without a Gemini key says where to add one", async () => {
    await projects.goto("?q=portfolio");
    const card = projects.card("portfolio-site");
    await projects.in(card, "repo-describe").click();
    await projects.in(card, "repo-describe-error").waitFor();
    assert.match((await projects.in(card, "repo-describe-error").textContent()) ?? "", /Gemini API key/);
    assert.equal(
      await projects.in(card, "repo-describe-error-action").getAttribute("href"),
      "/settings#api-keys",
    );
    await screenshot(page, "projects-describe-no-key", { fullPage: false });
  });

  test("with a Gemini key, Generate writes a description and Regenerate replaces it", async () => {
    await saveToken(user, "gemini", FAKE_GEMINI_VALID_KEY);
    await projects.goto("?q=portfolio");
    const card = projects.card("portfolio-site");
    await projects.in(card, "repo-describe").click();
    await projects.in(card, "repo-ai-description").waitFor();
    assert.ok(((await projects.in(card, "repo-ai-description").textContent()) ?? "").length > 10);
    assert.match((await projects.in(card, "repo-describe").textContent()) ?? "", /Regenerate/);
    await projects.in(card, "repo-describe").click();
    await projects.in(card, "repo-describe-pending").waitFor({ state: "detached" });
    await projects.in(card, "repo-ai-description").waitFor();
    await screenshot(page, "projects-described", { fullPage: false });
    await page.reload();
    await projects.in(projects.card("portfolio-site"), "repo-ai-description").waitFor();
  });

  test("Gemini's rate limit says when to try again; a key Google no longer accepts says to replace it", async () => {
    const save = async (key: string) => {
      await saveToken(user, "gemini", key);
    };
    await save(FAKE_GEMINI_GEN_QUOTA_KEY);
    await projects.goto("?q=ml-notebooks");
    const card = projects.card("ml-notebooks");
    await projects.in(card, "repo-describe").click();
    await projects.in(card, "repo-describe-error").waitFor();
    assert.match(
      (await projects.in(card, "repo-describe-error").textContent()) ?? "",
      /rate limit\. Try again in 4\d s\./,
    );
    assert.equal(await projects.in(card, "repo-describe").isDisabled(), true, "Generate waits");
    await screenshot(page, "projects-describe-rate-limited", { fullPage: false });

    await save(FAKE_GEMINI_GEN_INVALID_KEY);
    await page.reload();
    await projects.in(card, "repo-describe").click();
    await projects.in(card, "repo-describe-error").waitFor();
    assert.match((await projects.in(card, "repo-describe-error").textContent()) ?? "", /rejected/);
    assert.equal(
      await projects.in(card, "repo-describe-error-action").getAttribute("href"),
      "/settings#api-keys",
    );
    assert.equal(await projects.in(card, "repo-ai-description").count(), 0);
  });

  test("a deep link (?repo=<id>) to a repository on another page shows and highlights its card", async () => {
    const list = await callFunction("projects/v1/projects?q=dotfiles", { token: user.accessToken });
    const item = (list.body as { items: { id: string; name: string }[] }).items.find(
      (i) => i.name === "dotfiles",
    );
    assert.ok(item, "dotfiles is listed");
    await projects.goto(`?repo=${item.id}`);
    const card = page.locator(`[data-test="repo-card"][data-repo-id="${item.id}"]`);
    await card.waitFor();
    assert.equal(await card.getAttribute("data-highlighted"), "true");
    await page.waitForFunction((id) => {
      const r = document.querySelector(`[data-repo-id="${id}"]`)?.getBoundingClientRect();
      return r !== undefined && r.top >= 0 && r.top < window.innerHeight;
    }, item.id);
    await screenshot(page, "projects-deep-link", { fullPage: false });
  });

  test("a 10 s clip is refused before upload, with the reason", async () => {
    await projects.goto("?q=portfolio");
    await projects.openVideoDialog(projects.card("portfolio-site"));
    await projects.el("video-tab-upload").click();
    await projects.el("video-file-input").setInputFiles(clip10);
    await projects.el("video-file-error").waitFor();
    assert.match(
      (await projects.el("video-file-error").textContent()) ?? "",
      /10 s long; intro videos must be 20–30 s/,
    );
    assert.equal(await projects.el("video-upload-start").isDisabled(), true);
    await shot(page, "projects-video-too-short", { fullPage: false });
  });

  test("upload a 25 s mp4: progress, processing, then it plays on the card", async () => {
    await projects.el("video-file-input").setInputFiles(clip25);
    await projects.el("video-file-summary").waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[data-test="video-file-summary"]')?.textContent?.includes("25 s"),
    );
    // Slow the upload down so the progress bar has something to show.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 2_000_000,
    });
    await projects.el("video-upload-start").click();
    await page.waitForFunction(() => {
      const pct = Number.parseInt(
        document.querySelector('[data-test="video-upload-percent"]')?.textContent ?? "",
        10,
      );
      return pct > 0 && pct < 100;
    });
    await shot(page, "projects-video-uploading", { fullPage: false });
    await projects.el("video-tracking").waitFor({ timeout: 60_000 });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await shot(page, "projects-video-processing", { fullPage: false });
    await projects.el("video-track-player").waitFor({ timeout: PROCESSING_TIMEOUT_MS });
    await shot(page, "projects-video-ready", { fullPage: false });
    await projects.el("video-track-close").click();
    const card = projects.card("portfolio-site");
    const player = projects.in(card, "repo-video-player");
    await player.waitFor();
    assert.match((await player.getAttribute("src")) ?? "", /^https?:\/\//);
    assert.ok(await player.getAttribute("poster"), "a poster image");
    const duration = await player.evaluate(
      (v: HTMLVideoElement) =>
        new Promise<number>((resolve) => {
          if (v.readyState >= 1) resolve(v.duration);
          else v.addEventListener("loadedmetadata", () => resolve(v.duration), { once: true });
        }),
    );
    assert.ok(duration > 24 && duration < 26, `the transcoded clip plays ${duration} s`);
  });

  test("a clip whose length the browser cannot read is refused by the server, with the reason and Retake", async () => {
    await projects.goto("?q=go-url");
    const card = projects.card("go-url-shortener");
    await projects.openVideoDialog(card);
    await projects.el("video-tab-upload").click();
    await projects.el("video-file-input").setInputFiles(live10);
    await projects.el("video-file-summary").waitFor();
    assert.match(
      (await projects.el("video-file-summary").textContent()) ?? "",
      /length is checked after the upload/,
    );
    await projects.el("video-upload-start").click();
    await projects.el("video-track-failure").waitFor({ timeout: PROCESSING_TIMEOUT_MS });
    assert.match(
      (await projects.el("video-track-failure").textContent()) ?? "",
      /not accepted: .*10(\.\d)? s long; intro videos must be 20–30 s/,
    );
    await shot(page, "projects-video-rejected", { fullPage: false });
    await projects.el("video-track-retake").click();
    await projects.el("video-tab-upload").waitFor();
    await page.keyboard.press("Escape");
    await projects.in(card, "repo-video-failure").waitFor();
    assert.match((await projects.in(card, "repo-video-failure-reason").textContent()) ?? "", /20–30 s/);
    assert.ok(await projects.in(card, "repo-video-retake").isVisible());
  });

  test("record with the camera: countdown, Stop unlocks at 20 s, retake, then upload", async () => {
    await projects.goto("?q=task-api");
    await projects.openVideoDialog(projects.card("task-api"));
    await projects.el("video-record-start").waitFor();
    await shot(page, "projects-video-camera", { fullPage: false });
    await projects.el("video-record-start").click();
    await projects.el("video-countdown").waitFor();
    await projects.el("video-recording-timer").waitFor();
    assert.equal(await projects.el("video-record-stop").isDisabled(), true, "Stop is locked before 20 s");
    assert.match((await projects.el("video-recording-hint").textContent()) ?? "", /unlocks at 20 s/);
    await shot(page, "projects-video-recording", { fullPage: false });
    await page.waitForFunction(
      () =>
        !(document.querySelector('[data-test="video-record-stop"]') as HTMLButtonElement | null)?.disabled,
      undefined,
      { timeout: 30_000 },
    );
    await projects.el("video-record-stop").click();
    await projects.el("video-review").waitFor();
    assert.match((await projects.el("video-review-summary").textContent()) ?? "", /0:2\d recorded/);
    await shot(page, "projects-video-review", { fullPage: false });

    await projects.el("video-retake").click();
    await projects.el("video-record-start").waitFor();
    await projects.el("video-record-start").click();
    await page.waitForFunction(
      () =>
        !(document.querySelector('[data-test="video-record-stop"]') as HTMLButtonElement | null)?.disabled,
      undefined,
      { timeout: 30_000 },
    );
    await projects.el("video-record-stop").click();
    await projects.el("video-use-recording").click();
    await projects.el("video-tracking").waitFor({ timeout: 60_000 });
    await projects.el("video-track-player").waitFor({ timeout: PROCESSING_TIMEOUT_MS });
    await projects.el("video-track-close").click();
    await projects.in(projects.card("task-api"), "repo-video-player").waitFor();
  });

  test("the dashboard counts repositories, AI descriptions and intro videos", async () => {
    const dash = new DashboardPage(page);
    await dash.goto();
    await dash.el("dashboard-projects").waitFor();
    assert.equal(await dash.el("dashboard-projects-count").textContent(), "20");
    assert.equal(await dash.el("dashboard-projects-described").textContent(), "1");
    assert.equal(await dash.el("dashboard-projects-videos").textContent(), "2");
    await dash.el("dashboard-projects").scrollIntoViewIfNeeded();
    await screenshot(page, "dashboard-projects-card", { fullPage: false });
    await dash.el("dashboard-projects-link").click();
    await page.waitForURL((u) => u.pathname === "/projects");
  });

  test("on a phone the list and the video dialog fit the screen", async () => {
    const phone = await browser.newContext({
      baseURL: new URL(page.url()).origin,
      viewport: MOBILE,
      storageState: await context.storageState(),
    });
    const mobile = await phone.newPage();
    const m = new ProjectsPage(mobile);
    await m.goto();
    await m.cards.first().waitFor();
    assert.deepEqual(await overflowingElements(mobile), []);
    await shot(mobile, "projects-mobile");
    await m.openVideoDialog(m.card("private-notes"));
    await m.el("video-tab-upload").click();
    await m.el("video-file-input").setInputFiles(clip10);
    await m.el("video-file-error").waitFor();
    await screenshot(mobile, "projects-mobile-video-dialog", { fullPage: false });
    await phone.close();
  });

  test("a GitHub rate limit says when to sync again, and Sync waits", async () => {
    await githubControl("rate-limit", { reset_in_s: 600 });
    await projects.goto();
    await projects.el("projects-sync").click();
    await projects.el("projects-sync-error").waitFor();
    assert.match(
      (await projects.el("projects-sync-error").textContent()) ?? "",
      /rate limit.*Sync again in 10 min \(at .+\)/,
    );
    assert.equal(await projects.el("projects-sync").isDisabled(), true);
    await shot(page, "projects-rate-limited", { fullPage: false });
    await githubControl("rate-limit", { clear: true });
  });

  test("when GitHub refuses the token, the page asks to reconnect and keeps the repositories", async () => {
    await githubControl("revoke");
    await projects.goto();
    await projects.el("projects-sync").click();
    await projects.toast("Reconnect GitHub").waitFor();
    await projects.el("projects-reconnect").waitFor();
    assert.match((await projects.el("projects-reconnect").textContent()) ?? "", /GitHub access expired/);
    assert.equal(await projects.el("projects-sync").isDisabled(), true);
    assert.equal(await projects.cards.count(), 12, "the synced repositories stay listed");
    await shot(page, "projects-reconnect", { fullPage: false });
  });
});
