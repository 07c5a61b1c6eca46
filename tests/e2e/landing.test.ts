import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, MOBILE, newContext, overflowingElements, pathOf, screenshot } from "./browser.ts";
import { LandingPage } from "./landing.po.ts";

describe("landing page", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test("shows the product, its six features and a way in (desktop)", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const landing = new LandingPage(page);
    await landing.goto();
    assert.equal(await landing.featureCards.count(), 6);
    assert.match((await page.locator("h1").textContent()) ?? "", /autopilot/i);
    assert.ok(await landing.signInLink.isVisible(), "header has Sign in");
    assert.match((await page.locator("main").textContent()) ?? "", /LPA/);
    await screenshot(page, "landing-desktop");
    await context.close();
  });

  test("fits a phone screen without sideways scrolling", async () => {
    const context = await newContext(browser, MOBILE);
    const page = await context.newPage();
    const landing = new LandingPage(page);
    await landing.goto();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
    assert.deepEqual(await overflowingElements(page), [], "nothing is cut off at the right edge");
    assert.ok(await landing.getStartedButton.isVisible());
    await screenshot(page, "landing-mobile");
    await context.close();
  });

  test("Get Started goes to /auth, on the Create Account tab", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const landing = new LandingPage(page);
    await landing.goto();
    await landing.getStarted();
    assert.equal(pathOf(page), "/auth");
    await page.locator('[data-test="create-form"]').waitFor();
    await context.close();
  });

  test("Learn more scrolls down to the feature sections", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const landing = new LandingPage(page);
    await landing.goto();
    assert.ok((await landing.featuresOffsetFromTop()) > 400, "features start below the fold");
    await landing.learnMoreButton.click();
    await page.waitForFunction(() => {
      const top = document.getElementById("features")?.getBoundingClientRect().top ?? 9999;
      return top >= 0 && top < 120;
    });
    assert.equal(pathOf(page), "/");
    await context.close();
  });
});
