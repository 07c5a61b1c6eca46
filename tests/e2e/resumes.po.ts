import type { Locator } from "playwright-core";
import { AppShell } from "./shell.po.ts";

/** `/resumes`: the list ("n of limit"), create, build with progress, versions, ATS, career record. */
export class ResumesPage extends AppShell {
  el(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/resumes${query}`);
    await this.el("career-record").waitFor();
  }

  async create(name: string, role: string, template: "ats" | "modern" = "ats"): Promise<void> {
    await this.el("resume-create-name").fill(name);
    await this.el("resume-create-role").fill(role);
    await this.el("resume-create-template").selectOption(template);
    await this.el("resume-create-submit").click();
    await this.page.locator(`[data-test="resume-detail"][data-name="${name}"]`).waitFor();
  }

  /** Adds a work entry through the record editor. */
  async addWork(organization: string, title: string, start: string, highlights: string[]): Promise<void> {
    await this.el("record-work-organization").fill(organization);
    await this.el("record-work-title").fill(title);
    await this.el("record-work-start_date").fill(start);
    await this.el("record-work-highlights").fill(highlights.join("\n"));
    await this.el("record-add-work").click();
    await this.page
      .locator('[data-test="record-entry"][data-kind="work"]')
      .filter({ hasText: organization })
      .waitFor();
  }

  /** Clicks Build and waits until the build finished (progress gone) with a version shown. */
  async build(timeoutMs = 90_000): Promise<void> {
    await this.el("build-submit").click();
    await this.el("build-progress").waitFor();
    await this.el("build-progress").waitFor({ state: "detached", timeout: timeoutMs });
    await this.el("version-view").waitFor();
  }
}
