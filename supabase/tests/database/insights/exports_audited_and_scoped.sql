-- Exports: every export is recorded (an admin's also in the admin audit log), at most 30 per user
-- per hour, the runner is asked for PDFs; the rows an export holds are the caller's own (or, for
-- an admin, whom they filter); users exports are admins' only.
begin;
select plan(12);

select tests.create_supabase_user('ana');
select tests.create_supabase_user('bob');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');

create function pg_temp.app(uid uuid, ext text) returns uuid language sql as $$
  with j as (
    insert into public.fetched_jobs (user_id, portal, external_job_id, title, company, job_url, norm_company, norm_title)
    values (uid, 'naukri', ext, 'Job ' || ext, 'Co, "quoted"', 'https://example.com/' || ext, 'co', 'job') returning id)
  insert into public.job_applications (user_id, fetched_job_id, duplicate_group_id, portal, mode, status, applied_at, created_at)
  select uid, j.id, j.id, 'naukri', 'manual', 'submitted', '2026-11-20T06:00:00Z', '2026-11-20T05:00:00Z' from j returning id $$;
select pg_temp.app(tests.get_supabase_uid('ana'), 'a1');
select pg_temp.app(tests.get_supabase_uid('bob'), 'b1');

select tests.authenticate_as('ana');
select is((private.export_columns('applications'))[1:3], array['application_id', 'user_email', 'created_at'], 'columns in order');
select results_eq(
  $$ select r ->> 'user_email', r ->> 'company' from private.export_rows('applications', '{"from": "2026-11-01", "to": "2026-11-30"}') r $$,
  $$ values ('ana@test.local', 'Co, "quoted"') $$, 'her applications only');
select results_eq($$ select r ->> 'user_email' from private.export_rows('applications', jsonb_build_object('from', '2026-11-01',
                   'to', '2026-11-30', 'user_id', jsonb_build_array(tests.get_supabase_uid('bob')))) r $$,
  $$ values ('ana@test.local') $$, 'asking for bob''s still gives her own: a user''s scope is herself');
select throws_ok($$ select * from private.export_rows('users', '{}') $$, '42501', null, 'the users export is for admins');

select lives_ok($$ select private.create_report_export('user', 'applications', 'pdf', '{"from": "2026-11-01"}', true) $$, 'a PDF export');
select throws_ok($$ select private.create_report_export('admin', 'users', 'csv') $$, '42501', null, 'a user cannot export as an admin');
select lives_ok($$ select private.create_report_export('user', 'jobs', 'csv') from generate_series(1, 29) $$, '30 in an hour…');
select throws_ok($$ select private.create_report_export('user', 'jobs', 'csv') $$, 'PT429', null, '…and the 31st waits');

reset role;
select is((select count(*)::int from public.event_log where event_type = 'report.export.requested'
            and payload ->> 'user_id' = tests.get_supabase_uid('ana')::text), 1, 'the PDF export asked the runner');
select tests.authenticate_as('boss');
select results_eq(
  $$ select r ->> 'user_email' from private.export_rows('applications', jsonb_build_object('from', '2026-11-01', 'to', '2026-11-30',
       'user_id', jsonb_build_array(tests.get_supabase_uid('bob')))) r $$,
  $$ values ('bob@test.local') $$, 'an admin exports whom they filter');
select set_config('test.export', (private.create_report_export('admin', 'users', 'csv', '{"from": "2026-11-01"}')).id::text, true);
select results_eq(
  $$ select action, target_id, details ->> 'type' from public.admin_audit_log
      where target_type = 'report_export' and target_id = current_setting('test.export') $$,
  $$ values ('report.export', current_setting('test.export'), 'users') $$, 'an admin export is in the audit log');
select is((select count(*)::int from public.report_exports where user_id = tests.get_supabase_uid('ana')), 30,
  'an admin reads every export (the export audit): the refused 31st left no row');

select * from finish();
rollback;
