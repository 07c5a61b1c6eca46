-- Applications, their timeline, runs, apply settings, portal state and the answer bank: the owner
-- reads their own; a stranger and anon see and change nothing; nobody writes the tables directly
-- (only through the private functions); admins read all; the platform controls are readable by
-- signed-in users and writable by nobody directly.
begin;
select plan(22);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('stranger');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');

select tests.authenticate_as_service_role();
select private.ingest_fetched_jobs(tests.get_supabase_uid('owner'), 'naukri', null,
  '[{"external_job_id": "1", "title": "Backend Engineer", "company": "Acme", "locations": ["Pune"],
     "job_url": "https://www.naukri.com/job-listings-1", "norm_company": "acme", "norm_title": "backend engineer",
     "match_score": 80}]');
reset role;
select set_config('test.job', (select id::text from public.fetched_jobs where user_id = tests.get_supabase_uid('owner')), true);

select tests.authenticate_as('owner');
select private.apply_single(current_setting('test.job')::uuid, null, null, 'Dear team', 'user', null);
select private.save_answer_bank('{"notice_period_days": 30}');
select set_config('test.app', (select id::text from public.job_applications limit 1), true);

select is((select count(*)::int from public.job_applications), 1, 'the owner reads their application');
select is((select count(*)::int from public.job_apply_runs), 1, 'and its run');
select ok((select count(*) from public.job_application_events) >= 1, 'and its timeline');
select is((select count(*)::int from public.apply_settings), 1, 'and their apply settings (created with the profile)');
select is((select notice_period_days::int from public.apply_answer_banks), 30, 'and their answer bank');
select throws_ok($$ update public.job_applications set status = 'submitted', applied_at = now() $$, '42501', null,
  'the owner cannot mark an application submitted directly');
select throws_ok($$ insert into public.job_application_events (application_id, user_id, kind) values
  (current_setting('test.app')::uuid, auth.uid(), 'note') $$, '42501', null, 'nor write the timeline');
select throws_ok($$ update public.apply_settings set admin_paused = false $$, '42501', null,
  'nor lift an admin pause by writing the settings');
select throws_ok($$ update public.apply_platform_controls set emergency_stop = false $$, '42501', null,
  'nor the emergency stop');
select throws_ok($$ select private.claim_job_application(current_setting('test.app')::uuid) $$, '42501', null,
  'a user session cannot claim an application like a runner');
select throws_ok($$ select private.admin_set_emergency_stop(true, 'x') $$, '42501', null,
  'nor flip the emergency stop');

select tests.authenticate_as('stranger');
select is_empty($$ select * from public.job_applications $$, 'a stranger sees no application');
select is_empty($$ select * from public.job_application_events $$, 'nor a timeline');
select is_empty($$ select * from public.job_apply_runs $$, 'nor a run');
select is_empty($$ select * from public.apply_answer_banks $$, 'nor an answer bank');
select throws_ok($$ select private.set_application_response(current_setting('test.app')::uuid, 'offer') $$, 'PT404', null,
  'a stranger cannot record a response on another user''s application');
select throws_ok($$ select private.reject_job_application(current_setting('test.app')::uuid) $$, 'PT404', null,
  'nor withdraw it');
select is((select count(*)::int from public.apply_platform_controls), 1, 'signed-in users read the platform controls');

select tests.clear_authentication();
set local role anon;
select throws_ok($$ select * from public.job_applications $$, '42501', null, 'anon cannot read applications');
select throws_ok($$ select * from public.apply_platform_controls $$, '42501', null, 'nor the platform controls');

select tests.authenticate_as('boss');
select is((select count(*)::int from public.job_applications where user_id = tests.get_supabase_uid('owner')), 1,
  'an admin reads every user''s applications');

reset role;
select is((select status from public.job_applications where id = current_setting('test.app')::uuid), 'queued',
  'the application is unchanged');

select * from finish();
rollback;
