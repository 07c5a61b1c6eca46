import type { Locator, Page } from "playwright-core";

/** The marketing page at `/`. */
export class LandingPage {
  constructor(readonly page: Page) {}

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/${query}`);
  }

  get getStartedButton(): Locator {
    return this.page.locator('[data-test="hero-get-started"]');
  }

  get learnMoreButton(): Locator {
    return this.page.locator('[data-test="hero-learn-more"]');
  }

  /** A signed-in visitor's "Go to dashboard" in the header. */
  get goHomeButton(): Locator {
    return this.page.locator('[data-test="header-go-home"]');
  }

  get signInLink(): Locator {
    return this.page.locator('[data-test="header-sign-in"]');
  }

  get featuresSection(): Locator {
    return this.page.locator("#features");
  }

  get featureCards(): Locator {
    return this.page.locator('[data-test="feature-card"]');
  }

  notice(key: string): Locator {
    return this.page.locator(`[data-test="notice-${key}"]`);
  }

  async getStarted(): Promise<void> {
    await this.getStartedButton.click();
    await this.page.waitForURL((u) => u.pathname === "/auth");
  }

  /** How far the features section's top is from the viewport's top, in CSS pixels. */
  async featuresOffsetFromTop(): Promise<number> {
    return this.featuresSection.evaluate((el) => el.getBoundingClientRect().top);
  }
}
