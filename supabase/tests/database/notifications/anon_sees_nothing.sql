-- A caller without a session can neither read nor change notifications.
begin;
select plan(3);

select tests.create_supabase_user('owner', 'owner@test.local');
insert into public.notifications (user_id, type, title)
values (tests.get_supabase_uid('owner'), 'repo.detected', 'New repository detected: dotfiles');

select tests.clear_authentication();
select throws_ok($$ select * from public.notifications $$, '42501', null, 'anon cannot read notifications');
select throws_ok($$ update public.notifications set read = true $$, '42501', null, 'anon cannot mark notifications');

reset role;
select is(
  (select read from public.notifications where user_id = tests.get_supabase_uid('owner')),
  false,
  'the notification is unchanged'
);

select * from finish();
rollback;
