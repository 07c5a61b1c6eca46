/**
 * A shared project intro video as a recruiter opens it from a resume PDF: no sign-in, the clip
 * plays (a real H.264 mp4 and poster made with ffmpeg), only the project and the owner's display
 * name are shown, the page is not indexed; once the owner revokes the link, it is a 404.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { clipDir, makeClip } from "../fakes/clips.ts";
import { callFunction, newUser, withSql } from "../support/env.ts";
import { arrangeRepository, arrangeTranscodedVideo } from "../support/videos.ts";
import { expectAccessible } from "./a11y.ts";
import { launchBrowser, MOBILE, newContext, screenshot } from "./browser.ts";
import { SharedVideoPage } from "./shared-video.po.ts";

describe("shared intro video page", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test("plays without signing in, shows only project and owner, noindex; revoked → 404", async () => {
    const clip = await makeClip({ seconds: 3, container: "mp4", faststart: true });
    const posterFile = path.join(clipDir(), "shared-video-poster.jpg");
    execFileSync("ffmpeg", ["-y", "-loglevel", "error", "-i", clip, "-frames:v", "1", posterFile]);
    const owner = await newUser("e2e-share");
    await withSql(
      (sql) => sql`update public.profiles set display_name = 'Asha Rao' where id = ${owner.userId}`,
    );
    const video = await arrangeTranscodedVideo(owner, await arrangeRepository(owner, "ledgerline"), {
      mp4: readFileSync(clip),
      jpg: readFileSync(posterFile),
    });
    const shared = await callFunction(`projects/v1/projects/${video.repoId}/video/share`, {
      method: "POST",
      token: owner.accessToken,
    });
    assert.equal(shared.status, 200, JSON.stringify(shared.body));
    const { slug } = shared.body as { slug: string };

    for (const [viewport, name] of [
      [undefined, "shared-video-desktop"],
      [MOBILE, "shared-video-mobile"],
    ] as const) {
      const context = await newContext(browser, viewport);
      const page = await context.newPage();
      const view = new SharedVideoPage(page);
      const res = await view.goto(slug);
      assert.equal(res?.status(), 200);
      assert.equal((await view.project.textContent())?.trim(), "ledgerline");
      assert.equal((await view.owner.textContent())?.trim(), "by Asha Rao");
      assert.ok(!(await page.content()).includes(owner.email), "the owner's email is not on the page");
      assert.match((await page.locator('meta[name="robots"]').getAttribute("content")) ?? "", /noindex/);
      const media = await view.loadedMetadata();
      assert.ok(media.readyState >= 1 && media.duration > 2.5, JSON.stringify(media));
      assert.ok(await view.player.getAttribute("poster"));
      await expectAccessible(page, name);
      await screenshot(page, name);
      await context.close();
    }

    const revoked = await callFunction(`projects/v1/projects/${video.repoId}/video/share`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    assert.equal(revoked.status, 200);
    const context = await newContext(browser);
    const page = await context.newPage();
    const view = new SharedVideoPage(page);
    const gone = await view.goto(slug);
    assert.equal(gone?.status(), 404);
    await view.missing.waitFor();
    assert.equal(await view.player.count(), 0);
    await screenshot(page, "shared-video-revoked");
    // A guessed link looks the same.
    assert.equal((await view.goto("AAAAAAAAAAAAAAAAAAAAAA"))?.status(), 404);
    await view.missing.waitFor();
    await context.close();
  });
});
