-- =============================================================================================
-- Job Application stack, schema: applications to fetched jobs (public.job_applications) with
-- their timeline (public.job_application_events), apply runs (public.job_apply_runs), the user's
-- apply settings (public.apply_settings), per-portal state (public.apply_portal_state: auto-pause
-- after a block, pacing clock), the answer bank for screening questions (public.apply_answer_banks)
-- and the platform's apply controls (public.apply_platform_controls: emergency stop, maximum caps).
--
-- Exactly once: one application per (user, duplicate group) — the group is the canonical fetched
-- job (coalesce(fetched_jobs.duplicate_of, fetched_jobs.id)), so one job listed on LinkedIn and on
-- Naukri is applied to once — is the unique constraint job_applications_one_per_group, not a
-- check in code. A retry revives the same row; it never inserts a second one.
--
-- auto_apply has ONE home: public.job_settings.auto_apply (Onboarding Profile stack, read by the
-- job-control page). This file keeps everything else about applying in apply_settings.
--
-- Users read their own rows (admins read all); nobody writes these tables directly: the SQL
-- functions of 20261130004100_job_apply_functions.sql are the only writers (the job-apply
-- function calls them in the user's transaction, the runner as service_role).
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.job_apply_runs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  mode text not null check (mode in ('auto', 'manual', 'batch')),
  status text not null default 'running' check (status in ('running', 'completed', 'failed')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  total_queued integer not null default 0 check (total_queued >= 0),
  total_applied integer not null default 0 check (total_applied >= 0),
  total_failed integer not null default 0 check (total_failed >= 0),
  errors_json jsonb not null default '[]'::jsonb check (jsonb_typeof(errors_json) = 'array'),
  fetch_run_id uuid references public.job_fetch_runs (id) on delete set null,
  constraint job_apply_runs_finished_has_time check (status = 'running' or finished_at is not null)
);
comment on table public.job_apply_runs is
  'One apply run: a manual single application, a batch the user chose, or the auto-apply pass after a fetch. It finishes (completed, or failed when nothing was applied and something failed) when every application of it reached a final state, emitting job.apply.summary. Owner and admins read; written by the private.* apply functions.';
comment on column public.job_apply_runs.total_queued is 'Applications the run created (or revived).';
comment on column public.job_apply_runs.total_applied is 'Applications of the run that were submitted (or found already applied on the portal).';
comment on column public.job_apply_runs.total_failed is 'Applications of the run that failed, need input, or were rejected in review.';
comment on column public.job_apply_runs.errors_json is '[{application_id, code, message, at}] for the summary.';
comment on column public.job_apply_runs.fetch_run_id is 'auto: the fetch run whose jobs.fetched event queued this run.';

create index job_apply_runs_user_started_idx on public.job_apply_runs (user_id, started_at desc);
comment on index public.job_apply_runs_user_started_idx is 'Run history, newest first.';
create index job_apply_runs_started_idx on public.job_apply_runs (started_at desc);
comment on index public.job_apply_runs_started_idx is 'Admin run list across users.';

create table public.job_applications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  fetched_job_id uuid not null references public.fetched_jobs (id) on delete cascade,
  duplicate_group_id uuid not null references public.fetched_jobs (id) on delete cascade,
  portal text not null check (portal in ('linkedin', 'naukri', 'indeed')),
  run_id uuid references public.job_apply_runs (id) on delete set null,
  mode text not null check (mode in ('auto', 'manual', 'batch')),
  resume_version_id uuid references public.resume_versions (id) on delete set null,
  resume_choice jsonb check (resume_choice is null or jsonb_typeof(resume_choice) = 'object'),
  cover_letter_text text check (char_length(cover_letter_text) <= 10000),
  cover_letter_source text check (cover_letter_source in ('user', 'generated', 'none')),
  cover_letter_grounding jsonb check (cover_letter_grounding is null or jsonb_typeof(cover_letter_grounding) = 'object'),
  status text not null default 'pending' check (status in (
    'pending', 'queued', 'awaiting_approval', 'submitting', 'submitted', 'needs_input', 'held', 'failed', 'cancelled')),
  approval text not null default 'not_required' check (approval in ('not_required', 'pending', 'approved', 'rejected')),
  response_status text not null default 'pending' check (response_status in (
    'pending', 'viewed', 'shortlisted', 'rejected', 'interview', 'offer')),
  held_reason text check (held_reason in ('emergency_stop', 'admin_pause', 'portal_paused')),
  not_before timestamptz,
  defer_reason text check (defer_reason in ('daily_cap', 'company_cap', 'pacing')),
  dispatched_at timestamptz,
  claim_token uuid,
  claimed_until timestamptz,
  attempts integer not null default 0 check (attempts >= 0),
  attempt_started_at timestamptz,
  portal_application_id text check (char_length(portal_application_id) <= 200),
  needs_input_json jsonb check (needs_input_json is null or jsonb_typeof(needs_input_json) = 'array'),
  answers_json jsonb not null default '[]'::jsonb check (jsonb_typeof(answers_json) = 'array'),
  sent_resume_path text check (char_length(sent_resume_path) <= 300),
  applied_at timestamptz,
  error_json jsonb check (error_json is null or jsonb_typeof(error_json) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint job_applications_one_per_group unique (user_id, duplicate_group_id),
  constraint job_applications_submitted_has_time check (status <> 'submitted' or applied_at is not null),
  constraint job_applications_awaiting_means_pending_approval check ((status = 'awaiting_approval') = (approval = 'pending')),
  constraint job_applications_held_has_reason check ((status = 'held') = (held_reason is not null)),
  constraint job_applications_submitting_has_attempt check (status <> 'submitting' or attempt_started_at is not null)
);
comment on table public.job_applications is
  'One application per (user, duplicate group): the job (fetched_job_id, the portal''s copy applied through), the resume version and cover letter sent, its state through the runner, the employer''s response. Exactly once is the unique constraint job_applications_one_per_group; a retry or re-apply updates this row. Owner and admins read; written only by the private.* apply functions; every status, approval and response change lands in public.job_application_events (trigger).';
comment on column public.job_applications.fetched_job_id is 'The fetched job (portal copy) applied through.';
comment on column public.job_applications.duplicate_group_id is
  'The canonical fetched job of the job''s cross-portal duplicate group: coalesce(fetched_jobs.duplicate_of, fetched_jobs.id). Unique per user: the exactly-once constraint.';
comment on column public.job_applications.mode is 'How it was started: manual (single), batch, auto (after a fetch).';
comment on column public.job_applications.resume_choice is
  'Why this resume version: {resume_id, version_id, ats_score, chosen_by: "user"|"ats", candidates: [{version_id, resume_name, ats_score}]}.';
comment on column public.job_applications.cover_letter_source is 'user: written or edited by the user; generated: Gemini, grounded; none: no cover letter.';
comment on column public.job_applications.cover_letter_grounding is
  'For a generated letter: {claims: [{text, sources[]}], rejected: [{text, reason}]}: every sentence kept cites a source; rejected ones were dropped.';
comment on column public.job_applications.status is
  'pending: accepted, documents being prepared; queued: ready, waiting for the runner (caps, pacing: see not_before); awaiting_approval: waiting for the user''s review; submitting: the runner recorded an attempt and is about to click submit (after a crash it asks the portal before retrying); submitted: the portal has it (applied_at); needs_input: a screening question the answer bank cannot answer (needs_input_json); held: stopped by the emergency stop, an admin pause or a paused portal (held_reason), resumes when lifted; failed: the portal refused or the job is closed (error_json); cancelled: the user rejected it in review or withdrew it before submission.';
comment on column public.job_applications.approval is 'Review before submit: not_required, pending (status awaiting_approval), approved, rejected.';
comment on column public.job_applications.response_status is 'The employer''s response, set by the user: pending, viewed, shortlisted, rejected, interview, offer.';
comment on column public.job_applications.held_reason is 'Why a held application waits: emergency_stop, admin_pause, portal_paused.';
comment on column public.job_applications.not_before is 'A queued application is not attempted before this time (a cap or pacing deferred it; defer_reason says which).';
comment on column public.job_applications.dispatched_at is 'When job.apply.requested was last emitted for it (null: due for dispatch once not_before has passed).';
comment on column public.job_applications.claim_token is 'The runner attempt holding the application (a lease until claimed_until): a redelivered message does not start a second attempt meanwhile.';
comment on column public.job_applications.attempts is 'Attempts the runner started.';
comment on column public.job_applications.attempt_started_at is 'When the current/last attempt recorded "submitting" (before the final submit click).';
comment on column public.job_applications.portal_application_id is 'The portal''s id of the submitted application, when it shows one.';
comment on column public.job_applications.needs_input_json is 'needs_input: the screening questions the answer bank could not answer ([ScreeningQuestion]).';
comment on column public.job_applications.answers_json is 'The screening answers given: [{question_id, label, value, source: bank|sources, confidence}].';
comment on column public.job_applications.sent_resume_path is 'Storage path (bucket resumes) of the exact PDF that was sent.';
comment on column public.job_applications.error_json is 'Why it failed or was blocked: {code, message, detail?, at}.';

create index job_applications_user_created_idx on public.job_applications (user_id, created_at desc, id);
comment on index public.job_applications_user_created_idx is 'The tracker, newest first.';
create index job_applications_created_idx on public.job_applications (created_at desc, id);
comment on index public.job_applications_created_idx is 'Admin application list across users.';
create index job_applications_run_idx on public.job_applications (run_id) where run_id is not null;
comment on index public.job_applications_run_idx is 'Applications of a run (summary).';
create index job_applications_fetched_job_idx on public.job_applications (fetched_job_id);
comment on index public.job_applications_fetched_job_idx is 'The job''s application (jobs list), cascades.';
create index job_applications_usage_idx on public.job_applications (user_id, portal, applied_at) where status in ('submitting', 'submitted');
comment on index public.job_applications_usage_idx is 'Today''s usage against the per-portal daily caps.';
create index job_applications_due_idx on public.job_applications (not_before) where status = 'queued' and dispatched_at is null;
comment on index public.job_applications_due_idx is 'The dispatcher: queued applications waiting for their time.';
create index job_applications_held_idx on public.job_applications (held_reason) where status = 'held';
comment on index public.job_applications_held_idx is 'Lifting a stop or pause releases held applications.';
create index job_applications_resume_version_idx on public.job_applications (resume_version_id) where resume_version_id is not null;
comment on index public.job_applications_resume_version_idx is 'on delete set null of resume versions.';

create table public.job_application_events (
  id bigint generated always as identity primary key,
  application_id uuid not null references public.job_applications (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  at timestamptz not null default now(),
  kind text not null check (kind in ('created', 'status', 'approval', 'response', 'attempt', 'note')),
  from_status text,
  to_status text,
  detail jsonb not null default '{}'::jsonb check (jsonb_typeof(detail) = 'object')
);
comment on table public.job_application_events is
  'An application''s timeline: created, every status / approval / response change (from → to), attempts, notes. Written by trigger and by the apply functions; append-only; owner and admins read.';
comment on column public.job_application_events.kind is
  'created; status (from_status/to_status are application statuses); approval (approval states); response (response statuses); attempt (the runner started/verified an attempt); note.';
comment on column public.job_application_events.detail is 'Context: {reason, code, message, by: "user"|"runner"|"admin"|"system", …}.';

create index job_application_events_application_idx on public.job_application_events (application_id, at, id);
comment on index public.job_application_events_application_idx is 'The timeline of one application, in order.';
create index job_application_events_user_idx on public.job_application_events (user_id);
comment on index public.job_application_events_user_idx is 'Per-user cascades.';

create table public.apply_settings (
  user_id uuid primary key references auth.users (id) on delete cascade,
  match_threshold smallint not null default 70 check (match_threshold between 0 and 100),
  review_before_submit boolean not null default true,
  daily_cap_linkedin smallint not null default 25 check (daily_cap_linkedin between 0 and 1000),
  daily_cap_naukri smallint not null default 50 check (daily_cap_naukri between 0 and 1000),
  daily_cap_indeed smallint not null default 30 check (daily_cap_indeed between 0 and 1000),
  company_cap smallint not null default 2 check (company_cap between 1 and 100),
  company_window_days smallint not null default 30 check (company_window_days between 1 and 365),
  pacing_min_seconds integer not null default 45 check (pacing_min_seconds between 0 and 3600),
  pacing_max_seconds integer not null default 120 check (pacing_max_seconds between 0 and 3600),
  admin_paused boolean not null default false,
  admin_paused_reason text check (char_length(admin_paused_reason) <= 500),
  admin_paused_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint apply_settings_pacing_order check (pacing_min_seconds <= pacing_max_seconds)
);
comment on table public.apply_settings is
  'How a user applies (one row per user; no row = the defaults): the match threshold for auto-apply, review before submit, per-portal daily caps (the user may lower them; the platform maximum in apply_platform_controls bounds them), the per-company cap, randomised pacing between submissions, and an admin''s pause. auto_apply itself is public.job_settings.auto_apply. Owner and admins read; written through private.save_apply_settings and private.admin_pause_user_applying.';
comment on column public.apply_settings.match_threshold is 'Auto-apply queues jobs whose match_score is at least this (0–100, default 70).';
comment on column public.apply_settings.review_before_submit is 'Auto and batch applications wait in the approval queue until the user approves them (default on).';
comment on column public.apply_settings.daily_cap_linkedin is 'Submissions per IST day on LinkedIn (default 25).';
comment on column public.apply_settings.daily_cap_naukri is 'Submissions per IST day on Naukri (default 50).';
comment on column public.apply_settings.daily_cap_indeed is 'Submissions per IST day on Indeed (default 30).';
comment on column public.apply_settings.company_cap is 'At most this many submissions to one company (normalised name) …';
comment on column public.apply_settings.company_window_days is '… within this many days (default 2 in 30).';
comment on column public.apply_settings.pacing_min_seconds is 'Randomised pause between two submissions on one portal: at least …';
comment on column public.apply_settings.pacing_max_seconds is '… at most this many seconds.';
comment on column public.apply_settings.admin_paused is 'An admin paused this user''s applying (auto, batch and manual submissions are held).';

create table public.apply_portal_state (
  user_id uuid not null references auth.users (id) on delete cascade,
  portal text not null check (portal in ('linkedin', 'naukri', 'indeed')),
  paused boolean not null default false,
  pause_reason text check (pause_reason in ('captcha', 'sign_in', 'restricted', 'rate_limited', 'user')),
  pause_detail text check (char_length(pause_detail) <= 500),
  paused_at timestamptz,
  next_submit_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (user_id, portal),
  constraint apply_portal_state_paused_has_reason check (not paused or pause_reason is not null)
);
comment on table public.apply_portal_state is
  'Per (user, portal) apply state: paused (automatically after a captcha, sign-in wall, restricted-account page or 429; the user resumes it after fixing the cause) and the pacing clock next_submit_at (no submission on the portal before it). Owner and admins read; written by the private.* apply functions.';
comment on column public.apply_portal_state.next_submit_at is 'Pacing: the previous submission plus a random pause between pacing_min_seconds and pacing_max_seconds.';

create table public.apply_answer_banks (
  user_id uuid primary key references auth.users (id) on delete cascade,
  phone text check (char_length(phone) <= 30),
  current_location text check (char_length(current_location) <= 120),
  notice_period_days smallint check (notice_period_days between 0 and 365),
  current_ctc_lpa numeric(6, 2) check (current_ctc_lpa between 0 and 1000),
  expected_ctc_lpa numeric(6, 2) check (expected_ctc_lpa between 0 and 1000),
  total_experience_years numeric(4, 1) check (total_experience_years between 0 and 60),
  skill_years jsonb not null default '{}'::jsonb check (jsonb_typeof(skill_years) = 'object' and octet_length(skill_years::text) <= 8192),
  willing_to_relocate boolean,
  work_authorisation text check (char_length(work_authorisation) <= 200),
  requires_sponsorship boolean,
  custom_answers jsonb not null default '[]'::jsonb check (jsonb_typeof(custom_answers) = 'array' and octet_length(custom_answers::text) <= 32768),
  updated_at timestamptz not null default now()
);
comment on table public.apply_answer_banks is
  'The user''s answers to screening questions (one row per user): contact, notice period, current and expected CTC in LPA, experience (total and per skill), relocation, work authorisation, and free-form question/answer pairs. Only these and the user''s sources answer questions; nothing is guessed. Owner and admins read; written through private.save_answer_bank.';
comment on column public.apply_answer_banks.skill_years is 'Years of experience per skill: {"TypeScript": 4, "Kafka": 1.5}.';
comment on column public.apply_answer_banks.work_authorisation is 'How the user describes their right to work (e.g. "Indian citizen").';
comment on column public.apply_answer_banks.custom_answers is 'Free-form answers: [{question, answer}] (matched against screening question labels).';

create table public.apply_platform_controls (
  id boolean primary key default true check (id),
  emergency_stop boolean not null default false,
  stop_reason text check (char_length(stop_reason) <= 500),
  stop_changed_at timestamptz,
  stop_changed_by uuid,
  max_daily_cap_linkedin smallint not null default 25 check (max_daily_cap_linkedin between 0 and 1000),
  max_daily_cap_naukri smallint not null default 50 check (max_daily_cap_naukri between 0 and 1000),
  max_daily_cap_indeed smallint not null default 30 check (max_daily_cap_indeed between 0 and 1000),
  updated_at timestamptz not null default now()
);
comment on table public.apply_platform_controls is
  'Platform apply controls (one row): the emergency stop (halts every submission platform-wide: runners check it right before the final submit; queued work is held and continues when lifted) with who/when/why, and the maximum per-portal daily caps users'' own caps are bounded by. Signed-in users read it (the app says applying is paused and why); admins change it through private.admin_set_emergency_stop (audited).';
insert into public.apply_platform_controls default values;

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.job_apply_runs enable row level security;
create policy job_apply_runs_select_own on public.job_apply_runs
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy job_apply_runs_select_own on public.job_apply_runs is 'A user reads their own apply runs.';
create policy job_apply_runs_select_admin on public.job_apply_runs
  for select to authenticated using ((select private.is_admin()));
comment on policy job_apply_runs_select_admin on public.job_apply_runs is 'Admins read every user''s apply runs.';

alter table public.job_applications enable row level security;
create policy job_applications_select_own on public.job_applications
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy job_applications_select_own on public.job_applications is 'A user reads their own applications.';
create policy job_applications_select_admin on public.job_applications
  for select to authenticated using ((select private.is_admin()));
comment on policy job_applications_select_admin on public.job_applications is 'Admins read every user''s applications.';

alter table public.job_application_events enable row level security;
create policy job_application_events_select_own on public.job_application_events
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy job_application_events_select_own on public.job_application_events is 'A user reads their own applications'' timelines.';
create policy job_application_events_select_admin on public.job_application_events
  for select to authenticated using ((select private.is_admin()));
comment on policy job_application_events_select_admin on public.job_application_events is 'Admins read every timeline.';

alter table public.apply_settings enable row level security;
create policy apply_settings_select_own on public.apply_settings
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy apply_settings_select_own on public.apply_settings is 'A user reads their own apply settings.';
create policy apply_settings_select_admin on public.apply_settings
  for select to authenticated using ((select private.is_admin()));
comment on policy apply_settings_select_admin on public.apply_settings is 'Admins read every user''s apply settings.';

alter table public.apply_portal_state enable row level security;
create policy apply_portal_state_select_own on public.apply_portal_state
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy apply_portal_state_select_own on public.apply_portal_state is 'A user reads their own portal pauses.';
create policy apply_portal_state_select_admin on public.apply_portal_state
  for select to authenticated using ((select private.is_admin()));
comment on policy apply_portal_state_select_admin on public.apply_portal_state is 'Admins read every user''s portal pauses.';

alter table public.apply_answer_banks enable row level security;
create policy apply_answer_banks_select_own on public.apply_answer_banks
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy apply_answer_banks_select_own on public.apply_answer_banks is 'A user reads their own answer bank.';
create policy apply_answer_banks_select_admin on public.apply_answer_banks
  for select to authenticated using ((select private.is_admin()));
comment on policy apply_answer_banks_select_admin on public.apply_answer_banks is 'Admins read answer banks (support).';

alter table public.apply_platform_controls enable row level security;
create policy apply_platform_controls_select_signed_in on public.apply_platform_controls
  for select to authenticated using (true);
comment on policy apply_platform_controls_select_signed_in on public.apply_platform_controls is
  'Signed-in users read the platform controls (the app shows that applying is paused and why).';
-- No insert/update/delete policies anywhere above: the private.* apply functions write.

-- ---------------------------------------------------------------------------------------------
-- Timeline trigger: every status, approval and response change lands in the timeline, whoever
-- made it (a function, the runner, an admin), in the same transaction.
-- ---------------------------------------------------------------------------------------------

-- private.job_application_timeline(): after insert/update on public.job_applications, appends
-- job_application_events rows: created (insert), status, approval, response (each change). The
-- function that made the change may pass context through the transaction-local setting
-- careerpilot.apply_event_detail (a JSON object), e.g. {"by": "runner", "code": "captcha"}.
create function private.job_application_timeline()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  detail jsonb := coalesce(nullif(current_setting('careerpilot.apply_event_detail', true), '')::jsonb, '{}'::jsonb);
begin
  if tg_op = 'INSERT' then
    insert into public.job_application_events (application_id, user_id, kind, to_status, detail)
    values (new.id, new.user_id, 'created', new.status, detail || jsonb_build_object('mode', new.mode));
    return null;
  end if;
  if new.status is distinct from old.status then
    insert into public.job_application_events (application_id, user_id, kind, from_status, to_status, detail)
    values (new.id, new.user_id, 'status', old.status, new.status, detail);
  end if;
  if new.approval is distinct from old.approval then
    insert into public.job_application_events (application_id, user_id, kind, from_status, to_status, detail)
    values (new.id, new.user_id, 'approval', old.approval, new.approval, detail);
  end if;
  if new.response_status is distinct from old.response_status then
    insert into public.job_application_events (application_id, user_id, kind, from_status, to_status, detail)
    values (new.id, new.user_id, 'response', old.response_status, new.response_status, detail);
  end if;
  return null;
end;
$$;
comment on function private.job_application_timeline() is
  'Trigger: after insert/update on public.job_applications, appends created/status/approval/response rows to public.job_application_events (detail from the transaction-local setting careerpilot.apply_event_detail).';

create trigger job_application_timeline
  after insert or update on public.job_applications
  for each row execute function private.job_application_timeline();
comment on trigger job_application_timeline on public.job_applications is 'Every change lands in the timeline.';

-- private.job_application_touch(): before update, updated_at = now().
create function private.job_application_touch()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
comment on function private.job_application_touch() is 'Trigger: before update on the apply tables, updated_at = now().';

create trigger job_applications_touch before update on public.job_applications
  for each row execute function private.job_application_touch();
comment on trigger job_applications_touch on public.job_applications is 'Keeps updated_at current.';
create trigger apply_settings_touch before update on public.apply_settings
  for each row execute function private.job_application_touch();
comment on trigger apply_settings_touch on public.apply_settings is 'Keeps updated_at current.';
create trigger apply_portal_state_touch before update on public.apply_portal_state
  for each row execute function private.job_application_touch();
comment on trigger apply_portal_state_touch on public.apply_portal_state is 'Keeps updated_at current.';
create trigger apply_answer_banks_touch before update on public.apply_answer_banks
  for each row execute function private.job_application_touch();
comment on trigger apply_answer_banks_touch on public.apply_answer_banks is 'Keeps updated_at current.';
create trigger apply_platform_controls_touch before update on public.apply_platform_controls
  for each row execute function private.job_application_touch();
comment on trigger apply_platform_controls_touch on public.apply_platform_controls is 'Keeps updated_at current.';

-- private.job_application_events_immutable(): the timeline is append-only.
create function private.job_application_events_immutable()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'the application timeline is append-only' using errcode = '42501';
end;
$$;
comment on function private.job_application_events_immutable() is 'Trigger: refuses updates of timeline rows.';
create trigger job_application_events_immutable before update on public.job_application_events
  for each row execute function private.job_application_events_immutable();
comment on trigger job_application_events_immutable on public.job_application_events is 'Append-only (rows go with their application).';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on function private.job_application_timeline(), private.job_application_touch(),
  private.job_application_events_immutable() from public, anon, authenticated, service_role;

revoke all on table public.job_apply_runs, public.job_applications, public.job_application_events,
  public.apply_settings, public.apply_portal_state, public.apply_answer_banks, public.apply_platform_controls
  from public, anon, authenticated, service_role;
grant select on table public.job_apply_runs, public.job_applications, public.job_application_events,
  public.apply_settings, public.apply_portal_state, public.apply_answer_banks, public.apply_platform_controls
  to authenticated;
-- The runner and the function's service paths write only through the private.* functions;
-- service_role reads (reports, the runner's inputs).
grant select on table public.job_apply_runs, public.job_applications, public.job_application_events,
  public.apply_settings, public.apply_portal_state, public.apply_answer_banks, public.apply_platform_controls
  to service_role;
