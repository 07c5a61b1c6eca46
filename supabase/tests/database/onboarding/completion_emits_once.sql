-- Completing onboarding emits user.onboarding.completed exactly once per user — on the first
-- save with completed = true — into public.event_log and every routed pgmq queue, in the same
-- transaction as the save. completed_at records that first completion and never changes.
begin;
select plan(13);

select tests.create_supabase_user('finisher', 'finisher@test.local');
select tests.create_supabase_user('direct', 'direct@test.local');
select tests.create_supabase_user('undone', 'undone@test.local');

-- The messages for a user in a queue (pgmq stores queue <name> in pgmq.q_<name>).
create function pg_temp.queued(queue_name text, user_id uuid)
returns integer
language plpgsql
as $$
declare
  n integer;
begin
  execute format('select count(*)::int from pgmq.%I where message -> ''payload'' ->> ''user_id'' = $1', 'q_' || queue_name)
    into n using user_id::text;
  return n;
end;
$$;

create function pg_temp.completions(user_id uuid)
returns integer
language sql
as $$
  select count(*)::int from public.event_log
  where event_type = 'user.onboarding.completed' and payload ->> 'user_id' = user_id::text;
$$;

select isnt_empty(
  $$ select 1 from private.event_routes where event_type = 'user.onboarding.completed' $$,
  'user.onboarding.completed is routed to at least one queue'
);

-- finisher: saves the wizard, then completes it twice
select tests.authenticate_as('finisher');
insert into public.onboarding (roles_targeted, current_step) values ('{SDE}', 'review');
reset role;
select is(pg_temp.completions(tests.get_supabase_uid('finisher')), 0, 'no event before completion');

select tests.authenticate_as('finisher');
update public.onboarding set completed = true where user_id = auth.uid();
select completed_at as first_completed_at from public.onboarding where user_id = auth.uid() \gset
update public.onboarding set completed = true, roles_targeted = '{SDE,SRE}' where user_id = auth.uid();
insert into public.onboarding (completed) values (true)
  on conflict (user_id) do update set completed = excluded.completed;

select throws_ok(
  $$ update public.onboarding set completed_at = null where user_id = auth.uid() $$,
  '42501', null,
  'the user cannot reset completed_at to complete again'
);

reset role;
select is(pg_temp.completions(tests.get_supabase_uid('finisher')), 1, 'three completed saves, one event');
select results_eq(
  $$ select payload, actor from public.event_log
     where event_type = 'user.onboarding.completed' and payload ->> 'user_id' = tests.get_supabase_uid('finisher')::text $$,
  format($$ values (jsonb_build_object('user_id', %L::uuid, 'completed_at', %L::timestamptz), %L::uuid) $$,
    tests.get_supabase_uid('finisher'), :'first_completed_at', tests.get_supabase_uid('finisher')),
  'the event carries user_id and completed_at, and the user as actor'
);
select is(
  (select count(*)::int from private.event_routes r
   where r.event_type = 'user.onboarding.completed' and pg_temp.queued(r.queue_name, tests.get_supabase_uid('finisher')) <> 1),
  0,
  'every routed queue holds exactly one message for the user'
);

-- direct: completes on the very first insert
select tests.authenticate_as('direct');
insert into public.onboarding (roles_targeted, completed) values ('{QA}', true);
select isnt((select completed_at from public.onboarding where user_id = auth.uid()), null, 'a completing insert sets completed_at');
reset role;
select is(pg_temp.completions(tests.get_supabase_uid('direct')), 1, 'a completing insert emits once');

-- undone: completes, un-completes, completes again
select tests.authenticate_as('undone');
insert into public.onboarding (completed) values (true);
select completed_at as undone_completed_at from public.onboarding where user_id = auth.uid() \gset
update public.onboarding set completed = false where user_id = auth.uid();
select is(
  (select completed_at from public.onboarding where user_id = auth.uid()),
  :'undone_completed_at'::timestamptz,
  'setting completed back to false keeps the first completion time'
);
update public.onboarding set completed = true where user_id = auth.uid();
reset role;
select is(pg_temp.completions(tests.get_supabase_uid('undone')), 1, 're-completing after an undo does not emit again');

-- a completion that is rolled back emits nothing
select tests.create_supabase_user('rollback', 'rollback@test.local');
select tests.authenticate_as('rollback');
insert into public.onboarding default values;
savepoint before_completion;
update public.onboarding set completed = true where user_id = auth.uid();
rollback to savepoint before_completion;
reset role;
select is(pg_temp.completions(tests.get_supabase_uid('rollback')), 0, 'a rolled-back completion leaves no event');
select is(
  (select count(*)::int from private.event_routes r
   where r.event_type = 'user.onboarding.completed' and pg_temp.queued(r.queue_name, tests.get_supabase_uid('rollback')) <> 0),
  0,
  'and no queue message'
);
select is(
  (select completed from public.onboarding where user_id = tests.get_supabase_uid('rollback')),
  false,
  'the row is as before'
);

select * from finish();
rollback;
