-- What a runner consumer connected as service_role gets: its consumer settings, pgmq read /
-- set_vt / archive on event-bus queues (no send), envelope validation, the back-off,
-- idempotency receipts and private.dead_letter(); users get none of it.
begin;
select plan(20);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{"required": {"n": "integer"}}');
select private.register_route('test.thing.happened', 'test_eb_r');
select private.register_consumer('test_eb_r', 'runner', 'scraper-runner: test', max_attempts => 4, visibility_timeout_s => 120);
select tests.create_supabase_user('alice');
select private.emit('test.thing.happened', '{"n": 1}') as event_id \gset
select private.emit('test.thing.happened', '{"n": 2}') as second_id \gset

select tests.authenticate_as_service_role();
select is(
  (select (max_attempts, visibility_timeout_s, batch_size, enabled)::text from private.event_consumers where queue_name = 'test_eb_r'),
  '(4,120,20,t)',
  'a runner reads its consumer settings'
);
select is(
  (select array_agg((message ->> 'event_id')::bigint order by msg_id) from pgmq.read_with_poll('test_eb_r', 120, 10, 1, 100)),
  array[:event_id::bigint, :second_id::bigint],
  'a runner reads its queue with read_with_poll'
);
select msg_id, message from pgmq.q_test_eb_r where (message ->> 'event_id')::bigint = :event_id \gset
select msg_id as second_msg from pgmq.q_test_eb_r where (message ->> 'event_id')::bigint = :second_id \gset
select is(private.envelope_errors(:'message'::jsonb), '{}'::text[], 'a runner validates an envelope');
select is(private.claim_receipt('test_eb_r', :event_id), true, 'a runner claims a receipt');
select is(private.claim_receipt('test_eb_r', :event_id), false, 'a second claim is refused');
select is(pgmq.archive('test_eb_r', :msg_id), true, 'a runner archives a handled message');
select is(private.backoff_seconds(1), 10, 'a runner computes the back-off');
select is(
  (select read_ct from pgmq.set_vt('test_eb_r', :second_msg, private.backoff_seconds(1))),
  1,
  'a runner pushes a failed message''s visibility timeout out'
);
select isnt(
  private.dead_letter('test_eb_r', :second_msg, 'portal answered 503 four times', 'PT503'),
  null,
  'a runner dead-letters a message'
);
select throws_ok(
  $$ select pgmq.send('test_eb_r', '{}') $$,
  '42501', null,
  'a runner cannot send into a queue (events enter through private.emit)'
);
select throws_ok($$ select * from private.dead_letters $$, '42501', null, 'a runner cannot read dead letters');
reset role;

select results_eq(
  $$ select queue_name, event_id, event_type, error, sqlstate, attempts from private.dead_letters where queue_name = 'test_eb_r' $$,
  format($f$ values ('test_eb_r', %s::bigint, 'test.thing.happened', 'portal answered 503 four times', 'PT503', 1) $f$, :second_id),
  'the dead letter records the runner''s error and attempts (read_ct)'
);
select is((select count(*)::int from pgmq.q_test_eb_r), 0, 'both messages left the queue');
select is((select count(*)::int from pgmq.a_test_eb_r), 2, 'both messages are archived');

select throws_ok(
  format('select private.dead_letter(%L, %s, %L)', 'test_eb_r', :second_msg, 'again'),
  'P0002', null,
  'dead-lettering a message that is no longer queued raises P0002'
);
select throws_ok(
  $$ select private.dead_letter('test_eb_missing', 1, 'x') $$,
  'P0002', 'queue "test_eb_missing" does not exist',
  'an unknown queue raises P0002'
);

select tests.authenticate_as('alice');
select throws_ok($$ select private.dead_letter('test_eb_r', 1, 'x') $$, '42501', null, 'a user cannot dead-letter');
select throws_ok($$ select private.claim_receipt('test_eb_r', 1) $$, '42501', null, 'a user cannot claim receipts');
select throws_ok($$ select * from private.event_consumers $$, '42501', null, 'a user cannot read consumer settings');
select throws_ok($$ select * from pgmq.read('test_eb_r', 30, 1) $$, '42501', null, 'a user cannot read a queue');
reset role;

select * from finish();
rollback;
