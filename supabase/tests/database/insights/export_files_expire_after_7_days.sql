-- Export files are kept for 7 days: the daily retention job marks older ready exports expired and
-- queues their files for deletion (storage.object.rejected → the runner's storage_cleanup); newer
-- ones, pending and failed ones are left alone; the row stays as the audit record; users cannot run it.
begin;
select plan(8);

select tests.create_supabase_user('ana');
insert into public.report_exports (id, user_id, scope, type, format, state, storage_path, finished_at, created_at) values
  ('00000000-0000-4000-8000-0000000000e1', tests.get_supabase_uid('ana'), 'user', 'jobs', 'csv', 'ready',
   tests.get_supabase_uid('ana') || '/00000000-0000-4000-8000-0000000000e1.csv', now() - interval '8 days', now() - interval '8 days'),
  ('00000000-0000-4000-8000-0000000000e2', tests.get_supabase_uid('ana'), 'user', 'jobs', 'csv', 'ready',
   tests.get_supabase_uid('ana') || '/00000000-0000-4000-8000-0000000000e2.csv', now() - interval '6 days', now() - interval '6 days'),
  ('00000000-0000-4000-8000-0000000000e3', tests.get_supabase_uid('ana'), 'user', 'jobs', 'pdf', 'failed',
   null, now() - interval '9 days', now() - interval '9 days');
insert into public.report_exports (id, user_id, scope, type, format, state, created_at) values
  ('00000000-0000-4000-8000-0000000000e4', tests.get_supabase_uid('ana'), 'user', 'jobs', 'pdf', 'pending', now() - interval '9 days');

select tests.authenticate_as('ana');
select throws_ok($$ select private.expire_report_exports() $$, '42501', null, 'a user cannot run the retention');
reset role;

select is(private.expire_report_exports(), 1, 'one export is past 7 days');
select results_eq(
  $$ select id::text, state, expired_at is not null from public.report_exports
      where user_id = tests.get_supabase_uid('ana') order by id $$,
  $$ values ('00000000-0000-4000-8000-0000000000e1', 'expired', true), ('00000000-0000-4000-8000-0000000000e2', 'ready', false),
            ('00000000-0000-4000-8000-0000000000e3', 'failed', false), ('00000000-0000-4000-8000-0000000000e4', 'pending', false) $$,
  'the old ready one expired; the newer, failed and pending ones are untouched');
select is(
  (select storage_path from public.report_exports where id = '00000000-0000-4000-8000-0000000000e1'),
  tests.get_supabase_uid('ana') || '/00000000-0000-4000-8000-0000000000e1.csv',
  'the row keeps its record of the file');
select results_eq(
  $$ select payload ->> 'bucket', payload ->> 'path', payload ->> 'reason' from public.event_log
      where event_type = 'storage.object.rejected' and payload ->> 'user_id' = tests.get_supabase_uid('ana')::text $$,
  $$ values ('exports', tests.get_supabase_uid('ana') || '/00000000-0000-4000-8000-0000000000e1.csv', 'export_expired') $$,
  'its file goes to the runner for deletion');
select is(private.expire_report_exports(), 0, 'a second run finds nothing');
select throws_ok(
  $$ update public.report_exports set expired_at = null where id = '00000000-0000-4000-8000-0000000000e1' $$,
  '23514', null, 'an expired export always says when');
select is((select schedule from cron.job where jobname = 'report-exports-retention'), '41 2 * * *', 'daily at 02:41 UTC');

select * from finish();
rollback;
