-- An event belongs to the transaction that emitted it: rolled back → no message and no log row;
-- kept → exactly one message.
begin;
select plan(6);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{"required": {"n": "integer"}}');
select private.register_route('test.thing.happened', 'test_eb_a');
create table pg_temp.writes (n integer);

savepoint caller_write;
insert into pg_temp.writes values (1);
select private.emit('test.thing.happened', '{"n": 1}');
select is((select count(*)::int from pgmq.q_test_eb_a), 1, 'inside the transaction the message is queued');
rollback to savepoint caller_write;

select is((select count(*)::int from pgmq.q_test_eb_a), 0, 'after the rollback the queue is empty');
select is(
  (select count(*)::int from public.event_log where event_type = 'test.thing.happened'),
  0,
  'after the rollback the event log has no row'
);

-- The caller's write fails after the emit: the whole unit of work, event included, is undone.
savepoint failing_write;
select private.emit('test.thing.happened', '{"n": 2}');
select throws_ok(
  $$ insert into pg_temp.writes values ('not a number'::integer) $$,
  '22P02', null,
  'the caller''s write fails after emitting'
);
rollback to savepoint failing_write;
select is((select count(*)::int from pgmq.q_test_eb_a), 0, 'a failed unit of work sends nothing');

savepoint kept;
select private.emit('test.thing.happened', '{"n": 3}');
release savepoint kept;
select is(
  (select array_agg((message -> 'payload' ->> 'n')::int) from pgmq.q_test_eb_a),
  array[3],
  'a kept emit sends exactly its one message'
);

select * from finish();
rollback;
