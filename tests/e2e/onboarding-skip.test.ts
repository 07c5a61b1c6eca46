import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { TestUser } from "../support/env.ts";
import { withSql } from "../support/env.ts";
import { launchBrowser, newContext, screenshot } from "./browser.ts";
import { OnboardingPage, signedInUser } from "./onboarding.po.ts";

/**
 * "Skip for now" on the optional steps: nothing typed is checked or saved, earlier answers stay,
 * and the wizard moves on. And each portal token says what it expects and where to find it.
 */
describe("onboarding: Skip for now, and how to get portal tokens", () => {
  let browser: Browser;
  let page: Page;
  let wizard: OnboardingPage;
  let user: TestUser;

  before(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    user = await signedInUser(page, "e2e-skip");
    wizard = new OnboardingPage(page);
  });
  after(async () => {
    await browser?.close();
  });

  async function saved() {
    const [row] = await withSql(
      (sql) => sql<{ roles_targeted: string[]; min_target_lpa: string | null; current_step: string }[]>`
        select roles_targeted, min_target_lpa::text, current_step from public.onboarding where user_id = ${user.userId}`,
    );
    return row;
  }

  test("the profile step has no skip (résumés need a name)", async () => {
    await wizard.goto();
    await wizard.atStep("profile");
    assert.equal(await wizard.el("wizard-skip").count(), 0);
    await wizard.el("profile-display-name").fill("Meera Iyer");
    await wizard.next();
    await wizard.atStep("career");
  });

  test("skipping career preferences with invalid, half-typed input moves on without errors and saves none of it", async () => {
    await wizard.el("career-lpa").fill("-3");
    await wizard.el("wizard-skip").click();
    await wizard.atStep("integrations");
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0, "no field flagged");
    assert.equal(await wizard.el("wizard-error").count(), 0);
    const row = await saved();
    assert.deepEqual(row?.roles_targeted ?? [], []);
    assert.equal(row?.min_target_lpa ?? null, null);
    assert.equal(row?.current_step, "integrations", "the wizard resumes after the skipped step");
  });

  test("each portal token says what it expects and where to find it", async () => {
    await wizard.el("optional-tokens").locator("> summary").click();
    const expected: Record<string, RegExp> = {
      linkedin: /li_at cookie/,
      naukri: /nauk_at cookie/,
      indeed: /cookie request header/,
    };
    for (const [portal, expects] of Object.entries(expected)) {
      const howto = wizard.el(`token-${portal}-howto`);
      await howto.locator("> summary").click();
      assert.match((await wizard.el(`token-${portal}-expects`).textContent()) ?? "", expects);
      const steps = await howto.locator("ol > li").allTextContents();
      assert.ok(steps.length >= 3, `${portal}: plain steps`);
      assert.match(steps[0] ?? "", new RegExp(`Sign in at .*${portal}\\.com`));
      // Truthful: the job search reads public listings and does not use the token.
      assert.match(
        (await wizard.el(`token-${portal}-field`).textContent()) ?? "",
        /The job search does not need it/,
      );
    }
    await screenshot(page, "onboarding-portal-token-howto");
  });

  test("skipping integrations drops a token that was typed but not saved, and reaches the review", async () => {
    await wizard.el("token-linkedin-input").fill("typed-but-never-saved");
    await wizard.el("wizard-skip").click();
    await wizard.atStep("review");
    assert.equal((await saved())?.current_step, "review");
    const [tokens] = await withSql(
      (sql) => sql<{ n: number }[]>`
        select count(*)::int as n from public.api_tokens where user_id = ${user.userId} and provider = 'linkedin'`,
    );
    assert.equal(tokens?.n, 0, "nothing stored for LinkedIn");
    assert.match((await wizard.el("review-roles").textContent()) ?? "", /^None yet: add them in Job Control/);
    await wizard.el("wizard-finish").click();
    await page.waitForURL((u) => u.pathname === "/dashboard");
  });

  test("Settings gives the same help for every portal token", async () => {
    await page.goto("/settings#api-keys");
    for (const portal of ["linkedin", "naukri", "indeed"]) {
      const howto = wizard.el(`token-${portal}-howto`);
      await howto.locator("> summary").click();
      assert.ok(await wizard.el(`token-${portal}-expects`).isVisible(), `${portal}: what it expects`);
    }
    await screenshot(page, "settings-portal-token-howto");
  });
});
