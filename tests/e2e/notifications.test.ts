import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { TestUser } from "../support/env.ts";
import { launchBrowser, MOBILE, newContext, overflowingElements, pathOf } from "./browser.ts";
import { emitAndConsume, NotificationsPage, seedNotifications } from "./notifications.po.ts";
import { shot, signedInUser } from "./onboarding.po.ts";

describe("notifications", () => {
  let browser: Browser;
  let page: Page;
  let user: TestUser;
  let np: NotificationsPage;
  const repoId = randomUUID();

  before(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    user = await signedInUser(page, "e2e-notif");
    np = new NotificationsPage(page);
    await seedNotifications(user, [
      {
        type: "user.onboarding.completed",
        title: "Welcome to CareerPilot",
        body: "Your profile is set up. Next: connect GitHub and start your job search.",
        link_url: "/dashboard",
        read: true,
        minutesAgo: 60 * 26,
      },
      {
        type: "projects.synced",
        title: "Imported 12 repositories from GitHub",
        body: "Add AI descriptions and intro videos to show them at their best.",
        link_url: "/projects",
        minutesAgo: 60 * 3,
      },
      {
        type: "project_video.processed",
        title:
          "Intro video for dotfiles was not accepted: The clip is 12.4 s long; intro videos must be 20–30 s.",
        body: "Record or upload a new clip of 20–30 seconds.",
        link_url: "/projects",
        payload: { status: "failed" },
        minutesAgo: 45,
      },
      {
        type: "integrations.token.rejected",
        title: "GitHub access expired — reconnect in Settings",
        body: "GitHub refused CareerPilot's access. Reconnect GitHub to keep your projects in sync.",
        link_url: "/settings#github",
        read: true,
        minutesAgo: 20,
      },
    ]);
    // The newest one arrives the real way: an event, consumed by the notifications queue's consumer.
    await emitAndConsume("repo.detected", {
      user_id: user.userId,
      repo_id: repoId,
      provider_repo_id: 777,
      name: "careerpilot-demo",
      full_name: "e2e/careerpilot-demo",
      html_url: "https://github.com/e2e/careerpilot-demo",
      initial_import: false,
    });
  });
  after(async () => {
    await browser?.close();
  });

  test("the bell in the header shows the unread count and opens the list", async () => {
    await page.goto("/dashboard");
    await np.bellShows(3);
    assert.equal((await np.bellCount.textContent())?.trim(), "3");
    assert.equal(await np.bell.getAttribute("aria-label"), "Notifications, 3 unread");
    assert.equal(
      (await np.sidebarCount.textContent())?.replace(/\s+/g, " ").trim(),
      "3 unread",
      'the sidebar link shows the same count ("unread" for screen readers)',
    );
    await shot(page, "notifications-bell-desktop", { fullPage: false });
    await np.bell.click();
    await page.waitForURL((u) => u.pathname === "/notifications");
    await np.ready();
    assert.deepEqual(await np.titles(), [
      "New repository detected: careerpilot-demo",
      "GitHub access expired — reconnect in Settings",
      "Intro video for dotfiles was not accepted: The clip is 12.4 s long; intro videos must be 20–30 s.",
      "Imported 12 repositories from GitHub",
      "Welcome to CareerPilot",
    ]);
    assert.equal(await np.readState("careerpilot-demo"), "false");
    assert.equal(await np.readState("Welcome to CareerPilot"), "true");
    assert.equal((await np.el("filter-unread-count").textContent())?.trim(), "3");
    const times = (await np.el("notification-time").allTextContents()).map((s) => s.trim());
    assert.deepEqual(times, ["just now", "20 minutes ago", "45 minutes ago", "3 hours ago", "yesterday"]);
    await shot(page, "notifications-desktop");
  });

  test("Unread and type filters narrow the list and live in the URL", async () => {
    await np.goto();
    await np.show("unread");
    assert.equal(await np.items.count(), 3);
    assert.ok(
      (await np.items.evaluateAll((els) => els.map((e) => e.getAttribute("data-read")))).every(
        (r) => r === "false",
      ),
    );
    await np.filterType("repo.detected");
    assert.deepEqual(await np.titles(), ["New repository detected: careerpilot-demo"]);
    assert.match(page.url(), /filter=unread/);
    assert.match(page.url(), /type=repo\.detected/);
    await shot(page, "notifications-filtered");

    await np.filterType("user.onboarding.completed");
    await np.el("notifications-empty").waitFor();
    assert.match((await np.el("notifications-empty").textContent()) ?? "", /all caught up/i);
    await np.el("empty-show-all").click();
    await page.waitForURL((u) => u.search === "");
    await np.ready();
    assert.equal(await np.items.count(), 5);

    // A reload keeps the view the URL names.
    await np.goto("?type=integrations.token.rejected");
    assert.deepEqual(await np.titles(), ["GitHub access expired — reconnect in Settings"]);
    assert.equal(await np.el("filter-type").inputValue(), "integrations.token.rejected");
  });

  test("read / unread toggles change the row and the bell at once", async () => {
    await np.goto();
    const title = "Imported 12 repositories from GitHub";
    await np.toggle(title).click();
    await np.settled(title, true);
    await np.bellShows(2);
    assert.equal(await np.toggle(title).getAttribute("aria-label"), `Mark unread: ${title}`);
    await np.toggle(title).click();
    await np.settled(title, false);
    await np.bellShows(3);
    await page.reload();
    await np.ready();
    assert.equal(await np.readState(title), "false", "the state was saved");
  });

  test("works with the keyboard: Space toggles, Enter opens", async () => {
    await np.goto();
    const title = "Imported 12 repositories from GitHub";
    await np.toggle(title).focus();
    await page.keyboard.press("Space");
    await np.settled(title, true);
    await page.keyboard.press("Enter");
    await np.settled(title, false);
    await np.link(title).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/projects");
    await np.bellShows(2);
  });

  test("clicking a notification marks it read and follows its deep link", async () => {
    await np.goto();
    await np.bellShows(2);
    await np.link("careerpilot-demo").click();
    await page.waitForURL((u) => u.pathname === "/projects" && u.searchParams.get("repo") === repoId);
    await np.bellShows(1);
    await np.goto();
    assert.equal(await np.readState("careerpilot-demo"), "true");

    await np.link("GitHub access expired").click();
    await page.waitForURL((u) => u.pathname === "/settings" && u.hash === "#github");
    assert.equal(pathOf(page), "/settings");
  });

  test("Mark all read clears the bell and leaves the Unread view empty", async () => {
    await np.goto("?filter=unread");
    assert.equal(await np.items.count(), 1);
    await np.el("mark-all-read").click();
    await page.locator("[data-sonner-toast]").filter({ hasText: "Marked 1 notification read" }).waitFor();
    await np.el("notifications-empty").waitFor();
    await np.bellShows(0);
    assert.equal(await np.bellCount.count(), 0, "no badge at zero");
    assert.equal(await np.sidebarCount.count(), 0, "nor on the sidebar link");
    assert.equal(await np.bell.getAttribute("aria-label"), "Notifications");
    assert.ok(await np.el("mark-all-read").isDisabled());
    await shot(page, "notifications-all-caught-up");
  });

  test("pages through many notifications", async () => {
    const ctx = await newContext(browser);
    const p = await ctx.newPage();
    const many = await signedInUser(p, "e2e-notif-pages");
    await seedNotifications(
      many,
      Array.from({ length: 23 }, (_, i) => ({
        type: "repo.detected",
        title: `New repository detected: repo-${String(i + 1).padStart(2, "0")}`,
        link_url: "/projects",
        minutesAgo: 23 - i,
      })),
    );
    const m = new NotificationsPage(p);
    await m.goto();
    assert.equal(await m.items.count(), 20);
    assert.equal((await m.el("notifications-range").textContent())?.trim(), "1–20 of 23");
    assert.equal((await m.el("page-indicator").textContent())?.trim(), "Page 1 of 2");
    assert.ok(await m.el("page-prev").isDisabled());
    await m.el("page-next").click();
    await p.waitForURL((u) => u.searchParams.get("page") === "2");
    await m.ready();
    assert.deepEqual(await m.titles(), [
      "New repository detected: repo-03",
      "New repository detected: repo-02",
      "New repository detected: repo-01",
    ]);
    assert.equal((await m.el("notifications-range").textContent())?.trim(), "21–23 of 23");
    assert.ok(await m.el("page-next").isDisabled());
    await shot(p, "notifications-page-2");
    await m.el("page-prev").click();
    await p.waitForURL((u) => !u.searchParams.has("page"));
    await m.ready();
    assert.equal(await m.items.count(), 20);
    await ctx.close();
  });

  test("a new user sees a loading state, then an empty state that explains the page", async () => {
    const ctx = await newContext(browser);
    const p = await ctx.newPage();
    await signedInUser(p, "e2e-notif-empty");
    // Hold the list response so the loading state can be seen.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await p.route(
      (u) => u.pathname.endsWith("/functions/v1/notifications/v1/notifications"),
      async (route) => {
        await held;
        await route.continue();
      },
    );
    await p.goto("/notifications");
    await p.locator('[data-test="notifications-loading"]').first().waitFor(); // Next may briefly keep two trees mounted while it swaps them
    await shot(p, "notifications-loading", { fullPage: false });
    release();
    const m = new NotificationsPage(p);
    await m.ready();
    await m.el("notifications-empty").waitFor();
    assert.match((await m.el("notifications-empty").textContent()) ?? "", /No notifications yet/);
    // As above: for a moment Next can keep the old tree mounted beside the new one (both disabled).
    assert.ok(await m.el("mark-all-read").first().isDisabled());
    await shot(p, "notifications-empty");
    await ctx.close();
  });

  test("on a phone the bell and the list fit the screen", async () => {
    const phone = await newContext(browser, MOBILE);
    const mobile = await phone.newPage();
    const owner = await signedInUser(mobile, "e2e-notif-phone");
    await seedNotifications(owner, [
      {
        type: "project_video.processed",
        title:
          "Intro video for a-repository-with-a-rather-long-name was not accepted: The clip is 35.2 s long; intro videos must be 20–30 s.",
        body: "Record or upload a new clip of 20–30 seconds.",
        link_url: "/projects",
        payload: { status: "failed" },
        minutesAgo: 5,
      },
      {
        type: "repo.detected",
        title: "New repository detected: careerpilot",
        body: "e2e/careerpilot was added to your projects. Add an AI description or an intro video.",
        link_url: "/projects",
        minutesAgo: 90,
      },
      {
        type: "projects.synced",
        title: "Imported 3 repositories from GitHub",
        link_url: "/projects",
        read: true,
        minutesAgo: 600,
      },
    ]);
    const m = new NotificationsPage(mobile);
    await mobile.goto("/dashboard");
    await m.bellShows(2);
    assert.ok(await m.bell.isVisible(), "the bell is in the phone's top bar");
    await m.bell.click();
    await mobile.waitForURL((u) => u.pathname === "/notifications");
    await m.ready();
    assert.equal(await m.items.count(), 3);
    assert.deepEqual(await overflowingElements(mobile), []);
    await shot(mobile, "notifications-mobile");
    await m.toggle("Imported 3 repositories").click();
    await m.bellShows(3);
    await phone.close();
  });
});
