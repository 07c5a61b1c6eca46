import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { FAKE_GEMINI_VALID_KEY } from "../fakes/gemini.ts";
import { callFunction, type TestUser } from "../support/env.ts";
import {
  cutPlaceholders,
  launchBrowser,
  MOBILE,
  newContext,
  overflowingElements,
  pathOf,
  screenshot,
} from "./browser.ts";
import { shot, signedInUser } from "./onboarding.po.ts";
import { SettingsSectionsPage } from "./settings-sections.po.ts";

describe("settings sections", () => {
  let browser: Browser;
  let page: Page;
  let user: TestUser;
  let settings: SettingsSectionsPage;

  before(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    user = await signedInUser(page, "e2e-settings");
    // Arrange: this user has finished onboarding with some answers.
    const put = await callFunction("onboarding/v1/onboarding", {
      method: "PUT",
      token: user.accessToken,
      body: { roles_targeted: ["Backend Engineer"], min_target_lpa: 10, completed: true },
    });
    assert.equal(put.status, 200);
    settings = new SettingsSectionsPage(page);
    await settings.goto();
  });
  after(async () => {
    await browser?.close();
  });

  test("every section is listed and the Account section keeps its data", async () => {
    for (const id of ["career", "api-keys", "github", "notifications", "account"]) {
      assert.ok(await settings.el(`settings-nav-${id}`).isVisible(), `nav to ${id}`);
    }
    assert.equal(await settings.accountEmail.textContent(), user.email);
    await shot(page, "settings-sections-desktop");
  });

  test("career preferences: edit roles, salary and locations; a reload keeps them", async () => {
    assert.deepEqual(await settings.chips("settings-roles"), ["Backend Engineer"]);
    await settings.el("settings-roles-suggestion").filter({ hasText: "DevOps Engineer" }).click();
    await settings.el("settings-lpa").fill("abc");
    await settings.el("career-prefs-save").click();
    await settings.el("settings-lpa-error").waitFor();
    await settings.el("settings-lpa").fill("25.75");
    assert.equal(await settings.el("settings-lpa-preview").textContent(), "₹25,75,000 / 25.75 LPA");
    await settings.el("settings-locations-suggestion").filter({ hasText: "Pune" }).click();
    await settings.el("career-prefs-save").click();
    await settings.toast("Career preferences saved").waitFor();
    await page.reload();
    await settings.el("career-prefs-form").waitFor();
    assert.deepEqual(await settings.chips("settings-roles"), ["Backend Engineer", "DevOps Engineer"]);
    assert.deepEqual(await settings.chips("settings-locations"), ["Pune"]);
    assert.equal(await settings.el("settings-lpa").inputValue(), "25.75");
  });

  test("a rejected Gemini key shows the error; a valid one shows masked; Revoke asks, then erases", async () => {
    await settings.el("token-gemini-input").fill("AIza-wrong-key-0000");
    await settings.el("token-gemini-save").click();
    await settings.el("token-gemini-error").waitFor();
    await settings.el("token-gemini-input").fill(FAKE_GEMINI_VALID_KEY);
    await settings.el("token-gemini-save").click();
    await settings.el("token-gemini-masked").waitFor();
    assert.equal(
      await settings.el("token-gemini-masked").textContent(),
      `••••${FAKE_GEMINI_VALID_KEY.slice(-4)}`,
    );
    const html = await page.content();
    assert.ok(!html.includes(FAKE_GEMINI_VALID_KEY), "the key itself is never on the page");
    await settings.el("api-keys-section").scrollIntoViewIfNeeded();
    await screenshot(page, "settings-api-keys", { fullPage: false });

    await settings.el("token-gemini-revoke").click();
    await settings.el("token-gemini-revoke-dialog").waitFor();
    await shot(page, "settings-revoke-dialog", { fullPage: false });
    await settings.el("token-gemini-revoke-confirm").click();
    await settings.el("token-gemini-input").waitFor();
    assert.equal(await settings.el("token-gemini-masked").count(), 0);
  });

  test("the Gemini key says where to get one", async () => {
    assert.equal(
      await settings.el("token-gemini-get-it").getAttribute("href"),
      "https://aistudio.google.com/apikey",
    );
  });

  test("an optional portal token saves masked", async () => {
    await settings.el("token-naukri-input").fill("naukri-token-abcd1234");
    await settings.el("token-naukri-save").click();
    await settings.el("token-naukri-masked").waitFor();
    assert.equal(await settings.el("token-naukri-masked").textContent(), "••••1234");
  });

  test("GitHub connects from Settings and comes back connected", async () => {
    await settings.el("github-connect").click();
    await page.waitForURL((u) => u.pathname === "/settings" && u.searchParams.get("github") === "connected");
    await page.waitForFunction(() =>
      document.querySelector('[data-test="github-status"]')?.textContent?.includes("Connected as @octocat"),
    );
    assert.match((await settings.el("github-connect").textContent()) ?? "", /Reconnect/);
  });

  test("GitHub disconnects from Settings, after a confirmation", async () => {
    await settings.el("github-disconnect").click();
    await settings.el("github-disconnect-confirm").click();
    await settings.toast("GitHub disconnected").waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[data-test="github-connect"]')?.textContent?.includes("Connect GitHub"),
    );
    const list = await callFunction("integrations/v1/integrations", { token: user.accessToken });
    const github = (list.body as { items: { provider: string; status: string }[] }).items.find(
      (i) => i.provider === "github",
    );
    assert.equal(github?.status, "revoked");
  });

  test("the email digest is the report email, offered with its schedule", async () => {
    for (const d of ["off", "daily", "weekly"]) {
      assert.equal(await settings.el(`digest-${d}`).isDisabled(), false, `digest ${d} can be chosen`);
    }
    assert.match((await settings.el("digest-availability").textContent()) ?? "", /daily at 8:00 IST/);
  });

  test("notification preferences save through the API and survive a reload", async () => {
    // Product updates are not sent yet: the switch says so and cannot be changed.
    assert.equal(await settings.el("notify-product-updates").isDisabled(), true);
    assert.match((await settings.el("notify-product-updates-reason").textContent()) ?? "", /Not sent yet/);
    await settings.el("notify-email").click();
    await settings.el("notification-prefs-save").click();
    await settings.toast("Notification preferences saved").waitFor();
    await page.reload();
    await settings.el("notification-prefs-form").waitFor();
    assert.equal(await settings.el("notify-email").getAttribute("aria-checked"), "false");
    // Saved behind the notifications API (where the consumer reads in_app), not in auth metadata.
    const saved = await callFunction("notifications/v1/notifications/preferences", {
      token: user.accessToken,
    });
    assert.deepEqual(saved.body, {
      email_digest: "weekly",
      in_app: true,
      product_updates: false,
      email_notifications: false,
      email_muted_types: [],
    });
    const { data } = await user.client.auth.refreshSession();
    assert.equal(data.user?.user_metadata?.notification_prefs, undefined);
  });

  test("on a phone the sections fit the screen", async () => {
    const phone = await browser.newContext({
      baseURL: new URL(page.url()).origin,
      viewport: MOBILE,
      storageState: await page.context().storageState(),
    });
    const mobile = await phone.newPage();
    const s = new SettingsSectionsPage(mobile);
    await s.goto();
    assert.deepEqual(await overflowingElements(mobile), []);
    assert.deepEqual(await cutPlaceholders(mobile), [], "placeholders show in full");
    await shot(mobile, "settings-sections-mobile");
    await phone.close();
  });

  test("Re-run onboarding reopens the wizard at its first step with the answers kept", async () => {
    await settings.el("rerun-onboarding").click();
    await page.waitForURL((u) => u.pathname === "/onboarding");
    await settings.el("wizard-step-profile").waitFor();
    assert.equal(pathOf(page), "/onboarding");
    await page.goto("/auth");
    await page.waitForURL((u) => u.pathname === "/onboarding");
  });
});
