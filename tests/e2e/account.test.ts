import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { AuthPage } from "./auth.po.ts";
import {
  launchBrowser,
  MOBILE,
  newContext,
  overflowingElements,
  pathOf,
  screenshot,
  uniqueEmail,
} from "./browser.ts";
import { LandingPage } from "./landing.po.ts";
import { SettingsPage } from "./settings.po.ts";

/** One account's life, in order: create, use the shell, sign out and in, delete. */
describe("account lifecycle", () => {
  const email = uniqueEmail("e2e-account");
  const password = "Correct-Horse-42";
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
  });

  test("creating an account lands in the onboarding wizard; settings are in the shell", async () => {
    const auth = new AuthPage(page);
    await auth.goto("create");
    await auth.createAccount(email, password);
    assert.equal(pathOf(page), "/onboarding");
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.accountEmail.waitFor();
    assert.equal(await settings.accountEmail.textContent(), email);
    assert.equal(await settings.pageTitle.textContent(), "Settings");
    assert.ok(await settings.sidebar.isVisible(), "sidebar is shown on desktop");
    assert.equal(await settings.navLink("settings").getAttribute("aria-current"), "page");
    await screenshot(page, "settings-desktop");
  });

  test("the display name saves with a confirmation and shows in the account menu", async () => {
    const settings = new SettingsPage(page);
    const toast = await settings.saveDisplayName("Asha Verma");
    await toast.waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-test="user-initials"]')?.textContent === "AV",
    );
    await settings.openUserMenu();
    assert.equal(await settings.userMenuEmail.textContent(), email);
    await screenshot(page, "shell-user-menu", { fullPage: false });
    await page.keyboard.press("Escape");
    await page.reload();
    assert.equal(await settings.displayNameInput.inputValue(), "Asha Verma");
  });

  test("the shell works from the keyboard: skip link, account menu", async () => {
    const settings = new SettingsPage(page);
    await settings.goto();
    await page.keyboard.press("Tab");
    const skip = page.locator('a[href="#content"]');
    assert.equal(
      await skip.evaluate((el) => el === document.activeElement),
      true,
      "first Tab reaches the skip link",
    );
    assert.ok(await skip.isVisible(), "the focused skip link is visible");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "content");
    await page.locator('[data-test="user-menu-trigger"]').focus();
    await page.keyboard.press("Enter");
    await settings.userMenuEmail.waitFor();
    const focusedItem = () => page.evaluate(() => document.activeElement?.getAttribute("data-test") ?? null);
    // Opened from the keyboard, the menu moves focus to its first item once it has mounted:
    // wait for that before pressing keys, or a key can land while focus is still moving.
    await page.waitForFunction(
      () => document.activeElement?.getAttribute("data-test") === "user-menu-settings",
    );
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction(
      () => document.activeElement?.getAttribute("data-test") === "user-menu-sign-out",
      undefined,
      { timeout: 2000 },
    );
    assert.equal(await focusedItem(), "user-menu-sign-out", "ArrowDown moves to Sign out");
    await page.keyboard.press("Escape");
    await settings.userMenuEmail.waitFor({ state: "detached" });
  });

  test("sections not built yet are not linked from the menu", async () => {
    const settings = new SettingsPage(page);
    await settings.goto();
    const hrefs = await settings.sidebar
      .locator("a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    for (const unbuilt of ["/certificates"]) {
      assert.ok(!hrefs.includes(unbuilt), `${unbuilt} is not in the sidebar`);
    }
  });

  test("on a phone the sections are in a drawer", async () => {
    const phone = await context.browser()?.newContext({
      baseURL: new URL(page.url()).origin,
      viewport: MOBILE,
      storageState: await context.storageState(),
    });
    assert.ok(phone);
    const mobile = await phone.newPage();
    const settings = new SettingsPage(mobile);
    await settings.goto();
    assert.equal(await settings.sidebar.isVisible(), false, "no sidebar on a phone");
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `settings is ${overflow}px wider than the viewport`);
    assert.deepEqual(await overflowingElements(mobile), [], "nothing is cut off at the right edge");
    await screenshot(mobile, "settings-mobile");
    await settings.openMobileNav();
    await screenshot(mobile, "shell-mobile-nav", { fullPage: false });
    await settings.mobileNavLink("projects").click();
    await mobile.waitForURL((u) => u.pathname === "/projects");
    await phone.close();
  });

  test("signed in but not onboarded, /auth sends the user to /onboarding", async () => {
    await page.goto("/auth");
    await page.waitForURL((u) => u.pathname === "/onboarding");
  });

  test("signing out returns to /auth; signing in again resumes onboarding", async () => {
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.signOut();
    await page.goto("/settings");
    assert.equal(pathOf(page), "/auth", "signed out: /settings redirects");
    const auth = new AuthPage(page);
    await auth.signIn(email, password);
    assert.equal(pathOf(page), "/onboarding");
    await settings.goto();
    assert.equal(await settings.accountEmail.textContent(), email);
    // The account menu signs out too.
    await settings.signOutFromMenu();
    await auth.signIn(email, password);
  });

  test("deleting the account needs DELETE typed, then returns to / with a notice", async () => {
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.openDeleteDialog();
    assert.equal(await settings.deleteConfirmButton.isDisabled(), true);
    await settings.typeDeleteConfirmation("delete");
    assert.equal(await settings.deleteConfirmButton.isDisabled(), true, "lower case does not count");
    await settings.typeDeleteConfirmation("DELETE");
    assert.equal(await settings.deleteConfirmButton.isDisabled(), false);
    await screenshot(page, "settings-delete-dialog", { fullPage: false });
    await settings.confirmDelete();
    const landing = new LandingPage(page);
    await landing.notice("account-deleted").waitFor();
    await screenshot(page, "landing-account-deleted", { fullPage: false });
    await page.goto("/settings");
    assert.equal(pathOf(page), "/auth", "the session is gone");
  });

  test("a deleted account cannot sign in", async () => {
    const auth = new AuthPage(page);
    await auth.goto();
    await auth.fillSignIn(email, password);
    await auth.submitSignIn();
    await auth.serverError.waitFor();
    assert.equal(
      (await auth.serverError.textContent())?.trim(),
      "That email and password don't match. Check both and try again.",
    );
    assert.equal(pathOf(page), "/auth");
  });
});
