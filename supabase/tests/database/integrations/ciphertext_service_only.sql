-- The ciphertext is out of reach of every user session; only the service role obtains it,
-- and each use is recorded in last_used_at.
begin;
select plan(8);

select tests.create_supabase_user('owner');
insert into public.user_integrations (user_id, provider, status, connected_at)
values (tests.get_supabase_uid('owner'), 'gemini', 'connected', now());
insert into public.api_tokens (user_id, provider, token_encrypted, key_id, masked_suffix)
values (tests.get_supabase_uid('owner'), 'gemini', 'v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', 'k1', 'wxyz');

select tests.authenticate_as('owner');
select throws_ok($$ select token_encrypted from public.api_tokens $$, '42501', null,
  'the owner cannot select token_encrypted');
select throws_ok($$ select * from public.api_tokens $$, '42501', null,
  'select * fails for the owner (the ciphertext column is not granted)');
select throws_ok($$ select key_id from public.api_tokens $$, '42501', null, 'nor key_id');
select throws_ok(
  $$ select * from private.token_for_service(tests.get_supabase_uid('owner'), 'gemini') $$,
  '42501', null,
  'the owner cannot call the service-only token function'
);

reset role;
select is(
  (select last_used_at from public.api_tokens where user_id = tests.get_supabase_uid('owner')),
  null,
  'never used so far'
);
select tests.authenticate_as_service_role();
select results_eq(
  $$ select token_encrypted, key_id from private.token_for_service(tests.get_supabase_uid('owner'), 'gemini') $$,
  $$ values ('v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB'::text, 'k1'::text) $$,
  'the service role obtains the ciphertext and its key id'
);
select is_empty(
  $$ select * from private.token_for_service(tests.get_supabase_uid('owner'), 'github') $$,
  'no row for a provider without a token'
);
reset role;
select isnt(
  (select last_used_at from public.api_tokens where user_id = tests.get_supabase_uid('owner')),
  null,
  'the use is recorded in last_used_at'
);

select * from finish();
rollback;
