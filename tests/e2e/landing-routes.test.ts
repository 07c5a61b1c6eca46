import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { newAdmin, withSql } from "../support/env.ts";
import { AuthPage } from "./auth.po.ts";
import { launchBrowser, MOBILE, newContext, pathOf, screenshot } from "./browser.ts";
import { DashboardPage } from "./dashboard.po.ts";
import { LandingPage } from "./landing.po.ts";
import { signedInUser } from "./onboarding.po.ts";

/** Where people land: signed-in visitors on `/`, unknown addresses, and admins after sign-in. */
describe("landing places", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test("a signed-in visitor on / is offered the dashboard, not Sign in / Get Started", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signedInUser(page, "e2e-landing-in");
    const landing = new LandingPage(page);
    await landing.goto();
    assert.equal(await landing.signInLink.count(), 0, "no Sign in");
    assert.equal(await landing.getStartedButton.count(), 0, "no Get Started");
    assert.equal((await landing.goHomeButton.textContent())?.trim(), "Go to dashboard");
    await landing.goHomeButton.click();
    await page.waitForURL((u) => u.pathname === "/dashboard" || u.pathname === "/onboarding");
    await context.close();
  });

  test("an unknown address has its own title and leads back home when signed out", async () => {
    const context = await newContext(browser, MOBILE);
    const page = await context.newPage();
    const res = await page.goto("/no-such-page");
    assert.equal(res?.status(), 404);
    assert.equal(await page.title(), "Page not found · CareerPilot");
    await page.locator('[data-test="not-found-home"]').click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.goto("/no-such-page");
    await screenshot(page, "not-found-mobile");
    await context.close();
  });

  test("signed in, the 404 page leads to the dashboard", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signedInUser(page, "e2e-404-in");
    await page.goto("/certificates");
    assert.equal(await page.title(), "Page not found · CareerPilot");
    await page.locator('[data-test="not-found-dashboard"]').click();
    await page.waitForURL((u) => u.pathname === "/dashboard" || u.pathname === "/onboarding");
    await context.close();
  });

  test("an admin lands in the admin console, and can still open the job seeker's app", async () => {
    const admin = await newAdmin("e2e-admin");
    await withSql(
      (sql) => sql`update public.profiles set display_name = 'CareerPilot Admin' where id = ${admin.userId}`,
    );
    const context = await newContext(browser);
    const page = await context.newPage();
    const auth = new AuthPage(page);
    await auth.goto();
    await auth.signIn(admin.email, admin.password);
    assert.equal(pathOf(page), "/admin", "admins land in /admin, not the onboarding wizard");
    // From the user app, never pushed into the wizard, not greeted by the organisation's name.
    const dash = new DashboardPage(page);
    await dash.goto();
    assert.equal(pathOf(page), "/dashboard");
    assert.doesNotMatch((await dash.pageTitle.textContent()) ?? "", /Welcome/);
    assert.equal(await dash.el("dashboard-onboarding-banner").count(), 0);
    await dash.el("dashboard-admin-note").waitFor();
    await dash.openUserMenu();
    assert.equal(await dash.el("user-menu-admin").getAttribute("href"), "/admin");
    await page.keyboard.press("Escape");
    // Signed in again from /auth: still the admin console.
    await page.goto("/auth");
    await page.waitForURL((u) => u.pathname === "/admin");
    await context.close();
  });
});
