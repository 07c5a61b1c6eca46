-- An admin reads every profile; being admin grants no write on others' rows.
begin;
select plan(6);

select tests.create_supabase_user('admin', 'admin@test.local');
select tests.create_supabase_user('alice', 'alice@test.local', '{"display_name": "Alice"}');
select tests.create_supabase_user('bob', 'bob@test.local', '{"display_name": "Bob"}');
select tests.make_admin('admin');
select count(*) as profile_count from public.profiles \gset

select tests.authenticate_as('alice');
select is(private.is_admin(), false, 'a user is not an admin');

select tests.authenticate_as('admin');
select is(private.is_admin(), true, 'private.is_admin() is true for an admin');
select set_eq(
  $$ select id from public.profiles where id in (tests.get_supabase_uid('alice'), tests.get_supabase_uid('bob'), tests.get_supabase_uid('admin')) $$,
  $$ values (tests.get_supabase_uid('alice')), (tests.get_supabase_uid('bob')), (tests.get_supabase_uid('admin')) $$,
  'the admin sees every user''s profile'
);
select is(
  (select count(*)::int from public.profiles),
  :profile_count,
  'the admin''s unfiltered select returns every profile'
);
select is_empty(
  $$ update public.profiles set display_name = 'Renamed by admin' where id = tests.get_supabase_uid('alice') returning id $$,
  'the admin cannot rename another user through RLS'
);

reset role;
select is(
  (select display_name from public.profiles where id = tests.get_supabase_uid('alice')),
  'Alice',
  'alice''s profile is unchanged'
);

select * from finish();
rollback;
