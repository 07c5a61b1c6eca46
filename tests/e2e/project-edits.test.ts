import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { TestUser } from "../support/env.ts";
import { withSql } from "../support/env.ts";
import { AI_TEXT, repository, transcodedVideo } from "../support/project-fixtures.ts";
import { expectAccessible } from "./a11y.ts";
import { launchBrowser, newContext, screenshot } from "./browser.ts";
import { signedInUser } from "./onboarding.po.ts";
import { ProjectsPage } from "./projects.po.ts";

const focusedTest = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute("data-test") ?? null);

/** Editing a description in the user's own words, and deleting an intro video, on /projects. */
describe("projects: edit a description, delete an intro video", () => {
  let browser: Browser;
  let page: Page;
  let projects: ProjectsPage;
  let user: TestUser;
  let repoId: string;

  before(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    user = await signedInUser(page, "e2e-proj-edit");
    repoId = await repository(user, "notes-sync");
    projects = new ProjectsPage(page);
  });
  after(async () => {
    await browser?.close();
  });

  test("the user rewrites the AI description; it stays theirs after a reload, and the AI text comes back on request", async () => {
    await projects.goto();
    const card = projects.card("notes-sync");
    assert.equal((await projects.in(card, "repo-ai-description").textContent())?.trim(), AI_TEXT);
    await projects.in(card, "repo-description-edit").click();
    const input = projects.in(card, "repo-description-input");
    assert.equal(await input.inputValue(), AI_TEXT, "the editor starts from the AI text");
    assert.equal(await focusedTest(page), "repo-description-input");
    await input.fill("A CLI I wrote to back my notes up to S3 every night.");
    await screenshot(page, "projects-description-editing", { fullPage: false });
    await projects.in(card, "repo-description-save").click();
    await projects.in(card, "repo-user-description").waitFor();
    assert.equal(
      (await projects.in(card, "repo-user-description").textContent())?.trim(),
      "A CLI I wrote to back my notes up to S3 every night.",
    );
    assert.match((await projects.in(card, "repo-description-edited").textContent()) ?? "", /^Edited by you/);
    assert.equal(await focusedTest(page), "repo-description-edit", "focus is back on Edit");

    await projects.goto();
    assert.equal(
      (await projects.in(projects.card("notes-sync"), "repo-user-description").textContent())?.trim(),
      "A CLI I wrote to back my notes up to S3 every night.",
    );
    await projects.in(projects.card("notes-sync"), "repo-description-use-ai").click();
    await projects.in(projects.card("notes-sync"), "repo-ai-description").waitFor();
    const [row] = await withSql(
      (sql) => sql<{ description_user: string | null }[]>`
        select description_user from public.repositories where id = ${repoId}`,
    );
    assert.equal(row?.description_user, null);
  });

  test("Escape or Cancel leaves the description as it was", async () => {
    await projects.goto();
    const card = projects.card("notes-sync");
    await projects.in(card, "repo-description-edit").click();
    await projects.in(card, "repo-description-input").fill("Not saved.");
    await page.keyboard.press("Escape");
    await projects.in(card, "repo-ai-description").waitFor();
    assert.equal(await projects.in(card, "repo-description-input").count(), 0);
    // Focus goes back once the editor has unmounted (an effect after the render).
    await page.waitForFunction(
      () => document.activeElement?.getAttribute("data-test") === "repo-description-edit",
      undefined,
      { timeout: 5_000 },
    );
    assert.equal(await focusedTest(page), "repo-description-edit");
  });

  test("deleting an intro video asks first; Keep it keeps it, Delete removes the clip and its files", async () => {
    const videoRepo = await repository(user, "with-video");
    await transcodedVideo(user, videoRepo);
    await projects.goto();
    const card = projects.card("with-video");
    await projects.in(card, "repo-video-delete").click();
    const dialog = page.locator('[data-test="repo-video-delete-dialog"]');
    await dialog.waitFor();
    assert.equal(await dialog.getAttribute("role"), "alertdialog");
    await expectAccessible(page, "delete video dialog");
    await screenshot(page, "projects-delete-video-dialog", { fullPage: false });
    await page.locator('[data-test="repo-video-delete-cancel"]').click();
    await dialog.waitFor({ state: "detached" });
    await page.waitForFunction(
      () => document.activeElement?.getAttribute("data-test") === "repo-video-delete",
    );
    assert.equal(await card.getAttribute("data-status").catch(() => null), null);
    assert.equal(await projects.in(card, "repo-video").getAttribute("data-status"), "transcoded");

    await projects.in(card, "repo-video-delete").click();
    await page.locator('[data-test="repo-video-delete-confirm"]').click();
    await dialog.waitFor({ state: "detached" });
    await projects.in(card, "repo-video-add").waitFor();
    assert.equal(await projects.in(card, "repo-video").getAttribute("data-status"), "none");
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-test") === "repo-video-add");
    const [n] = await withSql(
      (sql) =>
        sql<
          { n: number }[]
        >`select count(*)::int as n from public.project_videos where repo_id = ${videoRepo}`,
    );
    assert.equal(n?.n, 0);
    await projects.goto();
    assert.equal(
      await projects.in(projects.card("with-video"), "repo-video").getAttribute("data-status"),
      "none",
    );
  });
});
