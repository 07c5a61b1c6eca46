-- The migrations register the onboarding and integrations events, their routes, queues and consumers,
-- and the pg_cron jobs; the registration helpers are idempotent and refuse bad input.
begin;
select plan(21);

select results_eq(
  $$ select event_type, payload_schema::jsonb from private.event_types
     where event_type in ('user.onboarding.completed', 'integrations.github.connected') order by 1 $$,
  $$ values
       ('integrations.github.connected', '{"required": {"user_id": "uuid", "github_login": "string", "scopes": "string[]"}}'::jsonb),
       ('user.onboarding.completed', '{"required": {"user_id": "uuid", "completed_at": "timestamptz"}}'::jsonb) $$,
  'both event types are registered with their payload schemas'
);
select results_eq(
  $$ select event_type, array_agg(queue_name order by queue_name) from private.event_routes
     where event_type in ('user.onboarding.completed', 'integrations.github.connected') group by 1 order by 1 $$,
  $$ values
       ('integrations.github.connected', array['notifications', 'projects_sync']),
       ('user.onboarding.completed', array['notifications', 'reports_welcome']) $$,
  'routes: onboarding → notifications + reports_welcome; github → notifications + projects_sync'
);
-- (Registered disabled; the migrations that ship their handlers enable them.)
select results_eq(
  $$ select queue_name, kind from private.event_consumers
     where queue_name in ('notifications', 'projects_sync', 'reports_welcome') order by 1 $$,
  $$ values ('notifications', 'sql'), ('projects_sync', 'runner'), ('reports_welcome', 'runner') $$,
  'consumers: notifications is a sql consumer, projects_sync and reports_welcome are runner consumers'
);
select is(
  (select count(*)::int from pgmq.meta where queue_name in ('notifications', 'projects_sync', 'reports_welcome')),
  3,
  'the three pgmq queues exist'
);
select results_eq(
  $$ select schedule, command from cron.job where jobname = 'event-bus-sql-consumers' $$,
  $$ values ('* * * * *'::text, 'select private.run_sql_consumers()'::text) $$,
  'pg_cron runs the sql consumers every minute'
);
select results_eq(
  $$ select schedule, command from cron.job where jobname = 'event-bus-retention' $$,
  $$ values ('17 3 * * *'::text, 'select private.event_bus_retention()'::text) $$,
  'pg_cron runs the retention nightly'
);

-- Idempotent registration.
select private.register_route('user.onboarding.completed', 'notifications');
select private.register_event_type('user.onboarding.completed',
  (select description from private.event_types where event_type = 'user.onboarding.completed'),
  (select payload_schema from private.event_types where event_type = 'user.onboarding.completed'));
select is(
  (select count(*)::int from private.event_routes where event_type = 'user.onboarding.completed'),
  2,
  'registering a route twice keeps one route'
);
select is((select count(*)::int from pgmq.meta where queue_name = 'notifications'), 1, 'and one queue');

select private.register_event_type('test.thing.happened', 'first', '{}');
select private.register_event_type('test.thing.happened', 'second', '{"optional": {"n": "integer"}}');
select is(
  (select (description, payload_schema::jsonb)::text from private.event_types where event_type = 'test.thing.happened'),
  '(second,"{""optional"": {""n"": ""integer""}}")',
  're-registering an event type updates it'
);
select private.register_consumer('test_eb_r', 'runner', null, max_attempts => 2);
select private.register_consumer('test_eb_r', 'runner', null, max_attempts => 7);
select is((select max_attempts from private.event_consumers where queue_name = 'test_eb_r'), 7, 're-registering a consumer updates it');

-- Bad input.
select throws_ok(
  $$ select private.register_route('test.nope.happened', 'test_eb_a') $$,
  '23503', null,
  'a route needs a registered event type'
);
select throws_ok(
  $$ select private.register_route('test.thing.happened', 'Bad-Queue') $$,
  '22023', null,
  'a queue name must be lower-case letters, digits and _'
);
select throws_ok(
  $$ select private.register_event_type('NotDotted', 'x', '{}') $$,
  '23514', null,
  'an event type must be a dotted lower-case name'
);
select throws_ok(
  $$ select private.register_consumer('test_eb_s', 'sql', 'event_bus_test.missing') $$,
  '22023', null,
  'a sql consumer''s handler must exist'
);
select throws_ok(
  $$ select private.register_consumer('test_eb_s', 'sql', null, enabled => true) $$,
  '23514', null,
  'an enabled sql consumer needs a handler'
);
select throws_ok(
  $$ select private.register_consumer('test_eb_s', 'cron', null) $$,
  '23514', null,
  'kind is sql or runner'
);

-- Grants: only the admin functions are open to user sessions; emit is service_role's.
select ok(not has_function_privilege('authenticated', 'private.emit(text, jsonb)', 'execute'), 'authenticated may not emit');
select ok(not has_function_privilege('anon', 'private.emit(text, jsonb)', 'execute'), 'anon may not emit');
select ok(
  not has_function_privilege('authenticated', 'private.run_sql_consumer(text)', 'execute')
  and not has_function_privilege('service_role', 'private.run_sql_consumer(text)', 'execute')
  and not has_function_privilege('authenticated', 'private.register_route(text, text)', 'execute'),
  'consumer runs and registration stay with the database owner'
);

-- Every event-bus function states its contract.
select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
   where p.pronamespace = 'private'::regnamespace
     and p.proname in ('is_iso_timestamp', 'json_has_type', 'payload_errors', 'envelope_errors', 'register_event_type',
                       'ensure_queue', 'register_route', 'register_consumer', 'emit', 'backoff_seconds', 'dead_letter',
                       'claim_receipt', 'run_sql_consumer', 'run_sql_consumers', 'event_bus_retention',
                       'admin_dead_letters', 'admin_replay_dead_letter')
     and obj_description(p.oid, 'pg_proc') is null),
  null,
  'every event-bus function has a comment'
);
select is(
  (select count(*)::int from pg_proc p where p.pronamespace = 'private'::regnamespace
     and p.proname in ('emit', 'run_sql_consumer', 'run_sql_consumers', 'dead_letter', 'claim_receipt',
                       'admin_dead_letters', 'admin_replay_dead_letter', 'register_route')
     and p.prosecdef and 'search_path=""' = any(p.proconfig)),
  8,
  'the security-definer functions pin search_path to empty'
);

select * from finish();
rollback;
