-- public.notification_preferences: the owner saves and changes their own row (only the choice
-- columns, within their checks); a stranger neither sees nor changes it, nor saves one for
-- them; anon has no access; the row goes with the user.
begin;
select plan(14);

select tests.create_supabase_user('owner', 'owner@test.local');
select tests.create_supabase_user('stranger', 'stranger@test.local');
select tests.get_supabase_uid('owner') as owner_id \gset

-- The owner.
select tests.authenticate_as('owner');
select is_empty($$ select * from public.notification_preferences $$, 'nobody has saved preferences yet');
select lives_ok(
  $$ insert into public.notification_preferences (user_id, email_digest, in_app, product_updates)
     values (auth.uid(), 'daily', false, true) $$,
  'the owner saves their preferences'
);
select lives_ok(
  $$ update public.notification_preferences set email_digest = 'off', in_app = true, updated_at = now() where user_id = auth.uid() $$,
  'the owner changes them'
);
select results_eq(
  $$ select email_digest, in_app, product_updates from public.notification_preferences $$,
  $$ values ('off'::text, true, true) $$,
  'the owner reads their own row'
);
select throws_ok(
  $$ update public.notification_preferences set email_digest = 'hourly' where user_id = auth.uid() $$,
  '23514', null, 'an unknown digest is refused'
);
select throws_ok(
  $$ update public.notification_preferences set user_id = gen_random_uuid() where user_id = auth.uid() $$,
  '42501', null, 'the owner cannot move the row to another user (column grant)'
);
select throws_ok(
  $$ delete from public.notification_preferences where user_id = auth.uid() $$,
  '42501', null, 'the row is not deleted through a session'
);

-- A stranger.
reset role;
select tests.authenticate_as('stranger');
select is_empty($$ select * from public.notification_preferences $$, 'a stranger sees no one''s preferences');
select is_empty(
  format($$ update public.notification_preferences set in_app = false where user_id = %L returning 1 $$, :'owner_id'),
  'a stranger''s update touches no row'
);
select throws_ok(
  format($$ insert into public.notification_preferences (user_id, in_app) values (%L, false) $$, :'owner_id'),
  '42501', null, 'a stranger cannot save preferences for the owner'
);

-- Anon.
reset role;
select tests.clear_authentication();
select throws_ok($$ select * from public.notification_preferences $$, '42501', null, 'anon cannot read preferences');
select throws_ok(
  format($$ insert into public.notification_preferences (user_id, in_app) values (%L, false) $$, :'owner_id'),
  '42501', null, 'anon cannot write preferences'
);

reset role;
select results_eq(
  format($$ select in_app from public.notification_preferences where user_id = %L $$, :'owner_id'),
  $$ values (true) $$,
  'the owner''s preferences are unchanged'
);
delete from auth.users where id = :'owner_id';
select is_empty(
  format($$ select 1 from public.notification_preferences where user_id = %L $$, :'owner_id'),
  'the row goes with the user'
);

select * from finish();
rollback;
