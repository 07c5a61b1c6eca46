-- =============================================================================================
-- Onboarding Profile stack: public.onboarding (the wizard's answers, one row per user) and
-- public.job_settings (job-control preferences, one row per user), their checks (mirroring the
-- API's validation), RLS, the updated_at / completion / profile-sync triggers and grants.
--
-- Completing onboarding (completed false → true, the first time only) emits
-- `user.onboarding.completed` {user_id, completed_at} through private.emit() inside the same
-- transaction as the write (event bus: 20261125000200_event_bus.sql). The event type, its
-- "Welcome to CareerPilot" notification and its routes are registered at the end.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Functions used by the tables' checks
-- ---------------------------------------------------------------------------------------------

-- private.is_clean_text_list(items, max_items, max_length): true when `items` is a list the API
-- would have produced: not null, at most max_items entries, none null or empty, each trimmed and
-- at most max_length characters, no two equal ignoring case. Immutable (used in check constraints).
create function private.is_clean_text_list(items text[], max_items integer, max_length integer)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select items is not null
     and cardinality(items) <= max_items
     and array_position(items, null) is null
     and not exists (
       select 1 from unnest(items) as x
       where x = '' or x <> btrim(x) or char_length(x) > max_length
     )
     and (select count(distinct lower(x)) from unnest(items) as x) = cardinality(items);
$$;
comment on function private.is_clean_text_list(text[], integer, integer) is
  'Check helper: a non-null list of at most max_items trimmed, non-empty strings of at most max_length characters, unique ignoring case.';

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.onboarding (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() unique references auth.users (id) on delete cascade,
  roles_targeted text[] not null default '{}'
    check (private.is_clean_text_list(roles_targeted, 10, 80)),
  min_target_lpa numeric(6, 2) check (min_target_lpa between 0 and 1000),
  preferred_locations text[] not null default '{}'
    check (private.is_clean_text_list(preferred_locations, 10, 80)),
  github_username text check (github_username ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,38}$'),
  completed boolean not null default false,
  completed_at timestamptz,
  current_step text not null default 'profile'
    check (current_step in ('profile', 'career', 'integrations', 'review')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint onboarding_completed_has_time check (not completed or completed_at is not null)
);
comment on table public.onboarding is
  'The onboarding wizard''s answers, one row per user (Onboarding Profile stack). Owner reads and writes their own row; admins read all. Completing it emits user.onboarding.completed once.';
comment on column public.onboarding.user_id is 'The owner (auth.users.id, the JWT sub); defaults to auth.uid().';
comment on column public.onboarding.roles_targeted is
  'Job roles the user wants: at most 10, each trimmed, 1..80 characters, unique ignoring case.';
comment on column public.onboarding.min_target_lpa is
  'Minimum target salary in lakh rupees per annum (LPA), 0..1000, two decimals; null until given.';
comment on column public.onboarding.preferred_locations is
  'Preferred work locations: at most 10, each trimmed, 1..80 characters, unique ignoring case.';
comment on column public.onboarding.github_username is
  'GitHub login the user typed (1..39 letters, digits or hyphens, not starting with a hyphen); copied to profiles.github_username.';
comment on column public.onboarding.completed is 'True once the user finished the wizard (may be set back to false to re-run it).';
comment on column public.onboarding.completed_at is
  'When the user FIRST completed onboarding; set by trigger, never cleared. Its being set is what makes user.onboarding.completed fire exactly once.';
comment on column public.onboarding.current_step is
  'Where the wizard resumes: profile, career, integrations or review.';
comment on column public.onboarding.created_at is 'When the row was first saved.';
comment on column public.onboarding.updated_at is 'When the row was last saved (trigger).';

create table public.job_settings (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() unique references auth.users (id) on delete cascade,
  search_active boolean not null default false,
  auto_apply boolean not null default false,
  portals text[] not null default '{}'
    check (portals <@ array['linkedin', 'naukri', 'indeed'] and private.is_clean_text_list(portals, 3, 16)),
  roles text[] not null default '{}' check (private.is_clean_text_list(roles, 10, 80)),
  locations text[] not null default '{}' check (private.is_clean_text_list(locations, 10, 80)),
  min_lpa numeric(6, 2) check (min_lpa between 0 and 1000),
  company_types text[] not null default '{}'
    check (
      company_types <@ array['product', 'service', 'startup', 'mnc', 'government', 'consulting', 'non_profit']
      and private.is_clean_text_list(company_types, 7, 16)
    ),
  updated_at timestamptz not null default now(),
  constraint job_settings_active_needs_portal_and_role
    check (not search_active or (cardinality(portals) > 0 and cardinality(roles) > 0))
);
comment on table public.job_settings is
  'Job-control preferences, one row per user (Onboarding Profile stack): whether the job search and auto-apply run, on which portals, with which filters. Owner reads and writes their own row; admins read all.';
comment on column public.job_settings.user_id is 'The owner (auth.users.id, the JWT sub); defaults to auth.uid().';
comment on column public.job_settings.search_active is 'Job search running; needs at least one portal and one role.';
comment on column public.job_settings.auto_apply is 'Apply automatically to matching jobs while the search runs.';
comment on column public.job_settings.portals is 'Portals to search: a subset of linkedin, naukri, indeed.';
comment on column public.job_settings.roles is 'Role filter: at most 10, each trimmed, 1..80 characters, unique ignoring case.';
comment on column public.job_settings.locations is
  'Location filter: at most 10, each trimmed, 1..80 characters, unique ignoring case.';
comment on column public.job_settings.min_lpa is 'Minimum salary filter in LPA, 0..1000, two decimals; null = no minimum.';
comment on column public.job_settings.company_types is
  'Company-type filter: a subset of product, service, startup, mnc, government, consulting, non_profit (empty = any).';
comment on column public.job_settings.updated_at is 'When the settings were last saved (trigger).';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.onboarding enable row level security;

create policy onboarding_select_own on public.onboarding
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy onboarding_select_own on public.onboarding is 'A user reads their own onboarding.';

create policy onboarding_select_admin on public.onboarding
  for select to authenticated
  using ((select private.is_admin()));
comment on policy onboarding_select_admin on public.onboarding is 'Admins read every onboarding row.';

create policy onboarding_insert_own on public.onboarding
  for insert to authenticated
  with check (user_id = (select auth.uid()));
comment on policy onboarding_insert_own on public.onboarding is 'A user creates only their own onboarding row.';

create policy onboarding_update_own on public.onboarding
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
comment on policy onboarding_update_own on public.onboarding is 'A user updates only their own onboarding row.';

-- No delete policy: the row lives as long as the user (cascade), which keeps completed_at,
-- and so the single user.onboarding.completed event, for good.

alter table public.job_settings enable row level security;

create policy job_settings_select_own on public.job_settings
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy job_settings_select_own on public.job_settings is 'A user reads their own job settings.';

create policy job_settings_select_admin on public.job_settings
  for select to authenticated
  using ((select private.is_admin()));
comment on policy job_settings_select_admin on public.job_settings is 'Admins read every user''s job settings.';

create policy job_settings_insert_own on public.job_settings
  for insert to authenticated
  with check (user_id = (select auth.uid()));
comment on policy job_settings_insert_own on public.job_settings is 'A user creates only their own job settings.';

create policy job_settings_update_own on public.job_settings
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
comment on policy job_settings_update_own on public.job_settings is 'A user updates only their own job settings.';

-- ---------------------------------------------------------------------------------------------
-- Trigger functions
-- ---------------------------------------------------------------------------------------------

-- private.onboarding_stack_touch(): before update on onboarding / job_settings, sets
-- updated_at = now().
create function private.onboarding_stack_touch()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
comment on function private.onboarding_stack_touch() is
  'Trigger: before update on public.onboarding / public.job_settings, sets updated_at = now().';

create trigger onboarding_touch
  before update on public.onboarding
  for each row execute function private.onboarding_stack_touch();
comment on trigger onboarding_touch on public.onboarding is 'Keeps updated_at current.';

create trigger job_settings_touch
  before update on public.job_settings
  for each row execute function private.onboarding_stack_touch();
comment on trigger job_settings_touch on public.job_settings is 'Keeps updated_at current.';

-- private.onboarding_stamp_completion(): before insert or update on onboarding, owns
-- completed_at: once set it never changes (nor is cleared); it is set to now() the first time
-- the row is saved with completed = true. A user cannot write completed_at (no column grant);
-- a service insert may backdate it.
create function private.onboarding_stamp_completion()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and old.completed_at is not null then
    new.completed_at := old.completed_at;
  elsif new.completed then
    new.completed_at := coalesce(case when tg_op = 'INSERT' then new.completed_at end, now());
  else
    new.completed_at := null;
  end if;
  return new;
end;
$$;
comment on function private.onboarding_stamp_completion() is
  'Trigger: before insert/update on public.onboarding, sets completed_at on the first completion and keeps it from then on.';

create trigger onboarding_stamp_completion
  before insert or update on public.onboarding
  for each row execute function private.onboarding_stamp_completion();
comment on trigger onboarding_stamp_completion on public.onboarding is
  'completed_at = the first time completed became true; immutable afterwards.';

-- private.onboarding_emit_completed(): after insert or update on onboarding, emits
-- user.onboarding.completed {user_id, completed_at} when this write is the first completion
-- (completed_at went from null to set). Security definer, because private.emit is not granted
-- to user sessions: it emits only for the row's own user, whom RLS on public.onboarding already
-- tied to auth.uid() (recorded as the event's actor). Runs in the writer's transaction, so a
-- rolled-back save emits nothing.
create function private.onboarding_emit_completed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.completed_at is not null and (tg_op = 'INSERT' or old.completed_at is null) then
    perform private.emit(
      'user.onboarding.completed',
      jsonb_build_object('user_id', new.user_id, 'completed_at', new.completed_at)
    );
  end if;
  return null;
end;
$$;
comment on function private.onboarding_emit_completed() is
  'Trigger: after insert/update on public.onboarding, emits user.onboarding.completed once per user (the write that first sets completed_at).';

create trigger onboarding_emit_completed
  after insert or update on public.onboarding
  for each row execute function private.onboarding_emit_completed();
comment on trigger onboarding_emit_completed on public.onboarding is
  'Emits user.onboarding.completed on the first completion, in the same transaction.';

-- private.onboarding_sync_github_username(): after insert or update of github_username on
-- onboarding, copies the value (including a cleared null) to the owner's
-- profiles.github_username. Security invoker: a user session updates its own profile under
-- profiles' RLS and column grant, nothing more.
create function private.onboarding_sync_github_username()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' and new.github_username is null then
    return null;
  end if;
  if tg_op = 'UPDATE' and new.github_username is not distinct from old.github_username then
    return null;
  end if;
  update public.profiles
     set github_username = new.github_username
   where id = new.user_id
     and github_username is distinct from new.github_username;
  return null;
end;
$$;
comment on function private.onboarding_sync_github_username() is
  'Trigger: after insert/update of onboarding.github_username, copies it to the owner''s public.profiles.github_username.';

create trigger onboarding_sync_github_username
  after insert or update of github_username on public.onboarding
  for each row execute function private.onboarding_sync_github_username();
comment on trigger onboarding_sync_github_username on public.onboarding is
  'Keeps profiles.github_username in step with the onboarding answer.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on public.onboarding from public, anon, authenticated;
grant select on public.onboarding to authenticated;
grant insert (user_id, roles_targeted, min_target_lpa, preferred_locations, github_username, completed, current_step)
  on public.onboarding to authenticated;
grant update (roles_targeted, min_target_lpa, preferred_locations, github_username, completed, current_step)
  on public.onboarding to authenticated;
grant all on public.onboarding to service_role;

revoke all on public.job_settings from public, anon, authenticated;
grant select on public.job_settings to authenticated;
grant insert (user_id, search_active, auto_apply, portals, roles, locations, min_lpa, company_types)
  on public.job_settings to authenticated;
grant update (search_active, auto_apply, portals, roles, locations, min_lpa, company_types)
  on public.job_settings to authenticated;
grant all on public.job_settings to service_role;

revoke all on function private.is_clean_text_list(text[], integer, integer) from public, anon;
grant execute on function private.is_clean_text_list(text[], integer, integer) to authenticated, service_role;
revoke all on function private.onboarding_stack_touch() from public, anon;
grant execute on function private.onboarding_stack_touch() to authenticated, service_role;
revoke all on function private.onboarding_stamp_completion() from public, anon;
grant execute on function private.onboarding_stamp_completion() to authenticated, service_role;
revoke all on function private.onboarding_emit_completed() from public, anon;
grant execute on function private.onboarding_emit_completed() to authenticated, service_role;
revoke all on function private.onboarding_sync_github_username() from public, anon;
grant execute on function private.onboarding_sync_github_username() to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Queues: this stack's event, its routes and notification
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'user.onboarding.completed',
  'A user finished onboarding (emitted once, when onboarding.completed first becomes true).',
  '{"required": {"user_id": "uuid", "completed_at": "timestamptz"}}'
);

select notifications.register_template('user.onboarding.completed', 'default',
  title => 'Welcome to CareerPilot',
  body => 'Your profile is set up. Next: connect GitHub and start your job search.',
  link => '/dashboard');

-- The welcome email is the Insights & Reports stack's. Its queue exists from the first emit, with
-- the consumer registered disabled, so no completion waits unrouted; the reports stack's
-- migration enables the consumer when its runner handler ships.
select private.register_route('user.onboarding.completed', 'reports_welcome');
select private.register_consumer('reports_welcome', 'runner', 'scraper-runner: reports_welcome', enabled => false,
  description => 'Insights & Reports: welcome email after user.onboarding.completed (runner, sends email).');
