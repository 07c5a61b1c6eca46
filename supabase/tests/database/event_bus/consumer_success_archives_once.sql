-- A sql consumer handles each message once: the handler's write, the idempotency receipt and
-- the archive commit together; a second run finds nothing to do.
begin;
select plan(9);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{"required": {"n": "integer"}}');
select private.register_route('test.thing.happened', 'test_eb_a');
create schema event_bus_test;
create table event_bus_test.effects (event_id bigint, n integer);
create function event_bus_test.record(envelope jsonb) returns void
language sql set search_path = '' as $$
  insert into event_bus_test.effects values ((envelope ->> 'event_id')::bigint, (envelope -> 'payload' ->> 'n')::integer);
$$;
select private.register_consumer('test_eb_a', 'sql', 'event_bus_test.record');

select private.emit('test.thing.happened', '{"n": 1}') as first_id \gset
select private.emit('test.thing.happened', '{"n": 2}') as second_id \gset

select is(
  private.run_sql_consumer('test_eb_a'),
  '{"queue": "test_eb_a", "read": 2, "processed": 2, "duplicates": 0, "retried": 0, "dead_lettered": 0}'::jsonb,
  'the run reads and processes both messages'
);
select bag_eq(
  $$ select event_id, n from event_bus_test.effects $$,
  format('values (%s::bigint, 1), (%s::bigint, 2)', :first_id, :second_id),
  'the handler wrote one effect per event'
);
select is((select count(*)::int from pgmq.q_test_eb_a), 0, 'the queue is empty');
select bag_eq(
  $$ select (message ->> 'event_id')::bigint from pgmq.a_test_eb_a $$,
  format('values (%s::bigint), (%s::bigint)', :first_id, :second_id),
  'both messages are archived'
);
select bag_eq(
  $$ select event_id from private.consumer_receipts where queue_name = 'test_eb_a' $$,
  format('values (%s::bigint), (%s::bigint)', :first_id, :second_id),
  'a receipt records each handled event'
);
select is(
  private.run_sql_consumer('test_eb_a') ->> 'read',
  '0',
  'a second run finds nothing'
);
select is((select count(*)::int from event_bus_test.effects), 2, 'no effect was written twice');
select is((select count(*)::int from private.dead_letters where queue_name = 'test_eb_a'), 0, 'nothing was dead-lettered');

-- The scheduler entry point runs enabled sql consumers the same way.
select private.emit('test.thing.happened', '{"n": 3}');
select is(
  (select r from jsonb_array_elements(private.run_sql_consumers()) r where r ->> 'queue' = 'test_eb_a'),
  '{"queue": "test_eb_a", "read": 1, "processed": 1, "duplicates": 0, "retried": 0, "dead_lettered": 0}'::jsonb,
  'private.run_sql_consumers() runs the enabled consumer'
);

select * from finish();
rollback;
