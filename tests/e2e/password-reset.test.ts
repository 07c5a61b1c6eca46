/**
 * "Forgot password?" end to end: the sign-in page's link, the request page, the mail caught by
 * the stack's mail catcher, its link opened in the same browser (PKCE: the verifier cookie is
 * there), the set-password page, and the user signed in with the new password.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { env, newUser } from "../support/env.ts";
import { linkIn, mailTo, waitForMail } from "../support/mail.ts";
import { AuthPage } from "./auth.po.ts";
import { launchBrowser, MOBILE, newContext, pathOf, screenshot } from "./browser.ts";
import { PasswordResetPages } from "./password-reset.po.ts";

describe("password reset", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test("Forgot password? → mail → set a new password → signed in; the old password stops working", async () => {
    const user = await newUser("e2e-reset");
    const context = await newContext(browser);
    const page = await context.newPage();
    const reset = new PasswordResetPages(page);
    await reset.openFromSignIn();
    await screenshot(page, "password-reset-request");
    await reset.requestLink(user.email);
    await reset.sent.waitFor();
    assert.match((await reset.sent.textContent()) ?? "", new RegExp(user.email.replace(/[.]/g, "\\.")));
    await screenshot(page, "password-reset-check-inbox");

    const [mail] = await waitForMail(user.email);
    assert.ok(mail);
    const inbox = await newContext(browser);
    const inboxPage = await inbox.newPage();
    await inboxPage.goto(`${env.mailUrl}/messages/${mail.id}`);
    await screenshot(inboxPage, "password-reset-mail-in-mail-catcher");
    await inbox.close();
    await page.goto(linkIn(mail, "/auth/v1/verify"));
    await page.waitForURL((u) => u.pathname === "/auth/reset");
    await reset.t("reset-heading").waitFor();
    await reset.setNewPassword("short", "short");
    assert.equal(await reset.t("reset-password-error").textContent(), "Use at least 8 characters");
    await screenshot(page, "password-reset-set-new");
    await reset.setNewPassword("A-new-password-1");
    await page.waitForURL((u) => u.pathname === "/onboarding" || u.pathname === "/dashboard");

    // A fresh browser: the old password is refused, the new one signs in.
    const other = await newContext(browser);
    const otherPage = await other.newPage();
    const auth = new AuthPage(otherPage);
    await auth.goto();
    await auth.fillSignIn(user.email, user.password);
    await auth.submitSignIn();
    await auth.serverError.waitFor();
    await auth.signIn(user.email, "A-new-password-1");
    await other.close();
    await context.close();
  });

  test("a used link leads back to the request page with a reason", async () => {
    const user = await newUser("e2e-reset-used");
    const context = await newContext(browser, MOBILE);
    const page = await context.newPage();
    const reset = new PasswordResetPages(page);
    await reset.openFromSignIn();
    await reset.requestLink(user.email);
    await reset.sent.waitFor();
    const [mail] = await waitForMail(user.email);
    assert.ok(mail);
    const link = linkIn(mail, "/auth/v1/verify");
    await page.goto(link);
    await page.waitForURL((u) => u.pathname === "/auth/reset");
    // The same link again (say, from another tab after signing out): it worked once already.
    await context.clearCookies();
    await page.goto(link);
    await page.waitForURL((u) => u.pathname === "/auth/forgot");
    assert.match((await reset.requestError.textContent()) ?? "", /expired or was already used/);
    await screenshot(page, "password-reset-link-used-mobile");
    // Asking again at once: the rate limit answers in words, and no second mail goes out.
    await reset.requestLink(user.email);
    await reset.requestError.filter({ hasText: "less than a minute ago" }).waitFor();
    assert.equal((await mailTo(user.email)).length, 1);
    await context.close();
  });

  test("/auth/reset without a session sends the visitor to ask for a link", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/auth/reset");
    assert.equal(pathOf(page), "/auth/forgot");
    await context.close();
  });
});
