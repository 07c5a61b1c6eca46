-- Today's usage and the effective cap are readable by the user they belong to (the usage route
-- calls them in the user's transaction), by admins and by the service paths — never by another
-- user asking about someone else.
begin;
select plan(5);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('stranger');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');

select tests.authenticate_as('owner');
select is(private.apply_used_today(auth.uid(), 'linkedin'), 0, 'the owner reads their own usage');
select tests.authenticate_as('stranger');
select throws_ok(format($$ select private.apply_used_today('%s', 'linkedin') $$, tests.get_supabase_uid('owner')),
  '42501', null, 'a stranger cannot read another user''s usage');
select throws_ok(format($$ select private.apply_daily_cap('%s', 'linkedin') $$, tests.get_supabase_uid('owner')),
  '42501', null, 'nor their caps');
select tests.authenticate_as('boss');
select is(private.apply_daily_cap(tests.get_supabase_uid('owner'), 'linkedin'), 25, 'an admin may');
select tests.authenticate_as_service_role();
select is(private.apply_used_today(tests.get_supabase_uid('owner'), 'naukri'), 0, 'and the service paths');

select * from finish();
rollback;
