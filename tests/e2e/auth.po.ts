import type { Locator, Page } from "playwright-core";
import { waitForStreamedContent } from "./a11y.ts";

export type OAuthProviderId = "google" | "github" | "linkedin";

/** `/auth`: Sign In | Create Account tabs, email + password forms, OAuth buttons. */
export class AuthPage {
  constructor(readonly page: Page) {}

  private t(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(tab: "signin" | "create" = "signin"): Promise<void> {
    await this.page.goto(tab === "create" ? "/auth?tab=create" : "/auth");
    await this.t("auth-heading").waitFor();
  }

  get heading(): Locator {
    return this.t("auth-heading");
  }

  get serverError(): Locator {
    return this.t("auth-error");
  }

  get oauthNotice(): Locator {
    return this.t("oauth-notice");
  }

  async switchTo(tab: "signin" | "create"): Promise<void> {
    await this.t(`auth-tab-${tab}`).click();
    await this.t(tab === "create" ? "create-form" : "signin-form").waitFor();
  }

  /** The validation message under a field, e.g. `create-password`. */
  fieldError(field: string): Locator {
    return this.t(`${field}-error`);
  }

  async fillSignIn(email: string, password: string): Promise<void> {
    await this.switchTo("signin");
    await this.t("signin-email").fill(email);
    await this.t("signin-password").fill(password);
  }

  async submitSignIn(): Promise<void> {
    await this.t("signin-submit").click();
  }

  /**
   * Signs in and waits for the signed-in landing page: `/admin` for admins, `/onboarding` until
   * onboarded, then `/dashboard`.
   */
  async signIn(email: string, password: string): Promise<void> {
    await this.fillSignIn(email, password);
    await this.submitSignIn();
    await this.page.waitForURL((u) => ["/admin", "/onboarding", "/dashboard"].includes(u.pathname));
    await waitForStreamedContent(this.page);
  }

  async fillCreateAccount(email: string, password: string, confirm = password): Promise<void> {
    await this.switchTo("create");
    await this.t("create-email").fill(email);
    await this.t("create-password").fill(password);
    await this.t("create-confirm-password").fill(confirm);
  }

  async submitCreateAccount(): Promise<void> {
    await this.t("create-submit").click();
  }

  /** Creates an account and waits for where a new user lands: the onboarding wizard. */
  async createAccount(email: string, password: string): Promise<void> {
    await this.fillCreateAccount(email, password);
    await this.submitCreateAccount();
    await this.page.waitForURL((u) => u.pathname === "/onboarding");
    await waitForStreamedContent(this.page);
  }

  oauthButton(provider: OAuthProviderId): Locator {
    return this.t(`oauth-${provider}`);
  }

  /** The top edge (CSS px) of every input and the submit button of the visible form, in order. */
  async fieldTops(): Promise<number[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll("form input, form button[type=submit]")]
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => Math.round(el.getBoundingClientRect().top)),
    );
  }

  async clickOAuth(provider: OAuthProviderId): Promise<void> {
    await this.t(`oauth-${provider}`).click();
  }
}
