-- The email outbox is the runner's alone: no session reads or writes it, not even its owner's.
-- Per-type email choices are the owner's: they read and change their own rows; a stranger and
-- anon see and change nothing; the unsubscribe function and the runner's steps are service-only.
begin;
select plan(9);

select tests.create_supabase_user('owner', 'owner@test.local');
select tests.create_supabase_user('stranger', 'stranger@test.local');
select private.unsubscribe_email(tests.get_supabase_uid('owner'), 'integrations.token.rejected');
insert into public.notification_deliveries (notification_id, channel, user_id, notification_type, title, message_id)
values (gen_random_uuid(), 'email', tests.get_supabase_uid('owner'), 'integrations.token.rejected', 'T', '<x@test>');

select tests.authenticate_as('owner');
select throws_ok($$ select 1 from public.notification_deliveries $$, '42501', null,
  'the owner cannot read the outbox (no grant to sessions at all)');
select results_eq($$ select notification_type, enabled from public.notification_channel_preferences $$,
  $$ values ('integrations.token.rejected'::text, false) $$, 'the owner reads their email choices');
select lives_ok($$ update public.notification_channel_preferences set enabled = true $$, 'and turns a type back on');
select throws_ok($$ select private.unsubscribe_email(auth.uid(), 'x.y') $$, '42501', null,
  'a session cannot call the unsubscribe function');
select throws_ok($$ select * from private.notification_email_begin(gen_random_uuid()) $$, '42501', null,
  'nor the runner''s steps');

select tests.authenticate_as('stranger');
select is_empty($$ select 1 from public.notification_channel_preferences $$, 'a stranger sees no one''s choices');
select throws_ok(
  format($$ insert into public.notification_channel_preferences (user_id, notification_type, channel, enabled)
            values (%L, 'integrations.token.rejected', 'email', false) $$, tests.get_supabase_uid('owner')),
  '42501', null, 'nor writes them for the owner');

select tests.clear_authentication();
select throws_ok($$ select 1 from public.notification_channel_preferences $$, '42501', null, 'anon cannot read choices');
select throws_ok($$ select 1 from public.notification_deliveries $$, '42501', null, 'anon cannot read the outbox');

select * from finish();
rollback;
