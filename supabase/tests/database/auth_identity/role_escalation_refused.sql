-- Nobody makes themself (or anyone) an admin through a user session, even if a later grant
-- were to open the role column; service paths can.
begin;
select plan(6);

select tests.create_supabase_user('mallory', 'mallory@test.local');
select tests.create_supabase_user('alice', 'alice@test.local');

select tests.authenticate_as('mallory');
select throws_ok(
  $$ update public.profiles set role = 'admin' where id = auth.uid() $$,
  '42501', null,
  'a user cannot set their own role (no column privilege)'
);

-- Belt and braces: widen the grant inside this transaction and try again.
reset role;
grant update (role) on public.profiles to authenticated;
select tests.authenticate_as('mallory');
select throws_ok(
  $$ update public.profiles set role = 'admin' where id = auth.uid() $$,
  '42501', 'only an admin can change a role',
  'the guard trigger refuses the change even when the column is granted'
);
select is_empty(
  $$ update public.profiles set role = 'user' where id = tests.get_supabase_uid('alice') returning id $$,
  'a user cannot touch another user''s role either'
);

reset role;
select is(
  (select role from public.profiles where id = tests.get_supabase_uid('mallory')),
  'user',
  'mallory is still a user'
);

select tests.authenticate_as_service_role();
select lives_ok(
  $$ update public.profiles set role = 'admin' where id = tests.get_supabase_uid('alice') $$,
  'the service role can grant admin'
);
reset role;
select is(
  (select role from public.profiles where id = tests.get_supabase_uid('alice')),
  'admin',
  'alice is now an admin'
);

select * from finish();
rollback;
