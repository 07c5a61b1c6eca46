import type { Locator, Page } from "playwright-core";

/** `/v/<slug>`: the public page of a shared project intro video (a resume PDF's "Watch intro"). */
export class SharedVideoPage {
  constructor(readonly page: Page) {}

  t(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`);
  }

  goto(slug: string) {
    return this.page.goto(`/v/${slug}`);
  }

  get project(): Locator {
    return this.t("shared-video-project");
  }

  get owner(): Locator {
    return this.t("shared-video-owner");
  }

  get player(): Locator {
    return this.t("shared-video-player");
  }

  get missing(): Locator {
    return this.t("shared-video-missing");
  }

  /** The player's readyState once it has loaded the clip's metadata (≥ 1), or throws on a media error. */
  async loadedMetadata(): Promise<{ readyState: number; duration: number; width: number }> {
    await this.page.waitForFunction(() => {
      const v = document.querySelector("video");
      return !!v && (v.readyState >= 1 || v.error !== null);
    });
    return this.player.evaluate((v: HTMLVideoElement) => {
      if (v.error) throw new Error(`media error ${v.error.code}: ${v.error.message}`);
      return { readyState: v.readyState, duration: v.duration, width: v.videoWidth };
    });
  }
}
