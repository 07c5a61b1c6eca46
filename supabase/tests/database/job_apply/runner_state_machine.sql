-- The runner's path through an application: claim (a lease: a redelivery does not start a second
-- attempt), submitting recorded before the click, the outcome; a runner that died after
-- `submitting` is told to verify with the portal first; a stale claim cannot record anything.
begin;
select plan(20);

select tests.create_supabase_user('owner');
select tests.authenticate_as_service_role();
select private.ingest_fetched_jobs(tests.get_supabase_uid('owner'), 'naukri', null,
  '[{"external_job_id": "n1", "title": "Backend Engineer", "company": "Acme", "locations": ["Pune"],
     "job_url": "https://www.naukri.com/job-listings-n1", "norm_company": "acme", "norm_title": "backend engineer", "match_score": 80},
    {"external_job_id": "n2", "title": "Data Engineer", "company": "Globex", "locations": ["Pune"],
     "job_url": "https://www.naukri.com/job-listings-n2", "norm_company": "globex", "norm_title": "data engineer", "match_score": 80}]');
reset role;
update public.apply_settings set pacing_min_seconds = 0, pacing_max_seconds = 0 where user_id = tests.get_supabase_uid('owner');
select tests.authenticate_as('owner');
select set_config('test.a1', private.apply_single((select id from public.fetched_jobs where user_id = tests.get_supabase_uid('owner') and external_job_id = 'n1'),
  null, null, null, null, null) ->> 'application_id', true);
select set_config('test.a2', private.apply_single((select id from public.fetched_jobs where user_id = tests.get_supabase_uid('owner') and external_job_id = 'n2'),
  null, null, null, null, null) ->> 'application_id', true);
reset role;
select is((select count(*)::int from pgmq.q_job_apply where message #>> '{payload,user_id}' = tests.get_supabase_uid('owner')::text), 2, 'each application is dispatched to the runner queue');

select tests.authenticate_as_service_role();
select set_config('test.c1', private.claim_job_application(current_setting('test.a1')::uuid, 600)::text, true);
select is(current_setting('test.c1')::jsonb ->> 'action', 'apply', 'the first claim says apply');
select is((current_setting('test.c1')::jsonb #>> '{job,external_job_id}'), 'n1', 'with the job the flow needs');
select is(private.claim_job_application(current_setting('test.a1')::uuid, 600) ->> 'action', 'skip',
  'a redelivered message while the lease is held is skipped (no second attempt)');
select throws_ok(format($$ select private.begin_job_application_submit('%s', gen_random_uuid()) $$, current_setting('test.a1')),
  'PT409', null, 'a foreign claim cannot record an attempt');
select is(private.begin_job_application_submit(current_setting('test.a1')::uuid,
  (current_setting('test.c1')::jsonb ->> 'claim_token')::uuid) ->> 'go', 'true', 'before the click: go');
select is((select status from public.job_applications where id = current_setting('test.a1')::uuid), 'submitting',
  'submitting is recorded before the click');

-- The runner dies here: the lease runs out, the message is redelivered.
reset role;
update public.job_applications set claimed_until = now() - interval '1 second' where id = current_setting('test.a1')::uuid;
select tests.authenticate_as_service_role();
select set_config('test.c2', private.claim_job_application(current_setting('test.a1')::uuid, 600)::text, true);
select is(current_setting('test.c2')::jsonb ->> 'action', 'verify',
  'after a crash between submitting and submitted the runner is told to ask the portal first');
select throws_ok(format($$ select private.finish_job_application_attempt('%s', '%s', '{"kind": "submitted"}') $$,
  current_setting('test.a1'), current_setting('test.c1')::jsonb ->> 'claim_token'),
  'PT409', null, 'the dead attempt''s claim can no longer record anything');
select is(private.finish_job_application_attempt(current_setting('test.a1')::uuid,
  (current_setting('test.c2')::jsonb ->> 'claim_token')::uuid, '{"kind": "already_applied"}'), 'submitted',
  'the portal had it: submitted, not applied again');
select is((select attempts from public.job_applications where id = current_setting('test.a1')::uuid), 1,
  'one attempt in all');
select is((select count(*)::int from public.event_log where event_type = 'job.applied'
            and payload ->> 'application_id' = current_setting('test.a1')), 1, 'job.applied once');
select is((select status from public.fetched_jobs where user_id = tests.get_supabase_uid('owner') and external_job_id = 'n1'), 'applied', 'the job shows applied');
select is(private.claim_job_application(current_setting('test.a1')::uuid, 600) ->> 'action', 'skip',
  'a late redelivery of a submitted application is skipped');

-- needs_input: the questions are kept, nothing is guessed.
select set_config('test.c3', private.claim_job_application(current_setting('test.a2')::uuid, 600)::text, true);
select is(private.finish_job_application_attempt(current_setting('test.a2')::uuid,
  (current_setting('test.c3')::jsonb ->> 'claim_token')::uuid,
  '{"kind": "needs_input", "questions": [{"id": "q1", "label": "Why Globex?", "kind": "text", "required": true}]}'),
  'needs_input', 'an unknown screening question stops the application as needs_input');
reset role;
select is((select needs_input_json -> 0 ->> 'label' from public.job_applications where id = current_setting('test.a2')::uuid),
  'Why Globex?', 'with the question to ask the user');
select tests.authenticate_as('owner');
select throws_ok(format($$ select private.answer_job_application('%s', '[{"question_id": "q9", "value": "x"}]') $$,
  current_setting('test.a2')), 'PT422', null, 'answers must be for the questions asked');
select is(private.answer_job_application(current_setting('test.a2')::uuid, '[{"question_id": "q1", "value": "Payments"}]'),
  'queued', 'the user''s answer queues it again');
reset role;
select is((select answers_json -> 0 ->> 'source' from public.job_applications where id = current_setting('test.a2')::uuid),
  'user', 'the answer is kept as the user''s');
select is((select count(*)::int from public.job_apply_runs where user_id = tests.get_supabase_uid('owner') and status = 'completed'), 1,
  'the finished manual run completed (the other is running again)');

select * from finish();
rollback;
