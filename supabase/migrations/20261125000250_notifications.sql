-- =============================================================================================
-- Notifications stack: public.notifications (the in-app notifications each user reads), its RLS
-- and column grants; notifications.templates (what each event type tells the user), its small
-- template renderer; and the SQL consumer of the `notifications` queue that turns platform
-- events into notifications (event bus: 20261125000200_event_bus.sql, docs/events.md).
--
--   notifications.register_template(event_type, variant, title, …)   called by each stack's own
--                                          migration: registers what an event of that type tells
--                                          the user, and routes the type to the notifications queue
--   notifications.handle_event(envelope)   the queue's handler (pg_cron, every minute, through
--                                          private.run_sql_consumers): one notification per
--                                          (user, event) from the first template whose condition
--                                          matches, honouring the user's in-app preference
--
-- The consumer knows no event type: adding a notification is one register_template call in the
-- emitting stack's migration (which is why this migration runs right after the event bus and
-- before every stack that registers templates). Templates are plain text with {{payload.key}}
-- placeholders (and {{context.key}} for values a stack's context function derives, such as a
-- name looked up in its tables); see notifications.render.
--
-- public.notification_preferences holds each user's Settings › Notifications & privacy choices
-- (email digest, in-app, product updates); no row means the defaults (weekly, on, off). The
-- consumer reads in_app from it. Each user reads and writes only their own row.
--
-- Users read their own notifications and may change only `read` (the column grant); `read_at`
-- follows `read` (trigger). Nobody inserts or deletes through a session: rows come from the
-- consumer, and go with the user (cascade). Admins read every row.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Schema
-- ---------------------------------------------------------------------------------------------
create schema if not exists notifications;
comment on schema notifications is
  'Notifications stack: the templates, their renderer and the SQL consumer of the notifications queue. Not exposed to API roles.';
revoke all on schema notifications from public, anon, authenticated, service_role;

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

create table public.notification_preferences (
  user_id uuid primary key references auth.users (id) on delete cascade,
  email_digest text not null default 'weekly' check (email_digest in ('off', 'daily', 'weekly')),
  in_app boolean not null default true,
  product_updates boolean not null default false,
  updated_at timestamptz not null default now()
);
comment on table public.notification_preferences is
  'Settings › Notifications & privacy, one row per user who saved them (no row: the column defaults). The owner reads and writes their row through the notifications API; the notifications consumer reads in_app.';
comment on column public.notification_preferences.email_digest is 'off, daily or weekly: how often the email summary is sent (by the reports stack).';
comment on column public.notification_preferences.in_app is 'False: the consumer writes no in-app notifications for this user.';
comment on column public.notification_preferences.product_updates is 'True: the user wants occasional emails about new features.';
comment on column public.notification_preferences.updated_at is 'When the user last saved them.';

-- What an event tells its user. One event type may have several variants, tried in `priority`
-- order; the first whose condition matches the payload makes the notification, and an event
-- whose every variant's condition fails (or whose type has none) makes none.
create table notifications.templates (
  event_type text not null references private.event_types (event_type) on delete cascade,
  variant text not null default 'default' check (variant ~ '^[a-z][a-z0-9_]*$' and char_length(variant) <= 60),
  priority integer not null default 100,
  condition jsonpath,
  notification_type text not null
    check (notification_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' and char_length(notification_type) <= 100),
  title_template text not null check (char_length(title_template) between 1 and 300),
  body_template text check (body_template is null or char_length(body_template) between 1 and 1000),
  link_template text check (link_template is null or (link_template ~ '^/([^/\\{]|$)' and char_length(link_template) <= 512)),
  channels text[] not null default '{in_app}' check (cardinality(channels) >= 1 and channels <@ '{in_app}'::text[]),
  context_function text check (context_function is null or context_function ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (event_type, variant)
);
comment on table notifications.templates is
  'What an event tells its user: per event type one or more variants (tried by priority; the first whose condition matches wins) with title, body and deep-link templates. Written only by migrations, through notifications.register_template.';
comment on column notifications.templates.variant is 'Names the variant within its event type (default, failed, plural, …).';
comment on column notifications.templates.priority is 'Order in which an event type''s variants are tried (lowest first; ties by variant).';
comment on column notifications.templates.condition is
  'A jsonpath predicate over the event payload (jsonb_path_match), e.g. $.initial_import == true && $.synced_count > 1; null always matches. A predicate that errors or yields no boolean does not match.';
comment on column notifications.templates.notification_type is 'public.notifications.type of what it makes (by default the event type).';
comment on column notifications.templates.title_template is 'The title; rendered text is cut to 300 characters, so a long name never loses the notification.';
comment on column notifications.templates.body_template is 'The optional second line; rendered text is cut to 1000 characters.';
comment on column notifications.templates.link_template is
  'The deep link: a path on the web app (static first segment); placeholder values are percent-encoded, and a rendered link over 512 characters is dropped (the notification stays).';
comment on column notifications.templates.channels is
  'Where it is delivered. Only in_app exists: the consumer writes public.notifications; an email channel comes with the email sender.';
comment on column notifications.templates.context_function is
  'Optional schema.function(payload jsonb) returns jsonb of the registering stack, whose object is available as {{context.key}} (names looked up in its tables, labels, defaults).';

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

alter table public.notification_preferences enable row level security;

create policy notification_preferences_select_own on public.notification_preferences
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy notification_preferences_select_own on public.notification_preferences is 'A user reads their own preferences.';

create policy notification_preferences_insert_own on public.notification_preferences
  for insert to authenticated
  with check (user_id = (select auth.uid()));
comment on policy notification_preferences_insert_own on public.notification_preferences is 'A user saves preferences for themself only.';

create policy notification_preferences_update_own on public.notification_preferences
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
comment on policy notification_preferences_update_own on public.notification_preferences is 'A user changes their own preferences.';
-- No delete policy: the row goes with the user (cascade).

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
-- Functions: the template renderer
-- ---------------------------------------------------------------------------------------------

-- notifications.url_encode(value): percent-encodes everything but RFC 3986's unreserved
-- characters, so a value placed in a link can add neither a path, a query nor a fragment.
create function notifications.url_encode(value text)
returns text
language sql
immutable
strict
set search_path = ''
as $$
  select coalesce(string_agg(
    case when ch ~ '^[A-Za-z0-9._~-]$' then ch
         else regexp_replace(upper(encode(convert_to(ch, 'UTF8'), 'hex')), '(..)', '%\1', 'g') end,
    '' order by i), '')
  from regexp_split_to_table(value, '') with ordinality as chars(ch, i);
$$;
comment on function notifications.url_encode(text) is
  'Percent-encodes all but A–Z a–z 0–9 . _ ~ - (UTF-8): a value safe to put inside one path segment or query value.';

-- notifications.placeholder_pattern(): the one placeholder syntax, {{ payload.a.b }} or
-- {{ context.key }}, with an optional filter (only `round`: a number rounded to an integer).
create function notifications.placeholder_pattern()
returns text
language sql
immutable
set search_path = ''
as $$
  select '\{\{\s*((?:payload|context)(?:\.[A-Za-z0-9_]+)+)\s*(?:\|\s*(round)\s*)?\}\}';
$$;
comment on function notifications.placeholder_pattern() is
  'The placeholder regex: {{payload.key}} / {{context.key}} (dotted paths), optionally |round.';

-- notifications.template_errors(template): null when every {{…}} in the template is a valid
-- placeholder, else the first bad one (a typo must fail the migration, not render braces).
create function notifications.template_errors(template text)
returns text
language sql
immutable
set search_path = ''
as $$
  select (regexp_match(regexp_replace(template, notifications.placeholder_pattern(), '', 'g'), '\{\{[^}]*\}?\}?'))[1];
$$;
comment on function notifications.template_errors(text) is
  'The first {{…}} of a template that is not a valid placeholder, or null when all are.';

-- notifications.render(template, context, for_link): the template with each placeholder
-- replaced by the value at its path in context ({"payload": …, "context": …}); a missing or null
-- value renders empty, a number or boolean as its JSON text, `|round` rounds a number. One pass
-- over the template: a value that itself looks like a placeholder stays text. With for_link,
-- every value is percent-encoded. Null for a null template.
create function notifications.render(template text, context jsonb, for_link boolean default false)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  literals text[];
  placeholders text[];
  value jsonb;
  piece text;
  result text;
  i integer := 0;
begin
  if template is null then
    return null;
  end if;
  literals := regexp_split_to_array(template, notifications.placeholder_pattern());
  result := literals[1];
  for placeholders in select regexp_matches(template, notifications.placeholder_pattern(), 'g') loop
    i := i + 1;
    value := context #> string_to_array(placeholders[1], '.');
    piece := case
      when value is null or jsonb_typeof(value) = 'null' then ''
      when placeholders[2] = 'round' and jsonb_typeof(value) = 'number' then round(value::numeric)::text
      else value #>> '{}'
    end;
    if for_link then
      piece := notifications.url_encode(piece);
    end if;
    result := result || piece || literals[i + 1];
  end loop;
  return result;
end;
$$;
comment on function notifications.render(text, jsonb, boolean) is
  'Renders a notification template: {{payload.key}} / {{context.key}} (|round) from {"payload":…, "context":…}, missing values empty, one pass (values are never re-expanded), values percent-encoded when for_link.';

-- ---------------------------------------------------------------------------------------------
-- Functions: registration (called by each stack's migration)
-- ---------------------------------------------------------------------------------------------

-- notifications.register_template(event_type, variant, title, body, link, …): adds or replaces
-- one variant of what an event type tells its user, and routes the type to the notifications
-- queue. The event type must be registered first (23503). Raises 22023 for a template with a
-- malformed placeholder, a link that is not a path on the web app, or a context function that
-- is not an existing schema.fn(jsonb) returning jsonb. Idempotent.
create function notifications.register_template(
  event_type text,
  variant text,
  title text,
  body text default null,
  link text default null,
  condition jsonpath default null,
  priority integer default 100,
  notification_type text default null,
  channels text[] default '{in_app}',
  context_function text default null
)
returns void
language plpgsql
set search_path = ''
as $$
declare
  bad text;
  fn regprocedure;
begin
  bad := coalesce(notifications.template_errors(title), notifications.template_errors(body), notifications.template_errors(link));
  if bad is not null then
    raise exception 'notification template for % (%) has an invalid placeholder %', event_type, variant, bad
      using errcode = '22023', hint = 'Use {{payload.key}} or {{context.key}}, optionally |round.';
  end if;
  if link is not null and link !~ '^/([^/\\{]|$)' then
    raise exception 'notification link % must be a path on the web app starting with a fixed segment', link
      using errcode = '22023';
  end if;
  if context_function is not null then
    fn := to_regprocedure(context_function || '(jsonb)');
    if fn is null or (select p.prorettype from pg_catalog.pg_proc p where p.oid = fn) <> 'jsonb'::regtype then
      raise exception 'context function % must be an existing function %(jsonb) returning jsonb', context_function, context_function
        using errcode = '22023';
    end if;
  end if;

  insert into notifications.templates as t
    (event_type, variant, priority, condition, notification_type, title_template, body_template,
     link_template, channels, context_function)
  values (event_type, variant, priority, condition, coalesce(notification_type, event_type), title, body,
          link, channels, context_function)
  on conflict on constraint templates_pkey do update
    set priority = excluded.priority,
        condition = excluded.condition,
        notification_type = excluded.notification_type,
        title_template = excluded.title_template,
        body_template = excluded.body_template,
        link_template = excluded.link_template,
        channels = excluded.channels,
        context_function = excluded.context_function,
        updated_at = now();

  perform private.register_route(event_type, 'notifications');
end;
$$;
comment on function notifications.register_template(text, text, text, text, text, jsonpath, integer, text, text[], text) is
  'Migrations: idempotently registers one variant of an event type''s notification (title/body/link templates, jsonpath condition on the payload, priority, notification type, channels, context function) and routes the type to the notifications queue.';

-- ---------------------------------------------------------------------------------------------
-- Functions: the notifications queue's consumer
-- ---------------------------------------------------------------------------------------------

-- notifications.handle_event(envelope): the handler of the notifications queue
-- (private.run_sql_consumer calls it once per event, after validating the envelope against the
-- type's schema and claiming the idempotency receipt; a normal return archives the message).
-- Picks the event type's first template variant (by priority) whose condition matches the
-- payload, renders it, and inserts the notification for payload.user_id — unless no variant
-- matches (not worth telling, or a type without templates), the template is not delivered in
-- app, the user no longer exists, or the user turned in-app notifications off
-- (public.notification_preferences.in_app = false). Idempotent on its own
-- as well: (user_id, event_id) is unique. Raises only on a database failure or a failing
-- context function (retried with back-off by the consumer).
create function notifications.handle_event(envelope jsonb)
returns void
language plpgsql
set search_path = ''
as $$
declare
  payload jsonb := coalesce(envelope -> 'payload', '{}'::jsonb);
  uid uuid;
  tpl notifications.templates;
  context jsonb := '{}'::jsonb;
  vars jsonb;
  link text;
begin
  if not coalesce(private.json_has_type(payload -> 'user_id', 'uuid'), false) then
    return; -- not addressed to a user
  end if;
  uid := (payload ->> 'user_id')::uuid;

  select t.* into tpl
  from notifications.templates t
  where t.event_type = envelope ->> 'event_type'
    and (t.condition is null or coalesce(jsonb_path_match(payload, t.condition, '{}', true), false))
  order by t.priority, t.variant
  limit 1;
  if not found or not ('in_app' = any (tpl.channels)) then
    return; -- nothing to tell in app about this event: archive it
  end if;

  if not exists (select 1 from auth.users u where u.id = uid) then
    return; -- the account is gone
  end if;
  if exists (select 1 from public.notification_preferences p where p.user_id = uid and not p.in_app) then
    return; -- in-app notifications are off (Settings › Notifications & privacy)
  end if;

  if tpl.context_function is not null then
    execute format('select %s($1)', to_regprocedure(tpl.context_function || '(jsonb)')::regproc) into context using payload;
  end if;
  vars := jsonb_build_object('payload', payload, 'context', coalesce(context, '{}'::jsonb));
  link := notifications.render(tpl.link_template, vars, true);

  insert into public.notifications (user_id, type, title, body, payload_json, link_url, event_id, created_at)
  values (
    uid,
    tpl.notification_type,
    left(notifications.render(tpl.title_template, vars), 300), -- a long name or reason must not lose the notification
    nullif(left(notifications.render(tpl.body_template, vars), 1000), ''),
    payload,
    case when char_length(link) <= 512 then link end,
    (envelope ->> 'event_id')::numeric::bigint,
    coalesce(case when private.is_iso_timestamp(envelope ->> 'emitted_at') then (envelope ->> 'emitted_at')::timestamptz end, now())
  )
  on conflict on constraint notifications_user_id_event_id_key do nothing;
end;
$$;
comment on function notifications.handle_event(jsonb) is
  'Handler of the notifications queue (sql consumer): turns one event envelope into at most one notification for payload.user_id from the first matching notifications.templates variant; skips types without a matching in-app template, deleted users and users with in-app notifications off; idempotent per (user, event).';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.notifications from public, anon, authenticated, service_role;
grant select on table public.notifications to authenticated;
-- Column grant: a user changes nothing but the read flag (read_at follows by trigger).
grant update (read) on table public.notifications to authenticated;
grant all on table public.notifications to service_role;

revoke all on table public.notification_preferences from public, anon, authenticated, service_role;
grant select on table public.notification_preferences to authenticated;
grant insert (user_id, email_digest, in_app, product_updates), update (email_digest, in_app, product_updates, updated_at)
  on table public.notification_preferences to authenticated;
grant all on table public.notification_preferences to service_role;

revoke all on table notifications.templates from public, anon, authenticated, service_role;

revoke all on function private.notifications_stamp_read() from public, anon;
grant execute on function private.notifications_stamp_read() to authenticated, service_role;

revoke all on function
  notifications.url_encode(text),
  notifications.placeholder_pattern(),
  notifications.template_errors(text),
  notifications.render(text, jsonb, boolean),
  notifications.register_template(text, text, text, text, text, jsonpath, integer, text, text[], text),
  notifications.handle_event(jsonb)
  from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Queues: the notifications queue's consumer (its routes come with each stack's templates)
-- ---------------------------------------------------------------------------------------------
-- A batch of 200: a first import emits repo.detected per repository (skipped here, cheaply), and
-- the import's own notification should not wait minutes behind them.
select private.register_consumer('notifications', 'sql', 'notifications.handle_event',
  max_attempts => 5, visibility_timeout_s => 60, batch_size => 200, enabled => true,
  description => 'Notifications stack: in-app notifications (notifications.handle_event) from the templates each stack registers.');
