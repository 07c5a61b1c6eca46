-- private.schedule_job_fetches: active searches get a run per enabled portal once per
-- fetch_interval; backed-off portals wait; stale running runs fail with a timeout reason; the
-- cron job is registered; jobs.fetched notifies only runs with new jobs.
begin;
select plan(9);

select tests.create_supabase_user('active');
select tests.create_supabase_user('idle');
-- Only this test's users search (other tests' rows are rolled back with this transaction).
update public.job_settings set search_active = false where search_active;
update public.job_fetch_runs set status = 'failed', finished_at = now() where status = 'running';
insert into public.job_settings (user_id, search_active, portals, roles)
values (tests.get_supabase_uid('active'), true, array['naukri', 'linkedin'], array['Engineer']),
       (tests.get_supabase_uid('idle'), false, array['naukri'], array['Engineer']);

select is(private.schedule_job_fetches(), 2, 'one run per enabled portal of the active search');
select is((select count(*)::int from public.job_fetch_runs where user_id = tests.get_supabase_uid('idle')), 0,
  'a stopped search is not fetched');
select is(private.schedule_job_fetches(), 0, 'running portals are not started again');

-- The LinkedIn run's runner died an hour ago; the Naukri run finished with a block.
update public.job_fetch_runs set started_at = now() - interval '1 hour' where portal = 'linkedin' and user_id = tests.get_supabase_uid('active');
select private.finish_job_fetch_run((select id from public.job_fetch_runs where portal = 'naukri' and user_id = tests.get_supabase_uid('active')), 'failed',
  '[{"code": "captcha", "message": "Naukri asked for a captcha (406)."}]', now() + interval '3 hours');
update public.job_fetch_runs set started_at = now() - interval '7 hours' where portal = 'naukri' and user_id = tests.get_supabase_uid('active');
select is(private.schedule_job_fetches(), 0, 'the stale run is failed, not restarted in the same tick; the blocked portal waits');
select is((select status || ':' || (errors_json -> 0 ->> 'code') from public.job_fetch_runs where portal = 'linkedin' and user_id = tests.get_supabase_uid('active')),
  'failed:timeout', 'the stale run failed with a timeout reason');
update public.job_fetch_runs set finished_at = now() - interval '31 minutes' where portal = 'linkedin' and user_id = tests.get_supabase_uid('active');
select is(private.schedule_job_fetches(), 1, '30 minutes after the timeout the portal is retried, not the blocked one');
update public.job_fetch_runs set blocked_until = now() - interval '1 minute', finished_at = now() - interval '3 hours' where portal = 'naukri' and user_id = tests.get_supabase_uid('active');
select is(private.schedule_job_fetches(), 1, 'after its back-off the blocked portal is fetched again');

select is((select schedule from cron.job where jobname = 'job-fetcher-schedule'), '*/15 * * * *', 'the cron job ticks every 15 minutes');
select is((select count(*)::int from notifications.templates where event_type = 'jobs.fetched'), 2,
  'jobs.fetched has its notification templates (1 new job / n new jobs; none for 0)');

select * from finish();
rollback;
