-- Auto-apply after a fetch (jobs.fetched → queue job_apply_auto): jobs at or above the user's
-- threshold get a pending auto application (nothing when auto_apply is off); the runner prepares
-- the documents; with review before submit (the default) they wait for approval, else they queue.
-- The approval queue: approve one (with an edited cover letter), reject one, approve all; the run
-- finishes with one job.apply.summary.
begin;
select plan(17);

select tests.create_supabase_user('owner');
insert into public.job_settings (user_id, auto_apply, portals, roles) values (tests.get_supabase_uid('owner'), false, '{naukri}', '{Engineer}');
update public.apply_settings set match_threshold = 75 where user_id = tests.get_supabase_uid('owner');

select tests.authenticate_as_service_role();
select private.start_job_fetch_runs(tests.get_supabase_uid('owner'), array['naukri'], 'manual');
select private.ingest_fetched_jobs(tests.get_supabase_uid('owner'), 'naukri', (select id from public.job_fetch_runs where user_id = tests.get_supabase_uid('owner') limit 1),
  '[{"external_job_id": "s90", "title": "Staff Engineer", "company": "Acme", "locations": ["Pune"], "job_url": "https://www.naukri.com/s90",
     "norm_company": "acme", "norm_title": "staff engineer", "match_score": 90},
    {"external_job_id": "s80", "title": "Senior Engineer", "company": "Globex", "locations": ["Pune"], "job_url": "https://www.naukri.com/s80",
     "norm_company": "globex", "norm_title": "senior engineer", "match_score": 80},
    {"external_job_id": "s76", "title": "Engineer", "company": "Initech", "locations": ["Pune"], "job_url": "https://www.naukri.com/s76",
     "norm_company": "initech", "norm_title": "engineer", "match_score": 76},
    {"external_job_id": "s70", "title": "Junior Engineer", "company": "Hooli", "locations": ["Pune"], "job_url": "https://www.naukri.com/s70",
     "norm_company": "hooli", "norm_title": "junior engineer", "match_score": 70},
    {"external_job_id": "s99", "title": "Principal Engineer", "company": "Umbrella", "locations": ["Pune"], "job_url": "https://www.naukri.com/s99",
     "norm_company": "umbrella", "norm_title": "principal engineer", "match_score": 99}]');
reset role;
update public.fetched_jobs set status = 'skipped' where user_id = tests.get_supabase_uid('owner') and external_job_id = 's99';
select pgmq.purge_queue('job_apply_auto');

-- auto_apply off: a fetch queues nothing.
select private.finish_job_fetch_run((select id from public.job_fetch_runs where user_id = tests.get_supabase_uid('owner') limit 1), 'completed');
select tests.drain_sql_consumer('job_apply_auto');
select is((select count(*)::int from public.job_applications where user_id = tests.get_supabase_uid('owner')), 0, 'with auto-apply off a fetch applies to nothing');

-- auto_apply on: the next fetch's jobs at or above 75 (not skipped) are queued.
select tests.authenticate_as('owner');
select ok(private.set_auto_apply(true), 'the user turns auto-apply on');
reset role;
select private.start_job_fetch_runs(tests.get_supabase_uid('owner'), array['naukri'], 'schedule');
update public.fetched_jobs set run_id = (select id from public.job_fetch_runs where user_id = tests.get_supabase_uid('owner') and status = 'running') where user_id = tests.get_supabase_uid('owner');
select private.finish_job_fetch_run((select id from public.job_fetch_runs where user_id = tests.get_supabase_uid('owner') and status = 'running'), 'completed');
select is((tests.drain_sql_consumer('job_apply_auto') ->> 'processed')::int, 1, 'the auto consumer handles jobs.fetched');
select results_eq($$ select j.external_job_id from public.job_applications a join public.fetched_jobs j on j.id = a.fetched_job_id
                      where a.user_id = tests.get_supabase_uid('owner') order by j.match_score desc $$,
  array['s90', 's80', 's76'], 'the jobs at or above the threshold, none skipped, none below');
select is((select count(distinct run_id)::int from public.job_applications where user_id = tests.get_supabase_uid('owner') and mode = 'auto'), 1, 'in one auto run');
select is((select count(*)::int from public.job_applications where user_id = tests.get_supabase_uid('owner') and status = 'pending'), 3, 'pending their documents');

-- The runner prepares each (no resume versions here: the choice is recorded as given).
select tests.authenticate_as_service_role();
create temp table claims on commit drop as
  select a.id, private.claim_job_application(a.id) as c from public.job_applications a where a.user_id = tests.get_supabase_uid('owner');
select is((select count(*)::int from claims where c ->> 'action' = 'prepare'), 3, 'the runner is told to prepare them');
reset role;
-- The version the runner chose (a real row: the foreign key holds).
insert into public.resumes (id, user_id, name, role_type, template)
  values ('00000000-0000-4000-8000-000000000001', tests.get_supabase_uid('owner'), 'Main', 'Engineer', 'ats');
insert into public.resume_versions (id, resume_id, user_id, number, generated_from, template, content_json)
  values ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', tests.get_supabase_uid('owner'), 1,
          'manual', 'ats', '{"basics": {"name": "Owner"}, "meta": {}}');
select tests.authenticate_as_service_role();
select is(array_agg(private.job_application_prepared(id, (c ->> 'claim_token')::uuid, '00000000-0000-4000-8000-000000000002',
  '{"chosen_by": "ats"}', 'Draft letter', 'generated', '{"claims": []}')), array['awaiting_approval', 'awaiting_approval', 'awaiting_approval'],
  'with review before submit on they wait for approval') from claims;
reset role;
select is((select status from public.job_apply_runs where user_id = tests.get_supabase_uid('owner') and mode = 'auto'), 'completed',
  'the run is finished when only approvals are left');
select is((select (payload ->> 'awaiting_approval')::int from public.event_log where event_type = 'job.apply.summary' and payload ->> 'user_id' = tests.get_supabase_uid('owner')::text), 3,
  'its summary says three wait for approval');

-- The approval queue.
select tests.authenticate_as('owner');
select is(private.approve_job_application((select a.id from public.job_applications a join public.fetched_jobs j on j.id = a.fetched_job_id
  where a.user_id = tests.get_supabase_uid('owner') and j.external_job_id = 's90'), 'My own letter', true), 'queued', 'approving one queues it');
select is((select cover_letter_text || '/' || cover_letter_source from public.job_applications a join public.fetched_jobs j on j.id = a.fetched_job_id
  where a.user_id = tests.get_supabase_uid('owner') and j.external_job_id = 's90'), 'My own letter/user', 'with the letter as the user edited it');
select is(private.reject_job_application((select a.id from public.job_applications a join public.fetched_jobs j on j.id = a.fetched_job_id
  where a.user_id = tests.get_supabase_uid('owner') and j.external_job_id = 's80')), 'cancelled', 'rejecting one cancels it');
select is((select approval from public.job_applications a join public.fetched_jobs j on j.id = a.fetched_job_id
  where a.user_id = tests.get_supabase_uid('owner') and j.external_job_id = 's80'), 'rejected', 'as rejected in review');
select is(private.approve_all_job_applications(), 1, 'approve all takes the rest');
select throws_ok($$ select private.approve_job_application((select id from public.job_applications where user_id = tests.get_supabase_uid('owner') and status = 'cancelled')) $$,
  'PT409', null,
  'a rejected application cannot be approved afterwards');
reset role;
select is((select count(*)::int from public.job_application_events where user_id = tests.get_supabase_uid('owner') and kind = 'approval'), 6,
  'every approval change is in the timeline (3 pending, 2 approved, 1 rejected)');

select * from finish();
rollback;
