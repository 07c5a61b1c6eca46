/**
 * LinkedIn Easy Apply: the job page (/jobs/view/:id) → "Easy Apply" → a dialog of steps (contact
 * info, resume upload and cover letter, one or two steps of screening questions, review) moved
 * through with Next / Review → "Submit application" → "Your application was sent". The submit is
 * an in-page request, so a refusal at that moment shows as a toast (the daily Easy Apply limit) or
 * a jump to a checkpoint (captcha).
 */
import type { Page } from "playwright-core";
import {
  describeOutcome,
  documentStatus,
  open,
  poll,
  refusalOf,
  STEP_TIMEOUT_MS,
  shortError,
  UNCONFIRMED,
  useSession,
} from "./common.js";
import { fillStep } from "./form.js";
import type { ApplyFlow } from "./index.js";
import type { ApplyInput, ApplyOutcome } from "./types.js";

/** More steps than this is a dialog going round in circles. */
const MAX_STEPS = 12;

const APPLIED = /\bApplied\b[^\n]*\bago\b|See application/i;

async function openJob(page: Page, input: ApplyInput): Promise<ApplyOutcome | "open" | "applied"> {
  await useSession(page, input);
  const status = documentStatus(page);
  const opened = await open(page, input.jobUrl);
  if ("kind" in opened) return opened;
  const refusal = await refusalOf(page, status.last() ?? opened.status);
  // A closed job still says "Applied" when it was applied to.
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

async function apply(page: Page, input: ApplyInput): Promise<ApplyOutcome> {
  const state = await openJob(page, input);
  if (state === "applied") return { kind: "already_applied" };
  if (state !== "open") return state;
  const status = documentStatus(page);

  const easyApply = page.getByRole("button", { name: /easy apply/i }).first();
  if ((await easyApply.count()) === 0)
    return {
      kind: "failed",
      error: "no Easy Apply button: this job takes applications on the employer's site",
    };
  await easyApply.click({ timeout: STEP_TIMEOUT_MS });
  const dialog = page.getByRole("dialog").first();
  await dialog.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });

  for (let step = 0; step < MAX_STEPS; step++) {
    const unanswered = await fillStep(dialog, input);
    if (unanswered.length > 0) return { kind: "needs_input", questions: unanswered };

    const submit = dialog.getByRole("button", { name: "Submit application" });
    if (await submit.isVisible()) {
      if (!(await input.beforeSubmit())) return { kind: "held" };
      await submit.click({ timeout: STEP_TIMEOUT_MS });
      return (await afterSubmit(page, status)) ?? UNCONFIRMED;
    }

    const next = dialog.getByRole("button", { name: /^(continue to next step|review your application)$/i });
    const button = (await next.first().isVisible()) ? next.first() : null;
    if (!button)
      return { kind: "failed", error: "the Easy Apply dialog shows neither Next, Review nor Submit" };
    const before = await progress(page);
    await button.click({ timeout: STEP_TIMEOUT_MS });
    const moved = await poll(async () => ((await progress(page)) !== before ? true : null), 3000);
    if (!moved) {
      const errors = await dialog.getByRole("alert").filter({ visible: true }).allInnerTexts();
      const refusal = await refusalOf(page, status.last());
      if (refusal) return refusal;
      return {
        kind: "failed",
        error: `the portal did not accept this step${errors.length ? `: ${errors.join("; ").slice(0, 200)}` : ""}`,
      };
    }
  }
  return { kind: "failed", error: `the Easy Apply dialog did not end after ${MAX_STEPS} steps` };
}

/** The dialog's progress meter (changes with every step). */
async function progress(page: Page): Promise<string> {
  return (
    (await page
      .getByRole("progressbar")
      .first()
      .getAttribute("aria-valuenow")
      .catch(() => null)) ?? ""
  );
}

async function afterSubmit(page: Page, status: { last(): number | null }): Promise<ApplyOutcome | null> {
  return poll(async () => {
    if (!page.url().includes("/jobs/view/")) return refusalOf(page, status.last());
    const sent = page.getByText(/your application was sent/i).first();
    if (await sent.isVisible()) {
      const id = (
        await page
          .locator("[data-application-id]")
          .first()
          .innerText()
          .catch(() => "")
      ).trim();
      return id ? { kind: "submitted", portalApplicationId: id } : { kind: "submitted" };
    }
    const toast = page.locator(".artdeco-toast, [role=alert]").filter({ visible: true });
    if ((await toast.count()) > 0) {
      const text = (await toast.first().innerText()).trim();
      if (/already applied/i.test(text)) return { kind: "already_applied" };
      const refusal = await refusalOf(page, status.last());
      if (refusal) return refusal;
      return { kind: "failed", error: `the portal refused the submission: ${text.slice(0, 160)}` };
    }
    return null;
  });
}

async function checkApplied(page: Page, input: ApplyInput): Promise<boolean> {
  const state = await openJob(page, input);
  if (state === "applied") return true;
  if (state === "open" || state.kind === "closed") return false;
  throw new Error(`LinkedIn did not show the job page: ${describeOutcome(state)}`);
}

export const linkedinFlow: ApplyFlow = {
  apply: (page, input) =>
    apply(page, input).catch((err: unknown) => ({ kind: "failed", error: shortError(err) }) as const),
  checkApplied,
};
