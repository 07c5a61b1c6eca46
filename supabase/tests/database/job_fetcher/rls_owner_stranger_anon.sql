-- Fetched jobs and fetch runs: the owner reads their own; a stranger and anon see and change
-- nothing; nobody writes the tables directly (only through the private functions); admins read all.
begin;
select plan(14);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('stranger');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');

select tests.authenticate_as_service_role();
select private.start_job_fetch_runs(tests.get_supabase_uid('owner'), array['naukri'], 'manual');
select private.ingest_fetched_jobs(tests.get_supabase_uid('owner'), 'naukri', null,
  '[{"external_job_id": "1", "title": "Backend Engineer", "company": "Acme", "locations": ["Pune"],
     "job_url": "https://www.naukri.com/job-listings-1", "norm_company": "acme", "norm_title": "backend engineer",
     "match_score": 50}]');
reset role;
select set_config('test.job', (select id::text from public.fetched_jobs where user_id = tests.get_supabase_uid('owner')), true);

select tests.authenticate_as('owner');
select is((select count(*)::int from public.fetched_jobs), 1, 'the owner reads their job');
select is((select count(*)::int from public.job_fetch_runs), 1, 'and their run');
select throws_ok($$ update public.fetched_jobs set status = 'applied' $$, '42501', null,
  'the owner cannot write the table directly (applied comes from the apply stack)');
select throws_ok($$ insert into public.job_fetch_runs (user_id, portal, trigger) values (auth.uid(), 'indeed', 'manual') $$,
  '42501', null, 'nor start a run without the function');
select throws_ok($$ select private.ingest_fetched_jobs(auth.uid(), 'naukri', null, '[]') $$, '42501', null,
  'a user session cannot ingest');
select throws_ok($$ select private.finish_job_fetch_run((select id from public.job_fetch_runs limit 1), 'completed') $$,
  '42501', null, 'nor finish a run (and emit jobs.fetched)');

select tests.authenticate_as('stranger');
select is_empty($$ select * from public.fetched_jobs $$, 'a stranger sees no job');
select is_empty($$ select * from public.job_fetch_runs $$, 'nor any run');
select throws_ok($$ select private.set_job_status(current_setting('test.job')::uuid, 'skipped') $$, 'PT404', null,
  'a stranger cannot change another user''s job');
select is_empty($$ select * from private.job_fetch_schedule() $$, 'nor see their schedule');

select tests.clear_authentication();
set local role anon;
select throws_ok($$ select * from public.fetched_jobs $$, '42501', null, 'anon cannot read jobs');
select throws_ok($$ select * from public.job_fetch_runs $$, '42501', null, 'nor runs');

select tests.authenticate_as('boss');
select is((select count(*)::int from public.fetched_jobs where user_id = tests.get_supabase_uid('owner')), 1,
  'an admin reads every user''s jobs');

reset role;
select is((select status from public.fetched_jobs where id = current_setting('test.job')::uuid), 'new',
  'the job is unchanged');

select * from finish();
rollback;
