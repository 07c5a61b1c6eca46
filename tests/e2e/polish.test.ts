import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { TestUser } from "../support/env.ts";
import { expectAccessible, focusStopsWithoutIndicator } from "./a11y.ts";
import { AuthPage } from "./auth.po.ts";
import { launchBrowser, MOBILE, newContext, screenshot } from "./browser.ts";
import { shot, signedInUser } from "./onboarding.po.ts";

/** Focus rings, the dark theme and loading states, across the pages. */
describe("polish: focus, dark theme, loading", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let user: TestUser;

  before(async () => {
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    user = await signedInUser(page, "e2e-polish");
  });
  after(async () => {
    await browser?.close();
  });

  test("every tab stop on the auth page shows focus, tab panels included", async () => {
    const out = await newContext(browser);
    const p = await out.newPage();
    const auth = new AuthPage(p);
    await auth.goto();
    assert.deepEqual(await focusStopsWithoutIndicator(p), []);
    // The tab panel is a stop of its own (Radix gives it tabindex=0).
    await p.locator('[data-test="auth-tab-signin"]').focus();
    await p.keyboard.press("Tab");
    assert.equal(await p.evaluate(() => document.activeElement?.getAttribute("role")), "tabpanel");
    const outline = await p.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    assert.notEqual(outline, "none", "the focused tab panel has an outline");
    await out.close();
  });

  for (const path of ["/dashboard", "/job-control", "/settings", "/notifications", "/projects"]) {
    test(`every tab stop on ${path} shows focus`, async () => {
      await page.goto(path);
      await page.locator("main h1").waitFor();
      assert.deepEqual(await focusStopsWithoutIndicator(page, 60), []);
    });
  }

  test("the notification type filter is a styled select, not the browser's bare one", async () => {
    await page.goto("/notifications");
    const select = page.locator('[data-test="filter-type"]');
    assert.equal(await select.evaluate((el) => getComputedStyle(el).appearance), "none");
    assert.equal(await select.locator("xpath=..").locator('[data-slot="native-select-icon"]').count(), 1);
  });

  test("the theme follows the system preference, and is set before any script of the app runs", async () => {
    const dark = await browser.newContext({
      baseURL: new URL(page.url()).origin,
      colorScheme: "dark",
      viewport: MOBILE,
      storageState: await context.storageState(),
    });
    const p = await dark.newPage();
    // No app JavaScript at all: only the inline theme script in the HTML can set the class, so the
    // first paint is already dark (no flash of the light theme).
    await p.route("**/_next/static/**/*.js", (route) => route.abort());
    await p.goto("/dashboard", { waitUntil: "domcontentloaded" });
    assert.match((await p.locator("html").getAttribute("class")) ?? "", /\bdark\b/);
    await p.unroute("**/_next/static/**/*.js");
    for (const path of ["/dashboard", "/job-control", "/settings", "/notifications", "/projects"]) {
      await p.goto(path); // checked by axe in the dark theme too (a11y.ts)
      await p.locator("main h1").waitFor();
      await shot(p, `dark-mobile${path.replace("/", "-")}`);
    }
    await p.goto("/");
    await shot(p, "dark-mobile-landing");
    await dark.close();
  });

  test("the theme toggle switches and remembers the choice", async () => {
    const p = await context.newPage();
    await p.emulateMedia({ colorScheme: "light" });
    await p.goto("/dashboard");
    assert.doesNotMatch((await p.locator("html").getAttribute("class")) ?? "", /\bdark\b/);
    await p.locator('[data-test="theme-toggle"]').click();
    await p.waitForFunction(() => document.documentElement.classList.contains("dark"));
    await expectAccessible(p, "/dashboard after switching to dark");
    await screenshot(p, "dark-desktop-dashboard");
    await p.reload();
    assert.match(
      (await p.locator("html").getAttribute("class")) ?? "",
      /\bdark\b/,
      "the choice survives a reload",
    );
    await p.locator('[data-test="theme-toggle"]').click();
    await p.waitForFunction(() => !document.documentElement.classList.contains("dark"));
    await p.close();
  });

  test("toasts do not pile up across pages: one follows to the next page, not further", async () => {
    await page.goto("/settings");
    await page.locator('[data-test="display-name-input"]').fill("Polish Tester");
    await page.locator('[data-test="display-name-save"]').click();
    const saved = page.locator("[data-sonner-toast]").filter({ hasText: "Display name saved" });
    await saved.waitFor();
    await page.locator('[data-test="nav-dashboard"]').click();
    await page.waitForURL((u) => u.pathname === "/dashboard");
    assert.equal(await saved.count(), 1, "carried to the next page");
    await page.locator('[data-test="nav-notifications"]').click();
    await page.waitForURL((u) => u.pathname === "/notifications");
    // Well before sonner's own 4 s timeout: dismissed by the navigation, not by time.
    await saved.waitFor({ state: "detached", timeout: 1500 });
  });

  test("a click on a section answers at once with a skeleton while the page loads", async () => {
    await page.goto("/dashboard");
    // Hold the next page's server response, as a slow network or a slow API would.
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    // Only the navigation's own request: the router's prefetch (which brings the loading state) passes.
    await page.route(
      (url) => url.pathname === "/settings",
      async (route) => {
        if (route.request().headers()["next-router-prefetch"]) return route.continue();
        await held;
        await route.continue();
      },
    );
    await page.waitForLoadState("networkidle");
    await page.locator('[data-test="nav-settings"]').click();
    await page.locator('[data-test="page-loading"]').waitFor({ timeout: 5000 });
    await shot(page, "loading-skeleton", { fullPage: false });
    release();
    await page.waitForURL((u) => u.pathname === "/settings");
    await page.locator('[data-test="career-section"]').waitFor();
    await page.unrouteAll({ behavior: "ignoreErrors" });
    void user;
  });
});
