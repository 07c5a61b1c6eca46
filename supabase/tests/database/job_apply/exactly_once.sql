-- One application per (user, duplicate group): a database constraint, not a check in code. The
-- same job twice, the same job on another portal (a duplicate), a batch with both, a batch and an
-- auto run over the same job: one row; a failed one is revived (same row), never a second.
begin;
select plan(15);

select tests.create_supabase_user('owner');
select tests.authenticate_as_service_role();
-- The same job on Naukri and then LinkedIn: the LinkedIn copy is stored as a duplicate of the Naukri one.
select private.ingest_fetched_jobs(tests.get_supabase_uid('owner'), 'naukri', null,
  '[{"external_job_id": "n1", "title": "Backend Engineer", "company": "Acme Payments", "locations": ["Pune"],
     "job_url": "https://www.naukri.com/job-listings-n1", "norm_company": "acme payments", "norm_title": "backend engineer",
     "match_score": 80},
    {"external_job_id": "n2", "title": "Data Engineer", "company": "Globex", "locations": ["Pune"],
     "job_url": "https://www.naukri.com/job-listings-n2", "norm_company": "globex", "norm_title": "data engineer",
     "match_score": 75}]');
select private.ingest_fetched_jobs(tests.get_supabase_uid('owner'), 'linkedin', null,
  '[{"external_job_id": "l1", "title": "Backend Engineer", "company": "Acme Payments Pvt Ltd", "locations": ["Pune"],
     "job_url": "https://www.linkedin.com/jobs/view/l1", "norm_company": "acme payments", "norm_title": "backend engineer",
     "match_score": 80}]');
reset role;
select set_config('test.n1', (select id::text from public.fetched_jobs where user_id = tests.get_supabase_uid('owner') and external_job_id = 'n1'), true);
select set_config('test.n2', (select id::text from public.fetched_jobs where user_id = tests.get_supabase_uid('owner') and external_job_id = 'n2'), true);
select set_config('test.l1', (select id::text from public.fetched_jobs where user_id = tests.get_supabase_uid('owner') and external_job_id = 'l1'), true);
select is((select duplicate_of::text from public.fetched_jobs where user_id = tests.get_supabase_uid('owner') and external_job_id = 'l1'), current_setting('test.n1'),
  'the LinkedIn copy is a duplicate of the Naukri job');

select tests.authenticate_as('owner');
select is(private.apply_single(current_setting('test.n1')::uuid, null, null, null, null, null) ->> 'outcome', 'created',
  'the first apply creates the application');
select is(private.apply_single(current_setting('test.n1')::uuid, null, null, null, null, null) ->> 'outcome', 'exists',
  'a second apply to the same job (a double click) finds it');
select is(private.apply_single(current_setting('test.l1')::uuid, null, null, null, null, null) ->> 'outcome', 'exists',
  'so does applying to the same job on the other portal');
select is(
  (private.apply_batch(array[current_setting('test.n1')::uuid, current_setting('test.l1')::uuid,
                             current_setting('test.n2')::uuid, current_setting('test.n2')::uuid]) ->> 'queued_count')::int,
  1, 'a batch with both copies, and one job twice, queues only the new job, once');

reset role;
select is((select count(*)::int from public.job_applications where user_id = tests.get_supabase_uid('owner')), 2, 'two rows in all: one per job');
select throws_ok(
  format($$ insert into public.job_applications (user_id, fetched_job_id, duplicate_group_id, portal, mode)
            values ('%s', '%s', '%s', 'linkedin', 'manual') $$,
         tests.get_supabase_uid('owner'), current_setting('test.l1'), current_setting('test.n1')),
  '23505', null, 'even a direct insert (as the owner of the tables) hits the unique constraint');

-- An auto run over the same fetch run: nothing new.
update public.job_settings set auto_apply = true where user_id = tests.get_supabase_uid('owner');
insert into public.job_settings (user_id, auto_apply) select tests.get_supabase_uid('owner'), true
 where not exists (select 1 from public.job_settings where user_id = tests.get_supabase_uid('owner'));
update public.fetched_jobs set run_id = null where user_id = tests.get_supabase_uid('owner');
select private.start_job_fetch_runs(tests.get_supabase_uid('owner'), array['naukri'], 'manual');
update public.fetched_jobs set run_id = (select id from public.job_fetch_runs where user_id = tests.get_supabase_uid('owner') limit 1) where user_id = tests.get_supabase_uid('owner');
select private.auto_apply_after_fetch(jsonb_build_object('payload', jsonb_build_object(
  'user_id', tests.get_supabase_uid('owner'), 'run_id', (select id from public.job_fetch_runs where user_id = tests.get_supabase_uid('owner') limit 1))));
select is((select count(*)::int from public.job_applications where user_id = tests.get_supabase_uid('owner')), 2, 'auto-apply after the fetch adds no second application');
select is((select count(*)::int from public.job_apply_runs where user_id = tests.get_supabase_uid('owner') and mode = 'auto'), 0, 'and starts no empty auto run');

-- A failed application is revived by a new request: the same row, a fresh attempt.
select set_config('test.app', (select id::text from public.job_applications where duplicate_group_id = current_setting('test.n1')::uuid), true);
update public.job_applications set status = 'failed', error_json = '{"code": "flow_failed", "message": "x"}' where id = current_setting('test.app')::uuid;
select tests.authenticate_as('owner');
select is(private.apply_single(current_setting('test.l1')::uuid, null, null, null, null, null) ->> 'outcome', 'revived',
  'applying again after a failure revives the application');
reset role;
select is((select count(*)::int from public.job_applications where user_id = tests.get_supabase_uid('owner')), 2, 'still two rows');
select is((select id::text from public.job_applications where duplicate_group_id = current_setting('test.n1')::uuid),
  current_setting('test.app'), 'the same row');
select is((select fetched_job_id::text from public.job_applications where id = current_setting('test.app')::uuid),
  current_setting('test.l1'), 'now through the portal asked for');
select is((select status from public.fetched_jobs where id = current_setting('test.l1')::uuid), 'queued',
  'the job and its duplicate show queued');
select ok((select count(*) from public.job_application_events where application_id = current_setting('test.app')::uuid
            and kind = 'status' and to_status = 'queued' and from_status = 'failed') = 1,
  'the revival is in the timeline');

select * from finish();
rollback;
