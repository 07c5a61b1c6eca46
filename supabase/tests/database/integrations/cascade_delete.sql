-- Deleting the auth user removes their integrations, tokens and OAuth states; others stay.
begin;
select plan(7);

select tests.create_supabase_user('leaver');
select tests.create_supabase_user('stayer');
select fk_ok('public', 'user_integrations', 'user_id', 'auth', 'users', 'id');
select fk_ok('public', 'api_tokens', 'user_id', 'auth', 'users', 'id');
select fk_ok('private', 'oauth_states', 'user_id', 'auth', 'users', 'id');

insert into public.user_integrations (user_id, provider, status)
select id, 'gemini', 'connected' from auth.users
where id in (tests.get_supabase_uid('leaver'), tests.get_supabase_uid('stayer'));
insert into public.api_tokens (user_id, provider, token_encrypted, key_id, masked_suffix)
select id, 'gemini', 'v1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', 'k1', 'wxyz' from auth.users
where id in (tests.get_supabase_uid('leaver'), tests.get_supabase_uid('stayer'));
insert into private.oauth_states (user_id, provider, redirect_to, expires_at)
select id, 'github', '/settings', now() + interval '10 minutes' from auth.users
where id in (tests.get_supabase_uid('leaver'), tests.get_supabase_uid('stayer'));

create temp table leaver as select tests.get_supabase_uid('leaver') as id;
delete from auth.users where id = (select id from leaver);

select is((select count(*)::int from public.user_integrations where user_id = (select id from leaver)), 0,
  'the leaver''s integrations are gone');
select is((select count(*)::int from public.api_tokens where user_id = (select id from leaver)), 0,
  'the leaver''s tokens are gone');
select is((select count(*)::int from private.oauth_states where user_id = (select id from leaver)), 0,
  'the leaver''s OAuth states are gone');
select is(
  (select count(*)::int from public.api_tokens where user_id = tests.get_supabase_uid('stayer')), 1,
  'the other user''s token stays'
);

select * from finish();
rollback;
