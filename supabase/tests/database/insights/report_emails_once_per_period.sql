-- Scheduled report emails: one outbox row and one report.ready per user and period (a second cron
-- run writes nothing), for the users who take that schedule; the IST period; the runner's
-- begin/end steps (a crash mid-send resends the same Message-ID, a sent row never sends again, a
-- user who turned them off meanwhile is skipped); the one-click unsubscribe turns the digest off;
-- choosing a schedule lifts it.
begin;
select plan(17);

select tests.create_supabase_user('ana');   -- daily
select tests.create_supabase_user('bob');   -- weekly by default (no preferences row)
select tests.create_supabase_user('cat');   -- off
select tests.create_supabase_user('dan');   -- daily, then one-click unsubscribed
insert into public.notification_preferences (user_id, email_digest) values
  (tests.get_supabase_uid('ana'), 'daily'), (tests.get_supabase_uid('cat'), 'off'), (tests.get_supabase_uid('dan'), 'daily');
select private.unsubscribe_email(tests.get_supabase_uid('dan'), 'report.ready');

select is((select email_digest from public.notification_preferences where user_id = tests.get_supabase_uid('dan')), 'off',
  'the one-click unsubscribe of report emails turns the digest off');

select results_eq($$ select * from private.report_period('daily', '2026-11-30T02:30:00Z') $$,
  $$ values ('2026-11-29'::date, '2026-11-29'::date) $$, 'daily at 08:00 IST: yesterday (IST)');
select results_eq($$ select * from private.report_period('weekly', '2026-11-30T02:30:00Z') $$,
  $$ values ('2026-11-23'::date, '2026-11-29'::date) $$, 'weekly on Monday 08:00 IST: the 7 days before');
select results_eq($$ select * from private.report_period('daily', '2026-11-29T18:45:00Z') $$,
  $$ values ('2026-11-29'::date, '2026-11-29'::date) $$, 'at 00:15 IST on the 30th it is already the 30th in India');

select private.schedule_report_emails('daily', '2026-11-30T02:30:00Z');
select results_eq(
  $$ select u.raw_user_meta_data ->> 'test_identifier', e.schedule, e.period_start::text, e.state
       from public.report_emails e join auth.users u on u.id = e.user_id
      where u.raw_user_meta_data ? 'test_identifier' order by 1 $$,
  $$ values ('ana', 'daily', '2026-11-29', 'pending') $$, 'daily: ana only (bob is weekly, cat off, dan unsubscribed)');
select is(private.schedule_report_emails('daily', '2026-11-30T02:31:00Z') >= 0, true, 'a second run…');
select is((select count(*)::int from public.report_emails where user_id = tests.get_supabase_uid('ana')), 1, '…writes nothing for ana');
select is((select count(*)::int from public.event_log where event_type = 'report.ready'
            and payload ->> 'user_id' = tests.get_supabase_uid('ana')::text), 1, 'one report.ready for her');

select private.schedule_report_emails('weekly', '2026-11-30T02:30:00Z');
select is((select period_start::text || '..' || period_end::text from public.report_emails
            where user_id = tests.get_supabase_uid('bob')), '2026-11-23..2026-11-29', 'weekly: bob, the last 7 days');

select set_config('test.rid', (select id::text from public.report_emails where user_id = tests.get_supabase_uid('ana')), true);
select tests.authenticate_as_service_role();
select results_eq($$ select state, resend, recipient, attempts from private.report_email_begin(current_setting('test.rid')::uuid) $$,
  $$ values ('sending', false, 'ana@test.local', 1) $$, 'begin: sending, her address');
select results_eq($$ select state, resend, attempts from private.report_email_begin(current_setting('test.rid')::uuid) $$,
  $$ values ('sending', true, 2) $$, 'a redelivery after a crash mid-send: the same message again, marked as a resend');
select private.report_email_end(current_setting('test.rid')::uuid, 'sent');
select results_eq($$ select state, attempts from private.report_email_begin(current_setting('test.rid')::uuid) $$,
  $$ values ('sent', 2) $$, 'once sent, a redelivery finds it sent and sends nothing');
reset role;

-- Bob turns them off between the schedule and the send: skipped.
update public.notification_preferences set email_digest = 'off' where user_id = tests.get_supabase_uid('bob');
insert into public.notification_preferences (user_id, email_digest) select tests.get_supabase_uid('bob'), 'off'
  where not exists (select 1 from public.notification_preferences where user_id = tests.get_supabase_uid('bob'));
select is((select state from private.report_email_begin((select id from public.report_emails where user_id = tests.get_supabase_uid('bob')))),
  'skipped', 'turned off before the send: skipped');

-- Dan chooses daily again: the unsubscribe is lifted.
select tests.authenticate_as('dan');
select is(private.set_report_email_schedule('daily'), 'daily', 'dan chooses daily');
select is(private.report_email_wanted(tests.get_supabase_uid('dan'), 'daily'), true, 'and takes them again');
select throws_ok($$ select private.set_report_email_schedule('hourly') $$, '22023', null, 'no other schedule');
select throws_ok($$ select private.schedule_report_emails('daily') $$, '42501', null, 'a user cannot schedule emails');

select * from finish();
rollback;
