-- private.save_token / private.revoke_integration: the caller's own rows, replace in place,
-- GitHub only through OAuth, revoke erases the ciphertext and is idempotent.
begin;
select plan(12);

select tests.create_supabase_user('owner');
select tests.authenticate_as('owner');

select lives_ok(
  $$ select private.save_token('gemini', 'v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', 'k1', 'wxyz') $$,
  'the owner saves a Gemini key'
);
select results_eq(
  $$ select provider::text, status::text, connected_at is not null from public.user_integrations $$,
  $$ values ('gemini', 'connected', true) $$,
  'the integration is connected'
);
select lives_ok(
  $$ select private.save_token('gemini', 'v1.k2.AAAAAAAAAAAAAAAA.DDDDDDDDDDDDDDDDDDDDDDDD', 'k2', 'new1',
       now() + interval '30 days') $$,
  'saving again replaces the key'
);
select results_eq(
  $$ select masked_suffix, expires_at is not null from public.api_tokens $$,
  $$ values ('new1'::text, true) $$,
  'one row, holding the new key''s metadata'
);
select throws_ok(
  $$ select private.save_token('github', 'v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', 'k1', 'wxyz') $$,
  'PT422', null,
  'a GitHub token cannot be pasted (OAuth only)'
);
select throws_ok(
  $$ select private.save_token('gmail', 'v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', 'other', 'wxyz') $$,
  '23514', null,
  'the key id must be the one the envelope names'
);
select throws_ok(
  $$ select private.save_token('gmail', 'plaintext-token-value', 'k1', 'alue') $$,
  '23514', null,
  'only an envelope is accepted, never a plaintext token'
);

select lives_ok($$ select private.revoke_integration('gemini') $$, 'the owner revokes Gemini');
select is_empty($$ select id from public.api_tokens $$, 'the token row (and its ciphertext) is gone');
select results_eq(
  $$ select status::text, revoked_at is not null from public.user_integrations where provider = 'gemini' $$,
  $$ values ('revoked', true) $$,
  'the integration is revoked'
);
select lives_ok($$ select private.revoke_integration('gemini') $$, 'revoking again is a no-op');
select throws_ok($$ select private.revoke_integration('linkedin') $$, 'PT404', null,
  'revoking a provider never connected is not found');

select * from finish();
rollback;
