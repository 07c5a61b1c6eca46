-- After max_attempts failed deliveries the message is dead-lettered with the error and SQLSTATE
-- and leaves the queue; other messages of the batch are unaffected; a message that keeps killing
-- its consumer (delivered more than max_attempts times) is dead-lettered without running again.
begin;
select plan(13);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{"required": {"n": "integer"}}');
select private.register_route('test.thing.happened', 'test_eb_a');
create schema event_bus_test;
create table event_bus_test.effects (event_id bigint, n integer);
-- Fails for n = 13 only.
create function event_bus_test.picky(envelope jsonb) returns void
language plpgsql set search_path = '' as $$
begin
  if (envelope -> 'payload' ->> 'n')::integer = 13 then
    raise exception 'cannot handle n = 13' using errcode = 'P0001';
  end if;
  insert into event_bus_test.effects values ((envelope ->> 'event_id')::bigint, (envelope -> 'payload' ->> 'n')::integer);
end;
$$;
select private.register_consumer('test_eb_a', 'sql', 'event_bus_test.picky', max_attempts => 3);

select private.emit('test.thing.happened', '{"n": 13}') as bad_id \gset
select private.emit('test.thing.happened', '{"n": 1}') as good_id \gset
select msg_id as bad_msg from pgmq.q_test_eb_a where (message ->> 'event_id')::bigint = :bad_id \gset

select is(
  private.run_sql_consumer('test_eb_a'),
  '{"queue": "test_eb_a", "read": 2, "processed": 1, "duplicates": 0, "retried": 1, "dead_lettered": 0}'::jsonb,
  'attempt 1: the good message is processed, the bad one retried'
);
update pgmq.q_test_eb_a set vt = clock_timestamp() - interval '1 second';
select is(private.run_sql_consumer('test_eb_a') ->> 'retried', '1', 'attempt 2: retried');
update pgmq.q_test_eb_a set vt = clock_timestamp() - interval '1 second';
select is(private.run_sql_consumer('test_eb_a') ->> 'dead_lettered', '1', 'attempt 3 = max_attempts: dead-lettered');

select is((select count(*)::int from pgmq.q_test_eb_a), 0, 'the message is gone from the queue');
select is(
  (select count(*)::int from pgmq.a_test_eb_a where msg_id = :bad_msg),
  1,
  'the dead message is kept in the archive'
);
select results_eq(
  $$ select queue_name, msg_id, event_id, event_type, error, sqlstate, attempts from private.dead_letters where queue_name = 'test_eb_a' $$,
  format($f$ values ('test_eb_a', %s::bigint, %s::bigint, 'test.thing.happened', 'cannot handle n = 13', 'P0001', 3) $f$, :bad_msg, :bad_id),
  'the dead letter records queue, message, event, error text, SQLSTATE and attempts'
);
select is(
  (select message -> 'payload' from private.dead_letters where queue_name = 'test_eb_a'),
  '{"n": 13}'::jsonb,
  'the dead letter keeps the message'
);
select is(
  (select array_agg(n) from event_bus_test.effects),
  array[1],
  'only the good message had an effect'
);
select is(private.run_sql_consumer('test_eb_a') ->> 'read', '0', 'the dead message is not delivered again');

-- A message whose consumer died mid-handling max_attempts times (read_ct counts those deliveries).
select private.emit('test.thing.happened', '{"n": 2}') as crash_id \gset
update pgmq.q_test_eb_a set read_ct = 3;
select is(private.run_sql_consumer('test_eb_a') ->> 'dead_lettered', '1', 'a message delivered past max_attempts is dead-lettered');
select is(
  (select error from private.dead_letters where event_id = :crash_id),
  'gave up after 3 deliveries without completion',
  'its dead letter says why'
);
select is((select count(*)::int from event_bus_test.effects where event_id = :crash_id), 0, 'its handler did not run again');
select is((select count(*)::int from pgmq.q_test_eb_a), 0, 'it left the queue');

select * from finish();
rollback;
