-- Dead letters are for admins: they list them and can replay one into its queue (once);
-- users and anon are refused.
begin;
select plan(12);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{"required": {"n": "integer"}}');
select private.register_route('test.thing.happened', 'test_eb_a');
select private.register_route('test.thing.happened', 'test_eb_b');
create schema event_bus_test;
create table event_bus_test.effects (event_id bigint);
create function event_bus_test.record(envelope jsonb) returns void
language sql set search_path = '' as $$ insert into event_bus_test.effects values ((envelope ->> 'event_id')::bigint); $$;
select private.register_consumer('test_eb_a', 'sql', 'event_bus_test.record');
select tests.create_supabase_user('admin');
select tests.create_supabase_user('alice');
select tests.make_admin('admin');

select private.emit('test.thing.happened', '{"n": 1}') as event_id \gset
select private.dead_letter('test_eb_a', (select msg_id from pgmq.q_test_eb_a), 'handler was broken', 'P0001') as letter_a \gset
select private.dead_letter('test_eb_b', (select msg_id from pgmq.q_test_eb_b), 'other queue', null) as letter_b \gset

select tests.authenticate_as('admin');
select set_eq(
  $$ select id from private.admin_dead_letters() where queue_name like 'test_eb_%' $$,
  format('values (%s::bigint), (%s::bigint)', :letter_a, :letter_b),
  'an admin lists dead letters'
);
select is(
  (select array_agg(id) from private.admin_dead_letters('test_eb_a')),
  array[:letter_a::bigint],
  'an admin filters dead letters by queue'
);
select is(
  (select error from private.admin_dead_letters('test_eb_a')),
  'handler was broken',
  'the listing shows the error'
);

select tests.authenticate_as('alice');
select throws_ok($$ select * from private.admin_dead_letters() $$, '42501', null, 'a user cannot list dead letters');
select throws_ok(format('select private.admin_replay_dead_letter(%s)', :letter_a), '42501', null, 'a user cannot replay');
select throws_ok($$ select * from private.dead_letters $$, '42501', null, 'a user cannot read the dead-letter table');

select tests.clear_authentication();
select throws_ok($$ select * from private.admin_dead_letters() $$, '42501', null, 'anon cannot list dead letters');

select tests.authenticate_as('admin');
select isnt(private.admin_replay_dead_letter(:letter_a), null, 'an admin replays a dead letter');
select throws_ok(
  format('select private.admin_replay_dead_letter(%s)', :letter_a),
  'PT409', null,
  'a dead letter is replayed only once'
);
select throws_ok($$ select private.admin_replay_dead_letter(-1) $$, 'P0002', null, 'an unknown dead letter raises P0002');
reset role;

select is(
  (select (message ->> 'event_id')::bigint from pgmq.q_test_eb_a),
  :event_id::bigint,
  'the replayed message is back in its queue'
);
select private.run_sql_consumer('test_eb_a');
select is(
  (select array_agg(event_id) from event_bus_test.effects),
  array[:event_id::bigint],
  'the consumer handles the replayed event'
);

select * from finish();
rollback;
