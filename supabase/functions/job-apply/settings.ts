/**
 * How the caller applies: apply settings (threshold, review before submit, caps bounded by the
 * platform's maximum, pacing), the answer bank for screening questions, today's usage against the
 * caps, and whether (and why) applying is paused: the emergency stop, an admin pause, a portal
 * paused after a block (which the user resumes here once fixed).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { requireUser } from "../_shared/auth.ts";
import { PORTAL_LABELS, PORTAL_PAUSE_ADVICE, type PortalPauseReason } from "../_shared/contract/apply.ts";
import { type Portal, PORTALS } from "../_shared/contract/enums.ts";
import { asUser, type Tx } from "../_shared/db.ts";
import { errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import {
  AnswerBank,
  AnswerBankUpdate,
  ApplySettings,
  ApplySettingsUpdate,
  iso,
  num,
  PauseState,
  PortalParam,
  Usage,
} from "./schemas.ts";

export const settingsRoutes = createRouter();

interface SettingsRow {
  auto_apply: boolean | null;
  match_threshold: number;
  review_before_submit: boolean;
  cover_letters: boolean;
  daily_cap_linkedin: number;
  daily_cap_naukri: number;
  daily_cap_indeed: number;
  company_cap: number;
  company_window_days: number;
  pacing_min_seconds: number;
  pacing_max_seconds: number;
  admin_paused: boolean;
  admin_paused_reason: string | null;
  admin_paused_at: Date | null;
  emergency_stop: boolean;
  stop_reason: string | null;
  stop_changed_at: Date | null;
  max_daily_cap_linkedin: number;
  max_daily_cap_naukri: number;
  max_daily_cap_indeed: number;
  portals: {
    portal: Portal;
    paused: boolean;
    reason: PortalPauseReason | null;
    detail: string | null;
    paused_at: string | null;
    next_submit_at: string | null;
  }[];
}

async function loadSettings(tx: Tx): Promise<SettingsRow> {
  const [row] = await tx<SettingsRow[]>`
    select js.auto_apply, s.match_threshold, s.review_before_submit, s.cover_letters, s.daily_cap_linkedin, s.daily_cap_naukri,
           s.daily_cap_indeed, s.company_cap, s.company_window_days, s.pacing_min_seconds, s.pacing_max_seconds,
           s.admin_paused, s.admin_paused_reason, s.admin_paused_at,
           c.emergency_stop, c.stop_reason, c.stop_changed_at,
           c.max_daily_cap_linkedin, c.max_daily_cap_naukri, c.max_daily_cap_indeed,
           coalesce((select jsonb_agg(jsonb_build_object('portal', ps.portal, 'paused', ps.paused, 'reason', ps.pause_reason,
                                                         'detail', ps.pause_detail, 'paused_at', ps.paused_at,
                                                         'next_submit_at', ps.next_submit_at))
                       from public.apply_portal_state ps where ps.user_id = (select auth.uid())), '[]'::jsonb) as portals
      from public.apply_platform_controls c
      join public.apply_settings s on s.user_id = (select auth.uid())
      left join public.job_settings js on js.user_id = (select auth.uid())`;
  return row!;
}

function pauseState(r: SettingsRow): z.infer<typeof PauseState> {
  const portals = PORTALS.map((portal) => {
    const p = r.portals.find((x) => x.portal === portal);
    const reason = p?.paused ? p.reason : null;
    return {
      portal,
      paused: Boolean(p?.paused),
      reason,
      detail: p?.paused ? p.detail : null,
      paused_at: p?.paused ? iso(p.paused_at) : null,
      advice: reason && reason !== "user"
        ? `${PORTAL_LABELS[portal]} ${PORTAL_PAUSE_ADVICE[reason].why}. ${PORTAL_PAUSE_ADVICE[reason].what}`
        : null,
    };
  });
  const message = r.emergency_stop
    ? `Applying is paused for everyone by the CareerPilot team${
      r.stop_reason ? `: ${r.stop_reason}` : ""
    }. ` +
      "Your queued applications are kept and continue when it is lifted."
    : r.admin_paused
    ? `Applying is paused for your account by the CareerPilot team${
      r.admin_paused_reason ? `: ${r.admin_paused_reason}` : ""
    }. ` +
      "Your queued applications are kept."
    : portals.some((p) => p.paused)
    ? `Applying is paused on ${
      portals.filter((p) => p.paused).map((p) => PORTAL_LABELS[p.portal]).join(", ")
    }.`
    : null;
  return {
    applying_paused: r.emergency_stop || r.admin_paused,
    emergency_stop: {
      active: r.emergency_stop,
      reason: r.emergency_stop ? r.stop_reason : null,
      since: r.emergency_stop ? iso(r.stop_changed_at) : null,
    },
    admin_pause: {
      active: r.admin_paused,
      reason: r.admin_paused ? r.admin_paused_reason : null,
      since: r.admin_paused ? iso(r.admin_paused_at) : null,
    },
    portals,
    message,
  };
}

function toSettings(r: SettingsRow): z.infer<typeof ApplySettings> {
  return {
    auto_apply: Boolean(r.auto_apply),
    match_threshold: r.match_threshold,
    review_before_submit: r.review_before_submit,
    cover_letters: r.cover_letters,
    daily_caps: { linkedin: r.daily_cap_linkedin, naukri: r.daily_cap_naukri, indeed: r.daily_cap_indeed },
    platform_max_caps: {
      linkedin: r.max_daily_cap_linkedin,
      naukri: r.max_daily_cap_naukri,
      indeed: r.max_daily_cap_indeed,
    },
    company_cap: r.company_cap,
    company_window_days: r.company_window_days,
    pacing_min_seconds: r.pacing_min_seconds,
    pacing_max_seconds: r.pacing_max_seconds,
    pause: pauseState(r),
  };
}

settingsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/job-apply/settings",
    tags: ["job-apply"],
    summary:
      "How you apply: auto-apply, threshold, review before submit, caps, pacing, and what pauses applying",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    responses: {
      200: { description: "Settings", content: { "application/json": { schema: ApplySettings } } },
      ...errorResponses(401),
    },
  }),
  async (c) => c.json(toSettings(await asUser(c, loadSettings)), 200),
);

settingsRoutes.openapi(
  createRoute({
    method: "put",
    path: "/v1/job-apply/settings",
    tags: ["job-apply"],
    summary: "Change apply settings (only the keys given)",
    description:
      "Daily caps above the platform maximum, or pacing min above max: 422. Auto-apply itself is " +
      "POST /v1/job-apply/activate.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { body: { required: true, content: { "application/json": { schema: ApplySettingsUpdate } } } },
    responses: {
      200: { description: "Saved", content: { "application/json": { schema: ApplySettings } } },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const patch = c.req.valid("json");
    const row = await asUser(c, async (tx) => {
      await tx`select private.save_apply_settings(${tx.json(patch as never)})`;
      return await loadSettings(tx);
    });
    return c.json(toSettings(row), 200);
  },
);

settingsRoutes.openapi(
  createRoute({
    method: "post",
    path: "/v1/job-apply/portals/{portal}/resume",
    tags: ["job-apply"],
    summary: "Resume applying on a portal that was paused after a block (once you fixed the cause)",
    description: "Its held applications continue.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: PortalParam },
    responses: {
      200: {
        description: "Resumed",
        content: {
          "application/json": {
            schema: z.object({ portal: z.enum(PORTALS), released: z.number().int() }).openapi(
              "JobApplyPortalResumed",
            ),
          },
        },
      },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const { portal } = c.req.valid("param");
    const [row] = await asUser(
      c,
      (tx) => tx<{ n: number }[]>`select private.resume_apply_portal(${portal}) as n`,
    );
    return c.json({ portal, released: row!.n }, 200);
  },
);

// ---------------------------------------------------------------------------------------- usage

settingsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/job-apply/usage",
    tags: ["job-apply"],
    summary: "Today's usage against your caps (the IST day), waiting work and pauses",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    responses: {
      200: { description: "Usage", content: { "application/json": { schema: Usage } } },
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const { settings, rows, counts, day } = await asUser(c, async (tx) => {
      const settings = await loadSettings(tx);
      const rows = await tx<{ portal: Portal; used: number; cap: number; queued: number }[]>`
        select p.portal, private.apply_used_today((select auth.uid()), p.portal) as used,
               private.apply_daily_cap((select auth.uid()), p.portal) as cap,
               (select count(*)::int from public.job_applications a
                 where a.user_id = (select auth.uid()) and a.portal = p.portal and a.status = 'queued') as queued
          from unnest(${PORTALS as unknown as string[]}::text[]) as p(portal)`;
      const [counts] = await tx<{ awaiting: number; needs_input: number; held: number }[]>`
        select count(*) filter (where status = 'awaiting_approval')::int as awaiting,
               count(*) filter (where status = 'needs_input')::int as needs_input,
               count(*) filter (where status = 'held')::int as held
          from public.job_applications where user_id = (select auth.uid())`;
      const [day] = await tx<{ day: string; resets_at: Date }[]>`
        select to_char(now() at time zone 'Asia/Kolkata', 'YYYY-MM-DD') as day, private.apply_next_day_start() as resets_at`;
      return { settings, rows, counts: counts!, day: day! };
    });
    const pause = pauseState(settings);
    return c.json({
      day: day.day,
      resets_at: iso(day.resets_at)!,
      portals: rows.map((r) => {
        const state = settings.portals.find((p) => p.portal === r.portal);
        const next = state?.next_submit_at ? new Date(state.next_submit_at) : null;
        return {
          portal: r.portal,
          used: r.used,
          cap: r.cap,
          remaining: Math.max(0, r.cap - r.used),
          queued: r.queued,
          next_submit_at: next && next.getTime() > Date.now() ? next.toISOString() : null,
          paused: Boolean(state?.paused),
        };
      }),
      awaiting_approval: counts.awaiting,
      needs_input: counts.needs_input,
      held: counts.held,
      pause,
    }, 200);
  },
);

// ---------------------------------------------------------------------------------------- answer bank

interface BankRow {
  phone: string | null;
  current_location: string | null;
  notice_period_days: number | null;
  serving_notice: boolean | null;
  last_working_day: string | null;
  current_ctc_lpa: string | null;
  expected_ctc_lpa: string | null;
  total_experience_years: string | null;
  skill_years: Record<string, number>;
  willing_to_relocate: boolean | null;
  work_authorisation: string | null;
  requires_sponsorship: boolean | null;
  custom_answers: { question: string; answer: string }[];
  updated_at: Date | null;
}

function toBank(b: BankRow | undefined): z.infer<typeof AnswerBank> {
  return {
    phone: b?.phone ?? null,
    current_location: b?.current_location ?? null,
    notice_period_days: b?.notice_period_days ?? null,
    serving_notice: b?.serving_notice ?? null,
    last_working_day: b?.last_working_day ?? null,
    current_ctc_lpa: num(b?.current_ctc_lpa),
    expected_ctc_lpa: num(b?.expected_ctc_lpa),
    total_experience_years: num(b?.total_experience_years),
    skill_years: b?.skill_years ?? {},
    willing_to_relocate: b?.willing_to_relocate ?? null,
    work_authorisation: b?.work_authorisation ?? null,
    requires_sponsorship: b?.requires_sponsorship ?? null,
    custom_answers: b?.custom_answers ?? [],
    updated_at: iso(b?.updated_at),
  };
}

const selectBank = (tx: Tx) =>
  tx<BankRow[]>`
    select phone, current_location, notice_period_days, serving_notice, last_working_day::text, current_ctc_lpa::text, expected_ctc_lpa::text,
           total_experience_years::text, skill_years, willing_to_relocate, work_authorisation, requires_sponsorship,
           custom_answers, updated_at
      from public.apply_answer_banks where user_id = (select auth.uid())`;

settingsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/job-apply/answer-bank",
    tags: ["job-apply"],
    summary:
      "Your answers to screening questions (notice period, CTC in LPA, experience, relocation, authorisation, Q&A)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    responses: {
      200: { description: "The answer bank", content: { "application/json": { schema: AnswerBank } } },
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const [row] = await asUser(c, selectBank);
    return c.json(toBank(row), 200);
  },
);

settingsRoutes.openapi(
  createRoute({
    method: "put",
    path: "/v1/job-apply/answer-bank",
    tags: ["job-apply"],
    summary: "Change answers (only the keys given; null clears one)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { body: { required: true, content: { "application/json": { schema: AnswerBankUpdate } } } },
    responses: {
      200: { description: "Saved", content: { "application/json": { schema: AnswerBank } } },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const patch = c.req.valid("json");
    const [row] = await asUser(c, async (tx) => {
      await tx`select private.save_answer_bank(${tx.json(patch as never)})`;
      return await selectBank(tx);
    });
    return c.json(toBank(row), 200);
  },
);
