-- Events are facts the platform asserts, so a user's SQL session cannot emit them: not for
-- another user (a notification in their inbox), and not for itself either (a forged
-- integrations.github.connected would start a sync, a forged project_video.uploaded would send
-- another object to the runner). Nor can it write into an event queue or the event log directly.
-- The paths that do emit for a user keep working: they run as the definer, for the user the
-- row or auth.uid() names (onboarding completion, GitHub connection), and as service_role.
begin;
select plan(11);

select tests.create_supabase_user('mallory', 'mallory@test.local');
select tests.create_supabase_user('victim', 'victim@test.local');

create function pg_temp.inbox_events(user_id uuid)
returns integer
language sql
as $$
  select count(*)::int from public.event_log where payload ->> 'user_id' = user_id::text;
$$;

select tests.authenticate_as('mallory');

select throws_ok(
  format($$select private.emit('integrations.token.rejected', jsonb_build_object('user_id', %L, 'provider', 'github'))$$,
    tests.get_supabase_uid('victim')),
  '42501', null,
  'a user session cannot emit an event naming another user'
);
select throws_ok(
  format($$select private.emit('integrations.github.connected',
      jsonb_build_object('user_id', %L, 'github_login', 'octocat', 'scopes', jsonb_build_array('repo')))$$,
    tests.get_supabase_uid('mallory')),
  '42501', null,
  'nor one naming itself: events are asserted by the platform, not by the user'
);
select throws_ok(
  format($$select pgmq.send('notifications', jsonb_build_object('event_id', 1, 'event_type', 'integrations.token.rejected',
      'emitted_at', now(), 'payload', jsonb_build_object('user_id', %L, 'provider', 'github')))$$,
    tests.get_supabase_uid('victim')),
  '42501', null,
  'nor write into an event queue directly'
);
select throws_ok(
  $$insert into public.event_log (event_type, payload, queues) values ('integrations.token.rejected', '{}', '{}')$$,
  '42501', null,
  'nor append to the event log'
);
select is(
  (select has_function_privilege('authenticated', 'private.emit(text, jsonb)', 'execute')),
  false,
  'authenticated has no execute privilege on private.emit'
);
select is(
  (select has_function_privilege('anon', 'private.emit(text, jsonb)', 'execute')),
  false,
  'anon has none either'
);

-- The user's own writes still emit, through the definer paths.
select lives_ok(
  $$insert into public.onboarding (user_id, roles_targeted, completed) values (auth.uid(), '{"Backend Engineer"}', true)$$,
  'completing onboarding as the user still works'
);
select lives_ok(
  $$select private.record_github_connection('583231', 'octocat', '{read:user,repo}',
      'v1.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA', 'k1', 'abcd')$$,
  'recording a GitHub connection as the user still works'
);

select tests.authenticate_as_service_role();
select lives_ok(
  format($$select private.emit('integrations.token.rejected', jsonb_build_object('user_id', %L, 'provider', 'github'))$$,
    tests.get_supabase_uid('victim')),
  'service_role (the runner, the functions'' service path) still emits'
);

reset role;
select is(pg_temp.inbox_events(tests.get_supabase_uid('victim')), 1, 'the victim got only the service event');
select results_eq(
  format($$select event_type, actor from public.event_log where payload ->> 'user_id' = %L order by id$$,
    tests.get_supabase_uid('mallory')),
  format($$values ('user.onboarding.completed', %L::uuid), ('integrations.github.connected', %L::uuid)$$,
    tests.get_supabase_uid('mallory'), tests.get_supabase_uid('mallory')),
  'the user''s own writes emitted their events, with the user as the actor'
);

select * from finish();
rollback;
