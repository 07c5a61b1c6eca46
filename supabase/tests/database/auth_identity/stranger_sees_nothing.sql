-- Another signed-in user neither sees nor changes someone else's profile.
begin;
select plan(5);

select tests.create_supabase_user('owner', 'owner@test.local', '{"display_name": "Owner"}');
select tests.create_supabase_user('stranger', 'stranger@test.local');

select tests.authenticate_as('stranger');

select is_empty(
  $$ select * from public.profiles where id = tests.get_supabase_uid('owner') $$,
  'the stranger cannot read the owner''s profile'
);
select results_eq(
  $$ select id from public.profiles $$,
  $$ values (tests.get_supabase_uid('stranger')) $$,
  'an unfiltered select returns only the stranger''s own row'
);
select is_empty(
  $$ update public.profiles set display_name = 'Hacked' where id = tests.get_supabase_uid('owner') returning id $$,
  'the stranger''s update of the owner''s profile touches no row'
);

select is_empty(
  $$ update public.profiles set linkedin_url = 'https://www.linkedin.com/in/hacked' where id = tests.get_supabase_uid('owner') returning id $$,
  'the stranger cannot set the owner''s LinkedIn URL'
);

reset role;
select is(
  (select display_name from public.profiles where id = tests.get_supabase_uid('owner')),
  'Owner',
  'the owner''s profile is unchanged'
);

select * from finish();
rollback;
