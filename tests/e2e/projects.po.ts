import type { Locator } from "playwright-core";
import { AppShell } from "./shell.po.ts";

/** `/projects`: synced repositories, search, pagination, AI descriptions and intro videos. */
export class ProjectsPage extends AppShell {
  el(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/projects${query}`);
    await this.pageTitle.waitFor();
  }

  /** Every repository card on the page. */
  get cards(): Locator {
    return this.el("repo-card");
  }

  /** The card of the repository called `name`. */
  card(name: string): Locator {
    return this.page.locator(`[data-test="repo-card"][data-repo-name="${name}"]`);
  }

  /** Inside a card (or the page): the element with `data-test=id`. */
  in(card: Locator, id: string): Locator {
    return card.locator(`[data-test="${id}"]`);
  }

  async cardNames(): Promise<string[]> {
    return this.cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-repo-name") ?? ""));
  }

  empty(kind: string): Locator {
    return this.page.locator(`[data-test="projects-empty"][data-kind="${kind}"]`);
  }

  /** Types into the search box and waits until the URL carries the term (the search is debounced). */
  async search(term: string): Promise<void> {
    await this.el("projects-search").fill(term);
    await this.page.waitForURL((u) => (u.searchParams.get("q") ?? "") === term);
  }

  get dialog(): Locator {
    return this.el("video-dialog");
  }

  /** Opens the intro-video dialog from a card (Add, Replace or Retake). */
  async openVideoDialog(card: Locator): Promise<void> {
    await card
      .locator(
        '[data-test="repo-video-add"], [data-test="repo-video-retake"], [data-test="repo-video-replace"]',
      )
      .first()
      .click();
    await this.dialog.waitFor();
  }

  toast(text: string): Locator {
    return this.page.locator("[data-sonner-toast]").filter({ hasText: text });
  }
}
