import type { Locator } from "playwright-core";
import { AppShell } from "./shell.po.ts";

/** `/reports`: date range, applications chart and funnel (each with a table view), resumes, gaps, exports, emails. */
export class ReportsPage extends AppShell {
  el(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/reports${query}`);
    await this.el("reports-range").waitFor();
  }

  /** The number on a summary tile (`applied`, `responded`, `interview`, `offer`). */
  async tile(key: string): Promise<number> {
    return Number(
      (await this.el(`summary-${key}`).locator('[data-test="summary-value"]').textContent())?.trim(),
    );
  }

  /** Switches a chart figure to its table and returns the rows as text cells (header row first). */
  async tableOf(figure: "applications-chart" | "funnel-chart"): Promise<string[][]> {
    await this.el(`${figure}-view-table`).click();
    const rows = this.el(`${figure}-table`).locator("tr");
    const out: string[][] = [];
    for (const row of await rows.all()) {
      out.push((await row.locator("th, td").allTextContents()).map((s) => s.trim()));
    }
    return out;
  }

  gap(skill: string): Locator {
    return this.el("skill-gap").filter({
      has: this.page.locator('[data-test="gap-skill"]', { hasText: skill }),
    });
  }

  resumeRow(name: string): Locator {
    return this.el("resume-performance-row").filter({ hasText: name });
  }
}
