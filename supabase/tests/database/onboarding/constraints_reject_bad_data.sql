-- The tables' checks refuse what the API refuses (23514), even for a direct write: lists of at
-- most 10 trimmed, non-empty, case-insensitively unique entries of at most 80 characters; LPA
-- 0..1000; GitHub's login rule; known wizard steps, portals and company types; no active search
-- without a portal and a role.
begin;
select plan(25);

select tests.create_supabase_user('owner', 'owner@test.local');
select tests.authenticate_as('owner');
insert into public.onboarding default values;
insert into public.job_settings default values;

-- onboarding
select throws_ok($$ update public.onboarding set roles_targeted = array(select 'Role ' || g from generate_series(1, 11) g) $$,
  '23514', null, 'at most 10 roles');
select throws_ok($$ update public.onboarding set roles_targeted = array[repeat('x', 81)] $$,
  '23514', null, 'a role has at most 80 characters');
select throws_ok($$ update public.onboarding set roles_targeted = '{" Backend"}' $$,
  '23514', null, 'roles are trimmed');
select throws_ok($$ update public.onboarding set roles_targeted = '{""}' $$,
  '23514', null, 'no empty role');
select throws_ok($$ update public.onboarding set roles_targeted = '{SRE,sre}' $$,
  '23514', null, 'no duplicate roles ignoring case');
select throws_ok($$ update public.onboarding set roles_targeted = array[null::text] $$,
  '23514', null, 'no null role');
select throws_ok($$ update public.onboarding set roles_targeted = null $$,
  '23502', null, 'roles_targeted is never null (empty list instead)');
select throws_ok($$ update public.onboarding set preferred_locations = '{Pune,PUNE}' $$,
  '23514', null, 'no duplicate locations ignoring case');
select throws_ok($$ update public.onboarding set min_target_lpa = -0.01 $$,
  '23514', null, 'min_target_lpa is not negative');
select throws_ok($$ update public.onboarding set min_target_lpa = 1000.01 $$,
  '23514', null, 'min_target_lpa is at most 1000');
select throws_ok($$ update public.onboarding set github_username = '-asha' $$,
  '23514', null, 'a GitHub login does not start with a hyphen');
select throws_ok($$ update public.onboarding set github_username = repeat('a', 40) $$,
  '23514', null, 'a GitHub login has at most 39 characters');
select throws_ok($$ update public.onboarding set github_username = 'asha_rao' $$,
  '23514', null, 'a GitHub login has only letters, digits and hyphens');
select throws_ok($$ update public.onboarding set current_step = 'done' $$,
  '23514', null, 'current_step is a known wizard step');
select lives_ok(
  $$ update public.onboarding set roles_targeted = array(select 'Role ' || g from generate_series(1, 10) g),
       preferred_locations = array[repeat('x', 80)], min_target_lpa = 1000, github_username = 'a-1', current_step = 'review' $$,
  'values at the limits are accepted'
);

-- job_settings
select throws_ok($$ update public.job_settings set portals = '{monster}' $$,
  '23514', null, 'portals are linkedin, naukri or indeed');
select throws_ok($$ update public.job_settings set portals = '{linkedin,linkedin}' $$,
  '23514', null, 'a portal appears once');
select throws_ok($$ update public.job_settings set company_types = '{ngo}' $$,
  '23514', null, 'company types come from the documented list');
select throws_ok($$ update public.job_settings set roles = '{SRE,Sre}' $$,
  '23514', null, 'no duplicate role filters ignoring case');
select throws_ok($$ update public.job_settings set locations = array[repeat('y', 81)] $$,
  '23514', null, 'a location filter has at most 80 characters');
select throws_ok($$ update public.job_settings set min_lpa = -1 $$,
  '23514', null, 'min_lpa is not negative');
select throws_ok($$ update public.job_settings set min_lpa = 1001 $$,
  '23514', null, 'min_lpa is at most 1000');
select throws_ok($$ update public.job_settings set search_active = true, roles = '{SRE}' $$,
  '23514', null, 'an active search needs a portal');
select throws_ok($$ update public.job_settings set search_active = true, portals = '{indeed}' $$,
  '23514', null, 'an active search needs a role');
select lives_ok(
  $$ update public.job_settings set search_active = true, portals = '{linkedin,naukri,indeed}', roles = '{SRE}',
       company_types = '{product,service,startup,mnc,government,consulting,non_profit}', min_lpa = 0 $$,
  'every portal and company type together is accepted'
);

select * from finish();
rollback;
