/**
 * A shared project intro video: the owner makes its public link on /projects; a recruiter opens it
 * (as from a resume PDF's "Watch intro") without signing in, and the clip plays (a real H.264 mp4 and poster made with ffmpeg), only the project and the owner's display
 * name are shown, the page is not indexed; once the owner turns the link off on /projects, it is a 404.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { clipDir, makeClip } from "../fakes/clips.ts";
import { callFunction, withSql } from "../support/env.ts";
import { arrangeRepository, arrangeTranscodedVideo } from "../support/videos.ts";
import { expectAccessible } from "./a11y.ts";
import { launchBrowser, MOBILE, newContext, screenshot } from "./browser.ts";
import { signedInUser } from "./onboarding.po.ts";
import { ProjectsPage } from "./projects.po.ts";
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
    // The owner, signed in on /projects, makes the public link of a project's transcoded video.
    const ownerContext = await newContext(browser);
    const ownerPage = await ownerContext.newPage();
    const owner = await signedInUser(ownerPage, "e2e-share");
    await withSql(
      (sql) => sql`update public.profiles set display_name = 'Asha Rao' where id = ${owner.userId}`,
    );
    const video = await arrangeTranscodedVideo(owner, await arrangeRepository(owner, "ledgerline"), {
      mp4: readFileSync(clip),
      jpg: readFileSync(posterFile),
    });
    const projects = new ProjectsPage(ownerPage);
    await projects.goto();
    const card = projects.card("ledgerline");
    await projects.in(card, "repo-video-share-create").click();
    const shareUrl = projects.in(card, "repo-video-share-url");
    await shareUrl.waitFor();
    const url = await shareUrl.inputValue();
    assert.match(url, /\/v\/[A-Za-z0-9_-]{22}$/);
    const slug = url.split("/v/")[1] ?? "";
    await projects.in(card, "repo-video-share").scrollIntoViewIfNeeded();
    await screenshot(ownerPage, "projects-video-share-link", { fullPage: false });

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

    // The owner turns the link off on /projects.
    await projects.in(card, "repo-video-share-revoke").click();
    await ownerPage.getByText("Link turned off").waitFor();
    await shareUrl.waitFor({ state: "detached" });
    assert.deepEqual(
      (
        await callFunction(`projects/v1/projects/${video.repoId}/video/share`, {
          method: "DELETE",
          token: owner.accessToken,
        })
      ).body,
      { revoked: 0 },
      "nothing left to revoke",
    );
    await ownerContext.close();
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
