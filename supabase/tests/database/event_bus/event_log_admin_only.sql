-- public.event_log: admins read every event; users (even the actor) and anon see nothing; nobody
-- writes it directly.
begin;
select plan(10);

select private.register_event_type('test.thing.happened', 'pgTAP fixture', '{}');
select tests.create_supabase_user('admin');
select tests.create_supabase_user('alice');
select tests.make_admin('admin');

-- As the kit's emit does for alice's request: her claims, role service_role for the call.
select tests.authenticate_as('alice');
select set_config('role', 'service_role', true);
select private.emit('test.thing.happened', '{"secret": "alice"}') as alice_event \gset
reset role;
select count(*)::int as log_count from public.event_log \gset

select tests.authenticate_as('admin');
select is(
  (select payload from public.event_log where id = :alice_event),
  '{"secret": "alice"}'::jsonb,
  'an admin reads another user''s event'
);
select is((select count(*)::int from public.event_log), :log_count, 'an admin reads every event');
select throws_ok(
  $$ insert into public.event_log (event_type, payload) values ('test.thing.happened', '{}') $$,
  '42501', null,
  'not even an admin inserts directly'
);

select tests.authenticate_as('alice');
select is((select count(*)::int from public.event_log), 0, 'a user sees no events, not even their own');
select throws_ok(
  $$ insert into public.event_log (event_type, payload) values ('test.thing.happened', '{}') $$,
  '42501', null,
  'a user cannot insert into the log'
);
select throws_ok(
  $$ update public.event_log set payload = '{}' $$,
  '42501', null,
  'a user cannot update the log'
);
select throws_ok($$ delete from public.event_log $$, '42501', null, 'a user cannot delete from the log');

select tests.clear_authentication();
select throws_ok($$ select * from public.event_log $$, '42501', null, 'anon cannot read the log');

select tests.authenticate_as_service_role();
select throws_ok($$ delete from public.event_log $$, '42501', null, 'service_role cannot delete from the log');

reset role;
select is(
  (select payload from public.event_log where id = :alice_event),
  '{"secret": "alice"}'::jsonb,
  'the event is unchanged'
);

select * from finish();
rollback;
