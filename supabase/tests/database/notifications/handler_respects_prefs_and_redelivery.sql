-- The consumer honours the user's in-app preference, skips users that are gone, archives event
-- types it does not turn into notifications, and never notifies twice for one event (a
-- redelivered message, or the handler run again on the same envelope).
begin;
select plan(10);

select tests.create_supabase_user('muted', 'muted@test.local');
select tests.create_supabase_user('listening', 'listening@test.local');
select tests.create_supabase_user('plain', 'plain@test.local',
  -- What the browser used to write: user metadata no longer decides anything.
  '{"notification_prefs": {"email_digest": "weekly", "in_app": false, "product_updates": false}}');
insert into public.notification_preferences (user_id, email_digest, in_app, product_updates) values
  (tests.get_supabase_uid('muted'), 'weekly', false, false),
  (tests.get_supabase_uid('listening'), 'off', true, false);
select tests.create_supabase_user('gone', 'gone@test.local');

create function pg_temp.welcome(who text)
returns bigint
language sql
as $$
  select private.emit('user.onboarding.completed',
    jsonb_build_object('user_id', tests.get_supabase_uid(who), 'completed_at', '2026-11-25T10:00:00Z'));
$$;
create function pg_temp.count_for(who text)
returns integer
language sql
as $$
  select count(*)::int from public.notifications where user_id = tests.get_supabase_uid(who);
$$;

select pg_temp.welcome('muted') as e_muted \gset
select pg_temp.welcome('listening') as e_listening \gset
select pg_temp.welcome('plain') as e_plain \gset
select tests.get_supabase_uid('gone') as gone_id \gset
select pg_temp.welcome('gone') as e_gone \gset
delete from auth.users where id = :'gone_id';

-- A registered type routed to the queue that this consumer does not know.
select private.register_event_type('test.unknown.happened', 'pgTAP fixture', '{"required": {"user_id": "uuid"}}');
select private.register_route('test.unknown.happened', 'notifications');
select private.emit('test.unknown.happened', jsonb_build_object('user_id', tests.get_supabase_uid('plain'))) as e_unknown \gset

select tests.drain_sql_consumer('notifications') as run \gset
select is((:'run'::jsonb ->> 'dead_lettered')::int, 0, 'nothing is dead-lettered (unknown types and gone users included)');
select is((:'run'::jsonb ->> 'retried')::int, 0, 'nothing is retried');
select is(pg_temp.count_for('muted'), 0, 'in_app = false: no in-app notification');
select is(pg_temp.count_for('listening'), 1, 'in_app = true: notified');
select is(pg_temp.count_for('plain'), 1, 'no preferences saved (only old metadata): notified (in-app is on by default), the unknown type ignored');
select is((select count(*)::int from public.notifications where user_id = :'gone_id'), 0, 'a deleted user gets nothing');
select is(
  (select count(*)::int from pgmq.q_notifications where (message ->> 'event_id')::bigint in (:e_muted, :e_listening, :e_plain, :e_gone, :e_unknown)),
  0,
  'every message left the queue (archived)'
);

-- Redelivery: the same envelope again, through the queue and straight to the handler.
select pgmq.send('notifications', (select message from pgmq.a_notifications where (message ->> 'event_id')::bigint = :e_plain));
select is(
  tests.drain_sql_consumer('notifications') ->> 'duplicates',
  '1',
  'a redelivered event is recognised as a duplicate'
);
select notifications.handle_event((select message from pgmq.a_notifications where (message ->> 'event_id')::bigint = :e_plain limit 1));
select is(pg_temp.count_for('plain'), 1, 'the handler run again on the same event adds nothing');
select is(
  (select count(*)::int from public.notifications where event_id = :e_plain),
  1,
  'exactly one notification for the event'
);

select * from finish();
rollback;
