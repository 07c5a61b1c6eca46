-- A message a consumer cannot validate (not an envelope, unknown event type, payload breaking
-- the type's schema) is dead-lettered at once (22023) without calling the handler.
begin;
select plan(7);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{"required": {"n": "integer"}}');
select private.register_route('test.thing.happened', 'test_eb_a');
create schema event_bus_test;
create table event_bus_test.calls (message jsonb);
create function event_bus_test.record(envelope jsonb) returns void
language sql set search_path = '' as $$ insert into event_bus_test.calls values (envelope); $$;
select private.register_consumer('test_eb_a', 'sql', 'event_bus_test.record', max_attempts => 5);

select pgmq.send('test_eb_a', '{"hello": "world"}');
select pgmq.send('test_eb_a', '{"event_id": 900000001, "event_type": "test.nope.happened", "emitted_at": "2026-11-25T10:00:00Z", "payload": {}}');
select pgmq.send('test_eb_a', '{"event_id": 900000002, "event_type": "test.thing.happened", "emitted_at": "2026-11-25T10:00:00Z", "payload": {"n": "one"}}');
select private.emit('test.thing.happened', '{"n": 1}') as good_id \gset

select is(
  private.run_sql_consumer('test_eb_a'),
  '{"queue": "test_eb_a", "read": 4, "processed": 1, "duplicates": 0, "retried": 0, "dead_lettered": 3}'::jsonb,
  'three invalid messages are dead-lettered on their first delivery; the valid one is processed'
);
select is(
  (select array_agg((message ->> 'event_id')::bigint) from event_bus_test.calls),
  array[:good_id::bigint],
  'the handler saw only the valid message'
);
select is((select count(*)::int from pgmq.q_test_eb_a), 0, 'the queue is empty');
select results_eq(
  $$ select event_id, error, sqlstate, attempts from private.dead_letters where queue_name = 'test_eb_a' order by msg_id $$,
  $$ values
       (null::bigint, 'invalid envelope: emitted_at is required (timestamptz); event_id is required (integer); event_type is required (string); payload is required (object)', '22023', 1),
       (900000001::bigint, 'invalid envelope: unknown event type "test.nope.happened"', '22023', 1),
       (900000002::bigint, 'invalid envelope: payload.n must be integer', '22023', 1) $$,
  'each dead letter names what was wrong, with SQLSTATE 22023 and one attempt'
);
select is(
  (select message from private.dead_letters where queue_name = 'test_eb_a' order by msg_id limit 1),
  '{"hello": "world"}'::jsonb,
  'the dead letter keeps the message as it was'
);
select is(
  private.envelope_errors('{"event_id": 1, "event_type": "test.thing.happened", "emitted_at": "2026-11-25T10:00:00Z", "payload": {"n": 1}}'),
  '{}'::text[],
  'envelope_errors: a valid envelope has no problems'
);
select is(
  private.envelope_errors('{"event_id": "1", "event_type": "test.thing.happened", "emitted_at": "2026-11-25T10:00:00Z", "payload": {"n": 1}}'),
  array['event_id must be integer'],
  'envelope_errors: a string event_id is refused'
);

select * from finish();
rollback;
