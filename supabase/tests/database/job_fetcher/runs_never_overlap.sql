-- At most one running run per (user, portal): a second start is skipped (the partial unique
-- index decides, also between concurrent callers); a finished run frees the portal; finishing
-- twice changes nothing and emits jobs.fetched once.
begin;
select plan(9);

select tests.create_supabase_user('u');
select tests.authenticate_as_service_role();

select is((select count(*)::int from private.start_job_fetch_runs(tests.get_supabase_uid('u'), array['naukri', 'linkedin'], 'manual')),
  2, 'two portals start two runs');
select is((select count(*)::int from private.start_job_fetch_runs(tests.get_supabase_uid('u'), array['naukri'], 'schedule')),
  0, 'a portal already running is not started again');
reset role;
select throws_ok($$ insert into public.job_fetch_runs (user_id, portal, trigger) values (tests.get_supabase_uid('u'), 'naukri', 'manual') $$,
  '23505', null, 'the partial unique index refuses a second running run even without the function');
select is((select count(*)::int from public.event_log where event_type = 'jobs.fetch.requested'
            and payload ->> 'user_id' = tests.get_supabase_uid('u')::text), 2, 'one jobs.fetch.requested per started run');

select tests.authenticate_as_service_role();
select set_config('test.run', (select id::text from public.job_fetch_runs where portal = 'naukri' and user_id = tests.get_supabase_uid('u')), true);
select is((select status from private.finish_job_fetch_run(current_setting('test.run')::uuid, 'completed')), 'completed',
  'the run completes');
select is((select status from private.finish_job_fetch_run(current_setting('test.run')::uuid, 'failed')), null,
  'a finished run is left as it is');
reset role;
select is((select count(*)::int from public.event_log where event_type = 'jobs.fetched'
            and payload ->> 'run_id' = current_setting('test.run')), 1, 'jobs.fetched is emitted once');
select tests.authenticate_as_service_role();
select is((select count(*)::int from private.start_job_fetch_runs(tests.get_supabase_uid('u'), array['naukri'], 'manual')),
  1, 'once finished, the portal can run again');
select throws_ok($$ select private.finish_job_fetch_run(current_setting('test.run')::uuid, 'running') $$, '22023', null,
  'running is no outcome');

select * from finish();
rollback;
