import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { newUser } from "../support/env.ts";
import { AuthPage } from "./auth.po.ts";
import { launchBrowser, MOBILE, newContext, pathOf, screenshot, uniqueEmail } from "./browser.ts";

describe("auth page", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test("signed-out visits to /settings and other app pages redirect to /auth", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    for (const path of ["/settings", "/dashboard", "/job-control"]) {
      await page.goto(path);
      assert.equal(pathOf(page), "/auth", `${path} should redirect`);
    }
    await context.close();
  });

  test("Sign In shows what is missing before calling the server", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const auth = new AuthPage(page);
    await auth.goto();
    await auth.fillSignIn("not-an-email", "");
    const before = await auth.fieldTops();
    await auth.submitSignIn();
    await auth.fieldError("signin-email").waitFor();
    assert.deepEqual(await auth.fieldTops(), before, "field errors do not push the fields around");
    assert.equal(await auth.fieldError("signin-email").textContent(), "Enter a valid email address");
    assert.equal(await auth.fieldError("signin-password").textContent(), "Enter your password");
    assert.equal(pathOf(page), "/auth");
    await screenshot(page, "auth-signin-validation");
    await context.close();
  });

  test("Create Account requires 8+ characters and a matching confirmation", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const auth = new AuthPage(page);
    await auth.goto("create");
    await auth.fillCreateAccount(uniqueEmail(), "short", "different");
    await auth.submitCreateAccount();
    assert.equal(await auth.fieldError("create-password").textContent(), "Use at least 8 characters");
    assert.equal(await auth.fieldError("create-confirm-password").textContent(), "Passwords do not match");
    await screenshot(page, "auth-create-validation");
    // Fixing a field clears its message.
    await page.locator('[data-test="create-password"]').fill("long-enough-1");
    await auth.fieldError("create-password").waitFor({ state: "detached" });
    await context.close();
  });

  test("Create Account validation on a phone", async () => {
    const context = await newContext(browser, MOBILE);
    const page = await context.newPage();
    const auth = new AuthPage(page);
    await auth.goto("create");
    await auth.submitCreateAccount();
    assert.equal(await auth.fieldError("create-email").textContent(), "Enter your email address");
    await screenshot(page, "auth-create-validation-mobile");
    await context.close();
  });

  test("OAuth providers this deployment has not configured are not offered", async () => {
    // The test stack sets no NEXT_PUBLIC_OAUTH_PROVIDERS: no button, no "or continue with".
    const context = await newContext(browser);
    const page = await context.newPage();
    const auth = new AuthPage(page);
    await auth.goto();
    for (const provider of ["google", "github", "linkedin"] as const) {
      assert.equal(await auth.oauthButton(provider).count(), 0, `${provider} is not shown`);
    }
    assert.doesNotMatch((await page.locator("main").textContent()) ?? "", /or continue with/i);
    await context.close();
  });

  test("a wrong password says so and keeps the user on /auth", async () => {
    const user = await newUser("e2e-wrongpw");
    const context = await newContext(browser);
    const page = await context.newPage();
    const auth = new AuthPage(page);
    await auth.goto();
    await auth.fillSignIn(user.email, `${user.password}-wrong`);
    await auth.submitSignIn();
    const before = await auth.fieldTops();
    await auth.serverError.waitFor();
    const message = (await auth.serverError.textContent())?.trim() ?? "";
    assert.doesNotMatch(message, /invalid login credentials/i, "not the raw server text");
    assert.match(message, /email and password don't match/);
    assert.deepEqual(await auth.fieldTops(), before, "the fields do not move when the error appears");
    assert.equal(pathOf(page), "/auth");
    await screenshot(page, "auth-wrong-password");
    await context.close();
  });

  test("creating an account with a taken email says it already exists", async () => {
    const user = await newUser("e2e-taken");
    const context = await newContext(browser);
    const page = await context.newPage();
    const auth = new AuthPage(page);
    await auth.goto("create");
    await auth.fillCreateAccount(user.email, "another-password-1");
    await auth.submitCreateAccount();
    await auth.serverError.waitFor();
    assert.equal((await auth.serverError.textContent())?.trim(), "An account with this email already exists");
    await context.close();
  });
});
