import type { Locator } from "playwright-core";
import { AppShell } from "./shell.po.ts";

/** `/settings`: the Account section and the delete-account dialog. */
export class SettingsPage extends AppShell {
  private s(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(): Promise<void> {
    await this.page.goto("/settings");
    await this.s("account-section").waitFor();
  }

  get accountEmail(): Locator {
    return this.s("account-email");
  }

  get displayNameInput(): Locator {
    return this.s("display-name-input");
  }

  get displayNameError(): Locator {
    return this.s("display-name-error");
  }

  /** Sets the display name and clicks Save; returns the toast that follows. */
  async saveDisplayName(name: string): Promise<Locator> {
    await this.displayNameInput.fill(name);
    await this.s("display-name-save").click();
    return this.page.locator("[data-sonner-toast]").filter({ hasText: "Display name saved" });
  }

  async signOut(): Promise<void> {
    await this.s("settings-sign-out").click();
    await this.page.waitForURL((u) => u.pathname === "/auth");
  }

  get deleteDialog(): Locator {
    return this.s("delete-account-dialog");
  }

  get deleteConfirmButton(): Locator {
    return this.s("delete-confirm");
  }

  get deleteError(): Locator {
    return this.s("delete-error");
  }

  async openDeleteDialog(): Promise<void> {
    await this.s("delete-account-open").click();
    await this.deleteDialog.waitFor();
  }

  async typeDeleteConfirmation(text: string): Promise<void> {
    await this.s("delete-confirm-input").fill(text);
  }

  /** Confirms deletion and waits for the landing page. */
  async confirmDelete(): Promise<void> {
    await this.deleteConfirmButton.click();
    await this.page.waitForURL((u) => u.pathname === "/");
  }
}
