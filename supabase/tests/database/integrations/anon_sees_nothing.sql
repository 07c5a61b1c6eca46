-- A caller without a session can neither read nor use anything of the integrations stack.
begin;
select plan(6);

select tests.create_supabase_user('owner');
insert into public.user_integrations (user_id, provider, status, connected_at)
values (tests.get_supabase_uid('owner'), 'gemini', 'connected', now());

select tests.clear_authentication();

select throws_ok($$ select * from public.user_integrations $$, '42501', null, 'anon cannot read integrations');
select throws_ok($$ select id from public.api_tokens $$, '42501', null, 'anon cannot read token metadata');
select throws_ok(
  $$ select private.save_token('gemini', 'v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', 'k1', 'wxyz') $$,
  '42501', null,
  'anon cannot save a token'
);
select throws_ok(
  $$ select * from private.create_oauth_state('github', '/settings') $$,
  '42501', null,
  'anon cannot start an OAuth connection'
);
select throws_ok(
  $$ select * from private.token_for_service(tests.get_supabase_uid('owner'), 'gemini') $$,
  '42501', null,
  'anon cannot obtain a token'
);
select throws_ok($$ select * from private.oauth_states $$, '42501', null, 'anon cannot read OAuth states');

select * from finish();
rollback;
