-- A failing handler's writes are rolled back and the message is retried later: its visibility
-- timeout is pushed out by private.backoff_seconds(read_ct) and read_ct counts the deliveries.
begin;
select plan(13);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{"required": {"n": "integer"}}');
select private.register_route('test.thing.happened', 'test_eb_a');
create schema event_bus_test;
create table event_bus_test.effects (event_id bigint, n integer);
-- Writes its effect, then fails: the write must not survive.
create function event_bus_test.flaky(envelope jsonb) returns void
language plpgsql set search_path = '' as $$
begin
  insert into event_bus_test.effects values ((envelope ->> 'event_id')::bigint, (envelope -> 'payload' ->> 'n')::integer);
  raise exception 'upstream unavailable';
end;
$$;
select private.register_consumer('test_eb_a', 'sql', 'event_bus_test.flaky', max_attempts => 5);

select is(private.backoff_seconds(1), 10, 'back-off after the 1st delivery: 10 s');
select is(private.backoff_seconds(2), 20, 'back-off after the 2nd delivery: 20 s');
select is(private.backoff_seconds(5), 160, 'back-off after the 5th delivery: 160 s');
select is(private.backoff_seconds(30), 600, 'back-off is capped at 600 s');

select private.emit('test.thing.happened', '{"n": 1}');

select is(
  private.run_sql_consumer('test_eb_a'),
  '{"queue": "test_eb_a", "read": 1, "processed": 0, "duplicates": 0, "retried": 1, "dead_lettered": 0}'::jsonb,
  'a failing message is retried'
);
select is((select read_ct from pgmq.q_test_eb_a), 1, 'read_ct is 1 after the first delivery');
select ok(
  (select vt between clock_timestamp() + interval '8 seconds' and clock_timestamp() + interval '10.5 seconds' from pgmq.q_test_eb_a),
  'the message is hidden for backoff_seconds(1) = 10 s'
);
select is((select count(*)::int from event_bus_test.effects), 0, 'the failed handler''s write was rolled back');
select is((select count(*)::int from private.consumer_receipts where queue_name = 'test_eb_a'), 0, 'no receipt was kept');
select is(
  private.run_sql_consumer('test_eb_a') ->> 'read',
  '0',
  'while hidden, the message is not delivered again'
);

-- The back-off elapses.
update pgmq.q_test_eb_a set vt = clock_timestamp() - interval '1 second';
select private.run_sql_consumer('test_eb_a');
select is((select read_ct from pgmq.q_test_eb_a), 2, 'read_ct is 2 after the second delivery');
select ok(
  (select vt between clock_timestamp() + interval '18 seconds' and clock_timestamp() + interval '20.5 seconds' from pgmq.q_test_eb_a),
  'the second back-off is backoff_seconds(2) = 20 s'
);
select is((select count(*)::int from private.dead_letters where queue_name = 'test_eb_a'), 0, 'not dead-lettered before max_attempts');

select * from finish();
rollback;
