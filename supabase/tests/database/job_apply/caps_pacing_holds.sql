-- Account safety in SQL: the daily cap per portal (the 26th LinkedIn application waits for the
-- next IST midnight), caps bounded by the platform maximum, the per-company cap, pacing, the
-- emergency stop and the admin pause (held, not dropped, audited, released), and the automatic
-- pause of a portal after a block (one notification, the portal's other work held).
begin;
select plan(32);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');
select tests.authenticate_as_service_role();
select private.ingest_fetched_jobs(tests.get_supabase_uid('owner'), 'linkedin', null,
  (select json_agg(json_build_object('external_job_id', 'l' || i, 'title', 'Engineer ' || i, 'company', 'Company ' || i,
                                      'locations', json_build_array('Pune'), 'job_url', 'https://www.linkedin.com/jobs/view/' || i,
                                      'norm_company', 'company ' || i, 'norm_title', 'engineer ' || i, 'match_score', 80))
     from generate_series(1, 26) i));
select private.ingest_fetched_jobs(tests.get_supabase_uid('owner'), 'naukri', null,
  '[{"external_job_id": "a1", "title": "Backend Engineer", "company": "Acme", "locations": ["Pune"], "job_url": "https://www.naukri.com/a1",
     "norm_company": "acme", "norm_title": "backend engineer", "match_score": 80},
    {"external_job_id": "a2", "title": "Platform Engineer", "company": "Acme", "locations": ["Mumbai"], "job_url": "https://www.naukri.com/a2",
     "norm_company": "acme", "norm_title": "platform engineer", "match_score": 80},
    {"external_job_id": "a3", "title": "Data Engineer", "company": "Acme", "locations": ["Delhi"], "job_url": "https://www.naukri.com/a3",
     "norm_company": "acme", "norm_title": "data engineer", "match_score": 80},
    {"external_job_id": "p1", "title": "SRE", "company": "Initech", "locations": ["Pune"], "job_url": "https://www.naukri.com/p1",
     "norm_company": "initech", "norm_title": "sre", "match_score": 80}]');
reset role;
update public.apply_settings set pacing_min_seconds = 0, pacing_max_seconds = 0 where user_id = tests.get_supabase_uid('owner');

-- Caps bounded by the platform maximum.
select tests.authenticate_as('owner');
select throws_ok($$ select private.save_apply_settings('{"daily_caps": {"linkedin": 40}}') $$, 'PT422', null,
  'a LinkedIn cap above the platform maximum (25) is refused');
select is((private.save_apply_settings('{"daily_caps": {"linkedin": 10}}')).daily_cap_linkedin::int, 10, 'a lower one is saved');
select is(private.apply_daily_cap(auth.uid(), 'linkedin'), 10, 'and is the effective cap');
select private.save_apply_settings('{"daily_caps": {"linkedin": 25}}');

-- 25 LinkedIn applications submitted today; the 26th waits for the next IST midnight.
select private.apply_single(j.id, null, null, null, null, null) from public.fetched_jobs j where j.user_id = auth.uid() and j.portal = 'linkedin';
reset role;
update public.job_applications set status = 'submitted', applied_at = now(), attempt_started_at = now()
 where user_id = tests.get_supabase_uid('owner') and portal = 'linkedin'
   and fetched_job_id in (select id from public.fetched_jobs where user_id = tests.get_supabase_uid('owner') and external_job_id <> 'l26');
select set_config('test.l26', (select a.id::text from public.job_applications a join public.fetched_jobs j on j.id = a.fetched_job_id
                                 where a.user_id = tests.get_supabase_uid('owner') and j.external_job_id = 'l26'), true);
select tests.authenticate_as_service_role();
select set_config('test.d', private.claim_job_application(current_setting('test.l26')::uuid)::text, true);
select is(current_setting('test.d')::jsonb ->> 'action', 'deferred', 'the 26th LinkedIn application today is deferred');
select is(current_setting('test.d')::jsonb ->> 'reason', 'daily_cap', 'by the daily cap');
reset role;
select is((select not_before from public.job_applications where id = current_setting('test.l26')::uuid),
  ((now() at time zone 'Asia/Kolkata')::date + 1)::timestamp at time zone 'Asia/Kolkata', 'until the next IST midnight');
select is((select status from public.job_applications where id = current_setting('test.l26')::uuid), 'queued',
  'still queued, not dropped');
select private.dispatch_due_job_applications();
select is((select dispatched_at from public.job_applications where id = current_setting('test.l26')::uuid), null,
  'the dispatcher leaves it alone until then');
update public.job_applications set not_before = now() - interval '1 second' where id = current_setting('test.l26')::uuid;
update public.job_applications set applied_at = now() - interval '1 day', attempt_started_at = now() - interval '1 day'
 where user_id = tests.get_supabase_uid('owner') and portal = 'linkedin' and status = 'submitted';
select private.dispatch_due_job_applications();
select isnt((select dispatched_at from public.job_applications where id = current_setting('test.l26')::uuid), null,
  'tomorrow the dispatcher sends it to the runner again');
select tests.authenticate_as_service_role();
select set_config('test.c', private.claim_job_application(current_setting('test.l26')::uuid)::text, true);
select is(current_setting('test.c')::jsonb ->> 'action', 'apply', 'and it may go');

-- The company cap: two to Acme in 30 days, the third waits.
select tests.authenticate_as('owner');
select private.apply_single(j.id, null, null, null, null, null) from public.fetched_jobs j where j.user_id = auth.uid() and j.norm_company in ('acme', 'initech');
reset role;
update public.job_applications a set status = 'submitted', applied_at = now() - interval '3 days', attempt_started_at = now() - interval '3 days'
  from public.fetched_jobs j where j.id = a.fetched_job_id and a.user_id = tests.get_supabase_uid('owner') and j.external_job_id in ('a1', 'a2');
select set_config('test.a3', (select a.id::text from public.job_applications a join public.fetched_jobs j on j.id = a.fetched_job_id
                                where a.user_id = tests.get_supabase_uid('owner') and j.external_job_id = 'a3'), true);
select tests.authenticate_as_service_role();
select set_config('test.d', private.claim_job_application(current_setting('test.a3')::uuid)::text, true);
select is(current_setting('test.d')::jsonb ->> 'reason', 'company_cap', 'a third application to Acme within 30 days waits');
reset role;
select ok((select not_before between now() + interval '26 days' and now() + interval '28 days'
             from public.job_applications where id = current_setting('test.a3')::uuid),
  'until the oldest of the two leaves the 30-day window');

-- Pacing: a submission moves the portal's clock; the next one on that portal waits.
update public.apply_settings set pacing_min_seconds = 90, pacing_max_seconds = 90 where user_id = tests.get_supabase_uid('owner');
select set_config('test.p1', (select a.id::text from public.job_applications a join public.fetched_jobs j on j.id = a.fetched_job_id
                                where a.user_id = tests.get_supabase_uid('owner') and j.external_job_id = 'p1'), true);
select tests.authenticate_as_service_role();
select is(private.claim_job_application(current_setting('test.p1')::uuid) ->> 'action', 'apply', 'the Naukri one may go');
select is(private.begin_job_application_submit(current_setting('test.l26')::uuid,
  (current_setting('test.c')::jsonb ->> 'claim_token')::uuid) ->> 'pacing_seconds', '90', 'a LinkedIn submission starts a 90 s pause');
reset role;
select ok((select next_submit_at between now() + interval '89 seconds' and now() + interval '91 seconds'
             from public.apply_portal_state where user_id = tests.get_supabase_uid('owner') and portal = 'linkedin'), 'on LinkedIn only');

-- Emergency stop: only admins; queued work is held at once, a claimed one is refused before the click.
update public.job_applications set claimed_until = null, claim_token = null, not_before = null, defer_reason = null
 where id in (current_setting('test.a3')::uuid, current_setting('test.p1')::uuid);
select tests.authenticate_as('owner');
select throws_ok($$ select private.admin_set_emergency_stop(true, 'portal incident') $$, '42501', null, 'a user cannot stop');
select tests.authenticate_as_service_role();
select set_config('test.cp', (select private.claim_job_application(current_setting('test.p1')::uuid))::text, true);
select tests.authenticate_as('boss');
select ok((private.admin_set_emergency_stop(true, 'portal incident') ->> 'held')::int >= 1, 'an admin stops applying');
reset role;
select is((select held_reason from public.job_applications where id = current_setting('test.a3')::uuid), 'emergency_stop',
  'held for the emergency stop');
select tests.authenticate_as_service_role();
select is(private.begin_job_application_submit(current_setting('test.p1')::uuid,
  (current_setting('test.cp')::jsonb ->> 'claim_token')::uuid) ->> 'go', 'false',
  'an attempt already under way is refused right before the click');
select is(private.claim_job_application(current_setting('test.a3')::uuid) ->> 'action', 'held',
  'a held application''s old message is not applied');
reset role;
select is((select count(*)::int from public.job_applications where user_id = tests.get_supabase_uid('owner') and status = 'held'), 2, 'both held, none dropped');
select tests.authenticate_as('boss');
select ok((private.admin_set_emergency_stop(false) ->> 'released')::int >= 2, 'lifting the stop releases held work');
reset role;
select is((select count(*)::int from public.job_applications where user_id = tests.get_supabase_uid('owner') and status = 'held'), 0,
  'the user''s two continue');
reset role;
select is((select count(*)::int from public.admin_audit_log where action like 'apply.emergency_stop.%' and created_at = now()), 2,
  'both changes are in the audit log');

-- Admin pause of one user.
select tests.authenticate_as('owner');
select throws_ok(format($$ select private.admin_pause_user_applying('%s', true) $$, tests.get_supabase_uid('owner')),
  '42501', null, 'a user cannot pause themselves through the admin function');
select tests.authenticate_as('boss');
select is(private.admin_pause_user_applying(tests.get_supabase_uid('owner'), true, 'too many applications'), 'paused',
  'an admin pauses the user');
reset role;
select is((select count(*)::int from public.job_applications where user_id = tests.get_supabase_uid('owner') and status = 'held' and held_reason = 'admin_pause'), 2,
  'their queued applications are held');
select tests.authenticate_as('boss');
select is(private.admin_pause_user_applying(tests.get_supabase_uid('owner'), false), 'resumed', 'and resumes them');

-- A block pauses the portal once, with one notification event, and holds the portal's other work.
reset role;
update public.job_applications set not_before = null where user_id = tests.get_supabase_uid('owner') and status = 'queued';
select tests.authenticate_as_service_role();
select set_config('test.cp', (select private.claim_job_application(current_setting('test.p1')::uuid))::text, true);
select is(private.finish_job_application_attempt(current_setting('test.p1')::uuid,
  (current_setting('test.cp')::jsonb ->> 'claim_token')::uuid,
  '{"kind": "blocked", "reason": "captcha", "detail": "Verify you are human"}'), 'held', 'a captcha holds the application');
reset role;
select is((select paused from public.apply_portal_state where user_id = tests.get_supabase_uid('owner') and portal = 'naukri'), true, 'and pauses Naukri for the user');
select is((select count(*)::int from public.event_log where event_type = 'job.apply.paused' and payload ->> 'user_id' = tests.get_supabase_uid('owner')::text), 1, 'with one job.apply.paused');
select tests.authenticate_as('owner');
select is(private.resume_apply_portal('naukri'), 2, 'the user resumes Naukri once fixed: its held applications continue');

select * from finish();
rollback;
