import type { Locator } from "playwright-core";
import { SettingsPage } from "./settings.po.ts";

/** `/settings` beyond Account: career preferences, API keys, GitHub, notifications. */
export class SettingsSectionsPage extends SettingsPage {
  el(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async chips(prefix: string): Promise<string[]> {
    return (await this.el(`${prefix}-chip`).allTextContents()).map((s) => s.trim());
  }

  toast(text: string): Locator {
    return this.page.locator("[data-sonner-toast]").filter({ hasText: text });
  }
}
