import type { Locator, Page } from "playwright-core";

/** `/admin/control`: the emergency stop, paused users, and applications and runs across users. */
export class AdminControlPage {
  constructor(readonly page: Page) {}

  el(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/admin/control${query}`);
    await this.el("emergency-stop").waitFor();
  }

  /** "true" or "false": what the page says the stop is. */
  async stopState(): Promise<string | null> {
    return this.el("emergency-stop-state").getAttribute("data-enabled");
  }

  /**
   * Opens the stop's confirmation. A click that lands while the page is still hydrating, or while
   * the previous dialog is still closing, opens nothing: it is repeated until the dialog shows.
   */
  async openStopConfirm(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.el("emergency-stop-toggle").click();
      try {
        await this.el("emergency-stop-confirm").waitFor({ timeout: 5000 });
        return;
      } catch (err) {
        if (attempt >= 4) throw err;
      }
    }
  }

  /** Flips the stop through its confirmation dialog (with a reason when turning it on). */
  async toggleStop(reason?: string): Promise<void> {
    const before = await this.stopState();
    await this.openStopConfirm();
    if (reason) await this.el("emergency-stop-reason").fill(reason);
    await this.el("emergency-stop-confirm-yes").click();
    await this.el("emergency-stop-confirm").waitFor({ state: "detached" });
    await this.page.waitForFunction(
      (b) => document.querySelector('[data-test="emergency-stop-state"]')?.getAttribute("data-enabled") !== b,
      before,
    );
  }

  applicationRow(text: string): Locator {
    return this.el("control-application-row").filter({ hasText: text });
  }
}
