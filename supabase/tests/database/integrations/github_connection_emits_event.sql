-- private.record_github_connection: token, account, scopes, profiles.github_username and exactly
-- one integrations.github.connected event, in the caller's transaction.
begin;
select plan(8);

select tests.create_supabase_user('dev');
select tests.authenticate_as('dev');

select lives_ok(
  $$ select private.record_github_connection('583231', 'octocat', '{read:user,repo}',
       'v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', 'k1', 'wxyz') $$,
  'the connection is recorded'
);
select results_eq(
  $$ select status::text, external_user_id, external_login, scopes from public.user_integrations where provider = 'github' $$,
  $$ values ('connected', '583231'::text, 'octocat'::text, '{read:user,repo}'::text[]) $$,
  'GitHub is connected with the account and scopes'
);
select results_eq(
  $$ select masked_suffix from public.api_tokens where provider = 'github' $$,
  $$ values ('wxyz'::text) $$,
  'the token is stored'
);
select is(
  (select github_username from public.profiles where id = tests.get_supabase_uid('dev')),
  'octocat',
  'profiles.github_username is the GitHub login'
);

reset role;
select results_eq(
  $$ select payload, actor from public.event_log
     where event_type = 'integrations.github.connected' and payload ->> 'user_id' = tests.get_supabase_uid('dev')::text $$,
  $$ values (jsonb_build_object('user_id', tests.get_supabase_uid('dev'), 'github_login', 'octocat',
                                'scopes', jsonb_build_array('read:user', 'repo')),
             tests.get_supabase_uid('dev')) $$,
  'exactly one integrations.github.connected event, by the user'
);
select ok(
  (select queues @> array['projects_sync'] from public.event_log
   where event_type = 'integrations.github.connected' and payload ->> 'user_id' = tests.get_supabase_uid('dev')::text),
  'it is routed to the projects sync queue'
);

select tests.authenticate_as('dev');
select throws_ok(
  $$ select private.record_github_connection('1', 'not a login!', '{}',
       'v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', 'k1', 'wxyz') $$,
  '22023', null,
  'an unexpected login is refused'
);
reset role;
select is(
  (select count(*)::int from public.event_log
   where event_type = 'integrations.github.connected' and payload ->> 'user_id' = tests.get_supabase_uid('dev')::text),
  1,
  'a refused connection emits nothing'
);

select * from finish();
rollback;
