-- Admins read every user's integrations (status, account, scopes) but no one else's token metadata.
begin;
select plan(3);

select tests.create_supabase_user('admin');
select tests.make_admin('admin');
select tests.create_supabase_user('member');
insert into public.user_integrations (user_id, provider, status, external_login, scopes, connected_at)
values (tests.get_supabase_uid('member'), 'github', 'connected', 'octocat', '{read:user,repo}', now());
insert into public.api_tokens (user_id, provider, token_encrypted, key_id, masked_suffix)
values (tests.get_supabase_uid('member'), 'github', 'v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', 'k1', 'wxyz');

select tests.authenticate_as('admin');

select results_eq(
  $$ select user_id, external_login, scopes from public.user_integrations
     where user_id = tests.get_supabase_uid('member') $$,
  $$ values (tests.get_supabase_uid('member'), 'octocat'::text, '{read:user,repo}'::text[]) $$,
  'the admin reads the member''s integration'
);
select is_empty(
  $$ select id from public.api_tokens where user_id = tests.get_supabase_uid('member') $$,
  'the admin sees no token metadata of other users'
);
select throws_ok(
  $$ select token_encrypted from public.api_tokens $$,
  '42501', null,
  'nor any ciphertext'
);

select * from finish();
rollback;
