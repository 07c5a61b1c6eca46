-- Runner loops read with pgmq.read and sleep until a NOTIFY on pgmq's insert channel of their
-- queue (migration 20261130007000). The notification comes from private.wake_consumers, which
-- private.emit calls for every routed queue; a user session can neither call it (waking runners
-- at will) nor read a queue.
begin;
select plan(6);

select private.register_event_type('test.wake.happened', 'pgTAP fixture', '{"required": {"n": "integer"}}');
select private.register_route('test.wake.happened', 'test_eb_wake');
select private.register_consumer('test_eb_wake', 'runner', 'scraper-runner: test', max_attempts => 4, visibility_timeout_s => 60);
select tests.create_supabase_user('alice');

select ok(
  pg_get_functiondef('private.emit(text, jsonb)'::regprocedure) ~ 'private\.wake_consumers\(queue\)',
  'private.emit wakes the consumers of every queue it sends to'
);
select ok(
  pg_get_functiondef('private.admin_replay_dead_letter(bigint)'::regprocedure) ~ 'private\.wake_consumers\(letter\.queue_name\)',
  'a replayed dead letter wakes its queue''s consumers too'
);

select private.emit('test.wake.happened', '{"n": 1}') as event_id \gset

select tests.authenticate_as_service_role();
select lives_ok($$select private.wake_consumers('test_eb_wake')$$, 'service_role may wake a queue''s consumers');
select is(
  (select array_agg((message ->> 'event_id')::bigint) from pgmq.read('test_eb_wake', 60, 10)),
  array[:event_id::bigint],
  'a runner reads its queue with pgmq.read (no poll holding a connection)'
);

select tests.authenticate_as('alice');
select throws_ok($$select private.wake_consumers('test_eb_wake')$$, '42501', null, 'a user session cannot wake runners');
select throws_ok($$select * from pgmq.read('test_eb_wake', 60, 10)$$, '42501', null, 'a user session cannot read a queue');

select * from finish();
rollback;
