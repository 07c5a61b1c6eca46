-- Handlers are idempotent per (queue, event_id): a redelivered or duplicated event is archived
-- without running the handler again.
begin;
select plan(8);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{"required": {"n": "integer"}}');
select private.register_route('test.thing.happened', 'test_eb_a');
create schema event_bus_test;
create table event_bus_test.effects (event_id bigint, n integer);
create function event_bus_test.record(envelope jsonb) returns void
language sql set search_path = '' as $$
  insert into event_bus_test.effects values ((envelope ->> 'event_id')::bigint, (envelope -> 'payload' ->> 'n')::integer);
$$;
select private.register_consumer('test_eb_a', 'sql', 'event_bus_test.record');

select private.emit('test.thing.happened', '{"n": 1}') as event_id \gset
-- The same envelope delivered twice in one batch (e.g. a replay raced the original).
select pgmq.send('test_eb_a', (select message from pgmq.q_test_eb_a));

select is(
  private.run_sql_consumer('test_eb_a'),
  '{"queue": "test_eb_a", "read": 2, "processed": 1, "duplicates": 1, "retried": 0, "dead_lettered": 0}'::jsonb,
  'of two deliveries of one event, one is processed and one recognised as a duplicate'
);
select is((select count(*)::int from event_bus_test.effects), 1, 'the handler ran once');
select is((select count(*)::int from pgmq.q_test_eb_a), 0, 'both deliveries left the queue');
select is((select count(*)::int from pgmq.a_test_eb_a), 2, 'both deliveries are archived');

-- A later redelivery of the already handled event.
select pgmq.send('test_eb_a', (select message from pgmq.a_test_eb_a order by msg_id limit 1));
select is(
  private.run_sql_consumer('test_eb_a') ->> 'duplicates',
  '1',
  'a later redelivery is recognised as a duplicate'
);
select is((select count(*)::int from event_bus_test.effects), 1, 'the handler still ran only once');

-- The receipt primitive the runner uses.
select is(private.claim_receipt('test_eb_z', :event_id), true, 'claim_receipt: the first claim wins');
select is(private.claim_receipt('test_eb_z', :event_id), false, 'claim_receipt: a second claim is refused');

select * from finish();
rollback;
