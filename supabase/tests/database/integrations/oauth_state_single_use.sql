-- OAuth state nonces: bound to the user, single use, expiring after 10 minutes.
begin;
select plan(8);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('intruder');
select tests.authenticate_as('owner');

create temp table issued as select * from private.create_oauth_state('github', '/onboarding?step=3');
grant select on issued to authenticated;
select ok(
  (select expires_at between now() + interval '9 minutes' and now() + interval '11 minutes' from issued),
  'a state expires 10 minutes after it was issued'
);

select tests.authenticate_as('intruder');
select throws_ok(
  $$ select private.consume_oauth_state((select nonce from issued), 'github') $$,
  'PT400', null,
  'another user cannot consume it'
);

select tests.authenticate_as('owner');
select throws_ok(
  $$ select private.consume_oauth_state((select nonce from issued), 'gemini') $$,
  'PT400', null,
  'it is only valid for the provider it was issued for'
);
select is(
  private.consume_oauth_state((select nonce from issued), 'github'),
  '/onboarding?step=3',
  'the owner consumes it once and gets the page to return to'
);
select throws_ok(
  $$ select private.consume_oauth_state((select nonce from issued), 'github') $$,
  'PT400', null,
  'a second use is refused'
);

reset role;
insert into private.oauth_states (nonce, user_id, provider, redirect_to, created_at, expires_at)
values ('00000000-0000-4000-8000-00000000e001', tests.get_supabase_uid('owner'), 'github', '/settings',
        now() - interval '11 minutes', now() - interval '1 minute');
select tests.authenticate_as('owner');
select throws_ok(
  $$ select private.consume_oauth_state('00000000-0000-4000-8000-00000000e001', 'github') $$,
  'PT400', null,
  'an expired state is refused'
);
select throws_ok(
  $$ select * from private.oauth_states $$,
  '42501', null,
  'users cannot read the nonce table'
);
select throws_ok(
  $$ select * from private.create_oauth_state('github', 'https://evil.example/') $$,
  '23514', null,
  'redirect_to must be a path'
);

select * from finish();
rollback;
