import type { Locator, Page } from "playwright-core";
import { newUser, type TestUser } from "../support/env.ts";
import { AuthPage } from "./auth.po.ts";
import { screenshot } from "./browser.ts";
import { AppShell } from "./shell.po.ts";

/** A full-page screenshot taken from the top (clicks may have scrolled the page; sticky bars would repeat). */
export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  await page.evaluate(() => window.scrollTo(0, 0));
  return screenshot(page, name, opts);
}

/** Creates a user through the Auth API and signs them in through the real form. */
export async function signedInUser(page: Page, prefix = "e2e"): Promise<TestUser> {
  const user = await newUser(prefix);
  const auth = new AuthPage(page);
  await auth.goto();
  await auth.signIn(user.email, user.password);
  return user;
}

export type WizardStep = "profile" | "career" | "integrations" | "review";

/** `/onboarding`: the four-step wizard. */
export class OnboardingPage extends AppShell {
  el(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(): Promise<void> {
    await this.page.goto("/onboarding");
    await this.el("onboarding-wizard").waitFor();
  }

  /** Waits until `step` is the one shown. */
  async atStep(step: WizardStep): Promise<void> {
    await this.el(`wizard-step-${step}`).waitFor();
  }

  async next(): Promise<void> {
    await this.el("wizard-next").click();
  }

  async back(): Promise<void> {
    await this.el("wizard-back").click();
  }

  fieldError(dataTest: string): Locator {
    return this.el(`${dataTest}-error`);
  }

  /** Adds a chip through its suggestion button. */
  async pickSuggestion(prefix: string, text: string): Promise<void> {
    await this.el(`${prefix}-suggestion`).filter({ hasText: text }).click();
  }

  /** Types a chip and presses Enter. */
  async typeChip(prefix: string, text: string): Promise<void> {
    await this.el(`${prefix}-input`).fill(text);
    await this.el(`${prefix}-input`).press("Enter");
  }

  async chips(prefix: string): Promise<string[]> {
    return (await this.el(`${prefix}-chip`).allTextContents()).map((s) => s.trim());
  }

  async saveToken(provider: string, token: string): Promise<void> {
    await this.el(`token-${provider}-input`).fill(token);
    await this.el(`token-${provider}-save`).click();
  }
}
