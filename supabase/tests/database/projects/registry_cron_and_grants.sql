-- The migration registers the stack's events, routes and runner consumers, the daily re-sync
-- job, and keeps every function behind the right grant.
begin;
select plan(12);

select is(
  (select array_agg(event_type order by event_type) from private.event_types
   where event_type in ('repo.detected', 'repo.updated', 'projects.synced', 'projects.sync.requested',
                        'project_video.uploaded', 'project_video.processed', 'integrations.token.rejected')),
  array['integrations.token.rejected', 'project_video.processed', 'project_video.uploaded', 'projects.sync.requested',
        'projects.synced', 'repo.detected', 'repo.updated'],
  'the seven event types are registered'
);
select is(
  (select payload_schema::jsonb from private.event_types where event_type = 'repo.detected'),
  '{"required": {"user_id": "uuid", "repo_id": "uuid", "provider_repo_id": "integer", "name": "string",
                 "full_name": "string", "html_url": "string"}, "optional": {"initial_import": "boolean"}}'::jsonb,
  'repo.detected has the contract''s payload'
);
select ok(
  exists (select 1 from private.event_routes where event_type = 'projects.sync.requested' and queue_name = 'projects_sync')
  and exists (select 1 from private.event_routes where event_type = 'integrations.github.connected' and queue_name = 'projects_sync')
  and exists (select 1 from private.event_routes where event_type = 'project_video.uploaded' and queue_name = 'project_videos'),
  'routes: sync requests and github.connected → projects_sync; uploads → project_videos'
);
select results_eq(
  $$ select queue_name, kind, max_attempts, visibility_timeout_s, enabled from private.event_consumers
     where queue_name in ('projects_sync', 'project_videos') order by 1 $$,
  $$ values ('project_videos'::text, 'runner'::text, 3, 300, true), ('projects_sync', 'runner', 6, 120, true) $$,
  'both runner consumers are enabled with their settings'
);
select is((select batch_size from private.event_consumers where queue_name = 'project_videos'), 1,
  'videos are handled one at a time');
select results_eq(
  $$ select schedule, command from cron.job where jobname = 'projects-daily-resync' $$,
  $$ values ('23 2 * * *'::text, 'select private.request_daily_project_sync()'::text) $$,
  'pg_cron re-syncs daily'
);

-- request_daily_project_sync: one request per user with GitHub connected.
select tests.create_supabase_user('connected');
select tests.create_supabase_user('rejected');
select tests.create_supabase_user('never');
insert into public.user_integrations (user_id, provider, status, connected_at) values
  (tests.get_supabase_uid('connected'), 'github', 'connected', now()),
  (tests.get_supabase_uid('rejected'), 'github', 'needs_reconnect', now()),
  (tests.get_supabase_uid('never'), 'gemini', 'connected', now());
select cmp_ok(private.request_daily_project_sync(), '>=', 1, 'the job runs');
select results_eq(
  $$ select payload ->> 'user_id', payload ->> 'trigger' from public.event_log where event_type = 'projects.sync.requested'
     and payload ->> 'user_id' in (tests.get_supabase_uid('connected')::text, tests.get_supabase_uid('rejected')::text,
                                   tests.get_supabase_uid('never')::text) $$,
  $$ values (tests.get_supabase_uid('connected')::text, 'daily'::text) $$,
  'only users with GitHub connected get a sync request'
);

select ok(
  not has_function_privilege('authenticated', 'private.video_finish(uuid, text, numeric, text, text, text)', 'execute')
  and not has_function_privilege('authenticated', 'private.video_begin_processing(uuid)', 'execute')
  and has_function_privilege('service_role', 'private.video_finish(uuid, text, numeric, text, text, text)', 'execute')
  and has_function_privilege('service_role', 'private.video_begin_processing(uuid)', 'execute'),
  'the runner''s functions are service_role only'
);
select ok(
  not has_function_privilege('authenticated', 'private.request_daily_project_sync()', 'execute')
  and not has_function_privilege('service_role', 'private.request_daily_project_sync()', 'execute')
  and not has_function_privilege('authenticated', 'private.mark_token_rejected(uuid, public.integration_provider)', 'execute')
  and has_function_privilege('service_role', 'private.mark_token_rejected(uuid, public.integration_provider)', 'execute'),
  'the schedule stays with the owner; mark_token_rejected stays service-only after its replacement'
);
select is(
  (select array_agg(p.proname::text order by 1) from pg_proc p
   where p.pronamespace = 'private'::regnamespace
     and p.proname in ('record_repository_sync', 'set_repository_description', 'create_project_video',
                       'project_video_object_created', 'video_begin_processing', 'video_finish',
                       'request_daily_project_sync', 'mark_token_rejected', 'language_names')
     and (obj_description(p.oid, 'pg_proc') is null or not ('search_path=""' = any(p.proconfig)))),
  null,
  'every function of the stack has a comment and an empty search_path'
);
select ok(
  (select relrowsecurity from pg_class where oid = 'public.repositories'::regclass)
  and (select relrowsecurity from pg_class where oid = 'public.project_videos'::regclass)
  and (select relrowsecurity from pg_class where oid = 'public.repository_syncs'::regclass),
  'RLS is on for all three tables'
);

select * from finish();
rollback;
