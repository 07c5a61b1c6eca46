-- The owner reads their integrations and their token metadata, never another user's.
begin;
select plan(5);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('other');
insert into public.user_integrations (user_id, provider, status, connected_at)
values (tests.get_supabase_uid('owner'), 'gemini', 'connected', now()),
       (tests.get_supabase_uid('other'), 'gemini', 'connected', now());
insert into public.api_tokens (user_id, provider, token_encrypted, key_id, masked_suffix)
values (tests.get_supabase_uid('owner'), 'gemini', 'v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', 'k1', 'wxyz'),
       (tests.get_supabase_uid('other'), 'gemini', 'v1.k1.AAAAAAAAAAAAAAAA.CCCCCCCCCCCCCCCCCCCCCCCC', 'k1', 'abcd');

select tests.authenticate_as('owner');

select results_eq(
  $$ select user_id, provider::text, status::text from public.user_integrations $$,
  $$ values (tests.get_supabase_uid('owner'), 'gemini', 'connected') $$,
  'the owner sees exactly their own integration'
);
select results_eq(
  $$ select user_id, masked_suffix from public.api_tokens $$,
  $$ values (tests.get_supabase_uid('owner'), 'wxyz') $$,
  'the owner sees exactly their own token metadata'
);
select lives_ok(
  $$ select id, user_id, provider, masked_suffix, expires_at, last_used_at, created_at from public.api_tokens $$,
  'every metadata column is readable by the owner'
);
select throws_ok(
  $$ update public.user_integrations set status = 'revoked' $$,
  '42501', null,
  'the owner cannot write integrations directly (only through the private.* functions)'
);
select throws_ok(
  $$ delete from public.api_tokens $$,
  '42501', null,
  'the owner cannot delete token rows directly'
);

select * from finish();
rollback;
