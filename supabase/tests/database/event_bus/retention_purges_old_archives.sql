-- private.event_bus_retention(keep) deletes archived messages and receipts older than keep and
-- keeps newer ones, the event log and dead letters.
begin;
select plan(6);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{}');
select private.register_route('test.thing.happened', 'test_eb_a');
create schema event_bus_test;
create function event_bus_test.noop(envelope jsonb) returns void language sql set search_path = '' as $$ select null; $$;
select private.register_consumer('test_eb_a', 'sql', 'event_bus_test.noop');

select private.emit('test.thing.happened', '{}') as old_id \gset
select private.emit('test.thing.happened', '{}') as new_id \gset
select private.run_sql_consumer('test_eb_a');
update pgmq.a_test_eb_a set archived_at = now() - interval '40 days' where (message ->> 'event_id')::bigint = :old_id;
update private.consumer_receipts set processed_at = now() - interval '40 days' where queue_name = 'test_eb_a' and event_id = :old_id;

select private.event_bus_retention() as result \gset
select ok(
  (:'result'::jsonb ->> 'archived_deleted')::int >= 1 and (:'result'::jsonb ->> 'receipts_deleted')::int >= 1,
  'retention reports what it deleted'
);
select is(
  (select array_agg((message ->> 'event_id')::bigint) from pgmq.a_test_eb_a),
  array[:new_id::bigint],
  'archived messages older than 30 days are deleted, newer kept'
);
select is(
  (select array_agg(event_id) from private.consumer_receipts where queue_name = 'test_eb_a'),
  array[:new_id::bigint],
  'receipts older than 30 days are deleted, newer kept'
);
select is(
  (select count(*)::int from public.event_log where id in (:old_id, :new_id)),
  2,
  'the event log is kept'
);
select throws_ok(
  $$ select private.event_bus_retention(interval '1 hour') $$,
  '22023', null,
  'retention shorter than a day is refused'
);
select is(
  (select count(*)::int from pgmq.q_test_eb_a),
  0,
  'queued messages are never touched by retention'
);

select * from finish();
rollback;
