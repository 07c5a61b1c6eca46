-- The dashboard's cards on known data (one call, the caller's own numbers, the last 7 IST days
-- with today), and the admin's platform metrics (role re-checked in SQL; counted on known
-- additions, since other data may exist).
begin;
select plan(9);

select tests.create_supabase_user('ana');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');

insert into public.job_settings (user_id, search_active, portals, roles)
values (tests.get_supabase_uid('ana'), true, '{naukri,linkedin}', '{Backend engineer}');
insert into public.repositories (user_id, provider_repo_id, name, full_name, html_url)
values (tests.get_supabase_uid('ana'), 1, 'a', 'ana/a', 'https://github.com/ana/a'),
       (tests.get_supabase_uid('ana'), 2, 'b', 'ana/b', 'https://github.com/ana/b');
insert into public.certificates (user_id, document_type, storage_path, content_type, size_bytes, status, uploaded_at, reviewed_at)
values (tests.get_supabase_uid('ana'), 'course', 'x/1.pdf', 'application/pdf', 10, 'verified', now(), now()),
       (tests.get_supabase_uid('ana'), 'course', 'x/2.pdf', 'application/pdf', 10, 'pending', now(), null);
insert into public.resumes (id, user_id, name, role_type)
values ('11111111-1111-4111-8111-111111111111', tests.get_supabase_uid('ana'), 'Backend', 'Backend engineer');
insert into public.resume_versions (resume_id, user_id, number, generated_from, template, content_json)
select '11111111-1111-4111-8111-111111111111', tests.get_supabase_uid('ana'), n, 'manual', 'ats', '{"basics": {}, "meta": {}}'
  from generate_series(1, 3) n;
insert into public.skill_gaps (user_id, skill, label, severity, job_count, jobs_considered, recommendation)
values (tests.get_supabase_uid('ana'), 'docker', 'Docker', 'high', 8, 10, 'r'),
       (tests.get_supabase_uid('ana'), 'aws', 'AWS', 'high', 5, 10, 'r'),
       (tests.get_supabase_uid('ana'), 'go', 'Go', 'low', 1, 10, 'r');

create function pg_temp.app(uid uuid, ext text, portal text, applied timestamptz, response text default 'pending')
returns uuid language sql as $$
  with j as (
    insert into public.fetched_jobs (user_id, portal, external_job_id, title, company, job_url, norm_company, norm_title, match_score)
    values (uid, portal, ext, 'Job ' || ext, 'Co ' || ext, 'https://example.com/' || ext, 'co ' || ext, 'job ' || ext, 70)
    returning id)
  insert into public.job_applications (user_id, fetched_job_id, duplicate_group_id, portal, mode, status, response_status, applied_at)
  select uid, j.id, j.id, portal, 'manual', 'submitted', response, applied from j returning id $$;

-- Today (IST) twice, 6 IST days ago once (inside the 7 days), 7 days ago once (outside).
select pg_temp.app(tests.get_supabase_uid('ana'), '1', 'linkedin', private.ist_start(private.ist_day(now())) + interval '1 minute', 'interview');
select pg_temp.app(tests.get_supabase_uid('ana'), '2', 'naukri', now());
select pg_temp.app(tests.get_supabase_uid('ana'), '3', 'naukri', private.ist_start(private.ist_day(now()) - 6), 'viewed');
select pg_temp.app(tests.get_supabase_uid('ana'), '4', 'indeed', private.ist_start(private.ist_day(now()) - 7) + interval '23 hours');

select tests.authenticate_as('ana');
select is(private.dashboard_summary() - 'last_fetch_at' - 'top_skill_gaps',
  '{"job_search_status": "active", "job_search_portals": ["naukri", "linkedin"], "new_jobs_count": 4,
    "verified_certificates_count": 1, "pending_certificates_count": 1, "projects_synced_count": 2,
    "resumes_count": 1, "resume_versions_count": 3, "resume_limit": 10,
    "skill_gap_alerts_count": 2, "skill_gaps_open_count": 3,
    "applications_7d": 3, "responses_7d": 2, "interviews_7d": 1,
    "applications_by_portal_7d": [{"portal": "linkedin", "count": 1}, {"portal": "naukri", "count": 2}, {"portal": "indeed", "count": 0}]}'::jsonb,
  'every card in one call: the last 7 IST days include today and stop at 6 days ago');
select is(jsonb_path_query_array(private.dashboard_summary() -> 'top_skill_gaps', '$[*].skill'), '["Docker", "AWS", "Go"]'::jsonb,
  'the top gaps, most severe and most asked first');

select tests.authenticate_as('boss');
select is(private.dashboard_summary() ->> 'job_search_status', 'not_set_up', 'an admin''s own dashboard is their own');
select is((private.dashboard_summary() ->> 'applications_7d')::int, 0, 'not everyone''s');

-- Admin metrics, measured as the difference known additions make.
select set_config('test.m0', private.admin_platform_metrics()::text, true);
reset role;
select pg_temp.app(tests.get_supabase_uid('ana'), '5', 'naukri', now() - interval '2 hours');
select pg_temp.app(tests.get_supabase_uid('ana'), '6', 'naukri', now() - interval '25 hours');
insert into public.job_fetch_runs (user_id, portal, trigger, status, finished_at)
values (tests.get_supabase_uid('ana'), 'indeed', 'manual', 'failed', now() - interval '1 hour'),
       (tests.get_supabase_uid('ana'), 'naukri', 'manual', 'failed', now() - interval '30 hours');
select tests.authenticate_as('boss');
select is(
  (select jsonb_build_object(
     'applications_24h', (m1 ->> 'applications_24h')::int - (m0 ->> 'applications_24h')::int,
     'failed_fetch_runs', (m1 -> 'errors_24h' ->> 'failed_fetch_runs')::int - (m0 -> 'errors_24h' ->> 'failed_fetch_runs')::int,
     'errors_total', (m1 -> 'errors_24h' ->> 'total')::int - (m0 -> 'errors_24h' ->> 'total')::int)
     from (select current_setting('test.m0')::jsonb as m0, private.admin_platform_metrics() as m1) x),
  '{"applications_24h": 1, "failed_fetch_runs": 1, "errors_total": 1}'::jsonb,
  'applications in 24 h and errors in 24 h count what happened in the last 24 hours only');
select ok((select bool_and((p ->> 'applications')::int > 0)
             from jsonb_array_elements(private.admin_platform_metrics() -> 'top_portals_7d') p), 'top portals: only portals used');
select is((select p ->> 'portal' from jsonb_array_elements(private.admin_platform_metrics() -> 'top_portals_7d') p
            where p ->> 'portal' = 'naukri'), 'naukri', 'naukri is among them');

select tests.authenticate_as('ana');
select throws_ok($$ select private.admin_platform_metrics() $$, '42501', null, 'a user cannot read platform metrics');
select throws_ok($$ select private.admin_certificate_stats(null, null) $$, '42501', null, 'nor certificate statistics');

select * from finish();
rollback;
