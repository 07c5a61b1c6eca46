-- Deleting the auth user removes their notifications; other users' stay.
begin;
select plan(3);

select tests.create_supabase_user('leaver');
select tests.create_supabase_user('stayer');
select fk_ok('public', 'notifications', 'user_id', 'auth', 'users', 'id');

insert into public.notifications (user_id, type, title)
select id, 'repo.detected', 'Hello' from auth.users
where id in (tests.get_supabase_uid('leaver'), tests.get_supabase_uid('stayer'));

create temp table leaver as select tests.get_supabase_uid('leaver') as id;
delete from auth.users where id = (select id from leaver);

select is((select count(*)::int from public.notifications where user_id = (select id from leaver)), 0,
  'the leaver''s notifications are gone');
select is((select count(*)::int from public.notifications where user_id = tests.get_supabase_uid('stayer')), 1,
  'the other user''s notification stays');

select * from finish();
rollback;
