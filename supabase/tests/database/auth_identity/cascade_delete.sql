-- Deleting the auth user removes their profile.
begin;
select plan(3);

select tests.create_supabase_user('leaver', 'leaver@test.local');
select tests.create_supabase_user('stayer', 'stayer@test.local');
select isnt_empty(
  $$ select 1 from public.profiles where id = tests.get_supabase_uid('leaver') $$,
  'the leaver has a profile'
);

select fk_ok('public', 'profiles', 'id', 'auth', 'users', 'id');

-- capture the id before the auth row (and its test_identifier) disappears
create temp table leaver as select tests.get_supabase_uid('leaver') as id;
delete from auth.users where id = (select id from leaver);

select is(
  (select count(*)::int from public.profiles where id in ((select id from leaver), tests.get_supabase_uid('stayer'))),
  1,
  'the leaver''s profile is gone; the other user''s stays'
);

select * from finish();
rollback;
