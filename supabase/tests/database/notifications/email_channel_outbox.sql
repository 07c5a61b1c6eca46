-- The email channel: a template variant opted into email (before or after its registration) makes
-- the consumer write one outbox row per (notification, channel) with a fixed Message-ID and emit
-- notifications.email.requested; the master switch and a per-type opt-out stop it; in_app off
-- still emails; a redelivered event adds nothing; the runner's begin/end steps move the state.
begin;
select plan(18);

select tests.create_supabase_user('ema', 'ema@test.local');
select tests.create_supabase_user('quiet', 'quiet@test.local');
select tests.create_supabase_user('optout', 'optout@test.local');
select tests.create_supabase_user('mailonly', 'mailonly@test.local');
insert into public.notification_preferences (user_id, email_notifications) values (tests.get_supabase_uid('quiet'), false);
insert into public.notification_preferences (user_id, in_app) values (tests.get_supabase_uid('mailonly'), false);

select private.register_event_type('test.mail.happened', 'pgTAP fixture', '{"required": {"user_id": "uuid", "name": "string"}}');
-- Opted into email BEFORE the variant exists (a stack migration sorting earlier), then registered.
select notifications.set_template_channels('test.mail.happened', 'default', '{in_app,email}');
select notifications.register_template('test.mail.happened', 'default', title => 'Hello {{payload.name}}', link => '/settings');
select is((select channels from notifications.templates where event_type = 'test.mail.happened'), '{in_app,email}',
  'a variant opted into email before its registration is emailed once registered');
select notifications.register_template('test.mail.happened', 'default', title => 'Hello {{payload.name}}', link => '/settings');
select is((select channels from notifications.templates where event_type = 'test.mail.happened'), '{in_app,email}',
  're-registering it keeps the channels');
select throws_ok($$ select notifications.set_template_channels('test.mail.happened', 'default', '{sms}') $$, '23514',
  null, 'an unknown channel is refused');
select private.unsubscribe_email(tests.get_supabase_uid('optout'), 'test.mail.happened');

create function pg_temp.hello(who text)
returns bigint
language sql
as $$ select private.emit('test.mail.happened', jsonb_build_object('user_id', tests.get_supabase_uid(who), 'name', who)); $$;
select pg_temp.hello('ema') as e_ema \gset
select pg_temp.hello('quiet');
select pg_temp.hello('optout');
select pg_temp.hello('mailonly');
select tests.drain_sql_consumer('notifications');

select tests.get_supabase_uid('ema') as ema \gset
select is((select count(*)::int from public.notification_deliveries where user_id = :'ema'), 1, 'one email outbox row');
select is(
  (select d.notification_id from public.notification_deliveries d where d.user_id = :'ema'),
  (select n.id from public.notifications n where n.user_id = :'ema'),
  'the email and the in-app notification share one id'
);
select is(
  (select message_id from public.notification_deliveries where user_id = :'ema'),
  format('<%s.email@careerpilot.local>', (select notification_id from public.notification_deliveries where user_id = :'ema')),
  'the Message-ID is fixed from the notification id'
);
select ok(
  (select state = 'pending' and title = 'Hello ema' and link_url = '/settings'
     from public.notification_deliveries where user_id = :'ema'),
  'pending, with the rendered title and link'
);
select is(
  (select count(*)::int from pgmq.q_notifications_email
    where message -> 'payload' ->> 'user_id' = :'ema'),
  1,
  'notifications.email.requested is queued for the runner'
);
select is((select count(*)::int from public.notification_deliveries where user_id = tests.get_supabase_uid('quiet')), 0,
  'email_notifications = false: no email');
select is((select count(*)::int from public.notifications where user_id = tests.get_supabase_uid('quiet')), 1,
  '… but the in-app notification is there');
select is((select count(*)::int from public.notification_deliveries where user_id = tests.get_supabase_uid('optout')), 0,
  'unsubscribed from this type: no email');
select is((select count(*)::int from public.notification_deliveries where user_id = tests.get_supabase_uid('mailonly')), 1,
  'in_app = false: still emailed');
select is((select count(*)::int from public.notifications where user_id = tests.get_supabase_uid('mailonly')), 0,
  '… and nothing in app');

-- The handler run again on the same event adds nothing.
select notifications.handle_event((select message from pgmq.a_notifications where (message ->> 'event_id')::bigint = :e_ema limit 1));
select is((select count(*)::int from public.notification_deliveries where user_id = :'ema'), 1, 'a redelivery adds no second email');

-- The runner's steps.
select notification_id as nid from public.notification_deliveries where user_id = :'ema' \gset
select is((select state || ':' || resend || ':' || recipient || ':' || attempts from private.notification_email_begin(:'nid')),
  'sending:false:ema@test.local:1', 'begin: pending → sending, attempt 1, the recipient');
select is((select state || ':' || resend || ':' || attempts from private.notification_email_begin(:'nid')),
  'sending:true:2', 'begin again without an end (a crash mid-send): a resend, attempt 2');
select private.notification_email_end(:'nid', 'sent');
select is((select state from private.notification_email_begin(:'nid')), 'sent', 'once sent, begin sends nothing');
select private.notification_email_end(:'nid', 'failed', 'late failure');
select is((select state from public.notification_deliveries where notification_id = :'nid'), 'sent', 'a sent row never changes');

select * from finish();
rollback;
