import type { Locator, Page } from "playwright-core";

/** The admin console (`/admin/*`) and the Certificates tab of `/resumes`, by their `data-test` hooks. */
export class AdminConsole {
  constructor(readonly page: Page) {}

  t(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(path = "/admin"): Promise<void> {
    await this.page.goto(path);
  }

  /** Opens a section through the console's own navigation. */
  async open(
    section:
      | "dashboard"
      | "users"
      | "certificates"
      | "api-management"
      | "notifications"
      | "reports"
      | "audit",
  ) {
    await this.t(`admin-nav-${section}`).click();
    await this.page.waitForURL((u) =>
      section === "dashboard" ? u.pathname === "/admin" : u.pathname.endsWith(section),
    );
  }

  get title(): Locator {
    return this.t("page-title");
  }

  /** The review list's entry for a certificate title. */
  reviewItem(title: string): Locator {
    return this.t("review-item").filter({ hasText: title });
  }
}

/** The Certificates tab on /resumes. */
export class CertificatesTabPage {
  constructor(readonly page: Page) {}

  t(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  async goto(): Promise<void> {
    await this.page.goto("/resumes");
    await this.t("certificates-tab").waitFor();
  }

  item(title: string): Locator {
    return this.t("certificate-item").filter({ hasText: title });
  }

  async upload(file: string, opts: { type?: string; title?: string; issuer?: string } = {}): Promise<void> {
    if (opts.type) await this.t("certificate-type").selectOption(opts.type);
    if (opts.title) await this.t("certificate-title-input").fill(opts.title);
    if (opts.issuer) await this.t("certificate-issuer-input").fill(opts.issuer);
    await this.t("certificate-file").setInputFiles(file);
    await this.t("certificate-upload").click();
  }
}
