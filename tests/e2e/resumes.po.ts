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

  /** Shows the version as text (the HTML preview), whether or not its PDF is drawn yet. */
  async showText(): Promise<void> {
    const toggle = this.el("pdf-preview-text");
    if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
    await this.el("version-preview").waitFor();
  }

  /** Waits until the PDF preview has drawn every page; returns, per canvas, how many pixels are ink. */
  async pdfPages(timeoutMs = 90_000): Promise<{ width: number; height: number; inked: number }[]> {
    await this.page.locator('[data-test="pdf-preview"][data-state="ready"]').waitFor({ timeout: timeoutMs });
    return this.page.locator('[data-test="pdf-page"]').evaluateAll((canvases) =>
      (canvases as HTMLCanvasElement[]).map((c) => {
        const data =
          c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
        let inked = 0;
        for (let i = 0; i < data.length; i += 4) {
          if ((data[i] ?? 255) < 200 || (data[i + 1] ?? 255) < 200 || (data[i + 2] ?? 255) < 200) inked++;
        }
        return { width: c.width, height: c.height, inked };
      }),
    );
  }
}
