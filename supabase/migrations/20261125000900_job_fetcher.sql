-- ======================================================================================
-- Job Fetcher stack: fetch runs per (user, portal) (public.job_fetch_runs) and the jobs they
-- found (public.fetched_jobs): raw portal text beside the normalised values (LPA, experience
-- band, canonical cities, posted_at), the match score with its readable breakdown, and
-- cross-portal duplicates linked to one canonical row (duplicate_of, pg_trgm similarity).
--
-- Users read their own rows (admins read all); nobody writes these tables directly. Writes:
--
--   private.request_job_fetch(portals)               user (auth.uid()): one running run per
--                                   requested portal not already running, jobs.fetch.requested each
--   private.ingest_fetched_jobs(user, portal, run, jobs)   service_role (the function's internal
--                                   ingest route): set-based upsert + dedup of one normalised,
--                                   scored batch, in the caller's transaction
--   private.finish_job_fetch_run(run, status, pages, errors, blocked_until)   service_role (the
--                                   runner): the run's outcome, jobs.fetched
--   private.set_job_status(job, status)              user: reviewed|queued|skipped|new, on the
--                                   canonical row and every duplicate of it
--   private.schedule_job_fetches()                   pg_cron: stale runs → failed; due
--                                   (user, portal) pairs of active searches → new runs
--
-- Normalisation (salary → LPA, experience, cities, relative dates, company/title keys) and the
-- match score are computed in TypeScript by the ingest route (supabase/functions/job-fetcher/
-- normalise.ts, score.ts): one definition, unit-tested; this file stores and dedups their output.
-- ======================================================================================

create extension if not exists pg_trgm with schema extensions;

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.job_fetch_runs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  portal text not null check (portal in ('linkedin', 'naukri', 'indeed')),
  trigger text not null check (trigger in ('manual', 'schedule')),
  status text not null default 'running' check (status in ('running', 'completed', 'failed')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  jobs_found integer not null default 0 check (jobs_found >= 0),
  new_jobs_added integer not null default 0 check (new_jobs_added >= 0),
  pages_fetched integer not null default 0 check (pages_fetched >= 0),
  errors_json jsonb not null default '[]'::jsonb check (jsonb_typeof(errors_json) = 'array'),
  blocked_until timestamptz,
  constraint job_fetch_runs_finished_has_time check (status = 'running' or finished_at is not null)
);
comment on table public.job_fetch_runs is
  'One fetch of one portal for one user (manual Fetch now, or the schedule). At most one running run per (user, portal) (partial unique index). Owner and admins read; written by private.request_job_fetch, private.schedule_job_fetches, private.ingest_fetched_jobs (counts) and private.finish_job_fetch_run.';
comment on column public.job_fetch_runs.jobs_found is 'Jobs the portal listed in this run (every ingested entry, new or seen before).';
comment on column public.job_fetch_runs.new_jobs_added is 'Jobs stored for the first time by this run (not counting cross-portal duplicates).';
comment on column public.job_fetch_runs.errors_json is
  'What went wrong, for the user: [{code, message, page?, at}] with codes rate_limited, captcha, sign_in_wall, blocked, http_error, malformed, timeout.';
comment on column public.job_fetch_runs.blocked_until is
  'The portal refused this user''s fetch (429, captcha, sign-in wall): the schedule leaves the portal alone for this user until then.';

create unique index job_fetch_runs_one_running_idx on public.job_fetch_runs (user_id, portal) where status = 'running';
comment on index public.job_fetch_runs_one_running_idx is 'Runs never overlap per (user, portal).';
create index job_fetch_runs_user_started_idx on public.job_fetch_runs (user_id, started_at desc);
comment on index public.job_fetch_runs_user_started_idx is 'Run history; the last run per portal.';

create table public.fetched_jobs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  portal text not null check (portal in ('linkedin', 'naukri', 'indeed')),
  external_job_id text not null check (char_length(external_job_id) between 1 and 200),
  run_id uuid references public.job_fetch_runs (id) on delete set null,
  title text not null check (char_length(title) between 1 and 300),
  company text not null check (char_length(company) between 1 and 300),
  location text check (char_length(location) <= 500),
  locations text[] not null default '{}',
  work_mode text check (work_mode in ('onsite', 'remote', 'hybrid')),
  salary_text text check (char_length(salary_text) <= 200),
  lpa_min numeric(7, 2) check (lpa_min >= 0),
  lpa_max numeric(7, 2) check (lpa_max >= 0),
  experience_text text check (char_length(experience_text) <= 100),
  exp_min numeric(4, 1) check (exp_min >= 0),
  exp_max numeric(4, 1) check (exp_max >= 0),
  job_url text not null check (job_url ~ '^https?://' and char_length(job_url) <= 2000),
  description text check (char_length(description) <= 50000),
  description_snippet text generated always as (left(regexp_replace(description, '\s+', ' ', 'g'), 300)) stored,
  requirements_snippet text check (char_length(requirements_snippet) <= 2000),
  skills text[] not null default '{}',
  company_type text check (company_type in ('product', 'service', 'startup', 'mnc', 'government', 'consulting', 'non_profit')),
  posted_text text check (char_length(posted_text) <= 100),
  posted_at timestamptz,
  fetched_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  match_score smallint not null default 0 check (match_score between 0 and 100),
  match_breakdown jsonb not null default '[]'::jsonb check (jsonb_typeof(match_breakdown) = 'array'),
  status text not null default 'new' check (status in ('new', 'reviewed', 'queued', 'applied', 'skipped', 'expired')),
  norm_company text not null,
  norm_title text not null,
  duplicate_of uuid references public.fetched_jobs (id) on delete set null,
  constraint fetched_jobs_user_portal_external_key unique (user_id, portal, external_job_id),
  constraint fetched_jobs_lpa_order check (lpa_min is null or lpa_max is null or lpa_min <= lpa_max),
  constraint fetched_jobs_exp_order check (exp_min is null or exp_max is null or exp_min <= exp_max),
  constraint fetched_jobs_not_own_duplicate check (duplicate_of is null or duplicate_of <> id)
);
comment on table public.fetched_jobs is
  'Jobs fetched for a user from a portal (or an external feed through the ingest route), one row per (user, portal, external_job_id): the portal''s raw text beside the normalised values, the match score with its breakdown, and duplicate_of pointing at the canonical row when the same job was already stored from another portal. Owner and admins read; written by private.ingest_fetched_jobs and private.set_job_status.';
comment on column public.fetched_jobs.location is 'The portal''s raw location text (e.g. "Hybrid - Pune, Bengaluru", "Bangalore/Bengaluru, Mumbai (All Areas)").';
comment on column public.fetched_jobs.locations is 'Canonical city names (Bengaluru, Mumbai, Delhi NCR, Gurugram…), or {Remote}.';
comment on column public.fetched_jobs.salary_text is 'The raw salary text (e.g. "₹ 12-18 Lacs P.A.", "Not disclosed").';
comment on column public.fetched_jobs.lpa_min is 'Salary lower bound in lakh rupees per annum; null when undisclosed (never 0 for unknown).';
comment on column public.fetched_jobs.lpa_max is 'Salary upper bound in LPA; equals lpa_min for a single figure.';
comment on column public.fetched_jobs.experience_text is 'The raw experience text (e.g. "3-5 Yrs", "Fresher").';
comment on column public.fetched_jobs.exp_min is 'Experience band lower bound in years.';
comment on column public.fetched_jobs.exp_max is 'Experience band upper bound in years; null for an open band ("5+ years").';
comment on column public.fetched_jobs.posted_text is 'The raw posted label (e.g. "3 days ago", "Just now", "30+ days ago").';
comment on column public.fetched_jobs.posted_at is 'posted_text resolved against the fetch time (or the portal''s own timestamp).';
comment on column public.fetched_jobs.match_score is '0–100: how well the job fits the user''s job settings and skills (supabase/functions/job-fetcher/score.ts).';
comment on column public.fetched_jobs.match_breakdown is 'The score''s parts for the user: [{factor, label, points, max, detail}].';
comment on column public.fetched_jobs.norm_company is 'Company key for dedup: lower case, legal suffixes (Ltd, Limited, Pvt, Inc…) and punctuation removed.';
comment on column public.fetched_jobs.norm_title is 'Title key for dedup: lower case, abbreviations expanded (Sr. → senior), punctuation removed.';
comment on column public.fetched_jobs.duplicate_of is 'The canonical row (another portal, stored earlier) this job duplicates; listed once, status shared.';

create index fetched_jobs_user_score_idx on public.fetched_jobs (user_id, match_score desc, id) where duplicate_of is null;
comment on index public.fetched_jobs_user_score_idx is 'The jobs list, best match first (canonical rows).';
create index fetched_jobs_user_posted_idx on public.fetched_jobs (user_id, posted_at desc nulls last, id) where duplicate_of is null;
comment on index public.fetched_jobs_user_posted_idx is 'The jobs list, newest first.';
create index fetched_jobs_duplicate_of_idx on public.fetched_jobs (duplicate_of) where duplicate_of is not null;
comment on index public.fetched_jobs_duplicate_of_idx is 'The "also on" rows of a canonical job.';
create index fetched_jobs_run_idx on public.fetched_jobs (run_id) where run_id is not null;
comment on index public.fetched_jobs_run_idx is 'Jobs of a run (the notification link, on delete set null).';
-- No trigram index: every read and the dedup are scoped to one user first (btree on user_id),
-- where a user's few thousand rows are compared directly with pg_trgm's similarity(); a
-- table-wide trigram index is not selective per user (probing it made a 10k-job ingest take
-- seconds) and its upkeep cost about a third of the ingest time.

-- Platform settings of the schedule (one row): how often an active search fetches each portal,
-- when a running run counts as dead, how long a blocked portal is left alone by default.
create table private.job_fetcher_config (
  id boolean primary key default true check (id),
  fetch_interval interval not null default interval '6 hours' check (fetch_interval >= interval '5 minutes'),
  stale_after interval not null default interval '30 minutes' check (stale_after >= interval '1 minute'),
  default_backoff interval not null default interval '2 hours' check (default_backoff >= interval '0'),
  retry_failed_after interval not null default interval '30 minutes' check (retry_failed_after >= interval '0')
);
comment on table private.job_fetcher_config is
  'Job Fetcher schedule settings (one row): fetch_interval (platform default 6 hours) per (user, portal) of active searches; stale_after: a running run older than this is marked failed (its runner died); retry_failed_after: a failed run that was not a block is retried this long after it ended; default_backoff after a block without Retry-After.';
insert into private.job_fetcher_config default values;

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.job_fetch_runs enable row level security;

create policy job_fetch_runs_select_own on public.job_fetch_runs
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy job_fetch_runs_select_own on public.job_fetch_runs is 'A user reads their own fetch runs.';

create policy job_fetch_runs_select_admin on public.job_fetch_runs
  for select to authenticated
  using ((select private.is_admin()));
comment on policy job_fetch_runs_select_admin on public.job_fetch_runs is 'Admins read every user''s fetch runs.';

alter table public.fetched_jobs enable row level security;

create policy fetched_jobs_select_own on public.fetched_jobs
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy fetched_jobs_select_own on public.fetched_jobs is 'A user reads their own fetched jobs.';

create policy fetched_jobs_select_admin on public.fetched_jobs
  for select to authenticated
  using ((select private.is_admin()));
comment on policy fetched_jobs_select_admin on public.fetched_jobs is 'Admins read every user''s fetched jobs.';
-- No insert/update/delete policies: writes go through the private.* functions below.

alter table private.job_fetcher_config enable row level security;

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- private.start_job_fetch_runs(user_id, portals, trigger) → setof public.job_fetch_runs
-- Inserts a running run for each portal of `portals` that has none running for the user and
-- emits jobs.fetch.requested {user_id, run_id, portal, trigger} for each (the runner fetches).
-- Portals already running are skipped (the partial unique index settles concurrent callers).
create function private.start_job_fetch_runs(p_user_id uuid, p_portals text[], p_trigger text)
returns setof public.job_fetch_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.job_fetch_runs;
  p text;
begin
  foreach p in array coalesce(p_portals, '{}') loop
    insert into public.job_fetch_runs (user_id, portal, trigger)
    values (p_user_id, p, p_trigger)
    on conflict (user_id, portal) where status = 'running' do nothing
    returning * into run;
    if found then
      perform private.emit('jobs.fetch.requested',
        jsonb_build_object('user_id', p_user_id, 'run_id', run.id, 'portal', p, 'trigger', p_trigger));
      return next run;
    end if;
  end loop;
end;
$$;
comment on function private.start_job_fetch_runs(uuid, text[], text) is
  'Starts a run per portal not already running for the user (no overlap: partial unique index), emitting jobs.fetch.requested for each; returns the runs started.';

-- private.request_job_fetch(portals) → jsonb (user: auth.uid())
-- "Fetch now": portals default to the caller's enabled portals (job_settings.portals). Returns
-- {started: [run…], running: [run…]}: the runs started now and the runs already running for the
-- other requested portals (a second click joins them instead of fetching twice).
create function private.request_job_fetch(portals text[] default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  wanted text[];
  started jsonb;
begin
  wanted := coalesce(portals, (select s.portals from public.job_settings s where s.user_id = uid), '{}');
  if cardinality(wanted) = 0 then
    raise exception 'No portal to fetch: enable LinkedIn, Naukri or Indeed in Job Control first.'
      using errcode = 'PT409';
  end if;
  if not wanted <@ array['linkedin', 'naukri', 'indeed'] then
    raise exception 'unknown portal in %', wanted using errcode = '22023';
  end if;
  select coalesce(jsonb_agg(to_jsonb(r)), '[]'::jsonb) into started
    from private.start_job_fetch_runs(uid, wanted, 'manual') r;
  return jsonb_build_object(
    'started', started,
    'running', (select coalesce(jsonb_agg(to_jsonb(r)), '[]'::jsonb) from public.job_fetch_runs r
                 where r.user_id = uid and r.status = 'running' and r.portal = any (wanted)
                   and not (started @> jsonb_build_array(jsonb_build_object('id', r.id)))));
end;
$$;
comment on function private.request_job_fetch(text[]) is
  'Caller (auth.uid()) asks to fetch now: starts a run per requested portal (default: job_settings.portals) not already running; returns {started, running}. PT409 when no portal is enabled.';

-- private.ingest_fetched_jobs(user_id, portal, run_id, jobs) → jsonb (service_role)
-- One batch of normalised, scored jobs of one portal, set-based, in the caller's transaction:
--   1. upsert by (user, portal, external_job_id) — the same posting updates, never inserts
--      (status, fetched_at and duplicate_of of a stored row are kept);
--   2. links each row of this batch that is not yet linked to a canonical row of ANOTHER portal
--      of the same user: similar company key and title key (pg_trgm similarity) and a shared
--      canonical city (or both remote); the canonical row is never itself a duplicate;
--   3. adds the counts to the run (when given, and the user's).
-- `jobs` (json, not jsonb: parsed once, about a third faster for a 10 MB batch): [{external_job_id, title, company, location, locations[], work_mode, salary_text,
-- lpa_min, lpa_max, experience_text, exp_min, exp_max, job_url, description, requirements_snippet,
-- skills[], company_type, posted_text, posted_at, match_score, match_breakdown, norm_company,
-- norm_title}], one entry per external_job_id (the route keeps the last).
-- Returns {received, inserted, updated, duplicates}: duplicates = rows of this batch linked to
-- another portal's canonical row. Set-based throughout: 10k jobs are a few statements, not 10k.
create function private.ingest_fetched_jobs(p_user_id uuid, p_portal text, p_run_id uuid, p_jobs json)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  received integer := json_array_length(p_jobs);
  n_inserted integer;
  n_updated integer;
  n_duplicates integer;
  n_new_canonical integer;
begin
  if p_run_id is not null and not exists (
    select 1 from public.job_fetch_runs r where r.id = p_run_id and r.user_id = p_user_id and r.portal = p_portal
  ) then
    raise exception 'run % is not a % run of this user', p_run_id, p_portal using errcode = 'PT404';
  end if;

  -- One statement: the batch's other-portal duplicates are found among the user's rows stored
  -- before (a batch holds one portal, so every candidate is already there), then the rows are
  -- upserted with their duplicate_of, and RETURNING gives the counts. The user's canonical rows
  -- of other portals are joined per shared canonical city and on the first three letters of the
  -- company key (a hash join: the blocking key), then compared with pg_trgm similarity on the
  -- company and title keys.
  with src as (
    select *
      from json_to_recordset(p_jobs) as j(
        external_job_id text, title text, company text, location text, locations text[], work_mode text,
        salary_text text, lpa_min numeric, lpa_max numeric, experience_text text, exp_min numeric,
        exp_max numeric, job_url text, description text, requirements_snippet text, skills text[],
        company_type text, posted_text text, posted_at timestamptz, match_score smallint,
        match_breakdown jsonb, norm_company text, norm_title text)
  ), candidates as (
    select c.id, c.norm_company, c.norm_title, c.fetched_at, cc.city
      from public.fetched_jobs c
      cross join lateral unnest(c.locations) as cc(city)
     where c.user_id = p_user_id and c.portal <> p_portal and c.duplicate_of is null
  ), matched as (
    select distinct on (s.external_job_id) s.external_job_id, c.id as canonical_id
      from src s
      cross join lateral unnest(s.locations) as sc(city)
      join candidates c on c.city = sc.city and left(c.norm_company, 3) = left(s.norm_company, 3)
     where extensions.similarity(c.norm_company, s.norm_company) >= 0.5
       and extensions.similarity(c.norm_title, s.norm_title) >= 0.55
     order by s.external_job_id,
              extensions.similarity(c.norm_company, s.norm_company)
                + extensions.similarity(c.norm_title, s.norm_title) desc,
              c.fetched_at, c.id
  ), up as (
    insert into public.fetched_jobs as f (
      user_id, portal, external_job_id, run_id, title, company, location, locations, work_mode, salary_text,
      lpa_min, lpa_max, experience_text, exp_min, exp_max, job_url, description, requirements_snippet, skills,
      company_type, posted_text, posted_at, match_score, match_breakdown, norm_company, norm_title, duplicate_of)
    select p_user_id, p_portal, s.external_job_id, p_run_id, s.title, s.company, s.location,
           coalesce(s.locations, '{}'), s.work_mode, s.salary_text, s.lpa_min, s.lpa_max, s.experience_text,
           s.exp_min, s.exp_max, s.job_url, s.description, s.requirements_snippet, coalesce(s.skills, '{}'),
           s.company_type, s.posted_text, s.posted_at, coalesce(s.match_score, 0),
           coalesce(s.match_breakdown, '[]'::jsonb), s.norm_company, s.norm_title, m.canonical_id
      from src s
      left join matched m on m.external_job_id = s.external_job_id
    on conflict on constraint fetched_jobs_user_portal_external_key do update
      set run_id = coalesce(excluded.run_id, f.run_id), title = excluded.title, company = excluded.company,
          location = excluded.location, locations = excluded.locations, work_mode = excluded.work_mode,
          salary_text = excluded.salary_text, lpa_min = excluded.lpa_min, lpa_max = excluded.lpa_max,
          experience_text = excluded.experience_text, exp_min = excluded.exp_min, exp_max = excluded.exp_max,
          job_url = excluded.job_url, description = coalesce(excluded.description, f.description),
          requirements_snippet = coalesce(excluded.requirements_snippet, f.requirements_snippet),
          skills = excluded.skills, company_type = coalesce(excluded.company_type, f.company_type),
          posted_text = coalesce(excluded.posted_text, f.posted_text),
          posted_at = coalesce(f.posted_at, excluded.posted_at),
          match_score = excluded.match_score, match_breakdown = excluded.match_breakdown,
          norm_company = excluded.norm_company, norm_title = excluded.norm_title, updated_at = now(),
          -- A stored link stays; a row other portals' copies point at stays canonical.
          duplicate_of = case
            when f.duplicate_of is not null then f.duplicate_of
            when exists (select 1 from public.fetched_jobs d where d.duplicate_of = f.id) then null
            else excluded.duplicate_of
          end
    returning (f.xmax = 0) as inserted, f.duplicate_of is not null as duplicate
  )
  select count(*) filter (where inserted), count(*) filter (where not inserted),
         count(*) filter (where duplicate), count(*) filter (where inserted and not duplicate)
    into n_inserted, n_updated, n_duplicates, n_new_canonical
    from up;

  if p_run_id is not null then
    update public.job_fetch_runs r
       set jobs_found = r.jobs_found + received,
           new_jobs_added = r.new_jobs_added + n_new_canonical,
           pages_fetched = r.pages_fetched + 1
     where r.id = p_run_id;
  end if;

  return jsonb_build_object('received', received, 'inserted', n_inserted, 'updated', n_updated,
                            'duplicates', n_duplicates);
end;
$$;
comment on function private.ingest_fetched_jobs(uuid, text, uuid, json) is
  'Service role (the ingest route): upserts one normalised, scored batch of a portal''s jobs by (user, portal, external_job_id), links cross-portal duplicates (pg_trgm on company/title keys + shared city) to their canonical row, adds the run''s counts; returns {received, inserted, updated, duplicates}.';

-- private.finish_job_fetch_run(run_id, status, errors, blocked_until) (service_role, the runner)
-- Records a running run's outcome (completed | failed), appends errors, sets the back-off, and
-- emits jobs.fetched {user_id, run_id, portal, count, new_count} (its notification fires when
-- new_count > 0). A finished run is left as it is (a redelivered message changes nothing).
create function private.finish_job_fetch_run(
  p_run_id uuid,
  p_status text,
  p_errors jsonb default '[]'::jsonb,
  p_blocked_until timestamptz default null
)
returns public.job_fetch_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  run public.job_fetch_runs;
begin
  if p_status is null or p_status not in ('completed', 'failed') then
    raise exception 'status must be completed or failed, not %', coalesce(p_status, 'null') using errcode = '22023';
  end if;
  if jsonb_typeof(coalesce(p_errors, '[]'::jsonb)) <> 'array' then
    raise exception 'errors must be a JSON array' using errcode = '22023';
  end if;
  update public.job_fetch_runs r
     set status = p_status, finished_at = now(), errors_json = r.errors_json || coalesce(p_errors, '[]'::jsonb),
         blocked_until = p_blocked_until
   where r.id = p_run_id and r.status = 'running'
  returning * into run;
  if found then
    perform private.emit('jobs.fetched', jsonb_build_object(
      'user_id', run.user_id, 'run_id', run.id, 'portal', run.portal, 'count', run.jobs_found,
      'new_count', run.new_jobs_added, 'status', run.status));
  end if;
  return run;
end;
$$;
comment on function private.finish_job_fetch_run(uuid, text, jsonb, timestamptz) is
  'Runner (service_role): a running fetch run''s outcome (completed|failed, errors appended, blocked_until), emitting jobs.fetched once; finished runs are not changed.';

-- private.set_job_status(job_id, status) → text (user: auth.uid())
-- The user's decision on a job: reviewed, queued, skipped (or back to new). Applied to the
-- canonical row and every duplicate of it, so one job listed on several portals has one status
-- and is never queued (applied to) twice. Applied/expired jobs keep their status (PT409).
create function private.set_job_status(job_id uuid, new_status text)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  canonical uuid;
  current_status text;
begin
  if new_status is null or new_status not in ('new', 'reviewed', 'queued', 'skipped') then
    raise exception 'status must be new, reviewed, queued or skipped' using errcode = '22023';
  end if;
  select coalesce(j.duplicate_of, j.id) into canonical
    from public.fetched_jobs j where j.id = job_id and j.user_id = uid;
  if canonical is null then
    raise exception 'No such job.' using errcode = 'PT404';
  end if;
  select j.status into current_status from public.fetched_jobs j where j.id = canonical for update;
  if current_status in ('applied', 'expired') then
    raise exception 'This job is % and keeps that status.', current_status using errcode = 'PT409';
  end if;
  update public.fetched_jobs j set status = new_status, updated_at = now()
   where j.user_id = uid and (j.id = canonical or j.duplicate_of = canonical);
  return new_status;
end;
$$;
comment on function private.set_job_status(uuid, text) is
  'Caller sets a job''s status (new|reviewed|queued|skipped) on its canonical row and every duplicate; PT404 for a job not theirs, PT409 for applied/expired.';

-- private.schedule_job_fetches() → integer (pg_cron)
-- Marks running runs older than stale_after failed (timeout: their runner died), then starts a
-- scheduled run for every (user, portal) of an active search (job_settings.search_active,
-- portals) that is due: its last completed run started more than fetch_interval ago, its last
-- failure ended more than retry_failed_after ago (a dead runner's run is retried), and it is not
-- backed off (blocked_until in the future). Returns the number of runs started.
create function private.schedule_job_fetches()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  cfg private.job_fetcher_config;
  stale public.job_fetch_runs;
  pair record;
  started integer := 0;
begin
  select * into cfg from private.job_fetcher_config;
  for stale in
    select * from public.job_fetch_runs r
     where r.status = 'running' and r.started_at < now() - cfg.stale_after
     for update skip locked
  loop
    perform private.finish_job_fetch_run(stale.id, 'failed', jsonb_build_array(jsonb_build_object(
      'code', 'timeout',
      'message', format('No result after %s: the fetch was stopped and will be retried.', cfg.stale_after),
      'at', now())));
  end loop;

  for pair in
    select s.user_id, p.portal
      from public.job_settings s
      cross join lateral unnest(s.portals) as p(portal)
     where s.search_active
       and not exists (
         select 1 from public.job_fetch_runs r
          where r.user_id = s.user_id and r.portal = p.portal
            and (r.status = 'running'
                 or (r.status = 'completed' and r.started_at > now() - cfg.fetch_interval)
                 or (r.status = 'failed' and r.finished_at > now() - cfg.retry_failed_after)
                 or r.blocked_until > now()))
  loop
    started := started + (select count(*) from private.start_job_fetch_runs(pair.user_id, array[pair.portal], 'schedule'));
  end loop;
  return started;
end;
$$;
comment on function private.schedule_job_fetches() is
  'pg_cron: fails stale running runs (timeout), then starts a scheduled run for each due (user, portal) of active searches (fetch_interval since the last run, not backed off); returns how many started.';

-- private.job_fetch_schedule() → table (user: auth.uid()): each enabled portal's last and next run.
create function private.job_fetch_schedule()
returns table (portal text, last_started_at timestamptz, last_status text, next_run_at timestamptz, blocked_until timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select p.portal, l.started_at, l.status,
         case when s.search_active then greatest(
           case l.status when 'completed' then l.started_at + c.fetch_interval
                         when 'failed' then l.finished_at + c.retry_failed_after
                         else now() end,
           coalesce(l.blocked_until, now()), now()) end,
         l.blocked_until
    from public.job_settings s
    cross join private.job_fetcher_config c
    cross join lateral unnest(s.portals) as p(portal)
    left join lateral (
      select r.started_at, r.finished_at, r.status, r.blocked_until from public.job_fetch_runs r
       where r.user_id = s.user_id and r.portal = p.portal
       order by r.started_at desc limit 1
    ) l on true
   where s.user_id = auth.uid()
   order by p.portal;
$$;
comment on function private.job_fetch_schedule() is
  'Caller''s enabled portals with their last run and the next scheduled run (null while the search is stopped; the cron ticks every 15 minutes, so a run starts up to 15 minutes after next_run_at).';

-- jobs.fetched's notification: the portal's label.
create function private.jobs_notification_context(payload jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object('portal_label',
    case payload ->> 'portal' when 'linkedin' then 'LinkedIn' when 'naukri' then 'Naukri'
                              when 'indeed' then 'Indeed' else payload ->> 'portal' end);
$$;
comment on function private.jobs_notification_context(jsonb) is 'Notification context of jobs.fetched: {portal_label}.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on function
  private.start_job_fetch_runs(uuid, text[], text),
  private.request_job_fetch(text[]),
  private.ingest_fetched_jobs(uuid, text, uuid, json),
  private.finish_job_fetch_run(uuid, text, jsonb, timestamptz),
  private.set_job_status(uuid, text),
  private.schedule_job_fetches(),
  private.job_fetch_schedule(),
  private.jobs_notification_context(jsonb)
  from public, anon, authenticated, service_role;
grant execute on function private.request_job_fetch(text[]), private.set_job_status(uuid, text),
  private.job_fetch_schedule() to authenticated;
grant execute on function
  private.ingest_fetched_jobs(uuid, text, uuid, json),
  private.finish_job_fetch_run(uuid, text, jsonb, timestamptz),
  private.start_job_fetch_runs(uuid, text[], text)
  to service_role;
revoke all on table public.job_fetch_runs, public.fetched_jobs from public, anon, authenticated, service_role;
grant select on table public.job_fetch_runs, public.fetched_jobs to authenticated;
grant all on table public.job_fetch_runs, public.fetched_jobs to service_role;
revoke all on table private.job_fetcher_config from public, anon, authenticated, service_role;
grant select on table private.job_fetcher_config to service_role;

-- ---------------------------------------------------------------------------------------------
-- Events, queues, notification
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'jobs.fetch.requested',
  'A fetch run of one portal started for a user (Fetch now, or the schedule); the runner fetches the portal and posts the jobs to the ingest route.',
  '{"required": {"user_id": "uuid", "run_id": "uuid", "portal": "string", "trigger": "string"}}'
);
select private.register_event_type(
  'jobs.fetched',
  'A fetch run finished: count jobs listed, new_count stored for the first time (status completed|failed).',
  '{"required": {"user_id": "uuid", "run_id": "uuid", "portal": "string", "count": "integer", "new_count": "integer"},
    "optional": {"status": "string"}}'
);

select private.register_route('jobs.fetch.requested', 'job_fetch');
-- The queue's handler is in the runner (scraper-runner/src/portals).
select private.register_consumer('job_fetch', 'runner', 'scraper-runner: job_fetch',
  max_attempts => 3, visibility_timeout_s => 900, batch_size => 2, enabled => true,
  description => 'Job Fetcher: fetch one portal for one user (paced, page-capped, backs off on blocks) and post the pages to the ingest route.');

select notifications.register_template('jobs.fetched', 'one', priority => 10,
  condition => '$.new_count == 1',
  title => '1 new job matches your search',
  body => 'Found on {{context.portal_label}}.',
  link => '/jobs?run={{payload.run_id}}',
  context_function => 'private.jobs_notification_context');
select notifications.register_template('jobs.fetched', 'many', priority => 20,
  condition => '$.new_count > 1',
  title => '{{payload.new_count}} new jobs match your search',
  body => 'Found on {{context.portal_label}}.',
  link => '/jobs?run={{payload.run_id}}',
  context_function => 'private.jobs_notification_context');

-- ---------------------------------------------------------------------------------------------
-- Cron (idempotent: unschedule if present, then schedule). Every 15 minutes; each (user, portal)
-- fetches once per job_fetcher_config.fetch_interval.
-- ---------------------------------------------------------------------------------------------
do $$
begin
  if exists (select 1 from cron.job where jobname = 'job-fetcher-schedule') then
    perform cron.unschedule('job-fetcher-schedule');
  end if;
  perform cron.schedule('job-fetcher-schedule', '*/15 * * * *', 'select private.schedule_job_fetches()');
end
$$;
