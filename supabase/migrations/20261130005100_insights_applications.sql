-- =============================================================================================
-- Insights & Reports stack, part 2: what the applications say (the Job Application stack's
-- public.job_applications and its timeline), the dashboard, and the admin's platform reports.
--
-- Days are IST days (Asia/Kolkata): the product's users are in India, and a day boundary in UTC
-- (05:30 IST) would put a morning's applications on the previous day. Storage stays UTC.
--
-- Vocabulary (the same in every function here):
--   applied        an application with status submitted; its day is applied_at's IST day
--   stage reached  how far the employer took it: viewed 1 < shortlisted 2 < interview 3 < offer 4,
--                  the highest of its current response_status and every response in its timeline
--                  (so shortlisted-then-rejected still counts as shortlisted in the funnel)
--   responded      response_status is not pending (rejected included)
--   response rate  responded / applied, with a Wilson 95 % interval (private.wilson_interval)
--
--   public.analytics_daily            per (user, IST day, portal): applied, funnel stages,
--                                     rejected, responded. Kept correct on write (statement
--                                     triggers on job_applications recompute the (user, day)
--                                     pairs a statement touched), rebuilt nightly (pg_cron
--                                     insights-analytics-daily) as a reconciliation
--   private.applications_series(…)    buckets (day | week from Monday) zero-filled, by portal
--   private.applications_summary(…)   totals, funnel, rates, by portal, pipeline states
--   private.resume_performance(…)     per resume and version, with Wilson intervals
--   private.dashboard_summary()       every card of /dashboard in one call
--   private.admin_platform_metrics()  the admin dashboard's metrics (role re-checked)
--   private.admin_certificate_stats(…) certificates by status and type, review times
--   private.report_email_numbers(…)   the key numbers of a scheduled report email
-- User functions are security invoker (RLS applies) and scope to auth.uid(); admin_* functions
-- raise 42501 unless private.is_admin().
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.analytics_daily (
  user_id uuid not null references auth.users (id) on delete cascade,
  day date not null,
  portal text not null check (portal in ('linkedin', 'naukri', 'indeed')),
  applied integer not null default 0 check (applied >= 0),
  viewed integer not null default 0 check (viewed >= 0),
  shortlisted integer not null default 0 check (shortlisted >= 0),
  interview integer not null default 0 check (interview >= 0),
  offer integer not null default 0 check (offer >= 0),
  rejected integer not null default 0 check (rejected >= 0),
  responded integer not null default 0 check (responded >= 0),
  updated_at timestamptz not null default now(),
  primary key (user_id, day, portal),
  constraint analytics_daily_funnel check (applied >= viewed and viewed >= shortlisted and shortlisted >= interview and interview >= offer)
);
comment on table public.analytics_daily is
  'Applications per user, IST day (of applied_at) and portal: applied (submitted), how many reached each funnel stage (viewed ≥ shortlisted ≥ interview ≥ offer, the highest stage the timeline shows), rejected and responded (any response). Only days with an application have rows. Kept correct on write by statement triggers on job_applications and rebuilt nightly; owner and admins read.';

create index analytics_daily_day_idx on public.analytics_daily (day);
comment on index public.analytics_daily_day_idx is 'Admin series across users by day.';

-- The applications' IST day per user (triggers, series of today, resume performance).
create index job_applications_user_applied_idx on public.job_applications (user_id, applied_at) where applied_at is not null;
comment on index public.job_applications_user_applied_idx is 'Insights: a user''s applications by applied_at (analytics_daily refresh, reports).';
create index job_applications_applied_idx on public.job_applications (applied_at) where applied_at is not null;
comment on index public.job_applications_applied_idx is 'Insights: applications in the last 24 hours / 7 days across users (admin dashboard).';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.analytics_daily enable row level security;
create policy analytics_daily_select_own on public.analytics_daily
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy analytics_daily_select_own on public.analytics_daily is 'A user reads their own daily figures.';
create policy analytics_daily_select_admin on public.analytics_daily
  for select to authenticated using ((select private.is_admin()));
comment on policy analytics_daily_select_admin on public.analytics_daily is 'Admins read every user''s daily figures.';

-- ---------------------------------------------------------------------------------------------
-- Functions: building blocks
-- ---------------------------------------------------------------------------------------------

-- private.ist_day(at) → date: the IST calendar day of a timestamp.
create function private.ist_day(at timestamptz)
returns date
language sql
immutable
parallel safe
set search_path = ''
as $$ select (at at time zone 'Asia/Kolkata')::date $$;
comment on function private.ist_day(timestamptz) is 'The IST (Asia/Kolkata) calendar day of a timestamp.';

-- private.ist_start(day) → timestamptz: the instant an IST day begins.
create function private.ist_start(day date)
returns timestamptz
language sql
immutable
parallel safe
set search_path = ''
as $$ select (day::timestamp at time zone 'Asia/Kolkata') $$;
comment on function private.ist_start(date) is 'The instant an IST day begins (00:00 Asia/Kolkata = 18:30 UTC the day before).';

-- private.response_rank(response_status) → 0..4: viewed 1, shortlisted 2, interview 3, offer 4.
create function private.response_rank(response text)
returns integer
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case response when 'viewed' then 1 when 'shortlisted' then 2 when 'interview' then 3 when 'offer' then 4 else 0 end
$$;
comment on function private.response_rank(text) is 'Funnel rank of a response status: viewed 1, shortlisted 2, interview 3, offer 4, else 0.';

-- private.wilson_interval(successes, trials) → (low, high): the Wilson score interval at 95 %
-- (z = 1.96), so 1 of 2 reads "9 %–91 %" beside 20 of 100's "13 %–29 %". No trials: null, null.
create function private.wilson_interval(k integer, n integer, out low numeric, out high numeric)
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case when n > 0 then round(greatest(0, (p + z*z/(2*n) - z*sqrt(p*(1-p)/n + z*z/(4.0*n*n))) / (1 + z*z/n))::numeric, 4) end,
         case when n > 0 then round(least(1, (p + z*z/(2*n) + z*sqrt(p*(1-p)/n + z*z/(4.0*n*n))) / (1 + z*z/n))::numeric, 4) end
    from (select case when n > 0 then k::float8 / n end as p, 1.96::float8 as z) x
$$;
comment on function private.wilson_interval(integer, integer) is
  'Wilson score interval (95 %, z = 1.96) of k successes in n trials, rounded to 4 places; null for n = 0.';

-- private.application_stage(application_id, response_status) → 0..4: the highest stage the
-- application reached: its current response, or any response its timeline went from or to (an
-- application written already shortlisted and then rejected has only the shortlisted → rejected
-- row).
create function private.application_stage(app_id uuid, response text)
returns integer
language sql
stable
set search_path = ''
as $$
  select greatest(private.response_rank(response),
                  coalesce((select max(greatest(private.response_rank(e.from_status), private.response_rank(e.to_status)))
                              from public.job_application_events e
                             where e.application_id = app_id and e.kind = 'response'), 0))
$$;
comment on function private.application_stage(uuid, text) is
  'The highest funnel stage an application reached: its response_status or any earlier response in its timeline (0..4).';

-- ---------------------------------------------------------------------------------------------
-- Functions: analytics_daily upkeep
-- ---------------------------------------------------------------------------------------------

-- private.refresh_analytics_daily(user_ids, days) — recomputes analytics_daily for each
-- (user_ids[i], days[i]) pair from job_applications: rows of those pairs are replaced.
create function private.refresh_analytics_daily(user_ids uuid[], days date[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if to_regclass('pg_temp.analytics_pairs') is null then
    create temporary table analytics_pairs (user_id uuid, day date) on commit drop;
  else
    truncate pg_temp.analytics_pairs;
  end if;
  insert into pg_temp.analytics_pairs
  select distinct u, d from unnest(user_ids, days) as p(u, d) where u is not null and d is not null;

  -- One refresh per user at a time (in user order: no deadlock between two multi-user
  -- statements). Without it two transactions changing one user's applications of one day would
  -- both delete the old row and both insert a new one: a unique violation for the second.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('analytics_daily:' || x.user_id::text, 0))
     from (select distinct p.user_id from pg_temp.analytics_pairs p order by 1) x;

  delete from public.analytics_daily a
   using pg_temp.analytics_pairs p where a.user_id = p.user_id and a.day = p.day;

  insert into public.analytics_daily as a
    (user_id, day, portal, applied, viewed, shortlisted, interview, offer, rejected, responded)
  select j.user_id, p.day, j.portal, count(*)::int,
         count(*) filter (where s.stage >= 1)::int, count(*) filter (where s.stage >= 2)::int,
         count(*) filter (where s.stage >= 3)::int, count(*) filter (where s.stage >= 4)::int,
         count(*) filter (where j.response_status = 'rejected')::int,
         count(*) filter (where j.response_status <> 'pending')::int
    from pg_temp.analytics_pairs p
    join public.job_applications j
      on j.user_id = p.user_id and j.applied_at >= private.ist_start(p.day) and j.applied_at < private.ist_start(p.day + 1)
     and j.status = 'submitted'
    cross join lateral (select private.application_stage(j.id, j.response_status) as stage) s
   group by j.user_id, p.day, j.portal;
end;
$$;
comment on function private.refresh_analytics_daily(uuid[], date[]) is
  'Replaces analytics_daily rows of the given (user, IST day) pairs with fresh counts from job_applications; serialised per user (advisory lock) so concurrent writers never collide.';

-- Statement triggers: the (user, day) pairs whose counts a statement may have changed, from the
-- old and new applied_at of the rows it touched (an update that changes nothing counted is
-- skipped). One recompute per statement, however many rows.
create function private.analytics_daily_after_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.refresh_analytics_daily(array_agg(n.user_id), array_agg(private.ist_day(n.applied_at)))
     from new_rows n where n.applied_at is not null and n.status = 'submitted'
    having count(*) > 0;
  return null;
end;
$$;
comment on function private.analytics_daily_after_insert() is
  'Trigger (statement, after insert on job_applications): refreshes analytics_daily for the submitted rows'' (user, IST day).';

create function private.analytics_daily_after_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.refresh_analytics_daily(array_agg(x.user_id), array_agg(x.day))
     from (
       select o.user_id, private.ist_day(o.applied_at) as day
         from old_rows o join new_rows n on n.id = o.id
        where o.applied_at is not null
          and (o.status, o.response_status, o.portal, o.applied_at) is distinct from (n.status, n.response_status, n.portal, n.applied_at)
       union
       select n.user_id, private.ist_day(n.applied_at)
         from old_rows o join new_rows n on n.id = o.id
        where n.applied_at is not null
          and (o.status, o.response_status, o.portal, o.applied_at) is distinct from (n.status, n.response_status, n.portal, n.applied_at)
     ) x
    having count(*) > 0;
  return null;
end;
$$;
comment on function private.analytics_daily_after_update() is
  'Trigger (statement, after update on job_applications): refreshes analytics_daily for the old and new (user, IST day) of rows whose status, response, portal or applied_at changed.';

create function private.analytics_daily_after_delete()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.refresh_analytics_daily(array_agg(o.user_id), array_agg(private.ist_day(o.applied_at)))
     from old_rows o where o.applied_at is not null
    having count(*) > 0;
  return null;
end;
$$;
comment on function private.analytics_daily_after_delete() is
  'Trigger (statement, after delete on job_applications): refreshes analytics_daily for the deleted rows'' (user, IST day).';

create trigger analytics_daily_after_insert after insert on public.job_applications
  referencing new table as new_rows for each statement execute function private.analytics_daily_after_insert();
comment on trigger analytics_daily_after_insert on public.job_applications is 'Keeps analytics_daily correct for today (and every day) on write.';
create trigger analytics_daily_after_update after update on public.job_applications
  referencing old table as old_rows new table as new_rows for each statement execute function private.analytics_daily_after_update();
comment on trigger analytics_daily_after_update on public.job_applications is 'Keeps analytics_daily correct on write (status, response, portal, applied_at).';
create trigger analytics_daily_after_delete after delete on public.job_applications
  referencing old table as old_rows for each statement execute function private.analytics_daily_after_delete();
comment on trigger analytics_daily_after_delete on public.job_applications is 'Keeps analytics_daily correct when an application goes with its job.';

-- private.rebuild_analytics_daily(since) → integer: the nightly reconciliation: every (user, day)
-- from `since` (IST day; default 400 days back) recomputed from job_applications, rows of days
-- without applications removed. Returns the rows written.
create function private.rebuild_analytics_daily(since date default null)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  d0 date := coalesce(since, private.ist_day(now()) - 400);
  n integer;
begin
  -- Writers' refreshes (row exclusive) wait for the rebuild, and it for them: never two writers
  -- of one row.
  lock table public.analytics_daily in share row exclusive mode;
  delete from public.analytics_daily a where a.day >= d0;
  insert into public.analytics_daily (user_id, day, portal, applied, viewed, shortlisted, interview, offer, rejected, responded)
  select j.user_id, private.ist_day(j.applied_at), j.portal, count(*)::int,
         count(*) filter (where s.stage >= 1)::int, count(*) filter (where s.stage >= 2)::int,
         count(*) filter (where s.stage >= 3)::int, count(*) filter (where s.stage >= 4)::int,
         count(*) filter (where j.response_status = 'rejected')::int,
         count(*) filter (where j.response_status <> 'pending')::int
    from public.job_applications j
    -- The timeline's highest response per application in one pass (not a subquery per application).
    left join (select e.application_id,
                      max(greatest(private.response_rank(e.from_status), private.response_rank(e.to_status))) as rank
                 from public.job_application_events e
                where e.kind = 'response'
                group by e.application_id) ev on ev.application_id = j.id
    cross join lateral (select greatest(private.response_rank(j.response_status), coalesce(ev.rank, 0)) as stage) s
   where j.status = 'submitted' and j.applied_at >= private.ist_start(d0)
   group by 1, 2, 3;
  get diagnostics n = row_count;
  return n;
end;
$$;
comment on function private.rebuild_analytics_daily(date) is
  'Nightly (pg_cron insights-analytics-daily): recomputes analytics_daily from `since` (default 400 IST days back) from job_applications. Returns rows written.';

-- ---------------------------------------------------------------------------------------------
-- Functions: reports (security invoker; a user sees their own, an admin whom they filter)
-- ---------------------------------------------------------------------------------------------

-- private.scoped_users(user_ids) → uuid[]: the users a report covers: for anyone but an admin,
-- exactly the caller (whatever was asked); for an admin, the given users (null = everyone).
create function private.scoped_users(user_ids uuid[])
returns uuid[]
language sql
stable
set search_path = ''
as $$
  select case when private.is_admin() then user_ids else array[auth.uid()] end
$$;
comment on function private.scoped_users(uuid[]) is
  'The users a report covers: the caller only, unless the caller is an admin (then user_ids, null = all).';

-- private.analytics_rows(from, to, portals, user_ids) → setof analytics_daily: the rows a report
-- covers (IST days inclusive; scope private.scoped_users), each branch planned on its own so the
-- one-user case is an index range scan of (user_id, day, portal) and never a scan of every user's
-- days with the scope re-evaluated per row.
create function private.analytics_rows(from_day date, to_day date, portals text[], user_ids uuid[])
returns setof public.analytics_daily
language plpgsql
stable
set search_path = ''
as $$
declare
  ids uuid[] := private.scoped_users(user_ids);
begin
  if ids is null then
    return query select * from public.analytics_daily a
                  where a.day between from_day and to_day and (portals is null or a.portal = any (portals));
  else
    return query select * from public.analytics_daily a
                  where a.user_id = any (ids) and a.day between from_day and to_day
                    and (portals is null or a.portal = any (portals));
  end if;
end;
$$;
comment on function private.analytics_rows(date, date, text[], uuid[]) is
  'analytics_daily rows between two IST days inclusive for the report''s scope (private.scoped_users) and portals. Security invoker.';

-- private.report_applications(from, to, portals, user_ids, by) → setof job_applications: the
-- applications a report covers: by 'applied' the submitted ones applied in the IST days, by
-- 'created' every one created then; scope private.scoped_users; planned per branch (see above).
create function private.report_applications(from_day date, to_day date, portals text[], user_ids uuid[], by text)
returns setof public.job_applications
language plpgsql
stable
set search_path = ''
as $$
declare
  ids uuid[] := private.scoped_users(user_ids);
  t0 timestamptz := private.ist_start(from_day);
  t1 timestamptz := private.ist_start(to_day + 1);
begin
  if by = 'applied' and ids is not null then
    return query select * from public.job_applications j
                  where j.user_id = any (ids) and j.applied_at >= t0 and j.applied_at < t1 and j.status = 'submitted'
                    and (portals is null or j.portal = any (portals));
  elsif by = 'applied' then
    return query select * from public.job_applications j
                  where j.applied_at >= t0 and j.applied_at < t1 and j.status = 'submitted'
                    and (portals is null or j.portal = any (portals));
  elsif ids is not null then
    return query select * from public.job_applications j
                  where j.user_id = any (ids) and j.created_at >= t0 and j.created_at < t1
                    and (portals is null or j.portal = any (portals));
  else
    return query select * from public.job_applications j
                  where j.created_at >= t0 and j.created_at < t1 and (portals is null or j.portal = any (portals));
  end if;
end;
$$;
comment on function private.report_applications(date, date, text[], uuid[], text) is
  'The applications of a report: by applied (submitted, applied_at in the IST days) or created (created_at in them), for the scope (private.scoped_users) and portals. Security invoker.';

-- private.applications_series(from, to, interval, portals, user_ids) → one row per bucket (IST
-- day, or the ISO week starting Monday) from `from` to `to` (IST days, inclusive), zero-filled:
-- applied, applied per portal, funnel stages, rejected, responded. Scope: private.scoped_users.
create function private.applications_series(
  from_day date, to_day date, bucket text default 'day', portals text[] default null, user_ids uuid[] default null
)
returns table (bucket_start date, applied integer, linkedin integer, naukri integer, indeed integer,
               viewed integer, shortlisted integer, interview integer, offer integer, rejected integer, responded integer)
language plpgsql
stable
set search_path = ''
as $$
begin
  -- plpgsql (not sql): the statement's plan is cached per session instead of planned per call.
  return query
  with buckets as (
    select b::date as bucket_start
      from generate_series(
             case bucket when 'week' then date_trunc('week', from_day::timestamp) else from_day::timestamp end,
             to_day::timestamp,
             case bucket when 'week' then interval '7 days' else interval '1 day' end) b
  ),
  rows as (
    select case bucket when 'week' then date_trunc('week', a.day::timestamp)::date else a.day end as bucket_start, a.*
      from private.analytics_rows(from_day, to_day, portals, user_ids) a
  )
  select b.bucket_start,
         coalesce(sum(r.applied), 0)::int,
         coalesce(sum(r.applied) filter (where r.portal = 'linkedin'), 0)::int,
         coalesce(sum(r.applied) filter (where r.portal = 'naukri'), 0)::int,
         coalesce(sum(r.applied) filter (where r.portal = 'indeed'), 0)::int,
         coalesce(sum(r.viewed), 0)::int, coalesce(sum(r.shortlisted), 0)::int,
         coalesce(sum(r.interview), 0)::int, coalesce(sum(r.offer), 0)::int,
         coalesce(sum(r.rejected), 0)::int, coalesce(sum(r.responded), 0)::int
    from buckets b left join rows r on r.bucket_start = b.bucket_start
   group by b.bucket_start
   order by b.bucket_start;
end;
$$;
comment on function private.applications_series(date, date, text, text[], uuid[]) is
  'Applications per IST day or week (Monday) between two IST days inclusive, zero-filled, by portal, with funnel stages; scoped by private.scoped_users (the caller unless an admin). Security invoker.';

-- private.applications_summary(from, to, portals, user_ids) → jsonb: {applied, responded,
-- response_rate, response_rate_low/high (Wilson 95 %), funnel {applied, viewed, shortlisted,
-- interview, offer}, rejected, by_portal [{portal, applied, responded, interview, offer,
-- response_rate, response_rate_low, response_rate_high}], pipeline {status: count} of the
-- applications created in the range (any status), median_days_to_response}.
create function private.applications_summary(
  from_day date, to_day date, portals text[] default null, user_ids uuid[] default null
)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
begin
  -- plpgsql (not sql): the statement's plan is cached per session instead of planned per call.
  return (
  with daily as (
    select a.portal, sum(a.applied)::int as applied, sum(a.viewed)::int as viewed, sum(a.shortlisted)::int as shortlisted,
           sum(a.interview)::int as interview, sum(a.offer)::int as offer, sum(a.rejected)::int as rejected,
           sum(a.responded)::int as responded
      from private.analytics_rows(from_day, to_day, portals, user_ids) a
     group by a.portal
  ),
  totals as (
    select coalesce(sum(applied), 0)::int as applied, coalesce(sum(viewed), 0)::int as viewed,
           coalesce(sum(shortlisted), 0)::int as shortlisted, coalesce(sum(interview), 0)::int as interview,
           coalesce(sum(offer), 0)::int as offer, coalesce(sum(rejected), 0)::int as rejected,
           coalesce(sum(responded), 0)::int as responded
      from daily
  ),
  pipeline as (
    select coalesce(jsonb_object_agg(status, n), '{}'::jsonb) as statuses
      from (select j.status, count(*)::int as n
              from private.report_applications(from_day, to_day, portals, user_ids, 'created') j
             group by j.status) s
  ),
  first_response as (
    select percentile_cont(0.5) within group (order by extract(epoch from (fr.at - j.applied_at)) / 86400.0) as median_days
      from private.report_applications(from_day, to_day, portals, user_ids, 'applied') j,
           lateral (select min(e.at) as at from public.job_application_events e
                     where e.application_id = j.id and e.kind = 'response' and e.to_status <> 'pending') fr
     where fr.at is not null
  )
  select jsonb_build_object(
    'applied', t.applied,
    'responded', t.responded,
    'response_rate', case when t.applied > 0 then round(t.responded::numeric / t.applied, 4) end,
    'response_rate_low', w.low,
    'response_rate_high', w.high,
    'funnel', jsonb_build_object('applied', t.applied, 'viewed', t.viewed, 'shortlisted', t.shortlisted,
                                 'interview', t.interview, 'offer', t.offer),
    'rejected', t.rejected,
    'by_portal', (
      select jsonb_agg(jsonb_build_object(
               'portal', p.portal, 'applied', coalesce(d.applied, 0), 'responded', coalesce(d.responded, 0),
               'interview', coalesce(d.interview, 0), 'offer', coalesce(d.offer, 0),
               'response_rate', case when d.applied > 0 then round(d.responded::numeric / d.applied, 4) end,
               'response_rate_low', pw.low, 'response_rate_high', pw.high) order by p.ord)
        from (values ('linkedin', 1), ('naukri', 2), ('indeed', 3)) p(portal, ord)
        left join daily d on d.portal = p.portal
        cross join lateral private.wilson_interval(coalesce(d.responded, 0), coalesce(d.applied, 0)) pw
       where portals is null or p.portal = any (portals)),
    'pipeline', (select statuses from pipeline),
    'median_days_to_response', (select round(median_days::numeric, 2) from first_response)
  )
  from totals t cross join lateral private.wilson_interval(t.responded, t.applied) w
  );
end;
$$;
comment on function private.applications_summary(date, date, text[], uuid[]) is
  'Totals and breakdowns of applications applied between two IST days inclusive: funnel, responded, response rate with its Wilson 95 % interval, per portal, pipeline states of applications created then, median days to first response. Scoped by private.scoped_users. Security invoker.';

-- private.resume_performance(from, to, resume_ids, user_ids, role_types) → one row per resume
-- version that was sent with a submitted application applied in the range (IST days), and one
-- row per resume (version null) summing its versions: applications, viewed, shortlisted,
-- interview, offer (stage reached), rejected, responded, response rate with its Wilson 95 %
-- interval. Scope: private.scoped_users.
create function private.resume_performance(
  from_day date, to_day date, resume_ids uuid[] default null, user_ids uuid[] default null, role_types text[] default null
)
returns table (user_id uuid, resume_id uuid, resume_name text, role_type text, version_id uuid, version_number integer,
               applications integer, viewed integer, shortlisted integer, interview integer, offer integer,
               rejected integer, responded integer, response_rate numeric, response_rate_low numeric, response_rate_high numeric)
language plpgsql
stable
set search_path = ''
as $$
begin
  -- plpgsql (not sql): the statement's plan is cached per session instead of planned per call.
  return query
  with apps as (
    select r.user_id, r.id as resume_id, r.name, r.role_type, v.id as version_id, v.number,
           private.application_stage(j.id, j.response_status) as stage, j.response_status
      from private.report_applications(from_day, to_day, null, user_ids, 'applied') j
      join public.resume_versions v on v.id = j.resume_version_id
      join public.resumes r on r.id = v.resume_id
     where (resume_ids is null or r.id = any (resume_ids))
       and (role_types is null or lower(r.role_type) = any (select lower(x) from unnest(role_types) x))
  ),
  grouped as (
    select a.user_id, a.resume_id, min(a.name) as name, min(a.role_type) as role_type, a.version_id,
           case when grouping(a.version_id) = 0 then min(a.number) end as number,
           count(*)::int as n,
           count(*) filter (where a.stage >= 1)::int as viewed, count(*) filter (where a.stage >= 2)::int as shortlisted,
           count(*) filter (where a.stage >= 3)::int as interview, count(*) filter (where a.stage >= 4)::int as offer,
           count(*) filter (where a.response_status = 'rejected')::int as rejected,
           count(*) filter (where a.response_status <> 'pending')::int as responded
      from apps a
     group by grouping sets ((a.user_id, a.resume_id, a.version_id), (a.user_id, a.resume_id))
  )
  select g.user_id, g.resume_id, g.name, g.role_type, g.version_id, g.number, g.n, g.viewed, g.shortlisted,
         g.interview, g.offer, g.rejected, g.responded, round(g.responded::numeric / g.n, 4), w.low, w.high
    from grouped g cross join lateral private.wilson_interval(g.responded, g.n) w
   order by g.user_id, g.name, g.resume_id, g.version_id is not null, g.number;
end;
$$;
comment on function private.resume_performance(date, date, uuid[], uuid[], text[]) is
  'Per resume (version_id null) and per version: submitted applications applied between two IST days inclusive, funnel stages reached, rejected, responded, response rate with its Wilson 95 % interval. Scoped by private.scoped_users. Security invoker.';

-- private.dashboard_summary() → jsonb: every card of /dashboard for the caller (auth.uid()):
-- job_search_status (active | paused | not_set_up) and portals, verified and pending
-- certificates, projects synced, resumes, resume versions and the limit, skill-gap alerts (open
-- high gaps) and the top 5 open gaps, applications in the last 7 IST days (today included) and by
-- portal, responses and interviews in them, new jobs waiting for review, last fetch.
create function private.dashboard_summary()
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  today date := private.ist_day(now());
  out jsonb;
begin
  -- plpgsql (not sql): the statement's plan is cached per session; planning it on every call
  -- cost more than running it.
  with skills as (select k from private.user_skill_keys(uid) k),
  gaps as (
    select g.* from public.skill_gaps g
     where g.user_id = uid and g.status = 'open' and g.skill not in (select k from skills)
  ),
  apps7 as (
    select a.portal, sum(a.applied)::int as applied, sum(a.responded)::int as responded, sum(a.interview)::int as interview
      from public.analytics_daily a
     where a.user_id = uid and a.day between today - 6 and today
     group by a.portal
  )
  select jsonb_build_object(
    'job_search_status', coalesce((select case when s.search_active then 'active' else 'paused' end
                                     from public.job_settings s where s.user_id = uid), 'not_set_up'),
    'job_search_portals', coalesce((select to_jsonb(s.portals) from public.job_settings s where s.user_id = uid), '[]'::jsonb),
    'last_fetch_at', (select max(r.started_at) from public.job_fetch_runs r where r.user_id = uid),
    'new_jobs_count', (select count(*)::int from public.fetched_jobs j
                        where j.user_id = uid and j.status = 'new' and j.duplicate_of is null),
    'verified_certificates_count', (select count(*)::int from public.certificates c where c.user_id = uid and c.status = 'verified'),
    'pending_certificates_count', (select count(*)::int from public.certificates c
                                    where c.user_id = uid and c.status = 'pending' and c.uploaded_at is not null),
    'projects_synced_count', (select count(*)::int from public.repositories r where r.user_id = uid),
    'resumes_count', (select count(*)::int from public.resumes r where r.user_id = uid),
    'resume_versions_count', (select count(*)::int from public.resume_versions v where v.user_id = uid),
    'resume_limit', coalesce((select (s.value)::integer from public.platform_settings s where s.key = 'resume_limit'), 10),
    'skill_gap_alerts_count', (select count(*)::int from gaps where severity = 'high'),
    'skill_gaps_open_count', (select count(*)::int from gaps),
    'top_skill_gaps', coalesce((select jsonb_agg(jsonb_build_object('id', g.id, 'skill', g.label, 'severity', g.severity,
                                                                   'job_count', g.job_count, 'jobs_considered', g.jobs_considered)
                                                 order by case g.severity when 'high' then 0 when 'medium' then 1 else 2 end, g.job_count desc, g.skill)
                                  from (select * from gaps order by case severity when 'high' then 0 when 'medium' then 1 else 2 end,
                                                                  job_count desc, skill limit 5) g), '[]'::jsonb),
    'applications_7d', coalesce((select sum(applied)::int from apps7), 0),
    'responses_7d', coalesce((select sum(responded)::int from apps7), 0),
    'interviews_7d', coalesce((select sum(interview)::int from apps7), 0),
    'applications_by_portal_7d', (select jsonb_agg(jsonb_build_object('portal', p.portal, 'count', coalesce(a.applied, 0)) order by p.ord)
                                    from (values ('linkedin', 1), ('naukri', 2), ('indeed', 3)) p(portal, ord)
                                    left join apps7 a on a.portal = p.portal)
  ) into out;
  return out;
end;
$$;
comment on function private.dashboard_summary() is
  'Every /dashboard card for the caller (auth.uid(); 42501 without one) in one statement: job search, certificates, projects, resumes and the limit, skill-gap alerts and top gaps, applications of the last 7 IST days (today included) in total and by portal, responses, interviews, new jobs, last fetch. Security invoker.';

-- private.report_email_numbers(user_id, from, to) → jsonb: the key numbers of a report email
-- (service role, for the runner): applications, responses, interviews, offers in the period (IST
-- days, inclusive), jobs fetched, new jobs waiting, open high gaps and the top 3 gaps.
create function private.report_email_numbers(uid uuid, from_day date, to_day date)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'applied', coalesce(sum(a.applied), 0)::int,
    'responded', coalesce(sum(a.responded), 0)::int,
    'interview', coalesce(sum(a.interview), 0)::int,
    'offer', coalesce(sum(a.offer), 0)::int,
    'jobs_fetched', (select count(*)::int from public.fetched_jobs j
                      where j.user_id = uid and j.duplicate_of is null
                        and j.fetched_at >= private.ist_start(from_day) and j.fetched_at < private.ist_start(to_day + 1)),
    'new_jobs', (select count(*)::int from public.fetched_jobs j where j.user_id = uid and j.status = 'new' and j.duplicate_of is null),
    'high_gaps', (select count(*)::int from public.skill_gaps g where g.user_id = uid and g.status = 'open' and g.severity = 'high'),
    'top_gaps', coalesce((select jsonb_agg(g.label order by g.job_count desc, g.skill) from (
                   select * from public.skill_gaps g where g.user_id = uid and g.status = 'open'
                    order by case g.severity when 'high' then 0 when 'medium' then 1 else 2 end, g.job_count desc, g.skill limit 3) g), '[]'::jsonb)
  )
  from public.analytics_daily a
  where a.user_id = uid and a.day between from_day and to_day
$$;
comment on function private.report_email_numbers(uuid, date, date) is
  'Service role (the report email): applications, responses, interviews, offers between two IST days inclusive, jobs fetched then, new jobs waiting, open high gaps and the top 3 gaps of a user.';

-- ---------------------------------------------------------------------------------------------
-- Functions: admin
-- ---------------------------------------------------------------------------------------------

-- private.require_admin(): 42501 unless the caller is an admin.
create function private.require_admin()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not coalesce(private.is_admin(), false) then
    raise exception 'admins only' using errcode = '42501';
  end if;
end;
$$;
comment on function private.require_admin() is 'Raises 42501 unless the caller (auth.uid()) is an admin.';

-- private.admin_platform_metrics() → jsonb (admin): total_users, active_job_searches,
-- pending_certificates, api_key_expiry_alerts (keys expired or expiring within 14 days),
-- applications_24h (submitted in the last 24 hours), top_portals_7d [{portal, applications}]
-- (submitted in the last 7 days, most first), errors_24h {dead_letters, failed_fetch_runs,
-- failed_apply_runs, failed_applications, total}.
create function private.admin_platform_metrics()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  out jsonb;
begin
  perform private.require_admin();
  with errs as (
    select (select count(*)::int from private.dead_letters d where d.dead_at >= now() - interval '24 hours') as dead_letters,
           (select count(*)::int from public.job_fetch_runs r where r.status = 'failed' and r.finished_at >= now() - interval '24 hours') as failed_fetch_runs,
           (select count(*)::int from public.job_apply_runs r where r.status = 'failed' and r.finished_at >= now() - interval '24 hours') as failed_apply_runs,
           (select count(*)::int from public.job_applications j where j.status = 'failed' and j.updated_at >= now() - interval '24 hours') as failed_applications
  )
  select jsonb_build_object(
    'total_users', (select count(*)::int from public.profiles),
    'active_job_searches', (select count(*)::int from public.job_settings where search_active),
    'pending_certificates', (select count(*)::int from public.certificates where status = 'pending' and uploaded_at is not null),
    'api_key_expiry_alerts', (select count(*)::int from public.platform_api_keys
                               where status <> 'missing' and expiry_at is not null and expiry_at <= now() + interval '14 days'),
    'applications_24h', (select count(*)::int from public.job_applications j
                          where j.applied_at >= now() - interval '24 hours' and j.status = 'submitted'),
    'top_portals_7d', coalesce((select jsonb_agg(jsonb_build_object('portal', x.portal, 'applications', x.n) order by x.n desc, x.portal)
                                  from (select j.portal, count(*)::int as n from public.job_applications j
                                         where j.applied_at >= now() - interval '7 days' and j.status = 'submitted'
                                         group by j.portal) x), '[]'::jsonb),
    'errors_24h', jsonb_build_object('dead_letters', e.dead_letters, 'failed_fetch_runs', e.failed_fetch_runs,
                                     'failed_apply_runs', e.failed_apply_runs, 'failed_applications', e.failed_applications,
                                     'total', e.dead_letters + e.failed_fetch_runs + e.failed_apply_runs + e.failed_applications)
  ) into out
  from errs e;
  return out;
end;
$$;
comment on function private.admin_platform_metrics() is
  'Admin (42501 otherwise): platform metrics: users, active searches, pending certificates, API-key expiry alerts, applications in 24 h, top portals in 7 days, errors in 24 h (dead letters, failed fetch and apply runs, failed applications).';

-- private.admin_filtered_users(user_ids, role, locations, min_lpa_from, min_lpa_to) → uuid[]
-- (admin): the admin series' users, filtered by their job settings.
create function private.admin_filtered_users(
  user_ids uuid[], role text, locations text[], min_lpa_from numeric, min_lpa_to numeric
)
returns uuid[]
language plpgsql
stable
set search_path = ''
as $$
begin
  perform private.require_admin();
  if admin_filtered_users.role is null and admin_filtered_users.locations is null
     and min_lpa_from is null and min_lpa_to is null then
    return user_ids;
  end if;
  return array(
    select s.user_id from public.job_settings s
     where (user_ids is null or s.user_id = any (user_ids))
       and (admin_filtered_users.role is null
            or exists (select 1 from unnest(s.roles) r where r ilike '%' || admin_filtered_users.role || '%'))
       and (admin_filtered_users.locations is null or s.locations && admin_filtered_users.locations)
       and (min_lpa_from is null or s.min_lpa >= min_lpa_from)
       and (min_lpa_to is null or s.min_lpa <= min_lpa_to));
end;
$$;
comment on function private.admin_filtered_users(uuid[], text, text[], numeric, numeric) is
  'Admin (42501 otherwise): the users of user_ids (null = all) whose job settings match role (ILIKE part of a target role; the caller escapes it), locations (any in common) and min_lpa bounds; user_ids unchanged when no settings filter is given.';

-- private.admin_certificate_stats(from, to, statuses, user_ids) → jsonb (admin): uploads between
-- two instants (uploaded_at): total, by status, by document type × status, reviewed, median and
-- p90 hours from upload to decision, rejection rate of the decided, uploads per IST day.
create function private.admin_certificate_stats(
  from_at timestamptz, to_at timestamptz, statuses text[] default null, user_ids uuid[] default null
)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  out jsonb;
begin
  perform private.require_admin();
  with c as (
    select * from public.certificates c
     where c.uploaded_at is not null
       and (from_at is null or c.uploaded_at >= from_at) and (to_at is null or c.uploaded_at < to_at)
       and (statuses is null or c.status::text = any (statuses))
       and (user_ids is null or c.user_id = any (user_ids))
  )
  select jsonb_build_object(
    'total', (select count(*)::int from c),
    'by_status', (select jsonb_build_object('pending', count(*) filter (where status = 'pending'),
                                            'verified', count(*) filter (where status = 'verified'),
                                            'rejected', count(*) filter (where status = 'rejected')) from c),
    'by_document_type', coalesce((select jsonb_agg(jsonb_build_object('document_type', t, 'total', n, 'pending', p, 'verified', v, 'rejected', r) order by t)
                                    from (select document_type::text as t, count(*)::int as n,
                                                 count(*) filter (where status = 'pending')::int as p,
                                                 count(*) filter (where status = 'verified')::int as v,
                                                 count(*) filter (where status = 'rejected')::int as r
                                            from c group by 1) x), '[]'::jsonb),
    'reviewed', (select count(*)::int from c where reviewed_at is not null),
    'median_review_hours', (select round((percentile_cont(0.5) within group (order by extract(epoch from reviewed_at - uploaded_at) / 3600.0))::numeric, 2)
                              from c where reviewed_at is not null),
    'p90_review_hours', (select round((percentile_cont(0.9) within group (order by extract(epoch from reviewed_at - uploaded_at) / 3600.0))::numeric, 2)
                           from c where reviewed_at is not null),
    'rejection_rate', (select case when count(*) filter (where status <> 'pending') > 0
                                   then round((count(*) filter (where status = 'rejected'))::numeric / count(*) filter (where status <> 'pending'), 4) end from c),
    'uploads_by_day', coalesce((select jsonb_agg(jsonb_build_object('day', d, 'uploads', n) order by d)
                                  from (select private.ist_day(uploaded_at) as d, count(*)::int as n from c group by 1) x), '[]'::jsonb)
  ) into out;
  return out;
end;
$$;
comment on function private.admin_certificate_stats(timestamptz, timestamptz, text[], uuid[]) is
  'Admin (42501 otherwise): certificates uploaded in [from, to): totals by status and document type, review times (median, p90 hours), rejection rate, uploads per IST day.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.analytics_daily from public, anon, authenticated, service_role;
grant select on table public.analytics_daily to authenticated, service_role;

revoke all on function
  private.ist_day(timestamptz), private.ist_start(date), private.response_rank(text),
  private.wilson_interval(integer, integer), private.application_stage(uuid, text),
  private.refresh_analytics_daily(uuid[], date[]), private.analytics_daily_after_insert(),
  private.analytics_daily_after_update(), private.analytics_daily_after_delete(),
  private.rebuild_analytics_daily(date), private.scoped_users(uuid[]),
  private.analytics_rows(date, date, text[], uuid[]), private.report_applications(date, date, text[], uuid[], text),
  private.applications_series(date, date, text, text[], uuid[]),
  private.applications_summary(date, date, text[], uuid[]),
  private.resume_performance(date, date, uuid[], uuid[], text[]),
  private.dashboard_summary(), private.report_email_numbers(uuid, date, date),
  private.require_admin(), private.admin_platform_metrics(),
  private.admin_filtered_users(uuid[], text, text[], numeric, numeric),
  private.admin_certificate_stats(timestamptz, timestamptz, text[], uuid[])
  from public, anon, authenticated, service_role;
grant execute on function
  private.ist_day(timestamptz), private.ist_start(date), private.response_rank(text),
  private.wilson_interval(integer, integer), private.application_stage(uuid, text), private.scoped_users(uuid[]),
  private.analytics_rows(date, date, text[], uuid[]), private.report_applications(date, date, text[], uuid[], text),
  private.applications_series(date, date, text, text[], uuid[]),
  private.applications_summary(date, date, text[], uuid[]),
  private.resume_performance(date, date, uuid[], uuid[], text[]),
  private.dashboard_summary(), private.require_admin(), private.admin_platform_metrics(),
  private.admin_filtered_users(uuid[], text, text[], numeric, numeric),
  private.admin_certificate_stats(timestamptz, timestamptz, text[], uuid[])
  to authenticated;
grant execute on function
  private.ist_day(timestamptz), private.ist_start(date), private.response_rank(text),
  private.wilson_interval(integer, integer), private.application_stage(uuid, text),
  private.refresh_analytics_daily(uuid[], date[]), private.rebuild_analytics_daily(date),
  private.report_email_numbers(uuid, date, date)
  to service_role;

-- ---------------------------------------------------------------------------------------------
-- Cron (idempotent). 02:15 IST: yesterday is over in India.
-- ---------------------------------------------------------------------------------------------
do $$
begin
  if exists (select 1 from cron.job where jobname = 'insights-analytics-daily') then
    perform cron.unschedule('insights-analytics-daily');
  end if;
  perform cron.schedule('insights-analytics-daily', '45 20 * * *', 'select private.rebuild_analytics_daily()');
end
$$;

-- Existing applications (none on a fresh install; any written before this migration).
select private.rebuild_analytics_daily();
