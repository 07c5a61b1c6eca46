-- Broadcasts: admins only; one notification per recipient; a retry with the same id writes
-- nothing new; the same id with other content is 409; unknown users 404 with nothing written;
-- users with in-app notifications off are skipped; audited in the same transaction.
begin;
select plan(10);

select tests.create_supabase_user('boss');
select tests.create_supabase_user('u1');
select tests.create_supabase_user('u2');
select tests.create_supabase_user('quiet');
select tests.make_admin('boss');
insert into public.notification_preferences (user_id, in_app) values (tests.get_supabase_uid('quiet'), false);
select set_config('test.ids', array[tests.get_supabase_uid('u1'), tests.get_supabase_uid('u2'), tests.get_supabase_uid('quiet'), tests.get_supabase_uid('u1')]::text, true);

select tests.authenticate_as('u1');
select throws_ok($$ select private.admin_broadcast(gen_random_uuid(), 'Hi', null, null, null) $$, '42501', null, 'a user cannot broadcast');
reset role;

select tests.authenticate_as('boss');
select is((private.admin_broadcast('00000000-0000-4000-8000-00000000b001', 'Maintenance tonight', 'From 22:00 IST.', '/notifications',
           current_setting('test.ids')::uuid[])).recipients, 2, 'u1 and u2 are told; quiet (in-app off) is skipped; duplicates collapse');
select is((private.admin_broadcast('00000000-0000-4000-8000-00000000b001', 'Maintenance tonight', 'From 22:00 IST.', '/notifications',
           current_setting('test.ids')::uuid[])).recipients, 2, 'a retry returns the same broadcast');
select throws_ok($$ select private.admin_broadcast('00000000-0000-4000-8000-00000000b001', 'Something else', null, null, null) $$, 'PT409', null,
  'the same id with other content is 409');
select throws_ok($$ select private.admin_broadcast(gen_random_uuid(), 'Hi', null, null, array[gen_random_uuid()]) $$, 'PT404', null,
  'unknown users are 404');
select throws_ok($$ select private.admin_broadcast(gen_random_uuid(), 'Hi', null, 'https://evil.example', null) $$, '23514', null,
  'a link to another site is refused');
reset role;

select results_eq(
  $$ select user_id, title, body, link_url from public.notifications where type = 'admin.broadcast' and payload_json ->> 'broadcast_id' = '00000000-0000-4000-8000-00000000b001' order by user_id $$,
  $$ select id, 'Maintenance tonight'::text, 'From 22:00 IST.'::text, '/notifications'::text from auth.users
      where id in (tests.get_supabase_uid('u1'), tests.get_supabase_uid('u2')) order by id $$,
  'exactly one notification per recipient, even after the retry');
select is((select count(*)::int from public.admin_audit_log where target_id = '00000000-0000-4000-8000-00000000b001'), 1, 'audited once');
select is((select details ->> 'recipients' from public.admin_audit_log where target_id = '00000000-0000-4000-8000-00000000b001'), '2', 'with the count');

select tests.authenticate_as('u1');
select is_empty($$ select * from public.admin_broadcasts $$, 'users do not read broadcasts');
reset role;

select * from finish();
rollback;
