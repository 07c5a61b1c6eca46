import type { Locator, Page } from "playwright-core";

/** The signed-in frame: sidebar, mobile drawer and account menu. */
export class AppShell {
  constructor(readonly page: Page) {}

  private t(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  get pageTitle(): Locator {
    return this.t("page-title");
  }

  get sidebar(): Locator {
    return this.t("sidebar");
  }

  navLink(id: string): Locator {
    return this.t(`nav-${id}`);
  }

  async openUserMenu(): Promise<void> {
    await this.t("user-menu-trigger").click();
    await this.t("user-menu-email").waitFor();
  }

  get userMenuEmail(): Locator {
    return this.t("user-menu-email");
  }

  get userInitials(): Locator {
    return this.t("user-initials");
  }

  /** Signs out through the account menu and waits for `/auth`. */
  async signOutFromMenu(): Promise<void> {
    await this.openUserMenu();
    await this.t("user-menu-sign-out").click();
    await this.page.waitForURL((u) => u.pathname === "/auth");
  }

  async openMobileNav(): Promise<void> {
    await this.t("mobile-nav-trigger").click();
    await this.t("mobile-nav").waitFor();
  }

  mobileNavLink(id: string): Locator {
    return this.t(`mobile-nav-${id}`);
  }

  get comingSoon(): Locator {
    return this.t("coming-soon");
  }
}
