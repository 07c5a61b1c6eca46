-- A caller without a session (anon) can neither read nor change any profile.
begin;
select plan(4);

select tests.create_supabase_user('owner', 'owner@test.local', '{"display_name": "Owner"}');

select tests.clear_authentication();

select throws_ok(
  $$ select * from public.profiles $$,
  '42501', null,
  'anon cannot read profiles'
);
select throws_ok(
  $$ update public.profiles set display_name = 'Hacked' $$,
  '42501', null,
  'anon cannot update profiles'
);
select throws_ok(
  $$ select private.is_admin() $$,
  '42501', null,
  'anon cannot call private.is_admin()'
);

reset role;
select is(
  (select display_name from public.profiles where id = tests.get_supabase_uid('owner')),
  'Owner',
  'the profile is unchanged'
);

select * from finish();
rollback;
