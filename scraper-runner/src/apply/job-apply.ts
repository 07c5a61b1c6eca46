/**
 * Queue `job_apply`: one application (`job.apply.requested`), exactly once.
 *
 *   1. claim (`private.claim_job_application`, a row lock and a lease): skip (final, waiting for
 *      approval, or another attempt holds it), held (the emergency stop, an admin pause, a paused
 *      portal), deferred (a cap or pacing: the cron dispatches it again then), prepare, verify, apply;
 *   2. prepare (batch and auto): choose the resume version (ATS) and draft the grounded cover
 *      letter (cover-letter.ts; the user's Gemini key, setting `cover_letters`), record them →
 *      awaiting_approval (review before submit) or queued, in which case go on to 1 once more;
 *   3. verify (found `submitting`: a runner died after recording the attempt): ask the portal
 *      (`checkApplied`) before anything else — applied → submitted, never a second submission;
 *   4. apply: the user's portal session (Integrations, decrypted here, never logged), the exact
 *      resume PDF, the cover letter, answers from what the user gave and the answer bank; the
 *      flow calls `beforeSubmit()` right before the final click, which commits `submitting` (or
 *      holds / defers: the emergency stop reaches every runner at that check) in its own
 *      transaction BEFORE the click;
 *   5. the outcome is recorded in the archiving transaction (`finalize`):
 *      `private.finish_job_application_attempt` — submitted (job.applied), needs_input, blocked
 *      (the portal paused with a notification), closed, failed (retried with back-off).
 */
import type { Browser } from "playwright-core";
import { APPLY_DEFAULTS } from "../../../supabase/functions/_shared/contract/apply.ts";
import type { Portal } from "../../../supabase/functions/_shared/contract/enums.ts";
import { decryptToken, keyringFrom, tokenAad } from "../../../supabase/functions/_shared/contract/mod.ts";
import { type ConsumerDeps, defineConsumer, type Outcome } from "../consumer.js";
import { asService, asUser, type Db } from "../db.js";
import type { Logger } from "../log.js";
import {
  type AnswerBankRow,
  answererFor,
  careerFacts,
  type GivenAnswer,
  type RecordedAnswer,
} from "./answering.js";
import { geminiAnswerLlm } from "./answers.js";
import { draftApplicationLetter, letterInputs, type PreparedLetter } from "./cover-letter.js";
import { launchApplyBrowser, newApplyPage } from "./flows/browser.js";
import { applyBaseUrls, applyFlows, applyJobUrl } from "./flows/index.js";
import type { Answer, ApplyInput, ApplyOutcome, ScreeningQuestion } from "./flows/types.js";
import { chooseDocuments } from "./prepare.js";

/** Queue name. */
export const JOB_APPLY_QUEUE = "job_apply";

/** How long a claim holds an application (one attempt drives a browser for a minute or two). */
const LEASE_S = 600;

/** The runner's view of one claimed application (`private.apply_claim_payload`). */
export interface Claim {
  action: "skip" | "held" | "deferred" | "prepare" | "verify" | "apply";
  reason?: string;
  not_before?: string;
  claimed_until?: string;
  claim_token?: string;
  application?: {
    id: string;
    user_id: string;
    status: string;
    mode: string;
    run_id: string | null;
    portal: Portal;
    attempts: number;
    resume_choice: { resume_id?: string; chosen_by?: string } | null;
    cover_letter_text: string | null;
    answers: GivenAnswer[];
  };
  job?: {
    id: string;
    portal: Portal;
    external_job_id: string;
    job_url: string;
    title: string;
    company: string;
    description: string | null;
    requirements_snippet: string | null;
    skills: string[];
  };
  resume?: {
    version_id: string;
    pdf_status: string;
    pdf_storage_path: string | null;
    resume_name: string;
  } | null;
  applicant?: { full_name: string; email: string };
  answer_bank?: AnswerBankRow | null;
}

type FinishOutcome = ApplyOutcome & {
  answers?: RecordedAnswer[];
  sent_resume_path?: string | null;
  /** failed: the error code (default flow_failed); permanent: no retry (nothing a retry could change). */
  code?: string;
  permanent?: boolean;
};

/** Options tests and the bench may set; production uses the defaults. */
export interface JobApplyOptions {
  /** The browser to use (default: one Chromium launched on first use and kept). */
  browser?: () => Promise<Browser>;
}

let shared: Promise<Browser> | null = null;
function sharedBrowser(): Promise<Browser> {
  if (!shared) {
    shared = launchApplyBrowser().then((b) => {
      b.on("disconnected", () => {
        shared = null;
      });
      return b;
    });
    shared.catch(() => {
      shared = null;
    });
  }
  return shared;
}

async function claim(db: Db, id: string): Promise<Claim> {
  const [row] = await asService(
    db,
    (tx) => tx<{ c: Claim }[]>`
    select private.claim_job_application(${id}::uuid, ${LEASE_S}) as c`,
  );
  return row!.c;
}

/** The user's token for a provider from Integrations (decrypted; never logged), or null. */
async function userToken(
  db: Db,
  keysRaw: string | undefined,
  userId: string,
  provider: Portal | "gemini",
): Promise<string | null> {
  const [row] = await asService(
    db,
    (tx) => tx<{ token_encrypted: string; expires_at: Date | null }[]>`
    select token_encrypted, expires_at
      from private.token_for_service(${userId}::uuid, ${provider}::public.integration_provider)`,
  );
  if (!row || (row.expires_at && row.expires_at.getTime() < Date.now())) return null;
  return await decryptToken(keyringFrom(keysRaw), row.token_encrypted, tokenAad(userId, provider));
}

export function jobApplyConsumer(deps: ConsumerDeps, options: JobApplyOptions = {}) {
  const { config } = deps;
  const browserOf = options.browser ?? sharedBrowser;

  /** Records an outcome now (its own transaction) — for steps that end the attempt before the commit. */
  const finishNow = (db: Db, c: Claim, outcome: FinishOutcome) =>
    asService(
      db,
      (tx) => tx`select private.finish_job_application_attempt(${c.application!.id}::uuid,
      ${c.claim_token!}::uuid, ${tx.json(outcome as never)})`,
    );

  async function prepare(db: Db, c: Claim, log: Logger): Promise<string> {
    const app = c.application!;
    const job = c.job!;
    const { choice, letterFor } = await asUser(db, app.user_id, async (tx) => {
      const choice = await chooseDocuments(tx, job, { resume_id: app.resume_choice?.resume_id ?? null });
      // Batch and auto applications get a drafted letter (a manual one's was reviewed already).
      const [s] = await tx<{ cover_letters: boolean; location: string | null }[]>`
        select coalesce((select cover_letters from public.apply_settings where user_id = (select auth.uid())),
                        ${APPLY_DEFAULTS.cover_letters}) as cover_letters,
               (select location from public.fetched_jobs where id = ${job.id}::uuid) as location`;
      const wanted = choice && !app.cover_letter_text && app.mode !== "manual" && s?.cover_letters;
      return { choice, letterFor: wanted ? { inputs: await letterInputs(tx), location: s.location } : null };
    });
    let letter: PreparedLetter | null = null;
    if (letterFor) {
      const apiKey = await userToken(db, config.tokenEncryptionKeys, app.user_id, "gemini").catch(() => null);
      letter = await draftApplicationLetter(
        letterFor.inputs,
        {
          id: job.id,
          title: job.title,
          company: job.company,
          location: letterFor.location,
          description: job.description,
        },
        { apiKey, baseUrl: config.geminiApiBaseUrl, model: config.geminiModel, timeoutMs: 30_000 },
      );
    }
    const [row] = await asService(
      db,
      (tx) => tx<{ s: string }[]>`
      select private.job_application_prepared(${app.id}::uuid, ${c.claim_token!}::uuid,
        ${choice?.version_id ?? null}::uuid, ${choice ? tx.json(choice as never) : null}::jsonb,
        ${letter?.text ?? null}, ${letter?.source ?? null}, ${letter ? tx.json(letter.grounding as never) : null}::jsonb) as s`,
    );
    log.info("application prepared", {
      application_id: app.id,
      status: row!.s,
      ats_score: choice?.ats_score ?? null,
      cover_letter: letter
        ? letter.source === "generated"
          ? "generated"
          : (letter.grounding.error as { code: string }).code
        : null,
    });
    return row!.s;
  }

  /**
   * Keeps the application's own copy of the PDF it sent (`<user>/applications/<id>.pdf` in the
   * `resumes` bucket): the version's PDF goes when its résumé is deleted, and a re-render replaces
   * it, but the tracker shows exactly what the employer received. Falls back to the version's path
   * (logged) when the upload fails: the submission stands either way.
   */
  async function keepSentCopy(
    app: NonNullable<Claim["application"]>,
    bytes: Uint8Array,
    versionPath: string,
    log: Logger,
  ): Promise<string> {
    const path = `${app.user_id}/applications/${app.id}.pdf`;
    const { error } = await deps.supabase.storage
      .from("resumes")
      .upload(path, bytes, { contentType: "application/pdf", upsert: true });
    if (!error) return path;
    log.warn("could not keep a copy of the PDF that was sent; the version's PDF is referenced", {
      application_id: app.id,
      error: error.message,
    });
    return versionPath;
  }

  /** The flow's input for this claim. */
  async function inputFor(db: Db, c: Claim, answers: RecordedAnswer[], onSubmit: () => Promise<boolean>) {
    const app = c.application!;
    const job = c.job!;
    const token = await userToken(db, config.tokenEncryptionKeys, app.user_id, app.portal);
    if (!token) return { missing: "portal_not_connected" as const };
    const path = c.resume?.pdf_storage_path;
    if (!c.resume || c.resume.pdf_status !== "ready" || !path)
      return { missing: "resume_pdf_missing" as const };
    const { data, error } = await deps.supabase.storage.from("resumes").download(path);
    if (error || !data) return { missing: "resume_pdf_missing" as const };
    const bank = c.answer_bank ?? {};
    // The portal's pages on the configured host (tests and staging point it at a fake).
    const baseUrl = applyBaseUrls(config.portals)[app.portal];
    const career = await asUser(db, app.user_id, careerFacts);
    // Questions the bank does not cover may be answered by Gemini with the user's own key, from
    // the user's sources only (answers.ts keeps an answer only when confident and grounded).
    const geminiKey = await userToken(db, config.tokenEncryptionKeys, app.user_id, "gemini").catch(
      () => null,
    );
    const llm = geminiKey
      ? geminiAnswerLlm({
          apiKey: geminiKey,
          baseUrl: config.geminiApiBaseUrl,
          model: config.geminiModel,
          timeoutMs: 20_000,
        })
      : undefined;
    const answerer = answererFor(app.answers, bank, career, llm);
    const input: ApplyInput = {
      portal: app.portal,
      baseUrl,
      jobUrl: applyJobUrl(app.portal, baseUrl, job.external_job_id, job.job_url),
      externalJobId: job.external_job_id,
      session: { token },
      applicant: {
        fullName: c.applicant!.full_name,
        email: c.applicant!.email,
        phone: typeof bank.phone === "string" ? bank.phone : undefined,
        location: typeof bank.current_location === "string" ? bank.current_location : undefined,
      },
      resumePdf: {
        fileName: `${(c.resume.resume_name || "Resume").replace(/[^A-Za-z0-9 _-]+/g, "").trim() || "Resume"}.pdf`,
        bytes: new Uint8Array(await data.arrayBuffer()),
      },
      coverLetter: app.cover_letter_text ?? undefined,
      async answer(q: ScreeningQuestion): Promise<Answer | null> {
        const a = await answerer(q);
        if (a)
          answers.push({
            question_id: q.id,
            label: q.label,
            value: a.value,
            source: a.source,
            confidence: a.confidence,
          });
        return a
          ? { value: a.value, source: a.source === "user" ? "bank" : a.source, confidence: a.confidence }
          : null;
      },
      beforeSubmit: onSubmit,
    };
    return { input, sentPath: path };
  }

  return defineConsumer({
    queue: JOB_APPLY_QUEUE,
    events: ["job.apply.requested"],

    async handle(d, ctx): Promise<Outcome> {
      const id = d.payload.application_id;
      let c = await claim(ctx.db, id);
      if (c.action === "prepare") {
        const status = await prepare(ctx.db, c, ctx.log);
        if (status !== "queued") return { status: "done", fields: { application_id: id, status } };
        c = await claim(ctx.db, id);
      }
      if (c.action === "skip" && c.reason === "claimed") {
        // Another attempt holds it: look again once its lease is over (it may have died).
        const left = c.claimed_until ? Math.ceil((Date.parse(c.claimed_until) - Date.now()) / 1000) : LEASE_S;
        return { status: "delayed", seconds: Math.max(5, left + 5), reason: "claimed by another attempt" };
      }
      if (c.action === "skip" || c.action === "held" || c.action === "deferred") {
        return {
          status: "skipped",
          reason: `${c.action}${c.reason ? `: ${c.reason}` : ""}`,
          fields: { application_id: id },
        };
      }
      const app = c.application!;
      const flow = applyFlows[app.portal];
      const answers: RecordedAnswer[] = [];
      let submitting = false;
      const beforeSubmit = async () => {
        const [row] = await asService(
          ctx.db,
          (tx) => tx<{ r: { go: boolean; reason?: string } }[]>`
          select private.begin_job_application_submit(${app.id}::uuid, ${c.claim_token!}::uuid) as r`,
        );
        submitting = row!.r.go;
        if (!submitting) ctx.log.info("submit refused", { application_id: app.id, reason: row!.r.reason });
        return submitting;
      };
      const prepared = await inputFor(ctx.db, c, answers, beforeSubmit);
      if ("missing" in prepared) {
        const message =
          prepared.missing === "portal_not_connected"
            ? `Connect ${app.portal} in Integrations (your session) to apply there.`
            : "The resume's PDF is not ready.";
        await finishNow(ctx.db, c, {
          kind: "failed",
          error: message,
          code: prepared.missing,
          permanent: true,
        } as FinishOutcome);
        return { status: "done", fields: { application_id: id, missing: prepared.missing } };
      }

      const browser = await browserOf();
      const page = await newApplyPage(browser);
      let outcome: FinishOutcome;
      try {
        if (c.action === "verify" && (await flow.checkApplied(page, prepared.input))) {
          outcome = { kind: "already_applied" };
        } else {
          outcome = await flow.apply(page, prepared.input);
        }
      } catch (err) {
        outcome = { kind: "failed", error: err instanceof Error ? err.message.slice(0, 300) : String(err) };
      } finally {
        await page
          .context()
          .close()
          .catch(() => {});
      }
      if (outcome.kind === "held" && !submitting) {
        // beforeSubmit said no: the application is already held or deferred (and released).
        return { status: "done", fields: { application_id: id, outcome: "held" } };
      }
      if (outcome.kind === "held") {
        // The flow stopped after the attempt was recorded: unconfirmed, so the retry asks the portal.
        outcome = { kind: "failed", error: "stopped after the submit was recorded" };
      }
      // Naukri applies with the résumé on the user's Naukri profile: nothing of ours was sent there.
      const sentPath =
        (outcome.kind === "submitted" || outcome.kind === "already_applied") && app.portal !== "naukri"
          ? await keepSentCopy(app, prepared.input.resumePdf.bytes, prepared.sentPath, ctx.log)
          : prepared.sentPath;
      outcome = { ...outcome, answers, sent_resume_path: sentPath };
      ctx.log.info("apply attempt", {
        application_id: id,
        portal: app.portal,
        action: c.action,
        outcome: outcome.kind,
      });
      const finished = outcome;
      return {
        status: "done",
        fields: { application_id: id, outcome: outcome.kind },
        finalize: async (tx) => {
          await tx`select private.finish_job_application_attempt(${app.id}::uuid, ${c.claim_token!}::uuid,
            ${tx.json(finished as never)})`;
          if (finished.kind === "blocked" && finished.reason === "sign_in") {
            await tx`select private.mark_token_rejected(${app.user_id}::uuid, ${app.portal}::public.integration_provider)`;
          }
        },
      };
    },
  });
}
