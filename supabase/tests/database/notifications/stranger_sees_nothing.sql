-- Another signed-in user neither sees nor marks someone else's notifications.
begin;
select plan(4);

select tests.create_supabase_user('owner', 'owner@test.local');
select tests.create_supabase_user('stranger', 'stranger@test.local');
insert into public.notifications (user_id, type, title)
values (tests.get_supabase_uid('owner'), 'repo.detected', 'New repository detected: secret-project');

select tests.authenticate_as('stranger');
select is_empty($$ select * from public.notifications $$, 'the stranger reads no notification');
select is_empty(
  $$ update public.notifications set read = true where user_id = tests.get_supabase_uid('owner') returning id $$,
  'the stranger''s mark-read touches no row'
);
select is_empty(
  $$ update public.notifications set read = true returning id $$,
  'an unfiltered mark-all touches no row of another user'
);

reset role;
select results_eq(
  $$ select read, read_at from public.notifications where user_id = tests.get_supabase_uid('owner') $$,
  $$ values (false, null::timestamptz) $$,
  'the owner''s notification is still unread'
);

select * from finish();
rollback;
