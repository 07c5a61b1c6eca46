-- A profile appears for every new auth user, named from the sign-up metadata, and follows
-- the auth user's email and last sign-in.
begin;
select plan(7);

select tests.create_supabase_user('named', 'named@test.local', '{"display_name": "  Asha Rao  "}');
select tests.create_supabase_user('full', 'full@test.local', '{"full_name": "Ravi Kumar"}');
select tests.create_supabase_user('plain', 'priya.s@test.local');

select results_eq(
  $$ select email, display_name, role from public.profiles where id = tests.get_supabase_uid('named') $$,
  $$ values ('named@test.local', 'Asha Rao', 'user') $$,
  'display_name comes from metadata display_name (trimmed); role defaults to user'
);
select is(
  (select display_name from public.profiles where id = tests.get_supabase_uid('full')),
  'Ravi Kumar',
  'display_name falls back to metadata full_name'
);
select is(
  (select display_name from public.profiles where id = tests.get_supabase_uid('plain')),
  'priya.s',
  'display_name falls back to the email local part'
);
select isnt(
  (select created_at from public.profiles where id = tests.get_supabase_uid('plain')),
  null,
  'created_at is set'
);

update auth.users set email = 'renamed@test.local' where id = tests.get_supabase_uid('plain');
select is(
  (select email from public.profiles where id = tests.get_supabase_uid('plain')),
  'renamed@test.local',
  'an email change on auth.users reaches the profile'
);

update auth.users set last_sign_in_at = '2026-01-02 03:04:05+00' where id = tests.get_supabase_uid('plain');
select is(
  (select last_sign_in_at from public.profiles where id = tests.get_supabase_uid('plain')),
  '2026-01-02 03:04:05+00'::timestamptz,
  'a sign-in on auth.users reaches the profile'
);

select is(
  (select count(*)::int from auth.users u left join public.profiles p on p.id = u.id where p.id is null),
  0,
  'every auth user has a profile'
);

select * from finish();
rollback;
