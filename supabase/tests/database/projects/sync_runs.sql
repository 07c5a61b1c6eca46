-- Sync runs: a user's request queues one run and one projects.sync.requested event (a second
-- request joins it); only the runner (service_role) moves it on; strangers and anon see nothing.
begin;
select plan(14);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('stranger');

select tests.authenticate_as('owner');
select set_config('test.run', (select id::text from private.request_project_sync()), true);
select is((select id::text from private.request_project_sync()), current_setting('test.run'),
  'a second request joins the queued run');
select results_eq(
  $$ select trigger, status from public.project_sync_runs $$,
  $$ values ('manual'::text, 'queued'::text) $$, 'the owner reads the queued manual run'
);
select throws_ok($$ update public.project_sync_runs set status = 'succeeded' $$, '42501', null,
  'the owner cannot change a run directly');
select throws_ok(
  $$ select private.finish_project_sync_run(current_setting('test.run')::uuid, null, 'succeeded', '{}') $$,
  '42501', null, 'nor finish it'
);

reset role;
select results_eq(
  $$ select payload from public.event_log where event_type = 'projects.sync.requested'
       and payload ->> 'user_id' = tests.get_supabase_uid('owner')::text $$,
  $$ values (jsonb_build_object('user_id', tests.get_supabase_uid('owner'), 'trigger', 'manual',
                                'run_id', current_setting('test.run')::uuid)) $$,
  'one projects.sync.requested event names the run'
);

select tests.authenticate_as('stranger');
select is_empty($$ select * from public.project_sync_runs $$, 'a stranger sees no run');
select tests.clear_authentication();
select throws_ok($$ select * from public.project_sync_runs $$, '42501', null, 'anon cannot read runs');
select throws_ok($$ select private.request_project_sync() $$, '42501', null, 'nor request a sync');

-- The runner: begin, then finish; a finished run is not begun or changed again.
select tests.authenticate_as_service_role();
select is(
  private.begin_project_sync_run(tests.get_supabase_uid('owner'), 'manual', current_setting('test.run')::uuid, 1)::text,
  current_setting('test.run'), 'the runner begins the named run'
);
select is(
  private.begin_project_sync_run(tests.get_supabase_uid('stranger'), 'manual', current_setting('test.run')::uuid, 1),
  null, 'not as another user'
);
select lives_ok(
  $$ select private.finish_project_sync_run(current_setting('test.run')::uuid, null, 'succeeded',
       '{"synced_count": 3, "detected_count": 2, "updated_count": 1}') $$,
  'the runner records the outcome'
);
select is(
  private.begin_project_sync_run(tests.get_supabase_uid('owner'), 'manual', current_setting('test.run')::uuid, 1),
  null, 'a finished run is not begun again (a redelivery skips)'
);
reset role;
select results_eq(
  $$ select status, synced_count, detected_count, updated_count, finished_at is not null
       from public.project_sync_runs where id = current_setting('test.run')::uuid $$,
  $$ values ('succeeded'::text, 3, 2, 1, true) $$, 'succeeded with its counts'
);

-- A background run is keyed by its event: a redelivery continues the same run.
select tests.authenticate_as_service_role();
select is(
  private.begin_project_sync_run(tests.get_supabase_uid('owner'), 'daily', null, 987654),
  private.begin_project_sync_run(tests.get_supabase_uid('owner'), 'daily', null, 987654),
  'one run per event'
);

select * from finish();
rollback;
