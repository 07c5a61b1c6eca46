import type { Locator } from "playwright-core";
import { AppShell } from "./shell.po.ts";

/** `/dashboard`: job search, integrations, applications, skill gaps and preferences cards, quick actions. */
export class DashboardPage extends AppShell {
  el(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(): Promise<void> {
    await this.page.goto("/dashboard");
    await this.el("dashboard-job-search").waitFor();
  }

  /** A card's number by its `data-test`, as a number. */
  async count(id: string): Promise<number> {
    return Number((await this.el(id).textContent())?.trim());
  }

  async chips(id: string): Promise<string[]> {
    return (await this.el(id).locator("li").allTextContents()).map((s) => s.trim());
  }
}
