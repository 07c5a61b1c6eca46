-- =============================================================================================
-- GitHub Projects: repository sync runs. The sync runs one way — the runner crawls GitHub and
-- writes through SQL — instead of being relayed runner → Edge Function → GitHub:
--
--   POST /v1/projects/sync (function, asUser)  private.request_project_sync(): a queued run (or
--                                              the user's active one) + projects.sync.requested
--                                              {user_id, trigger: manual, run_id}; answers 202
--   runner, queue projects_sync               private.begin_project_sync_run → GitHub (Octokit,
--                                              the user's token) → private.record_repository_sync
--                                              as the user (RLS) → private.finish_project_sync_run,
--                                              in the transaction that archives the message
--   GET /v1/projects/sync-runs/{id|latest}    the run as the user sees it (RLS: own rows)
--
-- Background syncs (integrations.github.connected, the daily schedule) get a run too, keyed by
-- the event id, so a redelivered message continues its run instead of starting another.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.project_sync_runs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  trigger text not null check (trigger in ('manual', 'github_connected', 'daily')),
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
  event_id bigint unique,
  synced_count integer check (synced_count is null or synced_count >= 0),
  detected_count integer check (detected_count is null or detected_count >= 0),
  updated_count integer check (updated_count is null or updated_count >= 0),
  error_code text check (error_code is null or error_code ~ '^[a-z][a-z0-9_]{0,63}$'),
  error_message text check (error_message is null or char_length(error_message) between 1 and 500),
  retry_after_s integer check (retry_after_s is null or retry_after_s > 0),
  requested_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint project_sync_runs_finished check ((status in ('succeeded', 'failed')) = (finished_at is not null)),
  constraint project_sync_runs_failed_has_code check (status <> 'failed' or error_code is not null),
  constraint project_sync_runs_succeeded_has_counts check (
    status <> 'succeeded' or (synced_count is not null and detected_count is not null and updated_count is not null)
  )
);
comment on table public.project_sync_runs is
  'One row per repository sync: requested by the user (POST /v1/projects/sync) or started by the runner for a background trigger; queued → running → succeeded (counts) or failed (error_code, error_message, retry_after_s for a rate limit). A queued run with an error_code waits for GitHub''s rate limit. Owner and admins read; written by private.request_project_sync (user) and the runner''s private.*_project_sync_run functions.';
comment on column public.project_sync_runs.event_id is 'The event a background run was started for (public.event_log.id): a redelivery continues the same run.';
comment on column public.project_sync_runs.error_code is 'The API error code of a failure (github_reconnect_required, github_rate_limited, github_not_connected, upstream_unavailable, …).';
comment on column public.project_sync_runs.retry_after_s is 'For github_rate_limited: how long GitHub asked to wait, counted from updated_at.';

create index project_sync_runs_user_requested_idx on public.project_sync_runs (user_id, requested_at desc);
comment on index public.project_sync_runs_user_requested_idx is 'The latest run of a user; their active run.';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.project_sync_runs enable row level security;

create policy project_sync_runs_select_own on public.project_sync_runs
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy project_sync_runs_select_own on public.project_sync_runs is 'A user reads their own sync runs.';

create policy project_sync_runs_select_admin on public.project_sync_runs
  for select to authenticated
  using ((select private.is_admin()));
comment on policy project_sync_runs_select_admin on public.project_sync_runs is 'Admins read every user''s sync runs.';
-- No insert/update/delete policies: writes go through the private.* functions below.

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- private.request_project_sync() → public.project_sync_runs (user: auth.uid())
-- The caller's active run (queued or running, requested in the last 15 minutes) if there is one —
-- a second click joins it instead of queuing another crawl — else a new queued manual run, with
-- projects.sync.requested {user_id, trigger: manual, run_id} emitted in this transaction. The
-- function checks the GitHub integration before calling it (409s with the API's codes).
create function private.request_project_sync()
returns public.project_sync_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  run public.project_sync_runs;
begin
  -- One request at a time per user, so two concurrent clicks find the same active run.
  perform pg_advisory_xact_lock(hashtextextended('careerpilot.project_sync_request:' || uid::text, 0));
  select * into run from public.project_sync_runs r
   where r.user_id = uid and r.status in ('queued', 'running') and r.requested_at > now() - interval '15 minutes'
   order by r.requested_at desc
   limit 1;
  if found then
    return run;
  end if;
  insert into public.project_sync_runs (user_id, trigger, status)
  values (uid, 'manual', 'queued')
  returning * into run;
  perform private.emit('projects.sync.requested',
    jsonb_build_object('user_id', uid, 'trigger', 'manual', 'run_id', run.id));
  return run;
end;
$$;
comment on function private.request_project_sync() is
  'Caller (auth.uid()) asks for a repository sync: returns their active run (queued/running, < 15 min old) or a new queued manual run, emitting projects.sync.requested {user_id, trigger, run_id} for the runner.';

-- private.begin_project_sync_run(user_id, sync_trigger, run_id, event_id) → uuid (service_role)
-- Marks the run running and returns its id: the run named by run_id (a manual request), or the
-- run of event_id (a background trigger; created on its first delivery). Null when that run has
-- already finished (a redelivery after the outcome was recorded: nothing to do).
create function private.begin_project_sync_run(user_id uuid, sync_trigger text, run_id uuid, event_id bigint)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  id uuid;
begin
  if sync_trigger is null or sync_trigger not in ('manual', 'github_connected', 'daily') then
    raise exception 'unknown sync trigger %', sync_trigger using errcode = '22023';
  end if;
  if begin_project_sync_run.run_id is not null then
    update public.project_sync_runs r
       set status = 'running', started_at = now(), updated_at = now()
     where r.id = begin_project_sync_run.run_id and r.user_id = begin_project_sync_run.user_id
       and r.status in ('queued', 'running')
    returning r.id into id;
    return id;
  end if;
  insert into public.project_sync_runs as r (user_id, trigger, status, event_id, started_at)
  values (begin_project_sync_run.user_id, sync_trigger, 'running', begin_project_sync_run.event_id, now())
  on conflict on constraint project_sync_runs_event_id_key do update
    set status = 'running', started_at = now(), updated_at = now()
    where r.status in ('queued', 'running')
  returning r.id into id;
  return id;
end;
$$;
comment on function private.begin_project_sync_run(uuid, text, uuid, bigint) is
  'Runner (service_role): the run a projects_sync message belongs to (by run_id, or by event_id for background triggers, created on first delivery), marked running; null when it already finished.';

-- private.finish_project_sync_run(run_id, event_id, status, result, error_code, error_message,
-- retry_after_s) (service_role) records the outcome of the run named by run_id, or (run_id null)
-- of the run of event_id: succeeded with result's counts; failed with the error; or queued again
-- with the error (a background run waiting for GitHub's rate limit). A finished run is left as it is.
create function private.finish_project_sync_run(
  run_id uuid,
  event_id bigint,
  status text,
  result jsonb default null,
  error_code text default null,
  error_message text default null,
  retry_after_s integer default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if status is null or status not in ('succeeded', 'failed', 'queued') then
    raise exception 'status must be succeeded, failed or queued, not %', coalesce(status, 'null') using errcode = '22023';
  end if;
  update public.project_sync_runs r
     set status = finish_project_sync_run.status,
         synced_count = (result ->> 'synced_count')::integer,
         detected_count = (result ->> 'detected_count')::integer,
         updated_count = (result ->> 'updated_count')::integer,
         error_code = finish_project_sync_run.error_code,
         error_message = left(finish_project_sync_run.error_message, 500),
         retry_after_s = finish_project_sync_run.retry_after_s,
         finished_at = case when finish_project_sync_run.status = 'queued' then null else now() end,
         updated_at = now()
   where (r.id = finish_project_sync_run.run_id
          or (finish_project_sync_run.run_id is null and r.event_id = finish_project_sync_run.event_id))
     and r.status in ('queued', 'running');
end;
$$;
comment on function private.finish_project_sync_run(uuid, bigint, text, jsonb, text, text, integer) is
  'Runner (service_role): records a sync run''s outcome (succeeded + counts, failed + error, or queued + error while waiting for a rate limit); finished runs are not changed.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on function
  private.request_project_sync(),
  private.begin_project_sync_run(uuid, text, uuid, bigint),
  private.finish_project_sync_run(uuid, bigint, text, jsonb, text, text, integer)
  from public, anon, authenticated, service_role;
grant execute on function private.request_project_sync() to authenticated;
grant execute on function
  private.begin_project_sync_run(uuid, text, uuid, bigint),
  private.finish_project_sync_run(uuid, bigint, text, jsonb, text, text, integer)
  to service_role;
revoke all on table public.project_sync_runs from public, anon, authenticated, service_role;
grant select on table public.project_sync_runs to authenticated;
grant all on table public.project_sync_runs to service_role;

-- ---------------------------------------------------------------------------------------------
-- Queues: a manual request names its run; the consumer now runs in the runner itself
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'projects.sync.requested',
  'A repository sync should run for the user (the daily schedule, or the user''s request with its run_id); the runner crawls GitHub.',
  '{"required": {"user_id": "uuid", "trigger": "string"}, "optional": {"run_id": "uuid"}}'
);

select private.register_consumer('projects_sync', 'runner', 'scraper-runner: projects_sync',
  max_attempts => 6, visibility_timeout_s => 120, enabled => true,
  description => 'GitHub Projects: repository sync (integrations.github.connected, projects.sync.requested): the runner crawls GitHub with the user''s token and records it as the user (private.record_repository_sync).');
