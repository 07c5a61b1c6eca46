-- Applications over time and their summary on known data: IST day boundaries (23:59:59 and 00:00
-- IST fall on two days though both are the same UTC day), weeks from Monday, the funnel by the
-- highest stage reached (shortlisted-then-rejected counts as shortlisted), response rates with
-- Wilson intervals, the pipeline, empty ranges, analytics_daily kept correct on write and equal to
-- the nightly rebuild, and the scope: a user sees only their own, an admin whom they ask for.
begin;
select plan(20);

select tests.create_supabase_user('ana');
select tests.create_supabase_user('bob');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');

create function pg_temp.app(uid uuid, ext text, portal text, applied timestamptz, response text default 'pending',
                            status text default 'submitted')
returns uuid language sql as $$
  with j as (
    insert into public.fetched_jobs (user_id, portal, external_job_id, title, company, job_url, norm_company, norm_title, match_score)
    values (uid, portal, ext, 'Job ' || ext, 'Co ' || ext, 'https://example.com/' || ext, 'co ' || ext, 'job ' || ext, 70)
    returning id)
  insert into public.job_applications (user_id, fetched_job_id, duplicate_group_id, portal, mode, status, response_status,
                                       applied_at, created_at)
  select uid, j.id, j.id, portal, 'manual', status, response, case when status = 'submitted' then applied end, applied from j
  returning id $$;

-- 2026-11-30 is a Monday. a1 and a2 are both 2026-11-29 in UTC, but 23:59:59 and 00:00 in IST.
select pg_temp.app(tests.get_supabase_uid('ana'), 'a1', 'linkedin', '2026-11-29T18:29:59Z', 'viewed');
select pg_temp.app(tests.get_supabase_uid('ana'), 'a2', 'naukri', '2026-11-29T18:30:00Z', 'interview');
select set_config('test.a3', pg_temp.app(tests.get_supabase_uid('ana'), 'a3', 'naukri', '2026-11-30T05:00:00Z', 'shortlisted')::text, true);
select pg_temp.app(tests.get_supabase_uid('ana'), 'a4', 'indeed', '2026-11-23T20:00:00Z', 'offer');      -- IST 24th 01:30
select set_config('test.a7', pg_temp.app(tests.get_supabase_uid('ana'), 'a7', 'linkedin', '2026-11-28T06:00:00Z')::text, true);
select pg_temp.app(tests.get_supabase_uid('ana'), 'a5', 'linkedin', '2026-11-30T06:00:00Z', 'pending', 'failed');
select pg_temp.app(tests.get_supabase_uid('ana'), 'a6', 'linkedin', '2026-11-30T07:00:00Z', 'pending', 'queued');
select pg_temp.app(tests.get_supabase_uid('bob'), 'b1', 'naukri', '2026-11-30T07:00:00Z', 'offer');
-- Shortlisted, then rejected: the timeline keeps "shortlisted".
update public.job_applications set response_status = 'rejected' where id = current_setting('test.a3')::uuid;

select results_eq(
  $$ select day::text, portal, applied, viewed, shortlisted, interview, offer, rejected, responded
       from public.analytics_daily where user_id = tests.get_supabase_uid('ana') order by day, portal $$,
  $$ values ('2026-11-24', 'indeed', 1, 1, 1, 1, 1, 0, 1),
            ('2026-11-28', 'linkedin', 1, 0, 0, 0, 0, 0, 0),
            ('2026-11-29', 'linkedin', 1, 1, 0, 0, 0, 0, 1),
            ('2026-11-30', 'naukri', 2, 2, 2, 1, 0, 1, 2) $$,
  'analytics_daily, written by the triggers: IST days, funnel by the highest stage reached, failed and queued not applied');

select tests.authenticate_as('ana');
select results_eq(
  $$ select bucket_start::text, applied, linkedin, naukri, indeed, viewed, shortlisted, interview, offer, rejected, responded
       from private.applications_series('2026-11-23', '2026-11-30') $$,
  $$ values ('2026-11-23', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), ('2026-11-24', 1, 0, 0, 1, 1, 1, 1, 1, 0, 1),
            ('2026-11-25', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), ('2026-11-26', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            ('2026-11-27', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), ('2026-11-28', 1, 1, 0, 0, 0, 0, 0, 0, 0, 0),
            ('2026-11-29', 1, 1, 0, 0, 1, 0, 0, 0, 0, 1), ('2026-11-30', 2, 0, 2, 0, 2, 2, 1, 0, 1, 2) $$,
  'the daily series: every IST day, zero-filled; bob''s application is not hers');
select results_eq(
  $$ select bucket_start::text, applied from private.applications_series('2026-11-25', '2026-11-30', 'week') $$,
  $$ values ('2026-11-23', 2), ('2026-11-30', 2) $$, 'weekly buckets start on Monday');
select results_eq(
  $$ select bucket_start::text, applied from private.applications_series('2026-11-29', '2026-11-30', 'day', array['naukri']) $$,
  $$ values ('2026-11-29', 0), ('2026-11-30', 2) $$, 'filtered by portal');
select is((select sum(applied)::int from private.applications_series('2026-10-01', '2026-10-07')), 0, 'an empty range: zeros');
select is((select count(*)::int from private.applications_series('2026-10-01', '2026-10-07')), 7, 'with every day present');

select is(private.applications_summary('2026-11-23', '2026-11-30') - 'by_portal' - 'median_days_to_response',
  '{"applied": 5, "responded": 4, "response_rate": 0.8000, "response_rate_low": 0.3755, "response_rate_high": 0.9638,
    "funnel": {"applied": 5, "viewed": 4, "shortlisted": 3, "interview": 2, "offer": 1}, "rejected": 1,
    "pipeline": {"submitted": 5, "failed": 1, "queued": 1}}'::jsonb,
  'the summary: 4 of 5 answered (Wilson 0.38–0.96), the funnel, the pipeline of everything created');
select is(private.applications_summary('2026-11-23', '2026-11-30') -> 'by_portal',
  '[{"portal": "linkedin", "applied": 2, "responded": 1, "interview": 0, "offer": 0, "response_rate": 0.5000, "response_rate_low": 0.0945, "response_rate_high": 0.9055},
    {"portal": "naukri", "applied": 2, "responded": 2, "interview": 1, "offer": 0, "response_rate": 1.0000, "response_rate_low": 0.3424, "response_rate_high": 1.0000},
    {"portal": "indeed", "applied": 1, "responded": 1, "interview": 1, "offer": 1, "response_rate": 1.0000, "response_rate_low": 0.2065, "response_rate_high": 1.0000}]'::jsonb,
  'by portal, each with its own interval');
select ok((private.applications_summary('2026-11-23', '2026-11-30') ->> 'median_days_to_response') is not null,
  'the median days to a response');
select is(private.applications_summary('2026-10-01', '2026-10-07') - 'by_portal',
  '{"applied": 0, "responded": 0, "response_rate": null, "response_rate_low": null, "response_rate_high": null,
    "funnel": {"applied": 0, "viewed": 0, "shortlisted": 0, "interview": 0, "offer": 0}, "rejected": 0,
    "pipeline": {}, "median_days_to_response": null}'::jsonb, 'an empty range: zeros and no rate (not 0 %)');
select is((select count(*)::int from jsonb_array_elements(private.applications_summary('2026-10-01', '2026-10-07') -> 'by_portal') p
            where (p ->> 'applied')::int = 0), 3, 'every portal present with zero');
select is((private.applications_summary('2026-11-23', '2026-11-30', null, array[tests.get_supabase_uid('bob')]) ->> 'applied')::int, 5,
  'asking for bob''s numbers still gives hers: a user''s scope is herself');
select is((select sum(applied)::int from public.analytics_daily), 5, 'RLS: she reads only her own rows');

select tests.authenticate_as('boss');
select is((private.applications_summary('2026-11-23', '2026-11-30') ->> 'applied')::int,
  (select sum(applied)::int from public.analytics_daily where day between '2026-11-23' and '2026-11-30'),
  'an admin with no filter: everyone (ana''s 5 and bob''s 1 among whatever else the database holds)');
select is((private.applications_summary('2026-11-23', '2026-11-30', null, array[tests.get_supabase_uid('bob')]) ->> 'applied')::int, 1,
  'an admin filtering by user');
reset role;

-- On write: a response changes the counts of the day it was applied on, at once.
update public.job_applications set response_status = 'viewed' where id = current_setting('test.a7')::uuid;
select results_eq(
  $$ select viewed, responded from public.analytics_daily where user_id = tests.get_supabase_uid('ana') and day = '2026-11-28' $$,
  $$ values (1, 1) $$, 'a response updates analytics_daily in the same transaction');
-- A new application today is in today's row at once.
select pg_temp.app(tests.get_supabase_uid('ana'), 'a8', 'indeed', now());
select is((select applied from public.analytics_daily where user_id = tests.get_supabase_uid('ana')
            and day = private.ist_day(now()) and portal = 'indeed'), 1, 'today is never a day behind');

-- The nightly rebuild agrees with what the triggers kept.
create temporary table before_rebuild as select user_id, day, portal, applied, viewed, shortlisted, interview, offer, rejected, responded
  from public.analytics_daily;
select is(private.rebuild_analytics_daily(), (select count(*)::int from before_rebuild), 'the rebuild writes as many rows');
select is_empty($$ (select user_id, day, portal, applied, viewed, shortlisted, interview, offer, rejected, responded from public.analytics_daily
                     except select * from before_rebuild)
                   union all
                   (select * from before_rebuild except
                    select user_id, day, portal, applied, viewed, shortlisted, interview, offer, rejected, responded from public.analytics_daily) $$,
  'and the same numbers');

select tests.clear_authentication();
set local role anon;
select throws_ok($$ select * from public.analytics_daily $$, '42501', null, 'anon reads nothing');
reset role;

select * from finish();
rollback;
