import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { FAKE_GEMINI_VALID_KEY } from "../fakes/gemini.ts";
import { callFunction, type TestUser } from "../support/env.ts";
import {
  cutPlaceholders,
  launchBrowser,
  MOBILE,
  newContext,
  overflowingElements,
  pathOf,
} from "./browser.ts";
import { DashboardPage } from "./dashboard.po.ts";
import { OnboardingPage, shot, signedInUser } from "./onboarding.po.ts";

/** A new user through the whole wizard: every step, leaving and resuming, GitHub, finish. */
describe("onboarding wizard", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let wizard: OnboardingPage;
  let user: TestUser;

  before(async () => {
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    wizard = new OnboardingPage(page);
  });
  after(async () => {
    await browser?.close();
  });

  test("a new user signs in and lands on the wizard's first step", async () => {
    user = await signedInUser(page, "e2e-onboard");
    assert.equal(pathOf(page), "/onboarding");
    await wizard.atStep("profile");
    assert.equal(await wizard.el("profile-email").inputValue(), user.email);
    assert.equal(await wizard.el("profile-email").getAttribute("readonly"), "");
    // The account's default name is the email's local part: not offered as the person's name.
    assert.equal(await wizard.el("profile-display-name").inputValue(), "");
    assert.equal(await wizard.el("stepper-profile").getAttribute("aria-current"), "step");
    await shot(page, "onboarding-profile-desktop");
  });

  test("profile: bad LinkedIn URL and GitHub username are explained beside the fields", async () => {
    await wizard.el("profile-display-name").fill("Asha Verma");
    await wizard.el("profile-linkedin").fill("linkedin asha");
    await wizard.el("profile-github").fill("-bad-");
    await wizard.next();
    await wizard.fieldError("profile-linkedin").waitFor();
    assert.match((await wizard.fieldError("profile-linkedin").textContent()) ?? "", /LinkedIn profile URL/);
    assert.match((await wizard.fieldError("profile-github").textContent()) ?? "", /GitHub username/);
    await shot(page, "onboarding-profile-errors");
    await wizard.el("profile-linkedin").fill("https://www.linkedin.com/in/asha-verma");
    await wizard.el("profile-github").fill("asha-verma");
    await wizard.next();
    await wizard.atStep("career");
    // The LinkedIn URL is the profile's (auth-identity API), not auth user metadata.
    const profile = await callFunction("auth-identity/v1/auth/profile", { token: user.accessToken });
    assert.equal(
      (profile.body as { linkedin_url: string | null }).linkedin_url,
      "https://www.linkedin.com/in/asha-verma",
    );
    const { data } = await user.client.auth.refreshSession();
    assert.equal(data.user?.user_metadata?.linkedin_url, undefined);
  });

  test("career: roles are required; suggestions, typed chips and the LPA preview work", async () => {
    await wizard.next();
    await wizard.fieldError("career-roles").waitFor();
    await wizard.pickSuggestion("career-roles", "Backend Engineer");
    await wizard.typeChip("career-roles", "Platform Engineer");
    await wizard.el("career-lpa").fill("12.5");
    assert.equal(await wizard.el("career-lpa-preview").textContent(), "₹12,50,000 / 12.5 LPA");
    await wizard.pickSuggestion("career-locations", "Bengaluru");
    await wizard.pickSuggestion("career-locations", "Remote");
    assert.deepEqual(await wizard.chips("career-roles"), ["Backend Engineer", "Platform Engineer"]);
    await shot(page, "onboarding-career-desktop");
    await wizard.next();
    await wizard.atStep("integrations");
  });

  test("leaving mid-way and coming back resumes at the same step; Back shows saved answers", async () => {
    await page.goto("/dashboard");
    await new DashboardPage(page).el("dashboard-onboarding-banner").waitFor();
    await wizard.goto();
    await wizard.atStep("integrations");
    await wizard.back();
    await wizard.atStep("career");
    assert.deepEqual(await wizard.chips("career-roles"), ["Backend Engineer", "Platform Engineer"]);
    assert.equal(await wizard.el("career-lpa").inputValue(), "12.5");
    await wizard.next();
    await wizard.atStep("integrations");
  });

  test("integrations: a rejected Gemini key shows the API's error; a valid one is saved masked", async () => {
    await wizard.saveToken("gemini", "AIza-not-a-real-key-123");
    await wizard.el("token-gemini-error").waitFor();
    const message = (await wizard.el("token-gemini-error").textContent()) ?? "";
    assert.ok(message.length > 10, `a clear message, got "${message}"`);
    await shot(page, "onboarding-integrations-gemini-error");
    await wizard.saveToken("gemini", FAKE_GEMINI_VALID_KEY);
    await wizard.el("token-gemini-masked").waitFor();
    assert.equal(
      await wizard.el("token-gemini-masked").textContent(),
      `••••${FAKE_GEMINI_VALID_KEY.slice(-4)}`,
    );
  });

  test("Connect GitHub goes through GitHub and returns to the wizard, connected", async () => {
    await wizard.el("github-connect").click();
    await page.waitForURL((u) => u.pathname === "/onboarding" && u.searchParams.get("github") !== null);
    await wizard.atStep("integrations");
    await page.waitForFunction(() =>
      document.querySelector('[data-test="github-status"]')?.textContent?.includes("Connected as @"),
    );
    await page.waitForURL((u) => u.search === "");
    assert.match((await wizard.el("github-status").textContent()) ?? "", /Connected as @octocat/);
    await shot(page, "onboarding-integrations-desktop");
    await wizard.next();
    await wizard.atStep("review");
  });

  test("review summarises every answer; Finish goes to the dashboard, which shows them", async () => {
    assert.equal(await wizard.el("review-name").textContent(), "Asha Verma");
    assert.equal(await wizard.el("review-roles").textContent(), "Backend Engineer, Platform Engineer");
    assert.equal(await wizard.el("review-lpa").textContent(), "₹12,50,000 / 12.5 LPA");
    assert.equal(await wizard.el("review-locations").textContent(), "Bengaluru, Remote");
    assert.equal(await wizard.el("review-github").textContent(), "Connected as @octocat");
    assert.match((await wizard.el("review-gemini").textContent()) ?? "", /^Saved ••••/);
    await shot(page, "onboarding-review-desktop");
    await wizard.el("wizard-finish").click();
    await page.waitForURL((u) => u.pathname === "/dashboard");
    const dash = new DashboardPage(page);
    await dash.el("dashboard-job-search").waitFor();
    assert.deepEqual(await dash.chips("dashboard-roles"), ["Backend Engineer", "Platform Engineer"]);
    assert.deepEqual(await dash.chips("dashboard-locations"), ["Bengaluru", "Remote"]);
    assert.match((await dash.el("dashboard-lpa").textContent()) ?? "", /₹12,50,000\s*12\.5 LPA/);
    assert.equal(await dash.el("dashboard-github").textContent(), "Connected as @octocat");
    assert.equal(await dash.el("dashboard-onboarding-banner").count(), 0);
    await shot(page, "dashboard-desktop");
  });

  test("an onboarded user is sent from /auth to /dashboard", async () => {
    await page.goto("/auth");
    await page.waitForURL((u) => u.pathname === "/dashboard");
  });

  test("on a phone the wizard fits the screen", async () => {
    const phone = await newContext(browser, MOBILE);
    const mobile = await phone.newPage();
    const w = new OnboardingPage(mobile);
    await signedInUser(mobile, "e2e-onboard-phone");
    await w.atStep("profile");
    assert.deepEqual(await overflowingElements(mobile), [], "nothing is cut off at the right edge");
    assert.deepEqual(await cutPlaceholders(mobile), [], "placeholders show in full");
    await shot(mobile, "onboarding-profile-mobile");
    await w.el("profile-display-name").fill("Ravi Kumar");
    await w.next();
    await w.atStep("career");
    await w.pickSuggestion("career-roles", "Data Scientist");
    await w.el("career-lpa").fill("8");
    assert.deepEqual(await overflowingElements(mobile), []);
    assert.deepEqual(await cutPlaceholders(mobile), [], "placeholders show in full");
    await shot(mobile, "onboarding-career-mobile");
    await w.next();
    await w.atStep("integrations");
    await shot(mobile, "onboarding-integrations-mobile");
    await w.next();
    await w.atStep("review");
    await shot(mobile, "onboarding-review-mobile");
    await phone.close();
  });
});
