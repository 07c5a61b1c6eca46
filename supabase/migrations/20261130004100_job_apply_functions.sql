-- =============================================================================================
-- Job Application stack, functions: the only writers of the tables of 20261130004000_job_apply.sql.
--
--   user (auth.uid(), called by the job-apply function inside the user's RLS transaction):
--     private.apply_single(job, version, choice, cover, cover_source, grounding)   manual apply
--     private.apply_batch(job_ids, resume_id)          a batch run (documents prepared by the runner)
--     private.set_auto_apply(enabled)                  job_settings.auto_apply (its one home)
--     private.save_apply_settings(patch)               threshold, review, caps (≤ platform max), pacing
--     private.save_answer_bank(patch)                  the screening-question answer bank
--     private.set_application_response(id, status, note)    employer response → timeline
--     private.approve_job_application(id, cover?)      approval queue: one …
--     private.approve_all_job_applications(run?)       … or all
--     private.reject_job_application(id)               → cancelled
--     private.answer_job_application(id, answers)      needs_input → queued with the user's answers
--     private.resume_apply_portal(portal)              lift an automatic portal pause
--   admin (re-checked with private.is_admin(), audited with private.admin_audit):
--     private.admin_set_emergency_stop(enabled, reason)     platform-wide hold / release
--     private.admin_pause_user_applying(user, pause, reason)  one user's hold / release
--   runner (service_role):
--     private.claim_job_application(id, lease_s)       the state machine's entry: prepare, apply,
--                                                      verify (after a crash), held, deferred, skip
--     private.job_application_prepared(id, claim, …)   documents chosen → awaiting_approval | queued
--     private.begin_job_application_submit(id, claim)  right before the final click: stop flag,
--                                                      holds, caps, pacing re-checked under a lock;
--                                                      records `submitting` + the attempt
--     private.finish_job_application_attempt(id, claim, outcome)   the flow's outcome
--   pg_cron: private.dispatch_due_job_applications()   deferred work whose time has come
--   sql consumer (jobs.fetched → queue job_apply_auto): private.auto_apply_after_fetch(envelope)
--
-- Exactly once rests on three things: the unique (user_id, duplicate_group_id) (a second request
-- for the job or any duplicate of it finds the row: on conflict do nothing, then revive only a
-- failed/cancelled one); the lease (claim_token, claimed_until) taken under a row lock, so a
-- redelivered message cannot start a second attempt while one runs; and `submitting` recorded in
-- its own committed transaction before the submit click, so a runner that died after it asks the
-- portal (checkApplied) before trying again.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Index for the dispatcher (a failed attempt after `submitting` is re-dispatched too)
-- ---------------------------------------------------------------------------------------------
create index job_applications_redispatch_idx on public.job_applications (not_before)
  where status in ('queued', 'submitting') and dispatched_at is null;
comment on index public.job_applications_redispatch_idx is 'The dispatcher: queued (or interrupted submitting) applications waiting for their time.';

-- ---------------------------------------------------------------------------------------------
-- Every user has an apply_settings row (defaults), so reads never need a write
-- ---------------------------------------------------------------------------------------------

-- private.apply_settings_for_new_profile(): after insert on public.profiles, the user's default
-- apply settings.
create function private.apply_settings_for_new_profile()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.apply_settings (user_id) values (new.id) on conflict do nothing;
  return null;
end;
$$;
comment on function private.apply_settings_for_new_profile() is 'Trigger: every new profile gets default apply settings.';
create trigger apply_settings_for_new_profile after insert on public.profiles
  for each row execute function private.apply_settings_for_new_profile();
comment on trigger apply_settings_for_new_profile on public.profiles is 'Default apply settings for every user.';
insert into public.apply_settings (user_id) select p.id from public.profiles p on conflict do nothing;

-- ---------------------------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------------------------

-- private.apply_note(detail): context for the timeline rows the next writes of this transaction
-- make (read by private.job_application_timeline).
create function private.apply_note(detail jsonb)
returns void
language sql
set search_path = ''
as $$
  select set_config('careerpilot.apply_event_detail', coalesce(detail, '{}'::jsonb)::text, true);
$$;
comment on function private.apply_note(jsonb) is 'Sets the timeline detail of the following application writes in this transaction.';

-- private.apply_next_day_start(at): the next midnight in India Standard Time after `at` (the caps' day).
create function private.apply_next_day_start(at timestamptz default now())
returns timestamptz
language sql
stable
set search_path = ''
as $$
  select ((at at time zone 'Asia/Kolkata')::date + 1)::timestamp at time zone 'Asia/Kolkata';
$$;
comment on function private.apply_next_day_start(timestamptz) is 'The next IST midnight after at: when the daily caps reset.';

-- private.apply_day_start(at): the IST midnight that began the day of `at`.
create function private.apply_day_start(at timestamptz default now())
returns timestamptz
language sql
stable
set search_path = ''
as $$
  select ((at at time zone 'Asia/Kolkata')::date)::timestamp at time zone 'Asia/Kolkata';
$$;
comment on function private.apply_day_start(timestamptz) is 'The IST midnight that began the day of at.';

-- private.apply_daily_cap(user, portal): the user's cap for the portal bounded by the platform's maximum.
create function private.apply_daily_cap(p_user uuid, p_portal text)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select least(
    case p_portal when 'linkedin' then s.daily_cap_linkedin when 'naukri' then s.daily_cap_naukri else s.daily_cap_indeed end,
    case p_portal when 'linkedin' then c.max_daily_cap_linkedin when 'naukri' then c.max_daily_cap_naukri else c.max_daily_cap_indeed end)
    from public.apply_platform_controls c
    left join public.apply_settings s on s.user_id = p_user;
$$;
comment on function private.apply_daily_cap(uuid, text) is 'The effective daily cap of (user, portal): least(user cap, platform maximum).';

-- private.apply_used_today(user, portal, except): submissions (and attempts in flight) on the portal since IST midnight.
create function private.apply_used_today(p_user uuid, p_portal text, p_except uuid default null)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select count(*)::int from public.job_applications a
   where a.user_id = p_user and a.portal = p_portal and a.status in ('submitting', 'submitted')
     and coalesce(a.applied_at, a.attempt_started_at) >= private.apply_day_start()
     and a.id is distinct from p_except;
$$;
comment on function private.apply_used_today(uuid, text, uuid) is 'Today''s (IST) submissions and in-flight attempts of (user, portal), not counting p_except.';

-- private.apply_hold_reason(user, portal): why nothing may be submitted for (user, portal) now:
-- emergency_stop, admin_pause, portal_paused, or null.
create function private.apply_hold_reason(p_user uuid, p_portal text)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when (select c.emergency_stop from public.apply_platform_controls c) then 'emergency_stop'
    when coalesce((select s.admin_paused from public.apply_settings s where s.user_id = p_user), false) then 'admin_pause'
    when coalesce((select ps.paused from public.apply_portal_state ps where ps.user_id = p_user and ps.portal = p_portal), false)
      then 'portal_paused'
  end;
$$;
comment on function private.apply_hold_reason(uuid, text) is 'emergency_stop | admin_pause | portal_paused | null: what holds submissions of (user, portal) now.';

-- private.apply_deferral(app): when a queued application may be attempted, and why not now:
-- (not_before, reason) for the daily cap (next IST midnight), the company cap (when the oldest
-- submission in the window leaves it) or pacing (the portal's next_submit_at); null when it may go.
create function private.apply_deferral(app public.job_applications)
returns table (not_before timestamptz, reason text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  s public.apply_settings;
  v_company text;
  v_oldest timestamptz;
  in_window integer;
  next_at timestamptz;
begin
  select * into s from public.apply_settings x where x.user_id = app.user_id;
  if private.apply_used_today(app.user_id, app.portal, app.id) >= private.apply_daily_cap(app.user_id, app.portal) then
    return query select private.apply_next_day_start(), 'daily_cap'::text;
    return;
  end if;
  select j.norm_company into v_company from public.fetched_jobs j where j.id = app.fetched_job_id;
  select count(*), min(coalesce(a.applied_at, a.attempt_started_at)) into in_window, v_oldest
    from public.job_applications a join public.fetched_jobs j on j.id = a.fetched_job_id
   where a.user_id = app.user_id and a.id <> app.id and a.status in ('submitting', 'submitted')
     and j.norm_company = v_company
     and coalesce(a.applied_at, a.attempt_started_at) > now() - make_interval(days => coalesce(s.company_window_days, 30));
  if in_window >= coalesce(s.company_cap, 2) then
    return query select v_oldest + make_interval(days => coalesce(s.company_window_days, 30)), 'company_cap'::text;
    return;
  end if;
  select ps.next_submit_at into next_at from public.apply_portal_state ps
   where ps.user_id = app.user_id and ps.portal = app.portal;
  if next_at is not null and next_at > now() then
    return query select next_at, 'pacing'::text;
  end if;
end;
$$;
comment on function private.apply_deferral(public.job_applications) is
  'Why a queued application may not be attempted yet and until when: daily_cap (next IST midnight), company_cap (the window''s oldest submission + window), pacing (next_submit_at); no row when it may go now.';

-- private.dispatch_job_application(id): emits job.apply.requested for the runner and stamps dispatched_at.
create function private.dispatch_job_application(p_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid;
begin
  update public.job_applications a set dispatched_at = now() where a.id = p_id returning a.user_id into uid;
  if found then
    perform private.emit('job.apply.requested', jsonb_build_object('user_id', uid, 'application_id', p_id));
  end if;
end;
$$;
comment on function private.dispatch_job_application(uuid) is 'Emits job.apply.requested {user_id, application_id} (the runner''s job_apply queue) and stamps dispatched_at.';

-- private.release_held_applications(reason, user?, portal?): held applications whose hold was
-- lifted go back to queued and are dispatched; those still held for another reason keep waiting
-- under that reason. Returns how many were released.
create function private.release_held_applications(p_reason text, p_user uuid default null, p_portal text default null)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  app record;
  still text;
  n integer := 0;
begin
  for app in
    select a.id, a.user_id, a.portal from public.job_applications a
     where a.status = 'held' and a.held_reason = p_reason
       and (p_user is null or a.user_id = p_user) and (p_portal is null or a.portal = p_portal)
     order by a.created_at
     for update
  loop
    still := private.apply_hold_reason(app.user_id, app.portal);
    if still is not null then
      update public.job_applications a set held_reason = still where a.id = app.id;
    else
      update public.job_applications a
         set status = 'queued', held_reason = null, dispatched_at = null, claim_token = null, claimed_until = null
       where a.id = app.id;
      perform private.dispatch_job_application(app.id);
      n := n + 1;
    end if;
  end loop;
  return n;
end;
$$;
comment on function private.release_held_applications(text, uuid, text) is
  'Held applications of a lifted hold (emergency_stop / admin_pause / portal_paused, optionally one user / portal) go back to queued and are dispatched (or re-labelled when another hold remains); returns how many.';

-- private.hold_queued_applications(reason, user?, portal?): queued applications become held at
-- once (the user sees it; the runner would hold them anyway). Returns how many.
create function private.hold_queued_applications(p_reason text, p_user uuid default null, p_portal text default null)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  n integer;
begin
  update public.job_applications a
     set status = 'held', held_reason = p_reason, dispatched_at = null
   where a.status = 'queued' and (p_user is null or a.user_id = p_user) and (p_portal is null or a.portal = p_portal)
     and (a.claimed_until is null or a.claimed_until < now());
  get diagnostics n = row_count;
  return n;
end;
$$;
comment on function private.hold_queued_applications(text, uuid, text) is
  'Queued applications (not claimed by a runner right now) become held with the reason (optionally one user / portal); returns how many.';

-- private.settle_apply_run(run): a running run with no application left in pending, queued,
-- submitting or held is finished (applications waiting for approval do not keep it open: the
-- summary counts them), emitting job.apply.summary once.
create function private.settle_apply_run(p_run uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.job_apply_runs;
  counts record;
begin
  if p_run is null then
    return;
  end if;
  select * into run from public.job_apply_runs r where r.id = p_run and r.status = 'running' for update;
  if not found then
    return;
  end if;
  select count(*) filter (where a.status in ('pending', 'queued', 'submitting', 'held')) as open,
         count(*) filter (where a.status = 'submitted') as applied,
         count(*) filter (where a.status in ('failed', 'needs_input')) as failed,
         count(*) filter (where a.status = 'awaiting_approval') as awaiting
    into counts
    from public.job_applications a where a.run_id = p_run;
  if counts.open > 0 then
    return;
  end if;
  update public.job_apply_runs r
     set status = case when counts.applied = 0 and counts.failed > 0 then 'failed' else 'completed' end,
         finished_at = now(), total_applied = counts.applied, total_failed = counts.failed
   where r.id = p_run
  returning * into run;
  perform private.emit('job.apply.summary', jsonb_build_object(
    'user_id', run.user_id, 'run_id', run.id, 'mode', run.mode, 'status', run.status,
    'total_queued', run.total_queued, 'total_applied', run.total_applied, 'total_failed', run.total_failed,
    'awaiting_approval', counts.awaiting));
end;
$$;
comment on function private.settle_apply_run(uuid) is
  'Finishes a running apply run once none of its applications is pending, queued, submitting or held (completed, or failed when nothing was applied and something failed) and emits job.apply.summary once.';

-- private.mark_group_jobs(user, group, status): the job and its duplicates take the status
-- (queued when applying starts, applied when submitted, expired when closed); applied/expired stay.
create function private.mark_group_jobs(p_user uuid, p_group uuid, p_status text)
returns void
language sql
security definer
set search_path = ''
as $$
  update public.fetched_jobs j set status = p_status, updated_at = now()
   where j.user_id = p_user and (j.id = p_group or j.duplicate_of = p_group)
     and (j.status not in ('applied', 'expired') or p_status = 'applied');
$$;
comment on function private.mark_group_jobs(uuid, uuid, text) is 'Sets the status of a job and its cross-portal duplicates (applied/expired are kept, except that applied wins).';

-- private.create_job_application(user, job, mode, run, status, version, choice, cover, source,
-- grounding) → (application id, outcome created|revived|exists, status). The one insert path:
-- on conflict (user, duplicate group) nothing is inserted; a failed or cancelled application is
-- revived (same row, new attempt), anything else is reported as existing. PT404 for a job that is
-- not the user's; PT409 for an expired job.
create function private.create_job_application(
  p_user uuid,
  p_job uuid,
  p_mode text,
  p_run uuid,
  p_status text,
  p_version uuid default null,
  p_choice jsonb default null,
  p_cover text default null,
  p_cover_source text default null,
  p_grounding jsonb default null
)
returns table (application_id uuid, outcome text, status text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  job public.fetched_jobs;
  grp uuid;
  app public.job_applications;
begin
  select * into job from public.fetched_jobs j where j.id = p_job and j.user_id = p_user;
  if not found then
    raise exception 'No such job.' using errcode = 'PT404';
  end if;
  if job.status = 'expired' then
    raise exception 'This job has expired.' using errcode = 'PT409';
  end if;
  grp := coalesce(job.duplicate_of, job.id);
  perform private.apply_note(jsonb_build_object('by', case when p_mode = 'auto' then 'system' else 'user' end));

  insert into public.job_applications as a
    (user_id, fetched_job_id, duplicate_group_id, portal, run_id, mode, status, resume_version_id, resume_choice,
     cover_letter_text, cover_letter_source, cover_letter_grounding)
  values (p_user, job.id, grp, job.portal, p_run, p_mode, p_status, p_version, p_choice, p_cover,
          coalesce(p_cover_source, case when p_cover is null then null else 'user' end), p_grounding)
  on conflict on constraint job_applications_one_per_group do nothing
  returning * into app;
  if found then
    perform private.mark_group_jobs(p_user, grp, 'queued');
    return query select app.id, 'created'::text, app.status;
    return;
  end if;

  select * into app from public.job_applications a where a.user_id = p_user and a.duplicate_group_id = grp for update;
  if app.status in ('failed', 'cancelled') then
    update public.job_applications a
       set status = p_status, approval = 'not_required', held_reason = null, run_id = p_run, mode = p_mode,
           fetched_job_id = job.id, portal = job.portal,
           resume_version_id = coalesce(p_version, a.resume_version_id), resume_choice = coalesce(p_choice, a.resume_choice),
           cover_letter_text = coalesce(p_cover, a.cover_letter_text),
           cover_letter_source = coalesce(p_cover_source, case when p_cover is null then a.cover_letter_source else 'user' end),
           cover_letter_grounding = coalesce(p_grounding, a.cover_letter_grounding),
           error_json = null, not_before = null, defer_reason = null, dispatched_at = null, needs_input_json = null,
           claim_token = null, claimed_until = null
     where a.id = app.id
    returning * into app;
    perform private.mark_group_jobs(p_user, grp, 'queued');
    return query select app.id, 'revived'::text, app.status;
    return;
  end if;
  return query select app.id, 'exists'::text, app.status;
end;
$$;
comment on function private.create_job_application(uuid, uuid, text, uuid, text, uuid, jsonb, text, text, jsonb) is
  'The one insert path of applications: on conflict (user, duplicate group) nothing is inserted — a failed/cancelled one is revived (same row), anything else reported as exists. Returns (application_id, outcome created|revived|exists, status). PT404 not the user''s job, PT409 expired.';

-- ---------------------------------------------------------------------------------------------
-- User functions
-- ---------------------------------------------------------------------------------------------

-- private.apply_single(job, version, choice, cover, cover_source, grounding) → jsonb
-- Manual apply of one job with the documents the user reviewed: a manual run and the application,
-- queued for the runner at once (the user reviewed it: no approval). {application_id, status,
-- outcome, run_id}; outcome exists leaves everything as it was (the API answers 409).
create function private.apply_single(
  p_job uuid,
  p_version uuid,
  p_choice jsonb,
  p_cover text,
  p_cover_source text,
  p_grounding jsonb
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  r record;
  new_run uuid;
begin
  if p_version is not null and not exists (
    select 1 from public.resume_versions v where v.id = p_version and v.user_id = uid) then
    raise exception 'No such resume version.' using errcode = 'PT404';
  end if;
  select * into r from private.create_job_application(uid, p_job, 'manual', null, 'queued', p_version, p_choice,
    p_cover, p_cover_source, p_grounding);
  if r.outcome = 'exists' then
    return jsonb_build_object('application_id', r.application_id, 'status', r.status, 'outcome', r.outcome);
  end if;
  insert into public.job_apply_runs (user_id, mode, total_queued) values (uid, 'manual', 1) returning id into new_run;
  update public.job_applications a set run_id = new_run where a.id = r.application_id;
  perform private.dispatch_job_application(r.application_id);
  return jsonb_build_object('application_id', r.application_id, 'status', 'queued', 'outcome', r.outcome, 'run_id', new_run);
end;
$$;
comment on function private.apply_single(uuid, uuid, jsonb, text, text, jsonb) is
  'User: applies to one job with the reviewed documents (manual run, queued, dispatched); outcome exists changes nothing. PT404 unknown job or version, PT409 expired job.';

-- private.apply_batch(job_ids, resume_id) → jsonb {run_id, queued_count, skipped: [{job_id, reason, application_id?}]}
-- A batch run: each job not applied to yet gets an application in `pending` (the runner picks the
-- resume version — the given resume's active version, else the best by ATS score — then it waits
-- for approval or is queued, per review_before_submit). Jobs already applied to (or in progress),
-- unknown or expired are skipped with the reason; nothing is inserted twice, even when the same
-- job, or two duplicates of one job, are in the list or in a concurrent auto run.
create function private.apply_batch(p_job_ids uuid[], p_resume uuid default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  run public.job_apply_runs;
  jid uuid;
  r record;
  skipped jsonb := '[]'::jsonb;
  queued integer := 0;
  choice jsonb;
begin
  if p_job_ids is null or cardinality(p_job_ids) = 0 or cardinality(p_job_ids) > 100 then
    raise exception 'job_ids: 1 to 100 jobs' using errcode = '22023';
  end if;
  if p_resume is not null then
    if not exists (select 1 from public.resumes x where x.id = p_resume and x.user_id = uid) then
      raise exception 'No such resume.' using errcode = 'PT404';
    end if;
    choice := jsonb_build_object('resume_id', p_resume, 'chosen_by', 'user');
  end if;
  insert into public.job_apply_runs (user_id, mode) values (uid, 'batch') returning * into run;
  foreach jid in array (select array_agg(distinct x) from unnest(p_job_ids) x) loop
    if not exists (select 1 from public.fetched_jobs j where j.id = jid and j.user_id = uid) then
      skipped := skipped || jsonb_build_object('job_id', jid, 'reason', 'not_found');
      continue;
    end if;
    if exists (select 1 from public.fetched_jobs j where j.id = jid and j.status = 'expired') then
      skipped := skipped || jsonb_build_object('job_id', jid, 'reason', 'expired');
      continue;
    end if;
    select * into r from private.create_job_application(uid, jid, 'batch', run.id, 'pending', null, choice);
    if r.outcome = 'exists' then
      skipped := skipped || jsonb_build_object('job_id', jid, 'reason', 'already_applied', 'application_id', r.application_id,
                                               'status', r.status);
    else
      queued := queued + 1;
      perform private.dispatch_job_application(r.application_id);
    end if;
  end loop;
  update public.job_apply_runs x set total_queued = queued where x.id = run.id;
  if queued = 0 then
    perform private.settle_apply_run(run.id);
  end if;
  return jsonb_build_object('run_id', run.id, 'queued_count', queued, 'skipped', skipped);
end;
$$;
comment on function private.apply_batch(uuid[], uuid) is
  'User: a batch run over job_ids (≤ 100): a pending application per job not applied to (documents prepared by the runner, then approval or queue), skipped ones with their reason; returns {run_id, queued_count, skipped}.';

-- private.set_auto_apply(enabled) → boolean: job_settings.auto_apply (creating the row if needed).
create function private.set_auto_apply(p_enabled boolean)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
begin
  if p_enabled is null then
    raise exception 'auto_apply must be true or false' using errcode = '22023';
  end if;
  insert into public.job_settings as s (user_id, auto_apply) values (uid, p_enabled)
  on conflict (user_id) do update set auto_apply = excluded.auto_apply;
  return p_enabled;
end;
$$;
comment on function private.set_auto_apply(boolean) is 'User: turns auto-apply on/off (public.job_settings.auto_apply, its one home).';

-- private.save_apply_settings(patch) → public.apply_settings: updates the given keys; daily caps
-- above the platform maximum and pacing min > max are refused (22023).
create function private.save_apply_settings(p jsonb)
returns public.apply_settings
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  c public.apply_platform_controls;
  s public.apply_settings;
begin
  select * into c from public.apply_platform_controls;
  insert into public.apply_settings (user_id) values (uid) on conflict do nothing;
  update public.apply_settings x set
    match_threshold = coalesce((p ->> 'match_threshold')::smallint, x.match_threshold),
    review_before_submit = coalesce((p ->> 'review_before_submit')::boolean, x.review_before_submit),
    daily_cap_linkedin = coalesce((p #>> '{daily_caps,linkedin}')::smallint, x.daily_cap_linkedin),
    daily_cap_naukri = coalesce((p #>> '{daily_caps,naukri}')::smallint, x.daily_cap_naukri),
    daily_cap_indeed = coalesce((p #>> '{daily_caps,indeed}')::smallint, x.daily_cap_indeed),
    company_cap = coalesce((p ->> 'company_cap')::smallint, x.company_cap),
    company_window_days = coalesce((p ->> 'company_window_days')::smallint, x.company_window_days),
    pacing_min_seconds = coalesce((p ->> 'pacing_min_seconds')::integer, x.pacing_min_seconds),
    pacing_max_seconds = coalesce((p ->> 'pacing_max_seconds')::integer, x.pacing_max_seconds)
   where x.user_id = uid
  returning * into s;
  if s.daily_cap_linkedin > c.max_daily_cap_linkedin or s.daily_cap_naukri > c.max_daily_cap_naukri
     or s.daily_cap_indeed > c.max_daily_cap_indeed then
    raise exception 'A daily cap is above the platform maximum (LinkedIn %, Naukri %, Indeed %).',
      c.max_daily_cap_linkedin, c.max_daily_cap_naukri, c.max_daily_cap_indeed using errcode = 'PT422';
  end if;
  if s.pacing_min_seconds > s.pacing_max_seconds then
    raise exception 'pacing_min_seconds must not be above pacing_max_seconds.' using errcode = 'PT422';
  end if;
  return s;
end;
$$;
comment on function private.save_apply_settings(jsonb) is
  'User: saves apply settings (match_threshold, review_before_submit, daily_caps{…}, company_cap, company_window_days, pacing_*); caps above the platform maximum or pacing min > max → PT422.';

-- private.save_answer_bank(patch) → public.apply_answer_banks: sets the given keys (null clears one).
create function private.save_answer_bank(p jsonb)
returns public.apply_answer_banks
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  b public.apply_answer_banks;
begin
  insert into public.apply_answer_banks (user_id) values (uid) on conflict do nothing;
  update public.apply_answer_banks x set
    phone = case when p ? 'phone' then p ->> 'phone' else x.phone end,
    current_location = case when p ? 'current_location' then p ->> 'current_location' else x.current_location end,
    notice_period_days = case when p ? 'notice_period_days' then (p ->> 'notice_period_days')::smallint else x.notice_period_days end,
    current_ctc_lpa = case when p ? 'current_ctc_lpa' then (p ->> 'current_ctc_lpa')::numeric else x.current_ctc_lpa end,
    expected_ctc_lpa = case when p ? 'expected_ctc_lpa' then (p ->> 'expected_ctc_lpa')::numeric else x.expected_ctc_lpa end,
    total_experience_years = case when p ? 'total_experience_years' then (p ->> 'total_experience_years')::numeric
                                  else x.total_experience_years end,
    skill_years = case when p ? 'skill_years' then coalesce(p -> 'skill_years', '{}'::jsonb) else x.skill_years end,
    willing_to_relocate = case when p ? 'willing_to_relocate' then (p ->> 'willing_to_relocate')::boolean else x.willing_to_relocate end,
    work_authorisation = case when p ? 'work_authorisation' then p ->> 'work_authorisation' else x.work_authorisation end,
    requires_sponsorship = case when p ? 'requires_sponsorship' then (p ->> 'requires_sponsorship')::boolean
                                else x.requires_sponsorship end,
    custom_answers = case when p ? 'custom_answers' then coalesce(p -> 'custom_answers', '[]'::jsonb) else x.custom_answers end
   where x.user_id = uid
  returning * into b;
  return b;
end;
$$;
comment on function private.save_answer_bank(jsonb) is 'User: saves the given keys of their answer bank (JSON null clears a key).';

-- private.user_application_for_update(id) → the caller's application, locked; PT404 otherwise.
create function private.user_application_for_update(p_id uuid)
returns public.job_applications
language plpgsql
security definer
set search_path = ''
as $$
declare
  app public.job_applications;
begin
  select * into app from public.job_applications a where a.id = p_id and a.user_id = private.require_uid() for update;
  if not found then
    raise exception 'No such application.' using errcode = 'PT404';
  end if;
  return app;
end;
$$;
comment on function private.user_application_for_update(uuid) is 'The caller''s application, row-locked; PT404 when it is not theirs.';

-- private.set_application_response(id, response_status, note) → text: the employer's response,
-- recorded on a submitted application (PT409 before); the change lands in the timeline.
create function private.set_application_response(p_id uuid, p_response text, p_note text default null)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  app public.job_applications := private.user_application_for_update(p_id);
begin
  if p_response is null or p_response not in ('pending', 'viewed', 'shortlisted', 'rejected', 'interview', 'offer') then
    raise exception 'response_status must be viewed, shortlisted, rejected, interview or offer' using errcode = '22023';
  end if;
  if app.status <> 'submitted' then
    raise exception 'Only a submitted application has an employer response (this one is %).', app.status using errcode = 'PT409';
  end if;
  perform private.apply_note(jsonb_strip_nulls(jsonb_build_object('by', 'user', 'note', p_note)));
  if app.response_status = p_response then
    if p_note is not null then
      insert into public.job_application_events (application_id, user_id, kind, from_status, to_status, detail)
      values (app.id, app.user_id, 'note', app.response_status, p_response, jsonb_build_object('by', 'user', 'note', p_note));
    end if;
    return p_response;
  end if;
  update public.job_applications a set response_status = p_response where a.id = app.id;
  return p_response;
end;
$$;
comment on function private.set_application_response(uuid, text, text) is
  'User: records the employer''s response (viewed|shortlisted|rejected|interview|offer) of a submitted application, with an optional note, in the timeline. PT404 not theirs, PT409 not submitted.';

-- private.approve_job_application(id, cover_letter, set_cover) → text: an application waiting for
-- approval is approved (optionally with the user's edited cover letter) and queued for the runner.
create function private.approve_job_application(p_id uuid, p_cover text default null, p_set_cover boolean default false)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  app public.job_applications := private.user_application_for_update(p_id);
begin
  if app.status <> 'awaiting_approval' then
    raise exception 'This application is not waiting for approval (it is %).', app.status using errcode = 'PT409';
  end if;
  perform private.apply_note(jsonb_build_object('by', 'user'));
  update public.job_applications a
     set status = 'queued', approval = 'approved', dispatched_at = null,
         cover_letter_text = case when p_set_cover then nullif(btrim(p_cover), '') else a.cover_letter_text end,
         cover_letter_source = case when p_set_cover then (case when nullif(btrim(p_cover), '') is null then 'none' else 'user' end)
                                    else a.cover_letter_source end
   where a.id = app.id;
  perform private.dispatch_job_application(app.id);
  return 'queued';
end;
$$;
comment on function private.approve_job_application(uuid, text, boolean) is
  'User: approves an application waiting for approval (optionally replacing its cover letter) → queued and dispatched. PT404 not theirs, PT409 not waiting.';

-- private.approve_all_job_applications(run) → integer: every application of the caller waiting
-- for approval (of one run, when given) is approved and queued.
create function private.approve_all_job_applications(p_run uuid default null)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  app_id uuid;
  n integer := 0;
begin
  perform private.apply_note(jsonb_build_object('by', 'user', 'bulk', true));
  for app_id in
    select a.id from public.job_applications a
     where a.user_id = uid and a.status = 'awaiting_approval' and (p_run is null or a.run_id = p_run)
     order by a.created_at
     for update
  loop
    update public.job_applications a set status = 'queued', approval = 'approved', dispatched_at = null where a.id = app_id;
    perform private.dispatch_job_application(app_id);
    n := n + 1;
  end loop;
  return n;
end;
$$;
comment on function private.approve_all_job_applications(uuid) is 'User: approves and queues every application waiting for approval (of one run when given); returns how many.';

-- private.reject_job_application(id) → text: an application waiting for approval (or queued,
-- held, needing input: not yet attempted) is cancelled; its run may finish.
create function private.reject_job_application(p_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  app public.job_applications := private.user_application_for_update(p_id);
begin
  if app.status not in ('awaiting_approval', 'queued', 'held', 'needs_input', 'pending') then
    raise exception 'This application can no longer be withdrawn (it is %).', app.status using errcode = 'PT409';
  end if;
  if app.claimed_until is not null and app.claimed_until > now() then
    raise exception 'The runner is applying right now; try again in a minute.' using errcode = 'PT409';
  end if;
  perform private.apply_note(jsonb_build_object('by', 'user'));
  update public.job_applications a
     set status = 'cancelled', held_reason = null,
         approval = case when a.approval = 'pending' then 'rejected' else a.approval end
   where a.id = app.id;
  update public.fetched_jobs j set status = 'reviewed', updated_at = now()
   where j.user_id = app.user_id and (j.id = app.duplicate_group_id or j.duplicate_of = app.duplicate_group_id)
     and j.status = 'queued';
  perform private.settle_apply_run(app.run_id);
  return 'cancelled';
end;
$$;
comment on function private.reject_job_application(uuid) is
  'User: rejects (in review) or withdraws an application not yet attempted → cancelled (the job back to reviewed). PT404 not theirs, PT409 attempted or final.';

-- private.answer_job_application(id, answers) → text: a needs_input application gets the user's
-- answers ([{question_id, value}], each for one of the questions asked) and is queued again.
create function private.answer_job_application(p_id uuid, p_answers jsonb)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  app public.job_applications := private.user_application_for_update(p_id);
  given jsonb;
  unknown text;
  missing text;
begin
  if app.status <> 'needs_input' then
    raise exception 'This application is not waiting for answers (it is %).', app.status using errcode = 'PT409';
  end if;
  if jsonb_typeof(p_answers) <> 'array' or jsonb_array_length(p_answers) = 0 then
    raise exception 'answers must be a non-empty list' using errcode = '22023';
  end if;
  select string_agg(x ->> 'question_id', ', ') into unknown from jsonb_array_elements(p_answers) x
   where not exists (select 1 from jsonb_array_elements(coalesce(app.needs_input_json, '[]'::jsonb)) q
                      where q ->> 'id' = x ->> 'question_id');
  if unknown is not null then
    raise exception 'Not a question of this application: %', unknown using errcode = 'PT422';
  end if;
  select string_agg(q ->> 'label', '; ') into missing from jsonb_array_elements(coalesce(app.needs_input_json, '[]'::jsonb)) q
   where coalesce((q ->> 'required')::boolean, true)
     and not exists (select 1 from jsonb_array_elements(p_answers) x where x ->> 'question_id' = q ->> 'id');
  if missing is not null then
    raise exception 'Please answer: %', missing using errcode = 'PT422';
  end if;
  select jsonb_agg(jsonb_build_object('question_id', x ->> 'question_id',
                                      'label', (select q ->> 'label' from jsonb_array_elements(app.needs_input_json) q
                                                 where q ->> 'id' = x ->> 'question_id' limit 1),
                                      'value', x ->> 'value', 'source', 'user', 'confidence', 1))
    into given from jsonb_array_elements(p_answers) x;
  perform private.apply_note(jsonb_build_object('by', 'user', 'answered', jsonb_array_length(p_answers)));
  update public.job_applications a
     set status = 'queued', needs_input_json = null, error_json = null, dispatched_at = null, not_before = null,
         defer_reason = null,
         answers_json = (select coalesce(jsonb_agg(e), '[]'::jsonb) from jsonb_array_elements(a.answers_json) e
                          where e ->> 'source' = 'user'
                            and not exists (select 1 from jsonb_array_elements(given) g where g ->> 'question_id' = e ->> 'question_id'))
                        || given
   where a.id = app.id;
  if app.run_id is not null then
    update public.job_apply_runs r set status = 'running', finished_at = null where r.id = app.run_id and r.status <> 'running';
  end if;
  perform private.dispatch_job_application(app.id);
  return 'queued';
end;
$$;
comment on function private.answer_job_application(uuid, jsonb) is
  'User: answers the questions a needs_input application stopped at ([{question_id, value}], required ones all) → queued again with the answers (source user). PT409 not waiting, PT422 unknown or missing question.';

-- private.resume_apply_portal(portal) → integer: the caller lifts a pause of one portal (after
-- fixing what blocked it); held applications of that portal continue. Returns how many.
create function private.resume_apply_portal(p_portal text)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
begin
  if p_portal is null or p_portal not in ('linkedin', 'naukri', 'indeed') then
    raise exception 'portal must be linkedin, naukri or indeed' using errcode = '22023';
  end if;
  update public.apply_portal_state s set paused = false, pause_reason = null, pause_detail = null, paused_at = null
   where s.user_id = uid and s.portal = p_portal;
  perform private.apply_note(jsonb_build_object('by', 'user', 'reason', 'portal_resumed'));
  return private.release_held_applications('portal_paused', uid, p_portal);
end;
$$;
comment on function private.resume_apply_portal(text) is 'User: lifts the pause of one of their portals; its held applications continue. Returns how many were released.';

-- ---------------------------------------------------------------------------------------------
-- Admin functions (role re-checked; audited in the same transaction)
-- ---------------------------------------------------------------------------------------------

-- private.admin_set_emergency_stop(enabled, reason) → jsonb {enabled, reason, changed_at, held, released}
-- On: every queued application is held at once and runners refuse every submit from the next
-- check (right before the click). Off: held applications continue. Audited (apply.emergency_stop).
create function private.admin_set_emergency_stop(p_enabled boolean, p_reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  c public.apply_platform_controls;
  held integer := 0;
  released integer := 0;
begin
  if not private.is_admin() then
    raise exception 'admins only' using errcode = '42501';
  end if;
  if p_enabled is null then
    raise exception 'enabled must be true or false' using errcode = '22023';
  end if;
  select * into c from public.apply_platform_controls for update;
  update public.apply_platform_controls x
     set emergency_stop = p_enabled, stop_reason = case when p_enabled then nullif(btrim(p_reason), '') end,
         stop_changed_at = now(), stop_changed_by = auth.uid()
  returning * into c;
  perform private.apply_note(jsonb_build_object('by', 'admin', 'reason', 'emergency_stop'));
  if p_enabled then
    held := private.hold_queued_applications('emergency_stop');
  else
    released := private.release_held_applications('emergency_stop');
  end if;
  perform private.admin_audit(case when p_enabled then 'apply.emergency_stop.enable' else 'apply.emergency_stop.disable' end,
    'platform', 'apply', jsonb_strip_nulls(jsonb_build_object('reason', c.stop_reason, 'held', held, 'released', released)));
  return jsonb_build_object('enabled', c.emergency_stop, 'reason', c.stop_reason, 'changed_at', c.stop_changed_at,
                            'held', held, 'released', released);
end;
$$;
comment on function private.admin_set_emergency_stop(boolean, text) is
  'Admin: turns the platform-wide emergency stop on (queued applications held; runners refuse the submit) or off (held ones continue); audited. Returns {enabled, reason, changed_at, held, released}.';

-- private.admin_pause_user_applying(user, pause, reason) → text paused|resumed: one user's
-- applying held (queued applications held; no submit) or resumed. Audited (apply.user.pause|resume).
create function private.admin_pause_user_applying(p_user uuid, p_pause boolean, p_reason text default null)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  n integer := 0;
begin
  if not private.is_admin() then
    raise exception 'admins only' using errcode = '42501';
  end if;
  if p_pause is null then
    raise exception 'pause must be true or false' using errcode = '22023';
  end if;
  if not exists (select 1 from public.profiles p where p.id = p_user) then
    raise exception 'User not found.' using errcode = 'PT404';
  end if;
  insert into public.apply_settings (user_id) values (p_user) on conflict do nothing;
  update public.apply_settings s
     set admin_paused = p_pause, admin_paused_reason = case when p_pause then nullif(btrim(p_reason), '') end,
         admin_paused_at = case when p_pause then now() end
   where s.user_id = p_user;
  perform private.apply_note(jsonb_build_object('by', 'admin', 'reason', 'admin_pause'));
  if p_pause then
    n := private.hold_queued_applications('admin_pause', p_user);
  else
    n := private.release_held_applications('admin_pause', p_user);
  end if;
  perform private.admin_audit(case when p_pause then 'apply.user.pause' else 'apply.user.resume' end,
    'user', p_user::text, jsonb_strip_nulls(jsonb_build_object('reason', nullif(btrim(p_reason), ''),
      case when p_pause then 'held' else 'released' end, n)), p_user);
  return case when p_pause then 'paused' else 'resumed' end;
end;
$$;
comment on function private.admin_pause_user_applying(uuid, boolean, text) is
  'Admin: pauses (queued applications held, no submit) or resumes (held ones continue) one user''s applying; audited. PT404 unknown user.';

-- ---------------------------------------------------------------------------------------------
-- Runner functions (service_role)
-- ---------------------------------------------------------------------------------------------

-- private.apply_claim_payload(app, action): what the runner needs for one attempt.
create function private.apply_claim_payload(app public.job_applications, p_action text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'action', p_action,
    'claim_token', app.claim_token,
    'application', jsonb_build_object(
      'id', app.id, 'user_id', app.user_id, 'status', app.status, 'mode', app.mode, 'run_id', app.run_id,
      'portal', app.portal, 'attempts', app.attempts, 'approval', app.approval,
      'resume_version_id', app.resume_version_id, 'resume_choice', app.resume_choice,
      'cover_letter_text', app.cover_letter_text, 'answers', app.answers_json),
    'job', (select jsonb_build_object('id', j.id, 'portal', j.portal, 'external_job_id', j.external_job_id,
                                      'job_url', j.job_url, 'title', j.title, 'company', j.company,
                                      'description', j.description, 'requirements_snippet', j.requirements_snippet,
                                      'skills', to_jsonb(j.skills))
              from public.fetched_jobs j where j.id = app.fetched_job_id),
    'resume', (select jsonb_build_object('version_id', v.id, 'resume_id', v.resume_id, 'pdf_status', v.pdf_status,
                                         'pdf_storage_path', v.pdf_storage_path, 'resume_name', r.name)
                 from public.resume_versions v join public.resumes r on r.id = v.resume_id
                where v.id = app.resume_version_id),
    'applicant', (select jsonb_build_object('full_name', coalesce(p.display_name, split_part(p.email, '@', 1)), 'email', p.email)
                    from public.profiles p where p.id = app.user_id),
    'answer_bank', (select to_jsonb(b) - 'user_id' from public.apply_answer_banks b where b.user_id = app.user_id),
    'settings', (select jsonb_build_object('review_before_submit', s.review_before_submit,
                                           'pacing_min_seconds', s.pacing_min_seconds, 'pacing_max_seconds', s.pacing_max_seconds)
                   from public.apply_settings s where s.user_id = app.user_id));
$$;
comment on function private.apply_claim_payload(public.job_applications, text) is 'The runner''s view of one application: job, resume version, applicant, answer bank, given answers, settings.';

-- private.claim_job_application(id, lease_seconds) → jsonb {action, …}
-- The runner's entry for a job.apply.requested message, under a row lock:
--   skip      final, awaiting approval, or another attempt holds the lease (reason claimed, with
--             claimed_until: the runner retries this message after it, so a crashed holder's
--             work is picked up even when its own message is gone);
--   held      the emergency stop / an admin pause / a paused portal holds it (status held);
--   deferred  a cap or pacing: status queued, not_before set, re-dispatched then by the cron;
--   prepare   pending: choose documents (then private.job_application_prepared);
--   verify    found `submitting` (a runner died after recording the attempt): ask the portal first;
--   apply     go: attempts + 1.
-- prepare/verify/apply take the lease (claim_token, claimed_until = now() + lease_seconds).
create function private.claim_job_application(p_id uuid, p_lease_seconds integer default 600)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  app public.job_applications;
  hold text;
  d record;
  act text;
begin
  select * into app from public.job_applications a where a.id = p_id for update;
  if not found then
    return jsonb_build_object('action', 'skip', 'reason', 'not_found');
  end if;
  if app.status in ('submitted', 'failed', 'cancelled', 'needs_input', 'awaiting_approval') then
    return jsonb_build_object('action', 'skip', 'reason', app.status);
  end if;
  if app.claimed_until is not null and app.claimed_until > now() then
    return jsonb_build_object('action', 'skip', 'reason', 'claimed', 'claimed_until', app.claimed_until);
  end if;
  perform private.apply_note(jsonb_build_object('by', 'runner'));

  if app.status = 'pending' then
    act := 'prepare';
  else
    hold := private.apply_hold_reason(app.user_id, app.portal);
    if hold is not null and app.status <> 'submitting' then
      update public.job_applications a set status = 'held', held_reason = hold, dispatched_at = null,
             claim_token = null, claimed_until = null
       where a.id = app.id;
      return jsonb_build_object('action', 'held', 'reason', hold);
    end if;
    if app.status = 'submitting' then
      act := 'verify';
    else
      if app.status = 'held' then
        update public.job_applications a set status = 'queued', held_reason = null where a.id = app.id returning * into app;
      end if;
      if app.not_before is not null and app.not_before > now() then
        update public.job_applications a set dispatched_at = null where a.id = app.id;
        return jsonb_build_object('action', 'deferred', 'reason', app.defer_reason, 'not_before', app.not_before);
      end if;
      select * into d from private.apply_deferral(app);
      if d.not_before is not null then
        perform private.apply_note(jsonb_build_object('by', 'runner', 'reason', d.reason, 'not_before', d.not_before));
        update public.job_applications a set not_before = d.not_before, defer_reason = d.reason, dispatched_at = null
         where a.id = app.id;
        insert into public.job_application_events (application_id, user_id, kind, to_status, detail)
        values (app.id, app.user_id, 'note', 'queued', jsonb_build_object('by', 'runner', 'deferred', d.reason, 'not_before', d.not_before));
        return jsonb_build_object('action', 'deferred', 'reason', d.reason, 'not_before', d.not_before);
      end if;
      act := 'apply';
    end if;
  end if;

  update public.job_applications a
     set claim_token = gen_random_uuid(), claimed_until = now() + make_interval(secs => greatest(p_lease_seconds, 30)),
         attempts = a.attempts + case when act = 'apply' then 1 else 0 end,
         not_before = null, defer_reason = null
   where a.id = app.id
  returning * into app;
  if act in ('apply', 'verify') then
    insert into public.job_application_events (application_id, user_id, kind, from_status, to_status, detail)
    values (app.id, app.user_id, 'attempt', app.status, app.status,
            jsonb_build_object('by', 'runner', 'attempt', app.attempts, 'action', act));
  end if;
  return private.apply_claim_payload(app, act);
end;
$$;
comment on function private.claim_job_application(uuid, integer) is
  'Runner: claims an application for one step under a row lock → {action: skip|held|deferred|prepare|verify|apply, claim_token, application, job, resume, applicant, answer_bank, settings}. verify = found submitting (a crash after the attempt was recorded): ask the portal before applying.';

-- private.apply_check_claim(id, claim) → the locked application held by this claim; PT409 otherwise.
create function private.apply_check_claim(p_id uuid, p_claim uuid)
returns public.job_applications
language plpgsql
security definer
set search_path = ''
as $$
declare
  app public.job_applications;
begin
  select * into app from public.job_applications a where a.id = p_id for update;
  if not found or app.claim_token is distinct from p_claim then
    raise exception 'The application is not held by this claim.' using errcode = 'PT409';
  end if;
  return app;
end;
$$;
comment on function private.apply_check_claim(uuid, uuid) is 'The application locked, when this claim still holds it (PT409 otherwise: a lease lost to another runner).';

-- private.job_application_prepared(id, claim, version, choice, cover, cover_source, grounding) → text
-- The runner chose the documents of a pending application: awaiting_approval when it is a batch
-- or auto application and the user reviews before submit; else queued (the claim is kept: the
-- runner goes on to claim it for the attempt). An application without a version fails (resume_missing).
create function private.job_application_prepared(
  p_id uuid,
  p_claim uuid,
  p_version uuid,
  p_choice jsonb,
  p_cover text default null,
  p_cover_source text default null,
  p_grounding jsonb default null
)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  app public.job_applications := private.apply_check_claim(p_id, p_claim);
  review boolean;
  next_status text;
begin
  if app.status <> 'pending' then
    raise exception 'Only a pending application is prepared (this one is %).', app.status using errcode = 'PT409';
  end if;
  perform private.apply_note(jsonb_build_object('by', 'runner'));
  if p_version is null then
    update public.job_applications a
       set status = 'failed', claim_token = null, claimed_until = null, resume_choice = coalesce(p_choice, a.resume_choice),
           error_json = jsonb_build_object('code', 'resume_missing', 'message',
             'No resume version to send: build a resume first, then apply again.', 'at', now())
     where a.id = app.id;
    perform private.settle_apply_run(app.run_id);
    return 'failed';
  end if;
  select s.review_before_submit into review from public.apply_settings s where s.user_id = app.user_id;
  next_status := case when app.mode in ('auto', 'batch') and coalesce(review, true) then 'awaiting_approval' else 'queued' end;
  update public.job_applications a
     set status = next_status, approval = case when next_status = 'awaiting_approval' then 'pending' else a.approval end,
         resume_version_id = p_version, resume_choice = p_choice,
         cover_letter_text = coalesce(a.cover_letter_text, p_cover),
         cover_letter_source = coalesce(a.cover_letter_source, p_cover_source, case when p_cover is null then 'none' end),
         cover_letter_grounding = coalesce(a.cover_letter_grounding, p_grounding),
         claim_token = null, claimed_until = null, dispatched_at = case when next_status = 'queued' then now() end
   where a.id = app.id;
  if next_status = 'awaiting_approval' then
    perform private.settle_apply_run(app.run_id);
  end if;
  return next_status;
end;
$$;
comment on function private.job_application_prepared(uuid, uuid, uuid, jsonb, text, text, jsonb) is
  'Runner: records the chosen documents of a pending application → awaiting_approval (auto/batch with review) or queued (the runner continues); no version → failed resume_missing.';

-- private.begin_job_application_submit(id, claim) → jsonb {go, reason?, not_before?}
-- Called by the flow's beforeSubmit(), right before the final click, in its own transaction:
-- re-checks the emergency stop, holds, the daily and company caps and pacing under a per
-- (user, portal) advisory lock (two runners cannot both take the 25th slot), then records
-- `submitting` + attempt_started_at and moves the portal's pacing clock. go=false leaves nothing
-- submitted: held (status held) or deferred (status queued with not_before).
create function private.begin_job_application_submit(p_id uuid, p_claim uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  app public.job_applications := private.apply_check_claim(p_id, p_claim);
  hold text;
  d record;
  s public.apply_settings;
  pause_s integer;
begin
  if app.status not in ('queued', 'submitting') then
    raise exception 'This application cannot be submitted (it is %).', app.status using errcode = 'PT409';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('apply:' || app.user_id::text || ':' || app.portal, 0));
  perform private.apply_note(jsonb_build_object('by', 'runner'));
  hold := private.apply_hold_reason(app.user_id, app.portal);
  if hold is not null then
    update public.job_applications a set status = 'held', held_reason = hold, claim_token = null, claimed_until = null,
           dispatched_at = null
     where a.id = app.id;
    return jsonb_build_object('go', false, 'reason', hold);
  end if;
  select * into d from private.apply_deferral(app);
  if d.not_before is not null then
    update public.job_applications a set status = 'queued', not_before = d.not_before, defer_reason = d.reason,
           claim_token = null, claimed_until = null, dispatched_at = null
     where a.id = app.id;
    return jsonb_build_object('go', false, 'reason', d.reason, 'not_before', d.not_before);
  end if;
  select * into s from public.apply_settings x where x.user_id = app.user_id;
  pause_s := coalesce(s.pacing_min_seconds, 45)
             + floor(random() * (coalesce(s.pacing_max_seconds, 120) - coalesce(s.pacing_min_seconds, 45) + 1))::int;
  insert into public.apply_portal_state as ps (user_id, portal, next_submit_at)
  values (app.user_id, app.portal, now() + make_interval(secs => pause_s))
  on conflict (user_id, portal) do update set next_submit_at = excluded.next_submit_at;
  update public.job_applications a set status = 'submitting', attempt_started_at = now() where a.id = app.id;
  return jsonb_build_object('go', true, 'pacing_seconds', pause_s);
end;
$$;
comment on function private.begin_job_application_submit(uuid, uuid) is
  'Runner, right before the final submit click: re-checks stop/holds/caps/pacing under a per (user, portal) lock; go → status submitting + attempt_started_at (committed before the click) and the pacing clock moved; otherwise held or deferred with nothing submitted.';

-- private.pause_apply_portal(user, portal, reason, detail) → boolean: pauses a user's portal after
-- a block and holds its queued applications; emits job.apply.paused on the transition only.
create function private.pause_apply_portal(p_user uuid, p_portal text, p_reason text, p_detail text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  was boolean;
begin
  select ps.paused into was from public.apply_portal_state ps where ps.user_id = p_user and ps.portal = p_portal for update;
  insert into public.apply_portal_state as ps (user_id, portal, paused, pause_reason, pause_detail, paused_at)
  values (p_user, p_portal, true, p_reason, left(p_detail, 500), now())
  on conflict (user_id, portal) do update
    set paused = true, pause_reason = excluded.pause_reason, pause_detail = excluded.pause_detail,
        paused_at = case when ps.paused then ps.paused_at else now() end;
  perform private.hold_queued_applications('portal_paused', p_user, p_portal);
  if coalesce(was, false) then
    return false;
  end if;
  perform private.emit('job.apply.paused', jsonb_strip_nulls(jsonb_build_object(
    'user_id', p_user, 'portal', p_portal, 'reason', p_reason, 'detail', left(p_detail, 500))));
  return true;
end;
$$;
comment on function private.pause_apply_portal(uuid, text, text, text) is
  'Pauses a user''s portal after a block (captcha, sign_in, restricted, rate_limited), holds its queued applications, emits job.apply.paused on the transition; true when it was not paused before.';

-- private.finish_job_application_attempt(id, claim, outcome) → text (the new status)
-- The flow's outcome ({kind, …} as in scraper-runner/src/apply/flows/types.ts, plus optional
-- answers [..], sent_resume_path, verified):
--   submitted | already_applied → submitted, applied_at, the job (and duplicates) applied, job.applied;
--   needs_input → needs_input with the questions (the user is asked; nothing guessed);
--   held → nothing (begin_job_application_submit already held or deferred it);
--   blocked → held (portal_paused): the user's portal is paused with a notification;
--   closed → failed job_closed, the job expired;
--   failed → retried with back-off (not_before; status stays submitting when the click may have
--            happened, so the retry asks the portal first) until 3 attempts, then failed;
--            `permanent` (nothing a retry changes: no portal session, no resume PDF) fails at once
--            with the outcome's `code`.
-- The lease is released; the run may finish.
create function private.finish_job_application_attempt(p_id uuid, p_claim uuid, p_outcome jsonb)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  app public.job_applications := private.apply_check_claim(p_id, p_claim);
  kind text := p_outcome ->> 'kind';
  job public.fetched_jobs;
  new_status text;
  answers jsonb := coalesce(p_outcome -> 'answers', app.answers_json);
begin
  if kind is null or kind not in ('submitted', 'already_applied', 'needs_input', 'held', 'blocked', 'closed', 'failed') then
    raise exception 'unknown outcome kind %', coalesce(kind, 'null') using errcode = '22023';
  end if;
  select * into job from public.fetched_jobs j where j.id = app.fetched_job_id;
  perform private.apply_note(jsonb_strip_nulls(jsonb_build_object('by', 'runner', 'outcome', kind,
    'reason', p_outcome ->> 'reason', 'message', left(coalesce(p_outcome ->> 'error', p_outcome ->> 'detail'), 300))));

  if kind in ('submitted', 'already_applied') then
    update public.job_applications a
       set status = 'submitted', applied_at = coalesce(a.applied_at, now()),
           attempt_started_at = coalesce(a.attempt_started_at, now()),
           portal_application_id = coalesce(p_outcome ->> 'portalApplicationId', a.portal_application_id),
           answers_json = answers, sent_resume_path = coalesce(p_outcome ->> 'sent_resume_path', a.sent_resume_path),
           error_json = null, not_before = null, defer_reason = null, held_reason = null,
           claim_token = null, claimed_until = null
     where a.id = app.id;
    perform private.mark_group_jobs(app.user_id, app.duplicate_group_id, 'applied');
    if app.run_id is not null then
      update public.job_apply_runs r set total_applied = r.total_applied + 1 where r.id = app.run_id;
    end if;
    perform private.emit('job.applied', jsonb_strip_nulls(jsonb_build_object(
      'user_id', app.user_id, 'application_id', app.id, 'job_id', app.fetched_job_id, 'portal', app.portal,
      'title', job.title, 'company', job.company, 'mode', app.mode, 'run_id', app.run_id,
      'already_applied', kind = 'already_applied')));
    new_status := 'submitted';
  elsif kind = 'needs_input' then
    update public.job_applications a
       set status = 'needs_input', needs_input_json = coalesce(p_outcome -> 'questions', '[]'::jsonb), answers_json = answers,
           error_json = jsonb_build_object('code', 'needs_input', 'message',
             'A screening question needs your answer: nothing was guessed and nothing was submitted.', 'at', now()),
           claim_token = null, claimed_until = null
     where a.id = app.id;
    new_status := 'needs_input';
  elsif kind = 'held' then
    update public.job_applications a set claim_token = null, claimed_until = null
     where a.id = app.id and a.claim_token = p_claim
    returning a.status into new_status;
    new_status := coalesce(new_status, (select a.status from public.job_applications a where a.id = app.id));
  elsif kind = 'blocked' then
    update public.job_applications a
       set status = case when a.status = 'submitting' then 'submitting' else 'held' end,
           held_reason = case when a.status = 'submitting' then null else 'portal_paused' end,
           dispatched_at = null, claim_token = null, claimed_until = null,
           error_json = jsonb_build_object('code', 'blocked', 'message', 'The portal blocked the attempt: ' || coalesce(p_outcome ->> 'reason', 'blocked'),
                                           'detail', left(p_outcome ->> 'detail', 500), 'at', now())
     where a.id = app.id
    returning a.status into new_status;
    perform private.pause_apply_portal(app.user_id, app.portal, coalesce(p_outcome ->> 'reason', 'restricted'), p_outcome ->> 'detail');
    if new_status = 'submitting' then
      -- The click may have happened before the block: held like the others, asking the portal on release.
      update public.job_applications a set status = 'held', held_reason = 'portal_paused' where a.id = app.id;
      new_status := 'held';
    end if;
  elsif kind = 'closed' then
    update public.job_applications a
       set status = 'failed', claim_token = null, claimed_until = null,
           error_json = jsonb_build_object('code', 'job_closed', 'message', 'The job is no longer accepting applications.', 'at', now())
     where a.id = app.id;
    update public.fetched_jobs j set status = 'expired', updated_at = now()
     where j.user_id = app.user_id and (j.id = app.duplicate_group_id or j.duplicate_of = app.duplicate_group_id);
    new_status := 'failed';
  else
    if coalesce((p_outcome ->> 'permanent')::boolean, false) and app.status <> 'submitting' then
      update public.job_applications a
         set status = 'failed', claim_token = null, claimed_until = null,
             error_json = jsonb_build_object('code', coalesce(p_outcome ->> 'code', 'flow_failed'), 'message',
               left(coalesce(p_outcome ->> 'error', 'unknown error'), 300), 'at', now())
       where a.id = app.id;
      new_status := 'failed';
    elsif app.attempts >= 3 then
      update public.job_applications a
         set status = 'failed', claim_token = null, claimed_until = null,
             error_json = jsonb_build_object('code', 'attempts_exhausted', 'message',
               'Applying failed three times: ' || left(coalesce(p_outcome ->> 'error', 'unknown error'), 300), 'at', now())
       where a.id = app.id;
      new_status := 'failed';
    else
      update public.job_applications a
         set not_before = now() + make_interval(secs => 60 * power(2, a.attempts)::int), dispatched_at = null,
             claim_token = null, claimed_until = null,
             error_json = jsonb_build_object('code', 'flow_failed', 'message', left(coalesce(p_outcome ->> 'error', 'unknown error'), 300),
                                             'at', now())
       where a.id = app.id
      returning a.status into new_status;
    end if;
  end if;

  if new_status in ('failed', 'needs_input') and app.run_id is not null then
    update public.job_apply_runs r
       set errors_json = r.errors_json || jsonb_build_array(jsonb_build_object(
             'application_id', app.id, 'code', case when new_status = 'needs_input' then 'needs_input' else
               (select a.error_json ->> 'code' from public.job_applications a where a.id = app.id) end,
             'message', (select a.error_json ->> 'message' from public.job_applications a where a.id = app.id), 'at', now()))
     where r.id = app.run_id;
  end if;
  perform private.settle_apply_run(app.run_id);
  return new_status;
end;
$$;
comment on function private.finish_job_application_attempt(uuid, uuid, jsonb) is
  'Runner: records a flow''s outcome (submitted|already_applied → submitted + job.applied; needs_input; held; blocked → portal paused + held; closed → failed job_closed; failed → retried with back-off up to 3 attempts) and releases the lease; the run may finish. Returns the new status.';

-- private.dispatch_due_job_applications() → integer (pg_cron, every minute): dispatches queued
-- (and interrupted submitting) applications whose not_before has passed and that have no
-- message out (dispatched_at null), and leases that expired with no message left.
create function private.dispatch_due_job_applications()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  app_id uuid;
  n integer := 0;
begin
  for app_id in
    select a.id from public.job_applications a
     where a.status in ('queued', 'submitting') and a.dispatched_at is null
       and (a.not_before is null or a.not_before <= now())
       and (a.claimed_until is null or a.claimed_until < now())
       and private.apply_hold_reason(a.user_id, a.portal) is null
     order by a.not_before nulls first, a.created_at
     limit 500
     for update skip locked
  loop
    perform private.dispatch_job_application(app_id);
    n := n + 1;
  end loop;
  return n;
end;
$$;
comment on function private.dispatch_due_job_applications() is
  'pg_cron (every minute): dispatches queued/interrupted applications whose deferral passed and that have no message out (≤ 500 per tick); returns how many.';

-- private.auto_apply_after_fetch(envelope) (sql consumer of jobs.fetched, queue job_apply_auto):
-- when the user's auto_apply is on, every canonical job of the fetch run at or above the user's
-- match threshold, not skipped or expired and not applied to, gets a pending auto application in
-- one auto run (documents prepared by the runner, then approval or queue). Exactly once with any
-- concurrent batch: the same unique constraint.
create function private.auto_apply_after_fetch(envelope jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (envelope #>> '{payload,user_id}')::uuid;
  fetch_run uuid := (envelope #>> '{payload,run_id}')::uuid;
  threshold integer;
  new_run uuid;
  jid uuid;
  r record;
  n integer := 0;
begin
  if not coalesce((select s.auto_apply from public.job_settings s where s.user_id = uid), false) then
    return;
  end if;
  select s.match_threshold into threshold from public.apply_settings s where s.user_id = uid;
  for jid in
    select j.id from public.fetched_jobs j
     where j.user_id = uid and j.run_id = fetch_run and j.duplicate_of is null
       and j.match_score >= coalesce(threshold, 70) and j.status in ('new', 'reviewed', 'queued')
       and not exists (select 1 from public.job_applications a where a.user_id = uid and a.duplicate_group_id = j.id)
     order by j.match_score desc, j.id
  loop
    if new_run is null then
      insert into public.job_apply_runs (user_id, mode, fetch_run_id) values (uid, 'auto', fetch_run) returning id into new_run;
    end if;
    select * into r from private.create_job_application(uid, jid, 'auto', new_run, 'pending');
    if r.outcome <> 'exists' then
      n := n + 1;
      perform private.dispatch_job_application(r.application_id);
    end if;
  end loop;
  if new_run is not null then
    update public.job_apply_runs x set total_queued = n where x.id = new_run;
    if n = 0 then
      perform private.settle_apply_run(new_run);
    end if;
  end if;
end;
$$;
comment on function private.auto_apply_after_fetch(jsonb) is
  'SQL consumer of jobs.fetched (queue job_apply_auto): with auto_apply on, queues every canonical job of the fetch run at or above the match threshold not applied to yet (one auto run, pending applications dispatched to the runner).';

-- Notification context: the portal's label and, for a pause, why and what to do.
create function private.apply_notification_context(payload jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'portal_label', case payload ->> 'portal' when 'linkedin' then 'LinkedIn' when 'naukri' then 'Naukri'
                                              when 'indeed' then 'Indeed' else coalesce(payload ->> 'portal', '') end,
    'why', case payload ->> 'reason'
             when 'captcha' then 'showed a captcha'
             when 'sign_in' then 'asked to sign in again'
             when 'restricted' then 'says your account is restricted'
             when 'rate_limited' then 'is limiting how fast you apply'
             else 'blocked an application' end,
    'what', case payload ->> 'reason'
             when 'captcha' then 'Sign in to the portal in your browser, solve the check, then resume applying on it.'
             when 'sign_in' then 'Reconnect the portal in Integrations with a fresh session, then resume applying on it.'
             when 'restricted' then 'Check your account on the portal and resolve the restriction before resuming.'
             when 'rate_limited' then 'Wait a few hours, consider lowering your daily cap, then resume.'
             else 'Check the portal, then resume applying on it.' end);
$$;
comment on function private.apply_notification_context(jsonb) is 'Notification context of job.applied / job.apply.paused: {portal_label, why, what} (the same words as contract/apply.ts PORTAL_PAUSE_ADVICE).';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on function
  private.apply_settings_for_new_profile(),
  private.apply_note(jsonb),
  private.apply_next_day_start(timestamptz),
  private.apply_day_start(timestamptz),
  private.apply_daily_cap(uuid, text),
  private.apply_used_today(uuid, text, uuid),
  private.apply_hold_reason(uuid, text),
  private.apply_deferral(public.job_applications),
  private.dispatch_job_application(uuid),
  private.release_held_applications(text, uuid, text),
  private.hold_queued_applications(text, uuid, text),
  private.settle_apply_run(uuid),
  private.mark_group_jobs(uuid, uuid, text),
  private.create_job_application(uuid, uuid, text, uuid, text, uuid, jsonb, text, text, jsonb),
  private.apply_single(uuid, uuid, jsonb, text, text, jsonb),
  private.apply_batch(uuid[], uuid),
  private.set_auto_apply(boolean),
  private.save_apply_settings(jsonb),
  private.save_answer_bank(jsonb),
  private.user_application_for_update(uuid),
  private.set_application_response(uuid, text, text),
  private.approve_job_application(uuid, text, boolean),
  private.approve_all_job_applications(uuid),
  private.reject_job_application(uuid),
  private.answer_job_application(uuid, jsonb),
  private.resume_apply_portal(text),
  private.admin_set_emergency_stop(boolean, text),
  private.admin_pause_user_applying(uuid, boolean, text),
  private.apply_claim_payload(public.job_applications, text),
  private.claim_job_application(uuid, integer),
  private.apply_check_claim(uuid, uuid),
  private.job_application_prepared(uuid, uuid, uuid, jsonb, text, text, jsonb),
  private.begin_job_application_submit(uuid, uuid),
  private.pause_apply_portal(uuid, text, text, text),
  private.finish_job_application_attempt(uuid, uuid, jsonb),
  private.dispatch_due_job_applications(),
  private.auto_apply_after_fetch(jsonb),
  private.apply_notification_context(jsonb)
  from public, anon, authenticated, service_role;

grant execute on function
  private.apply_single(uuid, uuid, jsonb, text, text, jsonb),
  private.apply_batch(uuid[], uuid),
  private.set_auto_apply(boolean),
  private.save_apply_settings(jsonb),
  private.save_answer_bank(jsonb),
  private.set_application_response(uuid, text, text),
  private.approve_job_application(uuid, text, boolean),
  private.approve_all_job_applications(uuid),
  private.reject_job_application(uuid),
  private.answer_job_application(uuid, jsonb),
  private.resume_apply_portal(text),
  private.admin_set_emergency_stop(boolean, text),
  private.admin_pause_user_applying(uuid, boolean, text),
  private.apply_daily_cap(uuid, text),
  private.apply_used_today(uuid, text, uuid),
  private.apply_next_day_start(timestamptz),
  private.apply_day_start(timestamptz)
  to authenticated;
grant execute on function
  private.claim_job_application(uuid, integer),
  private.job_application_prepared(uuid, uuid, uuid, jsonb, text, text, jsonb),
  private.begin_job_application_submit(uuid, uuid),
  private.finish_job_application_attempt(uuid, uuid, jsonb),
  private.dispatch_due_job_applications(),
  private.apply_daily_cap(uuid, text),
  private.apply_used_today(uuid, text, uuid),
  private.apply_next_day_start(timestamptz),
  private.apply_day_start(timestamptz)
  to service_role;

-- ---------------------------------------------------------------------------------------------
-- Events, queues, notifications
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'job.apply.requested',
  'An application is due for the runner (queued, approved, released from a hold or a deferral); the runner claims it and applies.',
  '{"required": {"user_id": "uuid", "application_id": "uuid"}}'
);
select private.register_event_type(
  'job.applied',
  'The portal has a user''s application (each submission once; already_applied: the portal had it before).',
  '{"required": {"user_id": "uuid", "application_id": "uuid", "job_id": "uuid", "portal": "string", "title": "string", "company": "string", "mode": "string"},
    "optional": {"run_id": "uuid", "already_applied": "boolean"}}'
);
select private.register_event_type(
  'job.apply.summary',
  'An apply run finished: every application of it reached a final state or waits for approval.',
  '{"required": {"user_id": "uuid", "run_id": "uuid", "mode": "string", "status": "string", "total_queued": "integer", "total_applied": "integer", "total_failed": "integer"},
    "optional": {"awaiting_approval": "integer"}}'
);
select private.register_event_type(
  'job.apply.paused',
  'A user''s portal was paused automatically after a block (captcha, sign_in, restricted, rate_limited): why and what to do.',
  '{"required": {"user_id": "uuid", "portal": "string", "reason": "string"}, "optional": {"detail": "string"}}'
);

select private.register_route('job.apply.requested', 'job_apply');
-- The queue's handler is in the runner (scraper-runner/src/apply). One attempt drives a browser
-- for up to a few minutes: the visibility timeout outlasts it; a redelivery finds the lease.
select private.register_consumer('job_apply', 'runner', 'scraper-runner: job_apply',
  max_attempts => 5, visibility_timeout_s => 600, batch_size => 2, enabled => true,
  description => 'Job Application: prepare documents, then apply through the portal''s flow (stop flag, caps and pacing checked right before the submit; exactly once).');

select private.register_route('jobs.fetched', 'job_apply_auto');
select private.register_consumer('job_apply_auto', 'sql', 'private.auto_apply_after_fetch',
  max_attempts => 5, visibility_timeout_s => 60, batch_size => 20, enabled => true,
  description => 'Job Application: after each fetch, queue the jobs at or above the user''s match threshold when auto-apply is on.');

select notifications.register_template('job.applied', 'submitted', priority => 10,
  condition => '$.already_applied != true',
  title => 'Applied: {{payload.title}} at {{payload.company}}',
  body => 'Submitted on {{context.portal_label}}.',
  link => '/applications?id={{payload.application_id}}',
  context_function => 'private.apply_notification_context');
select notifications.register_template('job.apply.summary', 'awaiting', priority => 10,
  condition => '$.total_queued > 0 && $.awaiting_approval > 0',
  title => 'Applying finished: {{payload.total_applied}} submitted, {{payload.total_failed}} not',
  body => '{{payload.awaiting_approval}} waiting for your approval.',
  link => '/applications?run={{payload.run_id}}');
select notifications.register_template('job.apply.summary', 'done', priority => 20,
  condition => '$.total_queued > 0',
  title => 'Applying finished: {{payload.total_applied}} submitted, {{payload.total_failed}} not',
  link => '/applications?run={{payload.run_id}}');
select notifications.register_template('job.apply.paused', 'paused', priority => 10,
  title => 'Applying on {{context.portal_label}} is paused',
  body => '{{context.portal_label}} {{context.why}}. {{context.what}}',
  link => '/job-control',
  context_function => 'private.apply_notification_context');

-- ---------------------------------------------------------------------------------------------
-- Cron (idempotent): deferred applications whose time has come, every minute.
-- ---------------------------------------------------------------------------------------------
do $$
begin
  if exists (select 1 from cron.job where jobname = 'job-apply-dispatch') then
    perform cron.unschedule('job-apply-dispatch');
  end if;
  perform cron.schedule('job-apply-dispatch', '* * * * *', 'select private.dispatch_due_job_applications()');
end
$$;
