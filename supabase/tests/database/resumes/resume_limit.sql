-- At most platform_settings.resume_limit resumes per user (default 10, range 5..10); admins set it.
begin;
select plan(8);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('other');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');

select is(private.resume_limit(), 10, 'the default limit is 10');

select tests.authenticate_as('owner');
insert into public.resumes (name, role_type) select 'R' || g, 'Engineer' from generate_series(1, 10) g;
select is((select count(*)::int from public.resumes where user_id = auth.uid()), 10, 'ten resumes fit');
select throws_ok($$ insert into public.resumes (name, role_type) values ('Eleventh', 'Engineer') $$,
  'PT409', 'You have 10 of 10 resumes, the most you can keep. Delete one to make room.', 'the eleventh is refused');
update public.platform_settings set value = '5' where key = 'resume_limit';
select is((select value from public.platform_settings where key = 'resume_limit'), '10'::jsonb,
  'a user cannot change the limit (no row updated)');

select tests.authenticate_as('boss');
select throws_ok($$ update public.platform_settings set value = '11' where key = 'resume_limit' $$,
  '23514', null, 'the limit cannot exceed 10');
select throws_ok($$ update public.platform_settings set value = '4' where key = 'resume_limit' $$,
  '23514', null, 'nor go below 5');
update public.platform_settings set value = '5' where key = 'resume_limit';

select tests.authenticate_as('other');
insert into public.resumes (name, role_type) select 'R' || g, 'Engineer' from generate_series(1, 5) g;
select throws_ok($$ insert into public.resumes (name, role_type) values ('Sixth', 'Engineer') $$,
  'PT409', null, 'an admin-lowered limit of 5 holds for the next user');
delete from public.resumes where name = 'R1';
insert into public.resumes (name, role_type) values ('Sixth', 'Engineer');
select is((select count(*)::int from public.resumes where user_id = auth.uid()), 5, 'deleting one makes room');

select * from finish();
rollback;
