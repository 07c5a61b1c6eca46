import type { Locator } from "playwright-core";
import { AppShell } from "./shell.po.ts";

/**
 * `/applications`: the tracker (table or board, filters in the URL), the approval queue, and the
 * open application's detail (documents, questions, response, timeline).
 */
export class ApplicationsPage extends AppShell {
  /** The visible element: the page streams behind loading.tsx, and the table repeats some cells for phones. */
  el(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`).filter({ visible: true });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/applications${query}`);
    await this.el("applications-tabs").waitFor();
  }

  get detail(): Locator {
    return this.el("application-detail");
  }

  /** The table row (or board card, or queue item) of a job title. */
  row(title: string, kind: "application-row" | "board-card" | "queue-item" = "application-row"): Locator {
    return this.el(kind).filter({
      has: this.page.locator('[data-test="application-title"]', { hasText: new RegExp(`^${title}$`) }),
    });
  }

  async titles(): Promise<string[]> {
    return (await this.el("application-title").allTextContents()).map((t) => t.trim());
  }

  /** Opens an application from the list and waits for its detail. */
  async open(
    title: string,
    kind: "application-row" | "board-card" | "queue-item" = "application-row",
  ): Promise<void> {
    await this.row(title, kind).locator('[data-test="application-title"]').click();
    await this.detail.waitFor();
  }

  async filter(
    values: Partial<Record<"q" | "from" | "to", string>>,
    selects: Partial<Record<"portal" | "status" | "response", string>> = {},
  ): Promise<void> {
    for (const [k, v] of Object.entries(values)) await this.el(`filter-${k}`).fill(v);
    for (const [k, v] of Object.entries(selects)) await this.el(`filter-${k}`).selectOption(v);
    await Promise.all([this.page.waitForURL(/\/applications\?/), this.el("filters-apply").click()]);
    await this.el("applications-tabs").waitFor();
  }

  toast(text: string | RegExp): Locator {
    return this.page.locator("[data-sonner-toast]").filter({ hasText: text });
  }
}
