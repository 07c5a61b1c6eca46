/**
 * Accessibility checks for every page the end-to-end suites open, with axe-core (Deque's engine,
 * the one behind Lighthouse's accessibility audit) injected into the page under test.
 *
 * - {@link expectAccessible}: runs axe on the page as it is now and throws on any serious or
 *   critical violation, naming the rule, the elements and how to fix them. Call it for states a
 *   navigation does not reach (an open dialog, a form showing its errors).
 * - {@link checkEveryNavigation}: `launchBrowser` (browser.ts) installs it on every context, so
 *   each `page.goto` in any suite (page objects included) checks the page it lands on, once per
 *   path, viewport and colour scheme per test process. A page another suite adds is covered by
 *   opening it with `page.goto`; nothing to register. `goto` and `reload` also wait for streamed
 *   content (pages with a loading.tsx) to be revealed.
 */
import { createRequire } from "node:module";
import type { AxeResults, Result } from "axe-core";
import type { BrowserContext, Page } from "playwright-core";

const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Impacts that fail a test; moderate and minor ones are left to review. */
const FAILING = new Set(["serious", "critical"]);

/** What one violation says, on one line per element. */
function describe(v: Result): string {
  const targets = v.nodes
    .slice(0, 5)
    .map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`)
    .join("\n");
  return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${targets}`;
}

/**
 * Runs axe on `page` and fails on serious or critical violations (WCAG 2.x A/AA and best
 * practices). `label` names the state in the message (defaults to the page's path).
 */
export async function expectAccessible(page: Page, label?: string): Promise<void> {
  await page.waitForLoadState("domcontentloaded");
  // Fonts change text metrics and so contrast sampling; let them settle.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Sample the final state: a dialog's fade-in or a button's opacity transition blends colours
  // until it ends, so transitions and animations are switched off while axe runs.
  await page.evaluate(() => {
    const style = document.createElement("style");
    style.id = "axe-no-motion";
    style.textContent = "*,*::before,*::after{transition:none!important;animation:none!important}";
    document.head.append(style);
  });
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.addScriptTag({ path: AXE_SOURCE });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResults> } }).axe.run(
      document,
      { resultTypes: ["violations"] },
    ),
  );
  await page.evaluate(() => document.getElementById("axe-no-motion")?.remove()).catch(() => {});
  const failing = results.violations.filter((v) => FAILING.has(v.impact ?? ""));
  if (failing.length > 0) {
    const where = label ?? new URL(page.url()).pathname;
    throw new Error(
      `axe: ${failing.length} serious/critical accessibility violation(s) on ${where}:\n${failing.map(describe).join("\n")}`,
    );
  }
}

/** Paths (with viewport width and colour scheme) already checked in this test process. */
const checked = new Set<string>();

/**
 * Waits until React has revealed every streamed Suspense boundary of a full page load. Pages with a
 * `loading.tsx` stream: the HTML first carries the skeleton, then the page inside a hidden
 * `<div id="S:…">` that React swaps in (React 19 batches these reveals for a moment). Until then
 * each element of the page exists twice, which trips strict locators.
 */
export async function waitForStreamedContent(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('div[hidden][id^="S:"]'));
}

/**
 * Next streams a dynamic page's metadata after its body, so `<title>` can arrive a moment after
 * `load` (seen after an OAuth redirect chain). Waits for it, for 5 s at most: a page that really has
 * none is then reported by axe's document-title rule.
 */
async function waitForTitle(page: Page): Promise<void> {
  await page
    .waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 5000 })
    .catch(() => {});
}

/**
 * Wraps `page.goto`, `page.reload` and `page.waitForURL` of every page in `context`: each waits for the streamed
 * content ({@link waitForStreamedContent}), and each landing page is checked by axe once.
 */
export function checkEveryNavigation(context: BrowserContext): void {
  const wrap = (page: Page) => {
    const goto = page.goto.bind(page);
    const reload = page.reload.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      if ((options?.waitUntil ?? "load") !== "commit") {
        await waitForStreamedContent(page).catch(() => {});
        await checkOnce(page);
      }
      return response;
    };
    page.reload = async (options) => {
      const response = await reload(options);
      await waitForStreamedContent(page).catch(() => {});
      return response;
    };
    // A navigation the page starts itself (a redirect back from OAuth, a form's router.push) streams
    // the same way: a test that waits for its URL also waits for the streamed content.
    const waitForURL = page.waitForURL.bind(page);
    page.waitForURL = async (url, options) => {
      await waitForURL(url, options);
      if ((options?.waitUntil ?? "load") !== "commit") await waitForStreamedContent(page).catch(() => {});
    };
  };
  for (const page of context.pages()) wrap(page);
  context.on("page", wrap);
}

/** Runs axe on the page unless this path, width and colour scheme were checked already. */
async function checkOnce(page: Page): Promise<void> {
  const path = new URL(page.url()).pathname;
  const scheme = await page.evaluate(() =>
    window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light",
  );
  const key = `${path} @${page.viewportSize()?.width ?? 0} ${scheme}`;
  if (checked.has(key)) return;
  checked.add(key);
  await waitForTitle(page);
  await expectAccessible(page, key);
}

/**
 * Run in the page (a string, so the test runner's transpiler adds no helpers to it): how the
 * focused element and its parent look focused and blurred; focus is put back afterwards.
 */
const FOCUS_PROBE = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const look = () => [el, el.parentElement].map((node) => {
    if (!node) return "";
    const s = getComputedStyle(node);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor].join("|");
  }).join("/");
  const focused = look();
  el.blur();
  const blurred = look();
  el.focus();
  const label = (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 30);
  const name = el.tagName.toLowerCase() + (el.dataset.test ? "[data-test=" + el.dataset.test + "]" : "") +
    (el.getAttribute("role") ? "[role=" + el.getAttribute("role") + "]" : "") + ' "' + label + '"';
  return { name, key: String([...document.querySelectorAll("*")].indexOf(el)), visible: focused !== blurred };
})()`;

/**
 * Tabs through the page (up to `maxStops` stops) and returns the elements whose focus is not
 * visible: nothing about them or their parent (outline, box-shadow ring, border or background)
 * differs between focused and not focused. Empty when every stop shows focus.
 */
export async function focusStopsWithoutIndicator(page: Page, maxStops = 40): Promise<string[]> {
  // Rings fade in (transition-*): compare end states, not the first frame of a transition.
  await page.addStyleTag({ content: "*, *::before, *::after { transition: none !important; }" });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const missing: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press("Tab");
    const result = (await page.evaluate(FOCUS_PROBE)) as {
      name: string;
      key: string;
      visible: boolean;
    } | null;
    if (!result) break;
    if (seen.has(result.key)) break; // wrapped around
    seen.add(result.key);
    if (!result.visible) missing.push(result.name);
  }
  return missing;
}
