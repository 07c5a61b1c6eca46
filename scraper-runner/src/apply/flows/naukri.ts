/**
 * Naukri: the job page (/job-listings-<slug>-<id>) → "Apply" → the recruiter chatbot drawer, one
 * question at a time (a text box or option chips; optional ones can be skipped) → "Submit" →
 * "You have successfully applied". Without a session the page offers "Login to apply" instead.
 * Naukri sends the resume on the user's profile: the apply flow uploads no file.
 *
 * The chatbot shows the next question only after the current one is saved, so needs_input lists
 * the first question without an answer (the answers given before it are dropped with the drawer,
 * nothing is sent).
 *
 * A job without recruiter questions applies on the "Apply" click itself, so `beforeSubmit()` (the
 * emergency stop, holds, caps, pacing, and the committed `submitting` attempt) runs right before
 * that click, for every Naukri job; the questionnaire's Submit follows without a second check.
 */
import type { Locator, Page } from "playwright-core";
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
import { type Field, fitAnswer, questionOf } from "./form.js";
import type { ApplyFlow } from "./index.js";
import type { ApplyInput, ApplyOutcome } from "./types.js";

/** More questions than this is a chatbot going round in circles. */
const MAX_QUESTIONS = 40;

async function openJob(page: Page, input: ApplyInput): Promise<ApplyOutcome | "open" | "applied"> {
  await useSession(page, input);
  const status = documentStatus(page);
  const opened = await open(page, input.jobUrl);
  if ("kind" in opened) return opened;
  const refusal = await refusalOf(page, status.last() ?? opened.status);
  if ((!refusal || refusal.kind === "closed") && (await appliedBadge(page).count()) > 0) return "applied";
  return refusal ?? "open";
}

const appliedBadge = (page: Page) =>
  page.locator("#already-applied, .styles_already-applied").filter({ visible: true });

/** The last message the bot wrote. */
async function lastBotMessage(drawer: Locator): Promise<string> {
  const msgs = drawer.locator(".botItem .botMsg");
  const n = await msgs.count();
  return n ? (await msgs.nth(n - 1).innerText()).trim() : "";
}

async function apply(page: Page, input: ApplyInput): Promise<ApplyOutcome> {
  const state = await openJob(page, input);
  if (state === "applied") return { kind: "already_applied" };
  if (state !== "open") return state;
  const status = documentStatus(page);

  const applyButton = page.getByRole("button", { name: "Apply", exact: true });
  if ((await applyButton.count()) === 0)
    return { kind: "failed", error: "no Apply button: this job takes applications on the company's site" };
  // This click may be the one that applies (a job without recruiter questions applies on it), so
  // the stop check and the committed attempt come before it, not before the questionnaire's Submit.
  if (!(await input.beforeSubmit())) return { kind: "held" };
  await applyButton.first().click({ timeout: STEP_TIMEOUT_MS });
  const drawer = page.getByRole("dialog").first();
  // The questionnaire opens, or (a job without one, on the real portal) the click itself applied.
  const opened = await poll(async () =>
    (await drawer.isVisible())
      ? "drawer"
      : (
            await page
              .locator("#apply-status")
              .innerText()
              .catch(() => "")
          ).trim()
        ? "status"
        : null,
  );
  if (opened === "status") return (await afterSubmit(page, status)) ?? UNCONFIRMED;
  if (!opened) return { kind: "failed", error: "Apply opened neither the recruiter questions nor a result" };
  const box = drawer.locator(".chatbot_InputContainer");

  for (let i = 0; i < MAX_QUESTIONS; i++) {
    // Wait for the bot's next turn: a question with its input, or the final Submit.
    const submit = box.getByRole("button", { name: "Submit", exact: true });
    const save = box.getByRole("button", { name: "Save", exact: true });
    const turn = await poll(async () =>
      (await submit.isVisible()) ? "submit" : (await save.isVisible()) ? "save" : null,
    );
    if (!turn) return { kind: "failed", error: "the recruiter questionnaire stopped answering" };

    if (turn === "submit") {
      await submit.click({ timeout: STEP_TIMEOUT_MS });
      return (await afterSubmit(page, status)) ?? UNCONFIRMED;
    }

    const label = (await lastBotMessage(drawer)).replace(/\s*\(optional\)\s*$/i, "");
    const skip = box.getByRole("button", { name: "Skip this question" });
    const choices = box.locator("input[type=radio], input[type=checkbox]");
    const n = await choices.count();
    const options: Field["options"] = [];
    for (let k = 0; k < n; k++) {
      const c = choices.nth(k);
      const id = await c.getAttribute("id");
      const text = id ? await box.locator(`label[for=${JSON.stringify(id)}]`).innerText() : "";
      options.push({ label: text.trim(), value: (await c.getAttribute("value")) ?? text.trim() });
    }
    const control: Field["control"] =
      n === 0 ? "input" : (await choices.first().getAttribute("type")) === "checkbox" ? "checkbox" : "radio";
    const field: Field = {
      name: `naukri:${label
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 80)}`,
      control,
      kind: control === "input" ? "text" : control,
      label,
      required: !(await skip.isVisible()),
      options,
      value: "",
    };
    const q = questionOf(field);
    const answer = await input.answer(q);
    const fitted = answer ? fitAnswer(field, answer.value) : null;
    if (fitted === null) {
      if (q.required) return { kind: "needs_input", questions: [q] };
      await skip.click({ timeout: STEP_TIMEOUT_MS });
    } else {
      if (control === "input") await box.getByRole("textbox").first().fill(fitted);
      else
        for (const want of fitted.split("\n")) {
          const opt = options.find((o) => o.label === want);
          if (opt)
            await choices
              .and(box.locator(`[value=${JSON.stringify(opt.value)}]`))
              .first()
              .check();
        }
      await save.click({ timeout: STEP_TIMEOUT_MS });
    }
    // The bot moves on: its last message is no longer this question.
    const moved = await poll(
      async () => ((await lastBotMessage(drawer)).startsWith(label) ? null : true),
      5000,
    );
    const now = await lastBotMessage(drawer);
    if (!moved || /please answer/i.test(now))
      return {
        kind: "failed",
        error: `the questionnaire did not take the answer to "${label.slice(0, 80)}"`,
      };
  }
  return {
    kind: "failed",
    error: `the recruiter questionnaire did not end after ${MAX_QUESTIONS} questions`,
  };
}

async function afterSubmit(page: Page, status: { last(): number | null }): Promise<ApplyOutcome | null> {
  const note = page.locator("#apply-status");
  return poll(async () => {
    const text = (await note.innerText().catch(() => "")).trim();
    if (!text) return null;
    if (/successfully applied/i.test(text)) {
      const id = await note.getAttribute("data-application-id");
      return id ? { kind: "submitted", portalApplicationId: id } : { kind: "submitted" };
    }
    if (/already applied/i.test(text)) return { kind: "already_applied" };
    const refusal = await refusalOf(page, status.last());
    if (refusal) return refusal;
    return { kind: "failed", error: `Naukri refused the application: ${text.slice(0, 160)}` };
  });
}

async function checkApplied(page: Page, input: ApplyInput): Promise<boolean> {
  const state = await openJob(page, input);
  if (state === "applied") return true;
  if (state === "open" || state.kind === "closed") return false;
  throw new Error(`Naukri did not show the job page: ${describeOutcome(state)}`);
}

export const naukriFlow: ApplyFlow = {
  apply: (page, input) =>
    apply(page, input).catch((err: unknown) => ({ kind: "failed", error: shortError(err) }) as const),
  checkApplied,
};
