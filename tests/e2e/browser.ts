/**
 * The one way e2e suites start a browser: playwright-core driving Debian's Chromium
 * (`npx playwright install` cannot download browsers here), plus screenshot and URL helpers.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";
import { env } from "../support/env.ts";
import { checkEveryNavigation } from "./a11y.ts";

/** Flags verified on this machine (shared/FINDINGS.md, Browser). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const CHROMIUM_PATH = process.env.CP_CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Where every flow leaves its screenshots (gitignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL("../artifacts/screenshots/", import.meta.url));

/** The web app under test, without a trailing slash. */
export const webUrl = (): string => {
  if (!env.webUrl) throw new Error("No web URL: set CP_WEB_URL or start the test devstack profile");
  return env.webUrl.replace(/\/+$/, "");
};

export const DESKTOP = { width: 1280, height: 800 } as const;
export const MOBILE = { width: 390, height: 844 } as const;

/** Generous for `next dev`, which compiles a route on its first request. */
export const TIMEOUT_MS = Number(process.env.CP_E2E_TIMEOUT_MS ?? 30_000);

/** Chromium's stand-in camera and microphone (a test pattern and a beep), allowed without a prompt. */
export const FAKE_MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];

/**
 * Starts Chromium; `extraArgs` adds flags for one suite (e.g. {@link FAKE_MEDIA_ARGS}). Every
 * context it makes (through {@link newContext} or `browser.newContext`) checks each page a
 * `page.goto` lands on with axe (a11y.ts): serious or critical violations fail the test.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    headless: true,
  });
  const newBrowserContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newBrowserContext(options);
    checkEveryNavigation(context);
    return context;
  };
  return browser;
}

/** A fresh, isolated context (own cookies) with the app's base URL and the suite's timeouts. */
export async function newContext(
  browser: Browser,
  viewport: { width: number; height: number } = DESKTOP,
  extra: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: webUrl(),
    viewport,
    locale: "en-IN",
    reducedMotion: "reduce",
    ...extra,
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  context.setDefaultNavigationTimeout(TIMEOUT_MS * 2);
  return context;
}

/** A full-page PNG at tests/artifacts/screenshots/<name>.png. */
export async function screenshot(
  page: Page,
  name: string,
  opts: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}${name}.png`;
  // Let web fonts and entrance animations settle so the picture shows the page as a person sees it.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path, fullPage: opts.fullPage ?? true, animations: "disabled" });
  return path;
}

/** The page's path (and search), for asserting where a flow landed. */
export function pathOf(page: Page): string {
  const u = new URL(page.url());
  return u.pathname;
}

/** A unique address for a user created through the UI. */
export function uniqueEmail(prefix = "e2e"): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/**
 * Elements that stick out past the viewport's right edge (clipped or scrolled sideways), as
 * `tag.class` descriptions: empty when the layout fits.
 */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of document.querySelectorAll(
      "main h1, main h2, main h3, main p, main a, main button, main input, header a, header button",
    )) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 1 || r.left < -1)) {
        out.push(
          `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 40)}" right=${Math.round(r.right)}`,
        );
      }
    }
    return out;
  });
}

/**
 * Inputs whose placeholder does not fit their box (cut off at the right edge), as
 * `data-test: placeholder` descriptions: empty when every placeholder shows in full.
 */
export async function cutPlaceholders(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d");
    const out = [];
    for (const el of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || el.value) continue;
      const s = getComputedStyle(el);
      ctx.font = s.fontStyle + " " + s.fontWeight + " " + s.fontSize + " " + s.fontFamily;
      const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      const need = ctx.measureText(el.placeholder).width;
      if (need > room + 0.5) out.push((el.dataset.test || el.name || el.id) + ": " + el.placeholder);
    }
    return out;
  })()`) as Promise<string[]>;
}
