-- Another signed-in user neither sees nor changes someone else's integrations or tokens.
begin;
select plan(6);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('stranger');
insert into public.user_integrations (user_id, provider, status, external_login, connected_at)
values (tests.get_supabase_uid('owner'), 'github', 'connected', 'octocat', now());
insert into public.api_tokens (user_id, provider, token_encrypted, key_id, masked_suffix)
values (tests.get_supabase_uid('owner'), 'github', 'v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', 'k1', 'wxyz');

select tests.authenticate_as('stranger');

select is_empty($$ select * from public.user_integrations $$, 'the stranger sees no integration');
select is_empty($$ select id, masked_suffix from public.api_tokens $$, 'the stranger sees no token metadata');
select throws_ok(
  $$ insert into public.user_integrations (user_id, provider, status)
     values (tests.get_supabase_uid('owner'), 'gemini', 'connected') $$,
  '42501', null,
  'the stranger cannot insert an integration for the owner'
);
select throws_ok(
  $$ select private.revoke_integration('github') $$,
  'PT404', null,
  'revoking through the function only ever touches the caller''s own rows'
);

reset role;
select is(
  (select status::text from public.user_integrations where user_id = tests.get_supabase_uid('owner')),
  'connected',
  'the owner''s integration is unchanged'
);
select is(
  (select count(*)::int from public.api_tokens where user_id = tests.get_supabase_uid('owner')),
  1,
  'the owner''s token is still stored'
);

select * from finish();
rollback;
