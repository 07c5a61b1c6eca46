-- An admin reads every user's notifications; being admin does not let them mark anyone else's.
begin;
select plan(3);

select tests.create_supabase_user('admin', 'admin@test.local');
select tests.create_supabase_user('alice', 'alice@test.local');
select tests.create_supabase_user('bob', 'bob@test.local');
select tests.make_admin('admin');
insert into public.notifications (user_id, type, title)
values (tests.get_supabase_uid('alice'), 'repo.detected', 'For Alice'),
       (tests.get_supabase_uid('bob'), 'repo.detected', 'For Bob');

select tests.authenticate_as('admin');
select set_eq(
  $$ select user_id, title from public.notifications
     where user_id in (tests.get_supabase_uid('alice'), tests.get_supabase_uid('bob')) $$,
  $$ values (tests.get_supabase_uid('alice'), 'For Alice'::text), (tests.get_supabase_uid('bob'), 'For Bob'::text) $$,
  'the admin reads every user''s notifications'
);
select is_empty(
  $$ update public.notifications set read = true where user_id = tests.get_supabase_uid('alice') returning id $$,
  'the admin cannot mark another user''s notification read'
);

reset role;
select is(
  (select count(*)::int from public.notifications
   where user_id in (tests.get_supabase_uid('alice'), tests.get_supabase_uid('bob')) and read),
  0,
  'both notifications are still unread'
);

select * from finish();
rollback;
