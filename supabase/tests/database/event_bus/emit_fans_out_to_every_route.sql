-- private.emit() logs the event once and sends the same envelope to every queue routed for its
-- type (and to no other queue); service_role may emit, user sessions and anon may not.
begin;
select plan(14);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{"required": {"n": "integer"}}');
select private.register_event_type('test.other.happened', 'pgTAP fixture (unrouted)', '{}');
select private.register_event_type('test.third.happened', 'pgTAP fixture', '{}');
select private.register_route('test.thing.happened', 'test_eb_a');
select private.register_route('test.thing.happened', 'test_eb_b');
select private.register_route('test.third.happened', 'test_eb_c');
select tests.create_supabase_user('alice');

select private.emit('test.thing.happened', '{"n": 7, "extra": "kept"}') as event_id \gset

select is(
  (select queues from public.event_log where id = :event_id),
  array['test_eb_a', 'test_eb_b'],
  'the event log records the event with every routed queue'
);
select is((select count(*)::int from pgmq.q_test_eb_a), 1, 'queue a received one message');
select is((select count(*)::int from pgmq.q_test_eb_b), 1, 'queue b received one message');
select is((select count(*)::int from pgmq.q_test_eb_c), 0, 'a queue routed for another type received nothing');
select is(
  (select message from pgmq.q_test_eb_a),
  (select message from pgmq.q_test_eb_b),
  'both queues received the same envelope'
);
select is(
  (select message - 'emitted_at' from pgmq.q_test_eb_a),
  jsonb_build_object('event_id', :event_id, 'event_type', 'test.thing.happened', 'payload', '{"n": 7, "extra": "kept"}'::jsonb),
  'the envelope carries event_id, event_type and the payload as given'
);
select is(
  (select (message ->> 'emitted_at')::timestamptz from pgmq.q_test_eb_a),
  (select emitted_at from public.event_log where id = :event_id),
  'the envelope''s emitted_at is the logged emitted_at'
);
select is(
  private.envelope_errors((select message from pgmq.q_test_eb_a)),
  '{}'::text[],
  'the envelope passes the consumers'' envelope validation'
);

select private.emit('test.other.happened', '{}') as unrouted_id \gset
select is(
  (select queues from public.event_log where id = :unrouted_id),
  '{}'::text[],
  'an event type without routes is still logged, with no queues'
);

-- A user session cannot emit; the kit's emit (_shared/events.ts) switches an asUser transaction
-- to service_role for the call, keeping the user's claims, so the actor is the user.
select tests.authenticate_as('alice');
select throws_ok($$ select private.emit('test.third.happened', '{}') $$, '42501', null, 'a user session cannot emit');
select set_config('role', 'service_role', true);
select private.emit('test.third.happened', '{}') as user_event_id \gset
reset role;
select is(
  (select actor from public.event_log where id = :user_event_id),
  tests.get_supabase_uid('alice'),
  'an event emitted in a user session records the user as actor'
);

select tests.authenticate_as_service_role();
select lives_ok($$ select private.emit('test.third.happened', '{}') $$, 'service_role may emit');
reset role;
select is((select count(*)::int from pgmq.q_test_eb_c), 2, 'both emits reached queue c');

select tests.clear_authentication();
select throws_ok($$ select private.emit('test.third.happened', '{}') $$, '42501', null, 'anon cannot emit');
reset role;

select * from finish();
rollback;
