-- Another signed-in user neither sees, creates nor changes someone else's onboarding or job
-- settings.
begin;
select plan(11);

select tests.create_supabase_user('owner', 'owner@test.local');
select tests.create_supabase_user('stranger', 'stranger@test.local');
insert into public.onboarding (user_id, roles_targeted, github_username)
  values (tests.get_supabase_uid('owner'), '{Owner Role}', 'owner-gh');
insert into public.job_settings (user_id, portals, roles) values (tests.get_supabase_uid('owner'), '{linkedin}', '{Owner Role}');

select tests.authenticate_as('stranger');

select is_empty($$ select * from public.onboarding $$, 'the stranger reads no onboarding row');
select is_empty($$ select * from public.job_settings $$, 'the stranger reads no job settings');
select is_empty(
  $$ update public.onboarding set roles_targeted = '{Hacked}', completed = true where user_id = tests.get_supabase_uid('owner') returning id $$,
  'the stranger''s update of the owner''s onboarding touches no row'
);
select is_empty(
  $$ update public.job_settings set search_active = false, portals = '{}' where user_id = tests.get_supabase_uid('owner') returning id $$,
  'the stranger''s update of the owner''s settings touches no row'
);
select throws_ok(
  format($$ insert into public.onboarding (user_id, roles_targeted) values (%L, '{Planted}') $$, tests.get_supabase_uid('owner')),
  '42501', null,
  'the stranger cannot create onboarding for the owner'
);
select throws_ok(
  format($$ insert into public.onboarding (user_id, roles_targeted) values (%L, '{Hacked}')
            on conflict (user_id) do update set roles_targeted = excluded.roles_targeted $$, tests.get_supabase_uid('owner')),
  '42501', null,
  'the stranger cannot upsert over the owner''s onboarding'
);
select throws_ok(
  format($$ insert into public.job_settings (user_id, portals) values (%L, '{indeed}')
            on conflict (user_id) do update set portals = excluded.portals $$, tests.get_supabase_uid('owner')),
  '42501', null,
  'the stranger cannot upsert over the owner''s settings'
);
select throws_ok(
  $$ delete from public.onboarding $$,
  '42501', null,
  'the stranger cannot delete onboarding rows'
);

reset role;
select results_eq(
  $$ select roles_targeted, github_username, completed from public.onboarding where user_id = tests.get_supabase_uid('owner') $$,
  $$ values ('{Owner Role}'::text[], 'owner-gh', false) $$,
  'the owner''s onboarding is unchanged'
);
select results_eq(
  $$ select portals, roles from public.job_settings where user_id = tests.get_supabase_uid('owner') $$,
  $$ values ('{linkedin}'::text[], '{Owner Role}'::text[]) $$,
  'the owner''s settings are unchanged'
);
select is(
  (select count(*)::int from public.onboarding where user_id = tests.get_supabase_uid('stranger')),
  0,
  'the stranger created nothing for themself along the way'
);

select * from finish();
rollback;
