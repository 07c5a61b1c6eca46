import type { Locator } from "playwright-core";
import { AppShell } from "./shell.po.ts";

/** `/job-control`: switches, portals, filters and Save & Activate. */
export class JobControlPage extends AppShell {
  el(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(): Promise<void> {
    await this.page.goto("/job-control");
    await this.el("job-control-form").waitFor();
  }

  get searchSwitch(): Locator {
    return this.el("job-search-switch");
  }

  get autoApplySwitch(): Locator {
    return this.el("auto-apply-switch");
  }

  portal(id: "linkedin" | "naukri" | "indeed"): Locator {
    return this.el(`portal-${id}`);
  }

  companyType(id: string): Locator {
    return this.el(`company-type-${id}`);
  }

  async save(): Promise<void> {
    await this.el("job-control-save").click();
  }

  /** The toast that follows a successful save. */
  savedToast(): Locator {
    return this.page.locator("[data-sonner-toast]").filter({ hasText: "Saved." });
  }
}
