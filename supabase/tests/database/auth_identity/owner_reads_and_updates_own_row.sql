-- A signed-in user reads their own profile and renames themself; nothing else is writable.
begin;
select plan(10);

select tests.create_supabase_user('owner', 'owner@test.local', '{"display_name": "Owner"}');

select tests.authenticate_as('owner');

select results_eq(
  $$ select id, email, display_name, role from public.profiles $$,
  $$ values (tests.get_supabase_uid('owner'), 'owner@test.local', 'Owner', 'user') $$,
  'the owner sees exactly their own profile'
);

select lives_ok(
  $$ update public.profiles set display_name = 'Owner Renamed', github_username = 'owner-gh' where id = auth.uid() $$,
  'the owner can change display_name and github_username'
);
select results_eq(
  $$ select display_name, github_username from public.profiles where id = auth.uid() $$,
  $$ values ('Owner Renamed', 'owner-gh') $$,
  'the change is visible to the owner'
);

select lives_ok(
  $$ update public.profiles set linkedin_url = 'https://www.linkedin.com/in/owner' where id = auth.uid() $$,
  'the owner can set their LinkedIn URL'
);
select throws_ok(
  $$ update public.profiles set linkedin_url = 'https://evil.example/in/owner' where id = auth.uid() $$,
  '23514', null,
  'a LinkedIn URL that is not a linkedin.com profile is refused by the check constraint'
);
select throws_ok(
  $$ update public.profiles set email = 'evil@test.local' where id = auth.uid() $$,
  '42501', null,
  'the owner cannot change email (only auth.users can)'
);
select throws_ok(
  $$ update public.profiles set created_at = now() - interval '1 year' where id = auth.uid() $$,
  '42501', null,
  'the owner cannot change created_at'
);
select throws_ok(
  $$ update public.profiles set display_name = '' where id = auth.uid() $$,
  '23514', null,
  'an empty display_name is refused by the check constraint'
);
select throws_ok(
  $$ insert into public.profiles (id, email) values (gen_random_uuid(), 'x@test.local') $$,
  '42501', null,
  'users cannot insert profiles'
);
select throws_ok(
  $$ delete from public.profiles where id = auth.uid() $$,
  '42501', null,
  'users cannot delete their profile (account deletion goes through the API)'
);

select * from finish();
rollback;
