-- Deleting the auth user removes their onboarding and job settings; other users' rows stay.
begin;
select plan(4);

select tests.create_supabase_user('leaver', 'leaver@test.local');
select tests.create_supabase_user('stayer', 'stayer@test.local');
insert into public.onboarding (user_id) values (tests.get_supabase_uid('leaver')), (tests.get_supabase_uid('stayer'));
insert into public.job_settings (user_id) values (tests.get_supabase_uid('leaver')), (tests.get_supabase_uid('stayer'));

select fk_ok('public', 'onboarding', 'user_id', 'auth', 'users', 'id');
select fk_ok('public', 'job_settings', 'user_id', 'auth', 'users', 'id');

-- capture the ids before the auth rows (and their test_identifier) disappear
create temp table leaver as select tests.get_supabase_uid('leaver') as id, tests.get_supabase_uid('stayer') as stayer;
delete from auth.users where id = (select id from leaver);

select results_eq(
  $$ select user_id from public.onboarding where user_id in ((select id from leaver), (select stayer from leaver)) $$,
  $$ select stayer from leaver $$,
  'the leaver''s onboarding is gone; the other user''s stays'
);
select results_eq(
  $$ select user_id from public.job_settings where user_id in ((select id from leaver), (select stayer from leaver)) $$,
  $$ select stayer from leaver $$,
  'the leaver''s job settings are gone; the other user''s stay'
);

select * from finish();
rollback;
