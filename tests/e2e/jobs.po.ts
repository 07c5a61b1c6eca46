import type { Locator } from "playwright-core";
import { AppShell } from "./shell.po.ts";

/** `/jobs`: filters, the ranked list, score breakdowns, the job detail, Fetch now and the run history. */
export class JobsPage extends AppShell {
  /**
   * The visible element: the page streams behind loading.tsx, so for a moment React's hidden
   * copy of the streamed HTML sits beside the real one.
   */
  el(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`).filter({ visible: true });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/jobs${query}`);
    await this.el("jobs-filters").waitFor();
  }

  get cards(): Locator {
    return this.el("job-card");
  }

  card(title: string): Locator {
    return this.cards.filter({
      has: this.page.locator('[data-test="job-title"]', { hasText: new RegExp(`^${title}$`) }),
    });
  }

  async titles(): Promise<string[]> {
    return (await this.el("job-title").allTextContents()).map((t) => t.trim());
  }

  async filter(
    values: Partial<Record<"q" | "location" | "min-lpa" | "company", string>>,
    selects: Partial<Record<"portal" | "status" | "sort", string>> = {},
  ): Promise<void> {
    for (const [k, v] of Object.entries(values)) await this.el(`filter-${k}`).fill(v);
    for (const [k, v] of Object.entries(selects)) await this.el(`filter-${k}`).selectOption(v);
    await Promise.all([this.page.waitForURL(/\/jobs/), this.el("filters-apply").click()]);
    await this.el("jobs-filters").waitFor();
  }
}
