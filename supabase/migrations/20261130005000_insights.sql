-- =============================================================================================
-- Insights & Reports stack, part 1: skill gaps, the report email schedule and exports. (The
-- application aggregations, analytics_daily and the dashboard are in 20261130005100_insights_
-- applications.sql, which reads the Job Application stack's tables.)
--
--   public.skill_gaps                 skills the user's matching jobs ask for that none of the
--                                     user's sources shows; severity from the share of those jobs
--   private.user_skill_keys(uid)      the user's skills, lower case: repository languages and
--                                     topics, confirmed career-record skills (name, keywords),
--                                     verified certificates (title, issuer) — what the match score
--                                     reads (supabase/functions/job-fetcher/ingest.ts)
--   private.refresh_skill_gaps(uid)   recomputes one user's gaps; a gap that is high for the first
--                                     time emits skill_gap.detected (one notification per new high
--                                     gap, never one per fetch)
--   queue insights (sql consumer)     jobs.fetched and certificate.status.changed → refresh
--   cron insights-skill-gaps          nightly refresh (career-record edits emit no event)
--
--   public.report_emails              the outbox of scheduled report emails (daily 08:00 IST,
--                                     weekly Monday 08:00 IST): one row per (user, schedule,
--                                     period), so a retried cron or a redelivered event sends
--                                     nothing twice; report.ready → the runner's reports_email
--   private.set_report_email_schedule(schedule)   POST /v1/reports/email/subscription
--
--   public.report_exports             every export (user and admin): who, what, which filters,
--                                     when, how many rows — the user-export audit; admin exports
--                                     are also written to public.admin_audit_log
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.skill_gaps (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  skill text not null check (char_length(skill) between 1 and 80 and skill = lower(skill)),
  label text not null check (char_length(label) between 1 and 80),
  severity text not null check (severity in ('low', 'medium', 'high')),
  job_count integer not null check (job_count >= 1),
  jobs_considered integer not null check (jobs_considered >= job_count),
  example_jobs jsonb not null default '[]'::jsonb check (jsonb_typeof(example_jobs) = 'array'),
  recommendation text not null check (char_length(recommendation) <= 1000),
  status text not null default 'open' check (status in ('open', 'closed')),
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  closed_at timestamptz,
  high_notified_at timestamptz,
  constraint skill_gaps_user_skill_key unique (user_id, skill),
  constraint skill_gaps_closed_has_time check ((status = 'closed') = (closed_at is not null))
);
comment on table public.skill_gaps is
  'Skills the user''s matching jobs ask for (fetched_jobs.skills of canonical jobs scoring ≥ 40 in the last 60 days, not skipped or expired) and no source of the user shows (private.user_skill_keys). One row per (user, skill), kept when the gap closes (status closed) so a gap that returns is not new. Owner and admins read; written by private.refresh_skill_gaps.';
comment on column public.skill_gaps.skill is 'The skill''s key, lower case (what is compared with the user''s skills).';
comment on column public.skill_gaps.label is 'The skill as most jobs spell it ("PostgreSQL").';
comment on column public.skill_gaps.severity is
  'high: asked by ≥ 40 % of the matching jobs and at least 3 of them; medium: ≥ 20 % and at least 2; low: the rest.';
comment on column public.skill_gaps.job_count is 'Matching jobs asking for it.';
comment on column public.skill_gaps.jobs_considered is 'Matching jobs at the last refresh (the share''s denominator).';
comment on column public.skill_gaps.example_jobs is 'Up to 3 of those jobs, best match first: [{id, title, company, match_score}].';
comment on column public.skill_gaps.recommendation is 'What would close the gap, in words for the user.';
comment on column public.skill_gaps.high_notified_at is
  'When skill_gap.detected was emitted for this gap (the first time it was high); never emitted again for it.';

create index skill_gaps_user_open_idx on public.skill_gaps (user_id, job_count desc) where status = 'open';
comment on index public.skill_gaps_user_open_idx is 'The open gaps of a user, most asked first.';

create table public.report_emails (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  schedule text not null check (schedule in ('daily', 'weekly')),
  period_start date not null,
  period_end date not null,
  state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'skipped', 'failed')),
  message_id text not null unique,
  attempts integer not null default 0 check (attempts >= 0),
  last_error text check (last_error is null or char_length(last_error) <= 1000),
  created_at timestamptz not null default now(),
  sending_at timestamptz,
  sent_at timestamptz,
  constraint report_emails_period check (period_start <= period_end),
  constraint report_emails_user_schedule_period_key unique (user_id, schedule, period_start)
);
comment on table public.report_emails is
  'Outbox of scheduled report emails: one row per (user, schedule, period) written by private.schedule_report_emails (pg_cron), advanced by the runner (pending → sending before the SMTP call → sent). The period is in IST days (Asia/Kolkata), both ends inclusive. Owner reads their own; service role writes.';
comment on column public.report_emails.message_id is
  'The RFC 5322 Message-ID, fixed when the row is written: a resend after a crash is the same message to the receiver.';

create table public.report_exports (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  scope text not null check (scope in ('user', 'admin')),
  type text not null check (type in ('applications', 'jobs', 'skill_gaps', 'resume_performance', 'users')),
  format text not null check (format in ('csv', 'pdf')),
  filters jsonb not null default '{}'::jsonb check (jsonb_typeof(filters) = 'object'),
  state text not null default 'pending' check (state in ('pending', 'ready', 'failed')),
  storage_path text check (storage_path is null or char_length(storage_path) <= 300),
  row_count integer check (row_count >= 0),
  size_bytes integer check (size_bytes >= 0),
  error text check (error is null or char_length(error) <= 1000),
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint report_exports_ready_has_file check (state <> 'ready' or (storage_path is not null and finished_at is not null)),
  constraint report_exports_scope_type check (scope = 'admin' or type <> 'users')
);
comment on table public.report_exports is
  'Every export of a report (the export audit): who asked (user_id), as a user (their own data) or an admin (platform data, also in admin_audit_log), the type, format and filters, and the file in bucket exports once made (by the function for small CSVs, by the runner for PDFs and large CSVs). Owner and admins read; written by private.create_report_export and private.finish_report_export.';
comment on column public.report_exports.filters is 'The filters as applied: {from, to, tz, portal[], user_id[], …}.';
comment on column public.report_exports.storage_path is '<user_id>/<export id>.<format> in bucket exports.';

create index report_exports_user_created_idx on public.report_exports (user_id, created_at desc);
comment on index public.report_exports_user_created_idx is 'A user''s exports, newest first; the hourly quota.';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.skill_gaps enable row level security;
create policy skill_gaps_select_own on public.skill_gaps
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy skill_gaps_select_own on public.skill_gaps is 'A user reads their own skill gaps.';
create policy skill_gaps_select_admin on public.skill_gaps
  for select to authenticated using ((select private.is_admin()));
comment on policy skill_gaps_select_admin on public.skill_gaps is 'Admins read every user''s skill gaps.';

alter table public.report_emails enable row level security;
create policy report_emails_select_own on public.report_emails
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy report_emails_select_own on public.report_emails is 'A user reads the report emails sent to them.';

alter table public.report_exports enable row level security;
create policy report_exports_select_own on public.report_exports
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy report_exports_select_own on public.report_exports is 'A user reads their own exports.';
create policy report_exports_select_admin on public.report_exports
  for select to authenticated using ((select private.is_admin()));
comment on policy report_exports_select_admin on public.report_exports is 'Admins read every export (the audit).';

-- ---------------------------------------------------------------------------------------------
-- Functions: skill gaps
-- ---------------------------------------------------------------------------------------------

-- private.user_skill_keys(uid) → setof text: the user's skills in lower case, from every source the
-- user stands behind (the same sources as the job match score): repository languages and topics
-- (not forks), confirmed career-record skills and their keywords, verified certificates other
-- than government IDs (title and issuer). Security invoker: a session sees only what RLS shows it.
create function private.user_skill_keys(uid uuid)
returns setof text
language sql
stable
set search_path = ''
as $$
  select distinct k from (
    select lower(k) as k from public.repositories r, jsonb_object_keys(r.languages) k
     where r.user_id = uid and not r.fork
    union
    select lower(replace(t, '-', ' ')) from public.repositories r, unnest(r.topics) t
     where r.user_id = uid and not r.fork
    union
    select lower(btrim(v)) from public.career_entries ce,
           lateral (select ce.data ->> 'name' as v
                    union all
                    select jsonb_array_elements_text(
                             case jsonb_typeof(ce.data -> 'keywords') when 'array' then ce.data -> 'keywords' else '[]'::jsonb end)) x
     where ce.user_id = uid and ce.kind = 'skill' and ce.status = 'confirmed'
    union
    select lower(btrim(regexp_replace(v, '[.,]+$', ''))) from public.certificates c,
           lateral (select coalesce(c.title, c.ocr_extract_json -> 'fields' ->> 'title') as v
                    union all
                    select coalesce(c.issuer, c.ocr_extract_json -> 'fields' ->> 'issuer')) x
     where c.user_id = uid and c.status = 'verified' and c.document_type <> 'government_id'
  ) s
  where k is not null and char_length(k) between 1 and 80;
$$;
comment on function private.user_skill_keys(uuid) is
  'The user''s skills, lower case: repository languages and topics (not forks), confirmed career-record skills and keywords, verified non-ID certificates'' title and issuer. Security invoker (RLS applies).';

-- private.refresh_skill_gaps(uid) → integer (new high gaps notified). Recomputes the user's gaps
-- from their matching jobs: canonical fetched_jobs (duplicate_of null) with match_score ≥ 40,
-- fetched in the last 60 days, not skipped or expired. Each skill those jobs list (lower case)
-- that private.user_skill_keys does not hold is a gap: severity by share of matching jobs (see
-- the column comment), up to 3 example jobs, a recommendation. Gaps no longer found are closed;
-- found again, reopened (same row). A gap high for the first time gets high_notified_at and one
-- skill_gap.detected. Serialised per user (advisory lock) so two refreshes never both notify.
create function private.refresh_skill_gaps(uid uuid)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  total integer;
  g record;
  notified integer := 0;
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('skill_gaps:' || uid::text, 0));

  if to_regclass('pg_temp.matching_jobs') is null then
    create temporary table matching_jobs (id uuid, title text, company text, match_score smallint, skills text[]) on commit drop;
  else
    truncate pg_temp.matching_jobs;
  end if;
  insert into pg_temp.matching_jobs
  select j.id, j.title, j.company, j.match_score, j.skills
    from public.fetched_jobs j
   where j.user_id = uid and j.duplicate_of is null and j.match_score >= 40
     and j.status not in ('skipped', 'expired') and j.fetched_at >= now() - interval '60 days';
  select count(*)::int into total from pg_temp.matching_jobs;

  with asked as (
    select distinct on (lower(btrim(s)), m.id)
           lower(btrim(s)) as skill, btrim(s) as label, m.id, m.title, m.company, m.match_score
      from pg_temp.matching_jobs m, unnest(m.skills) s
     where char_length(btrim(s)) between 1 and 80
     order by lower(btrim(s)), m.id
  ),
  found as (
    select a.skill,
           mode() within group (order by a.label) as label,
           count(*)::int as n,
           jsonb_path_query_array(
             jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title, 'company', a.company, 'match_score', a.match_score)
                       order by a.match_score desc, a.id),
             '$[0 to 2]') as examples
      from asked a
     where a.skill not in (select k from private.user_skill_keys(uid) k)
     group by a.skill
  ),
  rated as (
    select f.*,
           case when f.n >= 3 and f.n::numeric / total >= 0.4 then 'high'
                when f.n >= 2 and f.n::numeric / total >= 0.2 then 'medium'
                else 'low' end as severity
      from found f
  ),
  upserted as (
    insert into public.skill_gaps as sg
      (user_id, skill, label, severity, job_count, jobs_considered, example_jobs, recommendation)
    select uid, r.skill, r.label, r.severity, r.n, total, r.examples,
           format('Asked by %s of your %s matching jobs. If you already use %s, add it to your career record; '
                  'otherwise a GitHub project that uses it or a verified %s certificate closes the gap.',
                  r.n, total, r.label, r.label)
      from rated r
    on conflict on constraint skill_gaps_user_skill_key do update
      set label = excluded.label, severity = excluded.severity, job_count = excluded.job_count,
          jobs_considered = excluded.jobs_considered, example_jobs = excluded.example_jobs,
          recommendation = excluded.recommendation, status = 'open', closed_at = null, last_seen_at = now()
    returning sg.skill
  )
  update public.skill_gaps sg
     set status = 'closed', closed_at = now()
   where sg.user_id = uid and sg.status = 'open'
     and sg.skill not in (select u.skill from upserted u);

  for g in
    update public.skill_gaps sg
       set high_notified_at = now()
     where sg.user_id = uid and sg.status = 'open' and sg.severity = 'high' and sg.high_notified_at is null
    returning sg.id, sg.skill, sg.label, sg.job_count, sg.jobs_considered
  loop
    perform private.emit('skill_gap.detected', jsonb_build_object(
      'user_id', uid, 'skill_gap_id', g.id, 'skill', g.label, 'severity', 'high',
      'job_count', g.job_count, 'jobs_considered', g.jobs_considered));
    notified := notified + 1;
  end loop;
  return notified;
end;
$$;
comment on function private.refresh_skill_gaps(uuid) is
  'Recomputes one user''s skill gaps from their matching jobs (canonical, score ≥ 40, last 60 days, not skipped/expired) minus private.user_skill_keys; closes gaps no longer found; emits skill_gap.detected once per gap, the first time it is high. Returns how many were notified. Service role, the insights consumer and cron.';

-- private.insights_handle_event(envelope): the insights queue's handler: a user's jobs were
-- fetched or a certificate was decided → their skill gaps are recomputed.
create function private.insights_handle_event(envelope jsonb)
returns void
language plpgsql
set search_path = ''
as $$
declare
  uid uuid := (envelope -> 'payload' ->> 'user_id')::uuid;
begin
  if exists (select 1 from auth.users u where u.id = uid) then
    perform private.refresh_skill_gaps(uid);
  end if;
end;
$$;
comment on function private.insights_handle_event(jsonb) is
  'Handler of the insights queue (sql consumer): jobs.fetched and certificate.status.changed → private.refresh_skill_gaps(user).';

-- private.refresh_all_skill_gaps() → integer: the nightly pass (career-record and repository
-- changes emit nothing this stack hears): every user with a job fetched in the window or an open
-- gap. Returns the users refreshed.
create function private.refresh_all_skill_gaps()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid;
  n integer := 0;
begin
  for uid in
    select distinct j.user_id from public.fetched_jobs j where j.fetched_at >= now() - interval '60 days'
    union
    select distinct sg.user_id from public.skill_gaps sg where sg.status = 'open'
  loop
    perform private.refresh_skill_gaps(uid);
    n := n + 1;
  end loop;
  return n;
end;
$$;
comment on function private.refresh_all_skill_gaps() is
  'Nightly (pg_cron insights-skill-gaps): private.refresh_skill_gaps for every user with a job fetched in the last 60 days or an open gap.';

-- private.skill_gaps_list(severity[], from, to, q, limit, offset) → setof (gap…, total): the
-- caller's open gaps (auth.uid(); security invoker, RLS applies), most asked first. A gap whose
-- skill the user has added since the last refresh is left out at once (live check against
-- private.user_skill_keys). from/to bound last_seen_at; q matches the skill.
create function private.skill_gaps_list(
  severities text[] default null,
  seen_from timestamptz default null,
  seen_to timestamptz default null,
  q text default null,
  max_rows integer default 20,
  skip_rows integer default 0
)
returns table (id uuid, skill text, label text, severity text, job_count integer, jobs_considered integer,
               share numeric, example_jobs jsonb, recommendation text, first_seen_at timestamptz,
               last_seen_at timestamptz, total integer)
language sql
stable
set search_path = ''
as $$
  with mine as (
    select g.*
      from public.skill_gaps g
     where g.user_id = auth.uid() and g.status = 'open'
       and (severities is null or g.severity = any (severities))
       and (seen_from is null or g.last_seen_at >= seen_from)
       and (seen_to is null or g.last_seen_at < seen_to)
       and (q is null or g.skill like '%' || lower(q) || '%' escape '\')
       and g.skill not in (select k from private.user_skill_keys(auth.uid()) k)
  )
  select m.id, m.skill, m.label, m.severity, m.job_count, m.jobs_considered,
         round(m.job_count::numeric / m.jobs_considered, 4), m.example_jobs, m.recommendation,
         m.first_seen_at, m.last_seen_at, (count(*) over ())::int
    from mine m
   order by case m.severity when 'high' then 0 when 'medium' then 1 else 2 end, m.job_count desc, m.skill
   limit max_rows offset skip_rows;
$$;
comment on function private.skill_gaps_list(text[], timestamptz, timestamptz, text, integer, integer) is
  'The caller''s open skill gaps (security invoker, auth.uid()), severity then most asked first, without skills the user has added since the last refresh; q is a LIKE pattern body (escaped by the caller) on the lower-case skill; total is the count before paging.';

-- ---------------------------------------------------------------------------------------------
-- Functions: report emails
-- ---------------------------------------------------------------------------------------------

-- private.report_email_wanted(uid, schedule): the user takes this schedule's report email:
-- notification_preferences.email_digest (default weekly) equals it and no one-click opt-out of
-- report.ready emails.
create function private.report_email_wanted(uid uuid, schedule text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((select p.email_digest from public.notification_preferences p where p.user_id = uid), 'weekly') = schedule
     and coalesce((select c.enabled from public.notification_channel_preferences c
                    where c.user_id = uid and c.notification_type = 'report.ready' and c.channel = 'email'), true);
$$;
comment on function private.report_email_wanted(uuid, text) is
  'True when the user takes the daily or weekly report email: email_digest (default weekly) is that schedule and report.ready emails are not unsubscribed.';

-- private.set_report_email_schedule(schedule) → text (user: auth.uid()): daily, weekly or off;
-- choosing daily or weekly also lifts a one-click unsubscribe of report emails (the user just
-- asked for them). Security invoker: the user's own grants and RLS on their preference rows.
create function private.set_report_email_schedule(schedule text)
returns text
language plpgsql
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
begin
  if schedule not in ('daily', 'weekly', 'off') then
    raise exception 'schedule must be daily, weekly or off' using errcode = '22023';
  end if;
  insert into public.notification_preferences as p (user_id, email_digest)
  values (uid, schedule)
  on conflict (user_id) do update set email_digest = excluded.email_digest, updated_at = now();
  if schedule <> 'off' then
    update public.notification_channel_preferences c
       set enabled = true, updated_at = now()
     where c.user_id = uid and c.notification_type = 'report.ready' and c.channel = 'email' and not c.enabled;
  end if;
  return schedule;
end;
$$;
comment on function private.set_report_email_schedule(text) is
  'The caller''s report email schedule (daily|weekly|off, in notification_preferences.email_digest); daily/weekly also re-enables report.ready emails after a one-click unsubscribe. 22023 for another value.';

-- private.report_unsubscribe_sets_digest_off(): after a one-click unsubscribe of report.ready
-- emails (private.unsubscribe_email writes (report.ready, email) = false), the digest setting the
-- user sees in Settings says off too.
create function private.report_unsubscribe_sets_digest_off()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.notification_type = 'report.ready' and new.channel = 'email' and not new.enabled then
    insert into public.notification_preferences as p (user_id, email_digest)
    values (new.user_id, 'off')
    on conflict (user_id) do update set email_digest = 'off', updated_at = now();
  end if;
  return null;
end;
$$;
comment on function private.report_unsubscribe_sets_digest_off() is
  'Trigger: after insert/update on notification_channel_preferences; a report.ready email opt-out sets notification_preferences.email_digest to off.';
create trigger report_unsubscribe_sets_digest_off
  after insert or update of enabled on public.notification_channel_preferences
  for each row execute function private.report_unsubscribe_sets_digest_off();
comment on trigger report_unsubscribe_sets_digest_off on public.notification_channel_preferences is
  'Unsubscribing from report emails turns the digest off.';

-- private.report_period(schedule, at) → (period_start, period_end): the IST days a report sent at
-- `at` covers: daily → the previous IST day; weekly → the 7 IST days before `at`'s IST day.
create function private.report_period(schedule text, at timestamptz)
returns table (period_start date, period_end date)
language sql
immutable
set search_path = ''
as $$
  select (d - case schedule when 'daily' then 1 else 7 end), d - 1
    from (select (at at time zone 'Asia/Kolkata')::date as d) x;
$$;
comment on function private.report_period(text, timestamptz) is
  'The IST days (inclusive) a daily (the day before) or weekly (the 7 days before) report sent at `at` covers.';

-- private.schedule_report_emails(schedule, at) → integer: pg_cron's step (daily 02:30 UTC = 08:00
-- IST; weekly Mondays): one report_emails row for every user who takes this schedule and has an
-- address, for the period of `at`, and report.ready for each row written now. A second run for
-- the same period writes nothing (unique (user, schedule, period_start)).
create function private.schedule_report_emails(schedule text, at timestamptz default now())
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  r record;
  n integer := 0;
  p_start date;
  p_end date;
begin
  if schedule not in ('daily', 'weekly') then
    raise exception 'schedule must be daily or weekly' using errcode = '22023';
  end if;
  select x.period_start, x.period_end into p_start, p_end from private.report_period(schedule, at) x;
  for r in
    insert into public.report_emails as e (id, user_id, schedule, period_start, period_end, message_id)
    select x.id, x.uid, schedule, p_start, p_end, format('<%s.report@careerpilot.local>', x.id)
      from (select gen_random_uuid() as id, u.id as uid
              from auth.users u join public.profiles p on p.id = u.id
             where u.deleted_at is null and coalesce(u.email, '') <> ''
               and private.report_email_wanted(u.id, schedule)) x
    on conflict on constraint report_emails_user_schedule_period_key do nothing
    returning e.id, e.user_id
  loop
    perform private.emit('report.ready', jsonb_build_object(
      'user_id', r.user_id, 'report_id', r.id, 'schedule', schedule,
      'period_start', p_start::text, 'period_end', p_end::text));
    n := n + 1;
  end loop;
  return n;
end;
$$;
comment on function private.schedule_report_emails(text, timestamptz) is
  'pg_cron (insights-report-daily, insights-report-weekly): a report_emails row and report.ready per user taking that schedule, once per period. Returns the rows written.';

-- private.report_email_begin(report_id): the runner's step before the SMTP call (own committed
-- transaction), like private.notification_email_begin: pending/sending → sending (attempts + 1),
-- or skipped when the user no longer takes this schedule or has no address; sent / skipped /
-- failed rows come back unchanged (nothing is sent). `resend`: an earlier attempt died mid-send.
create function private.report_email_begin(rid uuid)
returns table (state text, resend boolean, recipient text, display_name text, user_id uuid, schedule text,
               period_start date, period_end date, message_id text, attempts integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  d public.report_emails;
  address text;
  was text;
begin
  select * into d from public.report_emails x where x.id = rid for update;
  if not found then
    return;
  end if;
  was := d.state;
  if d.state in ('pending', 'sending') then
    select u.email into address from auth.users u where u.id = d.user_id and u.deleted_at is null;
    if coalesce(address, '') = '' or not private.report_email_wanted(d.user_id, d.schedule) then
      update public.report_emails x
         set state = 'skipped',
             last_error = case when coalesce(address, '') = '' then 'the account has no email address'
                               else 'the user turned report emails off before it was sent' end
       where x.id = d.id
      returning * into d;
    else
      update public.report_emails x
         set state = 'sending', attempts = x.attempts + 1, sending_at = now()
       where x.id = d.id
      returning * into d;
    end if;
  end if;
  return query select d.state, was = 'sending', address,
                      (select p.display_name from public.profiles p where p.id = d.user_id),
                      d.user_id, d.schedule, d.period_start, d.period_end, d.message_id, d.attempts;
end;
$$;
comment on function private.report_email_begin(uuid) is
  'Runner (service role), before the SMTP call of a report email: pending/sending → sending or skipped; returns the row, recipient, name and whether this is a resend after a crash.';

-- private.report_email_end(report_id, state, error): sent | pending (retry) | failed. A sent row never changes.
create function private.report_email_end(rid uuid, new_state text, error text default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new_state not in ('sent', 'pending', 'failed') then
    raise exception 'unknown delivery state %', new_state using errcode = '22023';
  end if;
  update public.report_emails x
     set state = new_state,
         sent_at = case when new_state = 'sent' then now() else x.sent_at end,
         last_error = case when new_state = 'sent' then null else left(error, 1000) end
   where x.id = rid and x.state <> 'sent';
end;
$$;
comment on function private.report_email_end(uuid, text, text) is
  'Runner (service role), after the SMTP call of a report email: sent, pending (retry) or failed. A sent row never changes.';

-- ---------------------------------------------------------------------------------------------
-- Functions: exports
-- ---------------------------------------------------------------------------------------------

-- private.create_report_export(scope, type, format, filters, by_runner) → public.report_exports
-- (caller: auth.uid()). scope admin re-checks the role (42501) and appends report.export to the
-- admin audit log in this transaction. by_runner: the runner makes the file (a PDF, a large CSV):
-- report.export.requested is emitted with the row. At most 30 exports per user per hour (PT429).
create function private.create_report_export(
  scope text, type text, format text, filters jsonb default '{}', by_runner boolean default false
)
returns public.report_exports
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  row public.report_exports;
begin
  if scope = 'admin' and not private.is_admin() then
    raise exception 'only an admin can export platform reports' using errcode = '42501';
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('report_exports:' || uid::text, 0));
  if (select count(*) from public.report_exports e
       where e.user_id = uid and e.created_at > now() - interval '1 hour') >= 30 then
    raise exception 'Too many exports in the last hour: try again later.' using errcode = 'PT429';
  end if;
  insert into public.report_exports (user_id, scope, type, format, filters)
  values (uid, scope, type, format, coalesce(filters, '{}'::jsonb))
  returning * into row;
  if scope = 'admin' then
    perform private.admin_audit('report.export', 'report_export', row.id::text,
      jsonb_build_object('type', type, 'format', format, 'filters', coalesce(filters, '{}'::jsonb)));
  end if;
  if by_runner then
    perform private.emit('report.export.requested',
      jsonb_build_object('user_id', uid, 'export_id', row.id, 'type', type, 'format', format));
  end if;
  return row;
end;
$$;
comment on function private.create_report_export(text, text, text, jsonb, boolean) is
  'Records an export the caller asked for (the export audit), pending; admin scope re-checks the role (42501) and writes admin_audit_log (report.export); by_runner emits report.export.requested. PT429 past 30 exports per user per hour.';

-- private.finish_report_export(id, state, storage_path, row_count, size_bytes, error): the maker's
-- step (the function for a small CSV, the runner otherwise): ready with the file, or failed.
create function private.finish_report_export(
  export_id uuid, new_state text, path text default null, rows integer default null,
  size integer default null, error text default null
)
returns public.report_exports
language plpgsql
security definer
set search_path = ''
as $$
declare
  row public.report_exports;
begin
  if new_state not in ('ready', 'failed') then
    raise exception 'unknown export state %', new_state using errcode = '22023';
  end if;
  update public.report_exports e
     set state = new_state, storage_path = path, row_count = rows, size_bytes = size,
         error = left(finish_report_export.error, 1000), finished_at = now()
   where e.id = export_id and e.state = 'pending'
  returning * into row;
  if not found then
    select * into row from public.report_exports e where e.id = export_id;
  end if;
  return row;
end;
$$;
comment on function private.finish_report_export(uuid, text, text, integer, integer, text) is
  'Service role: a pending export becomes ready (with its file) or failed; a finished one is returned unchanged.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.skill_gaps, public.report_emails, public.report_exports from public, anon, authenticated, service_role;
grant select on table public.skill_gaps, public.report_emails, public.report_exports to authenticated;
grant select on table public.skill_gaps, public.report_emails, public.report_exports to service_role;

revoke all on function
  private.user_skill_keys(uuid),
  private.refresh_skill_gaps(uuid),
  private.insights_handle_event(jsonb),
  private.refresh_all_skill_gaps(),
  private.skill_gaps_list(text[], timestamptz, timestamptz, text, integer, integer),
  private.report_email_wanted(uuid, text),
  private.set_report_email_schedule(text),
  private.report_unsubscribe_sets_digest_off(),
  private.report_period(text, timestamptz),
  private.schedule_report_emails(text, timestamptz),
  private.report_email_begin(uuid),
  private.report_email_end(uuid, text, text),
  private.create_report_export(text, text, text, jsonb, boolean),
  private.finish_report_export(uuid, text, text, integer, integer, text)
  from public, anon, authenticated, service_role;
grant execute on function
  private.user_skill_keys(uuid),
  private.skill_gaps_list(text[], timestamptz, timestamptz, text, integer, integer),
  private.report_email_wanted(uuid, text),
  private.set_report_email_schedule(text),
  private.report_period(text, timestamptz),
  private.create_report_export(text, text, text, jsonb, boolean)
  to authenticated;
grant execute on function
  private.user_skill_keys(uuid),
  private.refresh_skill_gaps(uuid),
  private.refresh_all_skill_gaps(),
  private.report_email_wanted(uuid, text),
  private.report_period(text, timestamptz),
  private.schedule_report_emails(text, timestamptz),
  private.report_email_begin(uuid),
  private.report_email_end(uuid, text, text),
  private.finish_report_export(uuid, text, text, integer, integer, text)
  to service_role;

-- ---------------------------------------------------------------------------------------------
-- Events, queues, notifications
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'skill_gap.detected',
  'A skill gap of a user became high severity for the first time (emitted once per gap by private.refresh_skill_gaps).',
  '{"required": {"user_id": "uuid", "skill_gap_id": "uuid", "skill": "string", "severity": "string", "job_count": "integer", "jobs_considered": "integer"}}'
);
select notifications.register_template('skill_gap.detected', 'default',
  title => 'Skill gap: {{payload.skill}}',
  body => '{{payload.job_count}} of your {{payload.jobs_considered}} matching jobs ask for {{payload.skill}}. See what would close the gap.',
  link => '/reports');

select private.register_event_type(
  'report.ready',
  'A scheduled report email is due for a user (public.report_emails row pending): the runner''s reports_email consumer sends it. Dates are IST days, inclusive.',
  '{"required": {"user_id": "uuid", "report_id": "uuid", "schedule": "string", "period_start": "string", "period_end": "string"}}'
);
select private.register_route('report.ready', 'reports_email');
select private.register_consumer('reports_email', 'runner', 'scraper-runner: reports_email',
  max_attempts => 6, visibility_timeout_s => 60, batch_size => 10, enabled => true,
  description => 'Insights & Reports: sends a scheduled report email over SMTP (scraper-runner/src/email/report-email.ts), once per report_emails row.');

select private.register_event_type(
  'report.export.requested',
  'An export is to be made by the runner (a PDF, or a CSV too large for the function): public.report_exports row pending.',
  '{"required": {"user_id": "uuid", "export_id": "uuid", "type": "string", "format": "string"}}'
);
select private.register_route('report.export.requested', 'reports_export');
select private.register_consumer('reports_export', 'runner', 'scraper-runner: reports_export',
  max_attempts => 4, visibility_timeout_s => 120, batch_size => 2, enabled => true,
  description => 'Insights & Reports: makes an export file (CSV, PDF with charts) and stores it in bucket exports (scraper-runner/src/reports/).');

select private.register_route('jobs.fetched', 'insights');
select private.register_route('certificate.status.changed', 'insights');
select private.register_consumer('insights', 'sql', 'private.insights_handle_event',
  max_attempts => 5, visibility_timeout_s => 60, batch_size => 20, enabled => true,
  description => 'Insights & Reports: recomputes a user''s skill gaps after jobs were fetched or a certificate was decided.');

-- ---------------------------------------------------------------------------------------------
-- Cron (idempotent: unschedule if present, then schedule). pg_cron runs in UTC.
-- ---------------------------------------------------------------------------------------------
do $$
declare
  job record;
begin
  for job in
    select * from (values
      ('insights-skill-gaps', '35 20 * * *', 'select private.refresh_all_skill_gaps()'),            -- 02:05 IST
      ('insights-report-daily', '30 2 * * *', 'select private.schedule_report_emails(''daily'')'),  -- 08:00 IST
      ('insights-report-weekly', '30 2 * * 1', 'select private.schedule_report_emails(''weekly'')') -- Monday 08:00 IST
    ) as j(name, schedule, command)
  loop
    if exists (select 1 from cron.job where jobname = job.name) then
      perform cron.unschedule(job.name);
    end if;
    perform cron.schedule(job.name, job.schedule, job.command);
  end loop;
end
$$;
