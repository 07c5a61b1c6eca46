/**
 * GitHub connect links cannot be used against someone else (OAuth CSRF / account linking).
 *
 * The attack: an attacker starts "Connect GitHub" on their own account and sends the authorize
 * link to a victim who is signed in to CareerPilot (and to GitHub). The victim's browser goes to
 * GitHub, GitHub sends it back with a code for the VICTIM's GitHub account and the attacker's
 * state. If that completed the attacker's connection, the attacker could read the victim's
 * private repositories. GitHub returns to the web app's callback page, which finishes the flow
 * as the signed-in user; the state names another user, so nothing is connected anywhere.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { callFunction, env, newUser, type TestUser } from "../support/env.ts";
import { launchBrowser, newContext, pathOf, screenshot } from "./browser.ts";
import { signedInUser } from "./onboarding.po.ts";

async function githubStatus(user: TestUser): Promise<string | undefined> {
  const res = await callFunction("integrations/v1/integrations", { token: user.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body as { items: { provider: string; status: string }[] }).items.find(
    (i) => i.provider === "github",
  )?.status;
}

/** The attacker's own connect: GitHub's authorize URL, signing in at the fake as `login`. */
async function attackersLink(attacker: TestUser, login: string): Promise<string> {
  const res = await callFunction("integrations/v1/integrations/github/connect", {
    method: "POST",
    token: attacker.accessToken,
    body: { redirect_to: "/settings" },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const url = new URL((res.body as { auth_url: string }).auth_url);
  url.searchParams.set("login", login); // the fake's stand-in for "the victim is signed in at GitHub"
  return url.toString();
}

async function grantsOf(login: string): Promise<unknown[]> {
  const res = await fetch(`${env.fakes.github}/_fake/github/grants?login=${login}`);
  return ((await res.json()) as { grants: unknown[] }).grants;
}

describe("GitHub connect links", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test("attack: a signed-in victim following the attacker's link connects nothing, and is told why", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const victim = await signedInUser(page, "e2e-gh-victim");
    const attacker = await newUser("e2e-gh-attacker");
    const victimLogin = `victim-${randomBytes(4).toString("hex")}`;

    await page.goto(await attackersLink(attacker, victimLogin));
    await page.waitForURL((u) => u.pathname === "/settings");
    const toast = page.locator("[data-sonner-toast]").filter({ hasText: "started from another account" });
    await toast.waitFor();
    await screenshot(page, "github-connect-foreign-link");

    assert.equal(await githubStatus(attacker), "not_connected", "the attacker got nothing");
    assert.equal(await githubStatus(victim), "not_connected", "nor was the victim connected to it");
    assert.deepEqual(await grantsOf(victimLogin), [], "the victim's GitHub code was never exchanged");
    await context.close();
  });

  test("attack: a signed-out browser following the link is sent to sign in, nothing connected", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const attacker = await newUser("e2e-gh-attacker2");
    const victimLogin = `victim-${randomBytes(4).toString("hex")}`;
    await page.goto(await attackersLink(attacker, victimLogin));
    await page.waitForURL((u) => u.pathname === "/auth");
    assert.equal(pathOf(page), "/auth");
    assert.equal(await githubStatus(attacker), "not_connected");
    assert.deepEqual(await grantsOf(victimLogin), []);
    await context.close();
  });
});
