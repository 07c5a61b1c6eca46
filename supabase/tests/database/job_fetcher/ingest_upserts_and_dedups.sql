-- private.ingest_fetched_jobs: upsert by (user, portal, external_job_id) (status kept), cross-
-- portal duplicates linked by pg_trgm similarity of company/title keys and a shared city,
-- nothing linked across users or within a portal; counts added to the run.
begin;
select plan(11);

select tests.create_supabase_user('u');
select tests.create_supabase_user('v');
select tests.authenticate_as_service_role();
select set_config('test.run', (select id::text from private.start_job_fetch_runs(tests.get_supabase_uid('u'), array['naukri'], 'manual')), true);

select is(
  private.ingest_fetched_jobs(tests.get_supabase_uid('u'), 'naukri', current_setting('test.run')::uuid,
    '[{"external_job_id": "n1", "title": "Sr. Software Engineer", "company": "Infosys Ltd", "locations": ["Bengaluru"],
       "job_url": "https://www.naukri.com/1", "norm_company": "infosys", "norm_title": "senior software engineer", "lpa_min": 12, "lpa_max": 18},
      {"external_job_id": "n2", "title": "Data Analyst", "company": "Zomato", "locations": ["Gurugram"],
       "job_url": "https://www.naukri.com/2", "norm_company": "zomato", "norm_title": "data analyst"}]'),
  '{"received": 2, "inserted": 2, "updated": 0, "duplicates": 0}'::jsonb, 'two new jobs');
reset role;
update public.fetched_jobs set status = 'reviewed' where external_job_id = 'n1' and user_id = tests.get_supabase_uid('u');
select tests.authenticate_as_service_role();
select is(
  private.ingest_fetched_jobs(tests.get_supabase_uid('u'), 'naukri', null,
    '[{"external_job_id": "n1", "title": "Sr. Software Engineer", "company": "Infosys Ltd", "locations": ["Bengaluru"],
       "job_url": "https://www.naukri.com/1", "norm_company": "infosys", "norm_title": "senior software engineer", "lpa_min": 15, "lpa_max": 20}]'),
  '{"received": 1, "inserted": 0, "updated": 1, "duplicates": 0}'::jsonb, 'the same posting updates');
reset role;
select is((select status || ' ' || lpa_min from public.fetched_jobs where external_job_id = 'n1' and user_id = tests.get_supabase_uid('u')), 'reviewed 15.00',
  'new values, the user''s status kept');

select tests.authenticate_as_service_role();
select is(
  private.ingest_fetched_jobs(tests.get_supabase_uid('u'), 'linkedin', null,
    '[{"external_job_id": "l1", "title": "Senior Software Engineer", "company": "Infosys Limited", "locations": ["Bengaluru"],
       "job_url": "https://www.linkedin.com/jobs/view/1", "norm_company": "infosys limited", "norm_title": "senior software engineer"},
      {"external_job_id": "l2", "title": "Senior Software Engineer", "company": "Infosys Limited", "locations": ["Chennai"],
       "job_url": "https://www.linkedin.com/jobs/view/2", "norm_company": "infosys", "norm_title": "senior software engineer"},
      {"external_job_id": "l3", "title": "Product Manager", "company": "Infosys", "locations": ["Bengaluru"],
       "job_url": "https://www.linkedin.com/jobs/view/3", "norm_company": "infosys", "norm_title": "product manager"}]'),
  '{"received": 3, "inserted": 3, "updated": 0, "duplicates": 1}'::jsonb,
  'only the same company + similar title + same city is a duplicate');
reset role;
select is((select duplicate_of from public.fetched_jobs where external_job_id = 'l1' and user_id = tests.get_supabase_uid('u')),
  (select id from public.fetched_jobs where external_job_id = 'n1' and user_id = tests.get_supabase_uid('u')), 'linked to the canonical Naukri row');
select is((select duplicate_of from public.fetched_jobs where external_job_id = 'l2' and user_id = tests.get_supabase_uid('u')), null, 'another city is another job');
select is((select duplicate_of from public.fetched_jobs where external_job_id = 'l3' and user_id = tests.get_supabase_uid('u')), null, 'another title is another job');

select tests.authenticate_as_service_role();
select is(
  (private.ingest_fetched_jobs(tests.get_supabase_uid('u'), 'naukri', null,
    '[{"external_job_id": "n9", "title": "Senior Software Engineer", "company": "Infosys", "locations": ["Bengaluru"],
       "job_url": "https://www.naukri.com/9", "norm_company": "infosys", "norm_title": "senior software engineer"}]') ->> 'duplicates')::int,
  0, 'a second posting on the same portal is not a duplicate of a canonical row there');
select is(
  (private.ingest_fetched_jobs(tests.get_supabase_uid('v'), 'indeed', null,
    '[{"external_job_id": "i1", "title": "Senior Software Engineer", "company": "Infosys", "locations": ["Bengaluru"],
       "job_url": "https://in.indeed.com/viewjob?jk=1", "norm_company": "infosys", "norm_title": "senior software engineer"}]') ->> 'duplicates')::int,
  0, 'another user''s jobs are never linked');
reset role;
select is((select jobs_found || '/' || new_jobs_added || '/' || pages_fetched from public.job_fetch_runs where id = current_setting('test.run')::uuid),
  '2/2/1', 'the run counts what its batch brought');
select tests.authenticate_as_service_role();
select throws_ok($$ select private.ingest_fetched_jobs(tests.get_supabase_uid('v'), 'naukri', current_setting('test.run')::uuid, '[]') $$,
  'PT404', null, 'another user''s run is refused');

select * from finish();
rollback;
