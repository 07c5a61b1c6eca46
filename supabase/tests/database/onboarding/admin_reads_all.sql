-- An admin reads every user's onboarding and job settings; being admin grants no write on
-- anyone else's rows.
begin;
select plan(6);

select tests.create_supabase_user('admin', 'admin@test.local');
select tests.create_supabase_user('alice', 'alice@test.local');
select tests.create_supabase_user('bob', 'bob@test.local');
select tests.make_admin('admin');
insert into public.onboarding (user_id, roles_targeted)
  values (tests.get_supabase_uid('alice'), '{Alice Role}'), (tests.get_supabase_uid('bob'), '{Bob Role}');
insert into public.job_settings (user_id, portals)
  values (tests.get_supabase_uid('alice'), '{linkedin}'), (tests.get_supabase_uid('bob'), '{indeed}');
select count(*) as onboarding_count from public.onboarding \gset
select count(*) as job_settings_count from public.job_settings \gset

select tests.authenticate_as('admin');
select set_eq(
  $$ select user_id, roles_targeted from public.onboarding where user_id in (tests.get_supabase_uid('alice'), tests.get_supabase_uid('bob')) $$,
  $$ values (tests.get_supabase_uid('alice'), '{Alice Role}'::text[]), (tests.get_supabase_uid('bob'), '{Bob Role}'::text[]) $$,
  'the admin reads every user''s onboarding'
);
select is((select count(*)::int from public.onboarding), :onboarding_count, 'an unfiltered select returns every onboarding row');
select is((select count(*)::int from public.job_settings), :job_settings_count, 'an unfiltered select returns every job settings row');
select is_empty(
  $$ update public.onboarding set roles_targeted = '{By Admin}' where user_id = tests.get_supabase_uid('alice') returning id $$,
  'the admin cannot change another user''s onboarding'
);
select is_empty(
  $$ update public.job_settings set portals = '{naukri}' where user_id = tests.get_supabase_uid('bob') returning id $$,
  'the admin cannot change another user''s job settings'
);

reset role;
select results_eq(
  $$ select (select roles_targeted from public.onboarding where user_id = tests.get_supabase_uid('alice')),
            (select portals from public.job_settings where user_id = tests.get_supabase_uid('bob')) $$,
  $$ values ('{Alice Role}'::text[], '{indeed}'::text[]) $$,
  'both rows are unchanged'
);

select * from finish();
rollback;
