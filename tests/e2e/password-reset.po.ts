import type { Locator, Page } from "playwright-core";

/** `/auth/forgot` (ask for a reset link) and `/auth/reset` (choose the new password). */
export class PasswordResetPages {
  constructor(readonly page: Page) {}

  t(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  /** From the sign-in form's "Forgot password?" link. */
  async openFromSignIn(): Promise<void> {
    await this.page.goto("/auth");
    await this.t("signin-forgot-password").click();
    await this.t("forgot-heading").waitFor();
  }

  async requestLink(email: string): Promise<void> {
    await this.t("forgot-email").fill(email);
    await this.t("forgot-submit").click();
  }

  get sent(): Locator {
    return this.t("forgot-sent");
  }

  get requestError(): Locator {
    return this.t("forgot-error");
  }

  async setNewPassword(password: string, confirm = password): Promise<void> {
    await this.t("reset-heading").waitFor();
    await this.t("reset-password").fill(password);
    await this.t("reset-confirm-password").fill(confirm);
    await this.t("reset-submit").click();
  }

  get resetError(): Locator {
    return this.t("reset-error");
  }
}
