/**
 * What the three portal flows share: the session cookies, navigation that notices a 429, the
 * recognition of the pages a portal answers instead of the apply UI (captcha, sign-in wall,
 * restricted account, rate limit, closed job), and waiting for the outcome of a final click.
 *
 * Nothing here logs, and no outcome `detail` ever carries a cookie or token: details are the
 * portal's own visible wording (a heading), cut short.
 */
import type { Page } from "playwright-core";
import type { Portal } from "../../../../supabase/functions/_shared/contract/enums.ts";
import type { ApplyInput, ApplyOutcome } from "./types.js";

/**
 * The cookie a portal keeps its login in. A bare `session.token` (what Integrations stores for
 * a portal) is that cookie's value.
 */
export const SESSION_COOKIE: Record<Portal, string> = {
  linkedin: "li_at",
  naukri: "nauk_at",
  indeed: "PPID",
};

/** How long one page load or one click's effect may take. */
export const STEP_TIMEOUT_MS = 20_000;

/** Puts the user's portal session into the page's browser context. */
export async function useSession(page: Page, input: ApplyInput): Promise<void> {
  const host = new URL(input.baseUrl).hostname;
  const list = [...(input.session.cookies ?? [])];
  if (input.session.token && !list.some((c) => c.name === SESSION_COOKIE[input.portal]))
    list.push({ name: SESSION_COOKIE[input.portal], value: input.session.token });
  if (list.length === 0) return;
  await page.context().addCookies(
    list.map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.domain ?? host,
      path: c.path ?? "/",
      secure: input.baseUrl.startsWith("https:"),
      httpOnly: true,
      sameSite: "Lax" as const,
    })),
  );
}

/**
 * Follows the status of every document the page's main frame loads, so a 429 (or a 403 captcha
 * page) that arrives as a navigation is seen even when the flow only clicked.
 */
export function documentStatus(page: Page): { last(): number | null } {
  let last: number | null = null;
  page.on("response", (res) => {
    const req = res.request();
    if (
      req.isNavigationRequest() &&
      req.frame() === page.mainFrame() &&
      !(res.status() >= 300 && res.status() < 400)
    )
      last = res.status();
  });
  return { last: () => last };
}

/** Opens a URL; a network failure is an outcome, not a throw. */
export async function open(page: Page, url: string): Promise<{ status: number | null } | ApplyOutcome> {
  try {
    const res = await page.goto(url, { waitUntil: "domcontentloaded", timeout: STEP_TIMEOUT_MS });
    return { status: res?.status() ?? null };
  } catch (err) {
    return { kind: "failed", error: `could not open the job page: ${shortError(err)}` };
  }
}

/** The page's visible text (empty when the page is gone). */
export async function bodyText(page: Page): Promise<string> {
  try {
    return await page.locator("body").innerText({ timeout: 5000 });
  } catch {
    return "";
  }
}

/** The first heading's text, cut short: the `detail` of a blocked outcome. */
async function headline(page: Page, text: string): Promise<string> {
  let h = "";
  try {
    const first = page.locator("h1").first();
    if ((await first.count()) > 0) h = (await first.innerText({ timeout: 2000 })).trim();
  } catch {
    /* no heading */
  }
  const line =
    h ||
    text
      .split("\n")
      .find((l) => l.trim())
      ?.trim() ||
    "";
  return line.replace(/\s+/g, " ").slice(0, 160);
}

const CAPTCHA_URL = /\/checkpoint\/challenge|captcha|\/challenge\b/i;
const CAPTCHA_TEXT =
  /security (check|verification)|verify (that )?you are (a )?human|are you a robot|complete the captcha|additional verification required/i;
const SIGN_IN_URL = /\/authwall|\/uas\/login|\/login\b|\/nlogin\/|\/account\/login|\/signin/i;
const SIGN_IN_TEXT =
  /sign in to (continue|apply|view)|join linkedin or sign in|login to apply|create an account or sign in/i;
const RESTRICTED_TEXT =
  /account (has been |is )?(temporarily )?(restricted|suspended|blocked)|we('ve| have) (temporarily )?restricted your account/i;
const RATE_TEXT =
  /too many requests|reached the (easy apply )?application limit|daily quota of applies|daily limit of appl|try again (later|tomorrow)/i;
const CLOSED_TEXT =
  /no longer accepting applications|this job (has )?expired|job (is )?no longer available|this job is closed/i;

/**
 * The page a portal shows instead of its apply UI, as an outcome; null when the page is none of
 * them. `status` is the last document's HTTP status.
 */
export async function refusalOf(page: Page, status: number | null): Promise<ApplyOutcome | null> {
  const url = page.url();
  const text = await bodyText(page);
  const detail = await headline(page, text);
  if (status === 429 || RATE_TEXT.test(text))
    return { kind: "blocked", reason: "rate_limited", detail: detail || "HTTP 429" };
  if (CAPTCHA_URL.test(new URL(url).pathname) || CAPTCHA_TEXT.test(text))
    return { kind: "blocked", reason: "captcha", detail };
  if (RESTRICTED_TEXT.test(text)) return { kind: "blocked", reason: "restricted", detail };
  if (SIGN_IN_URL.test(new URL(url).pathname) || SIGN_IN_TEXT.test(text))
    return { kind: "blocked", reason: "sign_in", detail: detail || "sign-in required" };
  if (CLOSED_TEXT.test(text)) return { kind: "closed" };
  if (status !== null && status >= 400)
    return { kind: "failed", error: `the portal answered HTTP ${status}: ${detail}` };
  return null;
}

/**
 * Polls `check` until it gives an outcome or `timeoutMs` passes (then null). Polling (rather than
 * racing waitFor calls) keeps every possible ending in one ordered list per flow.
 */
export async function poll<T>(
  check: () => Promise<T | null>,
  timeoutMs = STEP_TIMEOUT_MS,
): Promise<T | null> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await check().catch(() => null);
    if (r !== null) return r;
    if (Date.now() > until) return null;
    await new Promise((res) => setTimeout(res, 150));
  }
}

/** An error's message, one line, cut short (Playwright's carry call logs). */
export function shortError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return (msg.split("\n")[0] ?? "").slice(0, 200);
}

/** The outcome when the flow could not tell what a final click did. */
export const UNCONFIRMED: ApplyOutcome = {
  kind: "failed",
  error: "no confirmation after the submit click: ask checkApplied before trying again",
};

/** An outcome in a few words (error messages of checkApplied). */
export function describeOutcome(o: ApplyOutcome): string {
  if (o.kind === "blocked") return `${o.reason} (${o.detail})`;
  if (o.kind === "failed") return o.error;
  return o.kind;
}
