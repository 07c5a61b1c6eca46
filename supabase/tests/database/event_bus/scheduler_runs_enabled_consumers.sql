-- private.run_sql_consumers() (the pg_cron job) runs one batch of every enabled sql consumer;
-- paused consumers keep their messages; a broken consumer is reported and does not stop others.
begin;
select plan(7);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{}');
select private.register_route('test.thing.happened', 'test_eb_a');
select private.register_route('test.thing.happened', 'test_eb_b');
select private.register_route('test.thing.happened', 'test_eb_c');
select private.register_route('test.thing.happened', 'test_eb_r');
create schema event_bus_test;
create table event_bus_test.effects (queue text, event_id bigint);
create function event_bus_test.record_a(envelope jsonb) returns void
language sql set search_path = '' as $$ insert into event_bus_test.effects values ('a', (envelope ->> 'event_id')::bigint); $$;
create function event_bus_test.record_b(envelope jsonb) returns void
language sql set search_path = '' as $$ insert into event_bus_test.effects values ('b', (envelope ->> 'event_id')::bigint); $$;
create function event_bus_test.doomed(envelope jsonb) returns void
language sql set search_path = '' as $$ select null; $$;
select private.register_consumer('test_eb_a', 'sql', 'event_bus_test.record_a');
select private.register_consumer('test_eb_b', 'sql', 'event_bus_test.record_b', enabled => false);
select private.register_consumer('test_eb_c', 'sql', 'event_bus_test.doomed');
select private.register_consumer('test_eb_r', 'runner', null);
drop function event_bus_test.doomed(jsonb);

select private.emit('test.thing.happened', '{}');

select private.run_sql_consumers() as results \gset
select is(
  (select r from jsonb_array_elements(:'results'::jsonb) r where r ->> 'queue' = 'test_eb_a') ->> 'processed',
  '1',
  'the enabled consumer ran'
);
select is(
  (select r ->> 'sqlstate' from jsonb_array_elements(:'results'::jsonb) r where r ->> 'queue' = 'test_eb_c'),
  'P0002',
  'a consumer whose handler is gone is reported (P0002)'
);
select is(
  (select count(*)::int from jsonb_array_elements(:'results'::jsonb) r where r ->> 'queue' in ('test_eb_b', 'test_eb_r')),
  0,
  'paused and runner consumers are not run'
);
select is((select count(*)::int from pgmq.q_test_eb_b), 1, 'the paused consumer''s message waits');
select is((select count(*)::int from pgmq.q_test_eb_c), 1, 'the broken consumer''s message waits, untouched');
select is(private.run_sql_consumer('test_eb_b') ->> 'processed', '1', 'run directly, a paused consumer drains');
select throws_ok(
  $$ select private.run_sql_consumer('test_eb_r') $$,
  '22023', 'no sql consumer for queue "test_eb_r"',
  'a runner queue cannot be run as a sql consumer'
);

select * from finish();
rollback;
