-- A caller without a session (anon) can neither read, create nor change onboarding or job
-- settings.
begin;
select plan(7);

select tests.create_supabase_user('owner', 'owner@test.local');
insert into public.onboarding (user_id, roles_targeted) values (tests.get_supabase_uid('owner'), '{Owner Role}');
insert into public.job_settings (user_id, portals) values (tests.get_supabase_uid('owner'), '{naukri}');

select tests.clear_authentication();

select throws_ok($$ select * from public.onboarding $$, '42501', null, 'anon cannot read onboarding');
select throws_ok($$ select * from public.job_settings $$, '42501', null, 'anon cannot read job settings');
select throws_ok(
  format($$ insert into public.onboarding (user_id) values (%L) $$, tests.get_supabase_uid('owner')),
  '42501', null,
  'anon cannot create onboarding'
);
select throws_ok(
  $$ update public.onboarding set completed = true $$,
  '42501', null,
  'anon cannot update onboarding'
);
select throws_ok(
  $$ update public.job_settings set search_active = false $$,
  '42501', null,
  'anon cannot update job settings'
);

reset role;
select results_eq(
  $$ select roles_targeted, completed from public.onboarding where user_id = tests.get_supabase_uid('owner') $$,
  $$ values ('{Owner Role}'::text[], false) $$,
  'the onboarding is unchanged'
);
select results_eq(
  $$ select portals from public.job_settings where user_id = tests.get_supabase_uid('owner') $$,
  $$ values ('{naukri}'::text[]) $$,
  'the job settings are unchanged'
);

select * from finish();
rollback;
