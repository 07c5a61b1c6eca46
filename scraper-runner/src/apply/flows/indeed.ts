/**
 * Indeed: the job page (/viewjob?jk=…) → "Apply now" → Indeed Apply's pages, each a form the
 * server keeps as a draft: contact information, resume (file upload, optional cover letter), one
 * or more pages of the employer's questions, review → "Submit your application" → "Your
 * application has been submitted!". Without a session Indeed Apply sends to its sign-in page.
 */
import type { Locator, Page } from "playwright-core";
import {
  describeOutcome,
  documentStatus,
  open,
  refusalOf,
  STEP_TIMEOUT_MS,
  shortError,
  UNCONFIRMED,
  useSession,
} from "./common.js";
import { fillStep } from "./form.js";
import type { ApplyFlow } from "./index.js";
import type { ApplyInput, ApplyOutcome } from "./types.js";

/** More pages than this is an apply going round in circles. */
const MAX_PAGES = 15;

const APPLIED = /you applied to this job|you've applied to this job/i;

async function openJob(page: Page, input: ApplyInput): Promise<ApplyOutcome | "open" | "applied"> {
  await useSession(page, input);
  const status = documentStatus(page);
  const opened = await open(page, input.jobUrl);
  if ("kind" in opened) return opened;
  const refusal = await refusalOf(page, status.last() ?? opened.status);
  // Signed out, Indeed still shows the job (with "Sign in" in its header) but not whether it was applied to.
  if (
    !refusal &&
    (await page.getByRole("banner").getByRole("link", { name: "Sign in", exact: true }).count()) > 0
  )
    return { kind: "blocked", reason: "sign_in", detail: "Indeed shows the job signed out" };
  if (
    (!refusal || refusal.kind === "closed") &&
    APPLIED.test(
      await page
        .locator("main")
        .innerText()
        .catch(() => ""),
    )
  )
    return "applied";
  return refusal ?? "open";
}

/** Clicks something that loads a new document and waits for it. */
async function clickAndLoad(page: Page, target: Locator): Promise<void> {
  const navigated = page.waitForEvent("framenavigated", {
    predicate: (f) => f === page.mainFrame(),
    timeout: STEP_TIMEOUT_MS,
  });
  await target.click({ timeout: STEP_TIMEOUT_MS });
  await navigated;
  await page.waitForLoadState("domcontentloaded", { timeout: STEP_TIMEOUT_MS });
}

async function apply(page: Page, input: ApplyInput): Promise<ApplyOutcome> {
  const state = await openJob(page, input);
  if (state === "applied") return { kind: "already_applied" };
  if (state !== "open") return state;
  const status = documentStatus(page);

  const applyNow = page
    .getByRole("link", { name: /apply now/i })
    .or(page.getByRole("button", { name: /apply now/i }));
  if ((await applyNow.count()) === 0)
    return {
      kind: "failed",
      error: "no Apply now button: this job takes applications on the company's site",
    };
  await clickAndLoad(page, applyNow.first());

  let submitted = false;
  for (let n = 0; n < MAX_PAGES; n++) {
    const heading = (
      await page
        .locator("h1")
        .first()
        .innerText()
        .catch(() => "")
    ).trim();
    if (/application has been submitted/i.test(heading)) {
      const id = await page
        .locator("[data-application-id]")
        .first()
        .getAttribute("data-application-id")
        .catch(() => null);
      return id ? { kind: "submitted", portalApplicationId: id } : { kind: "submitted" };
    }
    if (APPLIED.test(heading)) return { kind: "already_applied" };
    const refusal = await refusalOf(page, status.last());
    if (refusal) return refusal;
    if (submitted) return UNCONFIRMED;

    const form = page.locator("main form").first();
    const submit = page.getByRole("button", { name: /submit your application/i });
    if (await submit.isVisible()) {
      if (!(await input.beforeSubmit())) return { kind: "held" };
      submitted = true;
      await clickAndLoad(page, submit);
      continue;
    }
    if ((await form.count()) === 0)
      return { kind: "failed", error: `unexpected Indeed Apply page: ${heading.slice(0, 80)}` };
    const unanswered = await fillStep(form, input);
    if (unanswered.length > 0) return { kind: "needs_input", questions: unanswered };
    const url = page.url();
    await clickAndLoad(page, form.getByRole("button", { name: /^continue$/i }));
    const errors = await page.getByRole("alert").filter({ visible: true }).allInnerTexts();
    if (page.url() === url && errors.length > 0) {
      const refused = await refusalOf(page, status.last());
      return (
        refused ?? {
          kind: "failed",
          error: `Indeed did not accept this page: ${errors.join("; ").slice(0, 200)}`,
        }
      );
    }
  }
  return submitted
    ? UNCONFIRMED
    : { kind: "failed", error: `Indeed Apply did not end after ${MAX_PAGES} pages` };
}

async function checkApplied(page: Page, input: ApplyInput): Promise<boolean> {
  const state = await openJob(page, input);
  if (state === "applied") return true;
  if (state === "open" || state.kind === "closed") return false;
  throw new Error(`Indeed did not show the job page: ${describeOutcome(state)}`);
}

export const indeedFlow: ApplyFlow = {
  apply: (page, input) =>
    apply(page, input).catch((err: unknown) => ({ kind: "failed", error: shortError(err) }) as const),
  checkApplied,
};
