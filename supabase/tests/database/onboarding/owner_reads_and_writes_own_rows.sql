-- A signed-in user creates, reads and updates their own onboarding and job settings; the owner,
-- id, completed_at and timestamps are not theirs to write, and rows are never deleted by users.
begin;
select plan(16);

select tests.create_supabase_user('owner', 'owner@test.local');
select tests.authenticate_as('owner');

-- onboarding --------------------------------------------------------------------------------
select lives_ok(
  $$ insert into public.onboarding (roles_targeted, min_target_lpa, preferred_locations) values ('{Backend Engineer}', 12.5, '{Pune}') $$,
  'the owner creates their onboarding row (user_id defaults to auth.uid())'
);
select results_eq(
  $$ select user_id, roles_targeted, min_target_lpa, preferred_locations, completed, completed_at, current_step from public.onboarding $$,
  $$ values (tests.get_supabase_uid('owner'), '{Backend Engineer}'::text[], 12.50::numeric, '{Pune}'::text[], false, null::timestamptz, 'profile') $$,
  'the owner reads exactly their row, with the defaults filled in'
);
select lives_ok(
  $$ insert into public.onboarding (roles_targeted, current_step) values ('{SRE}', 'career')
     on conflict (user_id) do update set roles_targeted = excluded.roles_targeted, current_step = excluded.current_step $$,
  'the owner upserts their row'
);
select results_eq(
  $$ select roles_targeted, current_step, min_target_lpa from public.onboarding where user_id = auth.uid() $$,
  $$ values ('{SRE}'::text[], 'career', 12.50::numeric) $$,
  'the upsert changed only the columns it set'
);
select throws_ok(
  $$ insert into public.onboarding (roles_targeted) values ('{Again}') $$,
  '23505', null,
  'one onboarding row per user'
);
select throws_ok(
  $$ update public.onboarding set completed_at = now() - interval '1 day' where user_id = auth.uid() $$,
  '42501', null,
  'the owner cannot write completed_at'
);
select throws_ok(
  $$ update public.onboarding set user_id = gen_random_uuid() where user_id = auth.uid() $$,
  '42501', null,
  'the owner cannot move the row to another user'
);
select throws_ok(
  $$ delete from public.onboarding where user_id = auth.uid() $$,
  '42501', null,
  'the owner cannot delete the row'
);

-- updated_at moves on every save (age the row first: now() is fixed inside this transaction)
reset role;
update public.onboarding set updated_at = now() - interval '1 hour' where user_id = tests.get_supabase_uid('owner');
select tests.authenticate_as('owner');
update public.onboarding set current_step = 'integrations' where user_id = auth.uid();
select is(
  (select updated_at from public.onboarding where user_id = auth.uid()),
  now(),
  'saving sets updated_at'
);

-- job_settings ------------------------------------------------------------------------------
select lives_ok(
  $$ insert into public.job_settings (portals, roles) values ('{linkedin}', '{SRE}') $$,
  'the owner creates their job settings'
);
select results_eq(
  $$ select user_id, search_active, auto_apply, portals, roles, locations, min_lpa, company_types from public.job_settings $$,
  $$ values (tests.get_supabase_uid('owner'), false, false, '{linkedin}'::text[], '{SRE}'::text[], '{}'::text[], null::numeric, '{}'::text[]) $$,
  'the owner reads exactly their settings, with the defaults filled in'
);
select lives_ok(
  $$ update public.job_settings set search_active = true, auto_apply = true, company_types = '{product,startup}', min_lpa = 20
     where user_id = auth.uid() $$,
  'the owner updates their settings'
);
select results_eq(
  $$ select search_active, auto_apply, company_types, min_lpa from public.job_settings where user_id = auth.uid() $$,
  $$ values (true, true, '{product,startup}'::text[], 20.00::numeric) $$,
  'the update is visible to the owner'
);
select throws_ok(
  $$ insert into public.job_settings (portals) values ('{naukri}') $$,
  '23505', null,
  'one job_settings row per user'
);
select throws_ok(
  $$ update public.job_settings set updated_at = now() - interval '1 year' where user_id = auth.uid() $$,
  '42501', null,
  'the owner cannot write updated_at'
);
select throws_ok(
  $$ delete from public.job_settings where user_id = auth.uid() $$,
  '42501', null,
  'the owner cannot delete their settings'
);

select * from finish();
rollback;
