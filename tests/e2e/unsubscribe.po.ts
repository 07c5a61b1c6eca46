import type { Locator, Page } from "playwright-core";

/** `/unsubscribe?token=…`: what an email's unsubscribe link opens. */
export class UnsubscribePage {
  constructor(readonly page: Page) {}

  t(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  get confirm(): Locator {
    return this.t("unsubscribe-confirm");
  }

  get done(): Locator {
    return this.t("unsubscribe-done");
  }

  get error(): Locator {
    return this.t("unsubscribe-error");
  }

  async unsubscribe(): Promise<void> {
    await this.t("unsubscribe-submit").click();
    await this.done.waitFor();
  }
}
