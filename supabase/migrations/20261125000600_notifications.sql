-- =============================================================================================
-- Notifications stack: public.notifications (the in-app notifications each user reads), its RLS
-- and column grants, and the SQL consumer of the `notifications` queue that turns platform events
-- into notifications (event bus: 20261125000200_event_bus.sql, docs/events.md).
--
--   notifications.handle_event(envelope)   the queue's handler (pg_cron, every minute, through
--                                          private.run_sql_consumers): one notification per
--                                          (user, event), honouring the user's in-app preference
--
-- Users read their own notifications and may change only `read` (the column grant); `read_at`
-- follows `read` (trigger). Nobody inserts or deletes through a session: rows come from the
-- consumer, and go with the user (cascade). Admins read every row.
--
-- Events handled (routes registered below; the emitting stacks register the types):
--   user.onboarding.completed      → "Welcome to CareerPilot"                     /dashboard
--   integrations.github.connected  → "GitHub connected as @login"                 /projects
--   integrations.token.rejected    → "GitHub access expired — reconnect in Settings" /settings#github
--   repo.detected (not initial)    → "New repository detected: <name>"            /projects?repo=<id>
--   projects.synced (initial, N>0) → "Imported N repositories from GitHub"        /projects
--   project_video.processed        → "Intro video ready for <repo>" |
--                                    "Intro video for <repo> was not accepted: <reason>"
-- Any other type routed here is archived without a notification.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  type text not null check (type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' and char_length(type) <= 100),
  title text not null check (char_length(title) between 1 and 300),
  body text check (body is null or char_length(body) between 1 and 1000),
  payload_json jsonb not null default '{}'::jsonb check (jsonb_typeof(payload_json) = 'object'),
  link_url text check (link_url is null or (link_url ~ '^/([^/\\]|$)' and char_length(link_url) <= 512)),
  read boolean not null default false,
  read_at timestamptz,
  event_id bigint,
  created_at timestamptz not null default now(),
  constraint notifications_read_at_matches_read check (read = (read_at is not null)),
  constraint notifications_user_id_event_id_key unique (user_id, event_id)
);
comment on table public.notifications is
  'In-app notifications (Notifications stack), one row per thing a user is told about. Written by the notifications queue''s SQL consumer (notifications.handle_event); the owner reads their rows and may change only read (read_at follows); admins read all; rows go with the user.';
comment on column public.notifications.type is
  'What the notification is about: the event type it came from (repo.detected, projects.synced, …).';
comment on column public.notifications.title is 'The one line the user sees ("New repository detected: dotfiles").';
comment on column public.notifications.body is 'An optional second line with details or what to do next.';
comment on column public.notifications.payload_json is 'The event''s payload, for the client to show details (ids, names, counts).';
comment on column public.notifications.link_url is
  'Where the notification leads: a path on the web app ("/projects?repo=…"), never another origin; null for none.';
comment on column public.notifications.read is 'True once the user read it (or marked it read); the only column a user may change.';
comment on column public.notifications.read_at is 'When it was (last) marked read; null while unread. Maintained by trigger.';
comment on column public.notifications.event_id is
  'public.event_log.id of the event it came from; unique per user, so a redelivered event cannot notify twice. Null for notifications not made from an event.';
comment on column public.notifications.created_at is 'When the event happened (the envelope''s emitted_at), else when the row was written.';

create index notifications_user_created_idx on public.notifications (user_id, created_at desc, id desc);
comment on index public.notifications_user_created_idx is 'The list: a user''s notifications, newest first.';
create index notifications_user_unread_idx on public.notifications (user_id, created_at desc) where not read;
comment on index public.notifications_user_unread_idx is 'The bell''s unread count and the Unread filter.';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.notifications enable row level security;

create policy notifications_select_own on public.notifications
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy notifications_select_own on public.notifications is 'A user reads their own notifications.';

create policy notifications_select_admin on public.notifications
  for select to authenticated
  using ((select private.is_admin()));
comment on policy notifications_select_admin on public.notifications is 'Admins read every notification.';

create policy notifications_update_own on public.notifications
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
comment on policy notifications_update_own on public.notifications is
  'A user marks their own notifications read or unread (the column grant allows only read).';
-- No insert/delete policies (and no such grants): rows come from the consumer and go with the user.

-- ---------------------------------------------------------------------------------------------
-- Trigger functions
-- ---------------------------------------------------------------------------------------------

-- private.notifications_stamp_read(): before insert or update on notifications, keeps read_at in
-- step with read: set to now() when read becomes true, kept while it stays true, cleared when it
-- becomes false.
create function private.notifications_stamp_read()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not new.read then
    new.read_at := null;
  elsif tg_op = 'UPDATE' and old.read then
    new.read_at := old.read_at;
  else
    new.read_at := coalesce(case when tg_op = 'INSERT' then new.read_at end, now());
  end if;
  return new;
end;
$$;
comment on function private.notifications_stamp_read() is
  'Trigger: before insert/update on public.notifications, read_at = when read last became true (null while unread).';

create trigger notifications_stamp_read
  before insert or update on public.notifications
  for each row execute function private.notifications_stamp_read();
comment on trigger notifications_stamp_read on public.notifications is 'read_at follows read.';

-- ---------------------------------------------------------------------------------------------
-- Functions: the notifications queue's consumer
-- ---------------------------------------------------------------------------------------------
create schema if not exists notifications;
comment on schema notifications is
  'Notifications stack: the SQL consumer of the notifications queue. Not exposed to API roles.';
revoke all on schema notifications from public, anon, authenticated, service_role;

-- notifications.provider_label(provider): how a provider is named to users (GitHub, LinkedIn…).
create function notifications.provider_label(provider text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case provider
    when 'github' then 'GitHub'
    when 'linkedin' then 'LinkedIn'
    when 'naukri' then 'Naukri'
    when 'indeed' then 'Indeed'
    when 'gmail' then 'Gmail'
    when 'gemini' then 'Gemini'
    else coalesce(initcap(provider), 'An integration')
  end;
$$;
comment on function notifications.provider_label(text) is 'A provider''s name as users know it: github → GitHub, linkedin → LinkedIn, …';

-- notifications.handle_event(envelope): the handler of the notifications queue
-- (private.run_sql_consumer calls it once per event, after validating the envelope against the
-- type's schema and claiming the idempotency receipt; a normal return archives the message).
-- Builds the notification for the event's payload.user_id and inserts it — unless the type is
-- not one it knows, the event is not worth telling (repo.detected during the first import,
-- projects.synced of a later sync or of an empty account, a video status that is no outcome),
-- the user no longer exists, or the user turned in-app notifications off
-- (auth.users.raw_user_meta_data -> notification_prefs -> in_app = false). Idempotent on its own
-- as well: (user_id, event_id) is unique. Raises only on a database failure (retried with
-- back-off by the consumer).
create function notifications.handle_event(envelope jsonb)
returns void
language plpgsql
set search_path = ''
as $$
declare
  event_type text := envelope ->> 'event_type';
  payload jsonb := coalesce(envelope -> 'payload', '{}'::jsonb);
  uid uuid;
  prefs jsonb;
  subject text;
  n integer;
  title text;
  body text;
  link text;
begin
  if not coalesce(private.json_has_type(payload -> 'user_id', 'uuid'), false) then
    return; -- not addressed to a user
  end if;
  uid := (payload ->> 'user_id')::uuid;

  case event_type
    when 'user.onboarding.completed' then
      title := 'Welcome to CareerPilot';
      body := 'Your profile is set up. Next: connect GitHub and start your job search.';
      link := '/dashboard';

    when 'integrations.github.connected' then
      title := format('GitHub connected as @%s', payload ->> 'github_login');
      body := 'Your repositories are being imported into Projects.';
      link := '/projects';

    when 'integrations.token.rejected' then
      subject := notifications.provider_label(payload ->> 'provider');
      title := format('%s access expired — reconnect in Settings', subject);
      if payload ->> 'provider' = 'github' then
        body := 'GitHub refused CareerPilot''s access. Reconnect GitHub to keep your projects in sync.';
        link := '/settings#github';
      else
        body := format('%s refused the token you saved. Add a new one in Settings.', subject);
        link := '/settings#api-keys';
      end if;

    when 'repo.detected' then
      if coalesce(payload ->> 'initial_import', 'false') = 'true' then
        return; -- the first import is summarised once, by projects.synced
      end if;
      title := format('New repository detected: %s', payload ->> 'name');
      body := format('%s was added to your projects. Add an AI description or an intro video.',
        coalesce(payload ->> 'full_name', payload ->> 'name'));
      link := '/projects?repo=' || (payload ->> 'repo_id');

    when 'projects.synced' then
      if coalesce(payload ->> 'initial_import', 'false') <> 'true' then
        return; -- later syncs announce each new repository through repo.detected
      end if;
      n := coalesce((payload ->> 'synced_count')::numeric::integer, 0);
      if n <= 0 then
        return; -- an empty account imported nothing (and would say so on every daily sync)
      end if;
      title := format('Imported %s %s from GitHub', n, case when n = 1 then 'repository' else 'repositories' end);
      body := 'Add AI descriptions and intro videos to show them at their best.';
      link := '/projects';

    when 'project_video.processed' then
      subject := nullif(btrim(payload ->> 'repo_name'), '');
      if subject is null then
        select r.name into subject from public.repositories r
        where r.id = (payload ->> 'repo_id')::uuid and r.user_id = uid;
      end if;
      subject := coalesce(subject, 'your project');
      if payload ->> 'status' = 'transcoded' then
        title := format('Intro video ready for %s', subject);
        body := case when jsonb_typeof(payload -> 'duration_sec') = 'number'
          then format('Your %s-second intro now plays on the project.', round((payload ->> 'duration_sec')::numeric))
          else 'Your intro now plays on the project.' end;
      elsif payload ->> 'status' = 'failed' then
        title := format('Intro video for %s was not accepted: %s', subject,
          coalesce(nullif(btrim(payload ->> 'reason'), ''), 'it could not be processed.'));
        body := 'Record or upload a new clip of 20–30 seconds.';
      else
        return; -- not a final outcome
      end if;
      link := '/projects?repo=' || (payload ->> 'repo_id');

    else
      return; -- a type this consumer does not (yet) turn into a notification: archive it
  end case;

  select u.raw_user_meta_data -> 'notification_prefs' into prefs from auth.users u where u.id = uid;
  if not found then
    return; -- the account is gone
  end if;
  if jsonb_typeof(prefs) = 'object' and prefs ->> 'in_app' = 'false' then
    return; -- in-app notifications are off (Settings › Notifications & privacy)
  end if;

  insert into public.notifications (user_id, type, title, body, payload_json, link_url, event_id, created_at)
  values (
    uid,
    event_type,
    left(title, 300), -- a long repository name or reason must not lose the notification
    body,
    payload,
    link,
    (envelope ->> 'event_id')::numeric::bigint,
    coalesce(case when private.is_iso_timestamp(envelope ->> 'emitted_at') then (envelope ->> 'emitted_at')::timestamptz end, now())
  )
  on conflict on constraint notifications_user_id_event_id_key do nothing;
end;
$$;
comment on function notifications.handle_event(jsonb) is
  'Handler of the notifications queue (sql consumer): turns one event envelope into at most one notification for payload.user_id (texts and links per event type in the migration header); skips unknown types, deleted users and users with notification_prefs.in_app = false; idempotent per (user, event).';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.notifications from public, anon, authenticated, service_role;
grant select on table public.notifications to authenticated;
-- Column grant: a user changes nothing but the read flag (read_at follows by trigger).
grant update (read) on table public.notifications to authenticated;
grant all on table public.notifications to service_role;

revoke all on function private.notifications_stamp_read() from public, anon;
grant execute on function private.notifications_stamp_read() to authenticated, service_role;

revoke all on function
  notifications.provider_label(text),
  notifications.handle_event(jsonb)
  from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Queues: routes into the notifications queue and its consumer
-- ---------------------------------------------------------------------------------------------
-- (user.onboarding.completed and integrations.github.connected are routed here by the event bus
-- migration; the types below are registered by 20261125000500_projects.sql.)
select private.register_route('repo.detected', 'notifications');
select private.register_route('projects.synced', 'notifications');
select private.register_route('project_video.processed', 'notifications');
select private.register_route('integrations.token.rejected', 'notifications');

-- Enabling the consumer also drains what waited in the queue since the event bus shipped. A batch
-- of 200: a first import emits repo.detected per repository (skipped here, cheaply), and the
-- import's own notification should not wait minutes behind them.
select private.register_consumer('notifications', 'sql', 'notifications.handle_event',
  max_attempts => 5, visibility_timeout_s => 60, batch_size => 200, enabled => true,
  description => 'Notifications stack: in-app notifications (notifications.handle_event) for onboarding, GitHub, projects and intro-video events.');
