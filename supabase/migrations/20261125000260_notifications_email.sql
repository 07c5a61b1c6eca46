-- =============================================================================================
-- Notifications stack, the email channel: templates may name `email` besides `in_app`; the
-- notifications consumer records each email to send in an outbox (public.notification_deliveries,
-- one row per notification and channel) and emits notifications.email.requested; the runner's
-- `notifications_email` consumer sends it over SMTP (scraper-runner/src/email/).
--
--   public.notification_preferences.email_notifications   the user's master switch for instant
--                                          notification emails (Settings › Notifications & privacy)
--   public.notification_channel_preferences   per notification type and channel overrides: the
--                                          one-click unsubscribe turns (type, email) off here
--   public.notification_deliveries         the outbox: state pending → sending → sent (or skipped /
--                                          failed), a deterministic Message-ID, attempts, last error
--   notifications.set_template_channels(event_type, variant, channels)   lets a stack's migration
--                                          choose the channels of a template already registered
--   private.unsubscribe_email(user_id, notification_type)   what the unsubscribe route calls once
--                                          it has verified the signed token
--
-- Exactly once: the delivery row is unique per (notification_id, channel) and per
-- (user_id, event_id, channel); the runner commits `sending` before it talks SMTP and `sent`
-- right after the server accepted the message; a redelivered message whose row is `sent` sends
-- nothing; one that finds `sending` (the runner died between the two) sends again with the SAME
-- Message-ID, which receiving mailboxes treat as the same message.
--
-- Scheduled report emails (report.ready, daily/weekly summaries: email_digest) are the reports
-- stack's: it registers its own template with channels '{email}' (or its own runner consumer)
-- and reads the same preferences.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
alter table notifications.templates drop constraint templates_channels_check;
alter table notifications.templates add constraint templates_channels_check
  check (cardinality(channels) >= 1 and channels <@ '{in_app,email}'::text[]);
comment on column notifications.templates.channels is
  'Where it is delivered: in_app (public.notifications) and/or email (public.notification_deliveries, sent by the runner).';

alter table public.notification_preferences
  add column email_notifications boolean not null default true;
comment on column public.notification_preferences.email_notifications is
  'False: no instant notification emails at all (per-type choices are in notification_channel_preferences). Digests follow email_digest.';

create table public.notification_channel_preferences (
  user_id uuid not null references auth.users (id) on delete cascade,
  notification_type text not null
    check (notification_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' and char_length(notification_type) <= 100),
  channel text not null check (channel in ('email')),
  enabled boolean not null,
  updated_at timestamptz not null default now(),
  primary key (user_id, notification_type, channel)
);
comment on table public.notification_channel_preferences is
  'Per user, notification type and channel: whether that type may use that channel (no row: yes, if the channel''s master switch is on). The one-click unsubscribe writes enabled = false here; the owner reads and changes their rows.';
comment on column public.notification_channel_preferences.channel is 'Only email has per-type choices.';

create table public.notification_deliveries (
  id uuid primary key default gen_random_uuid(),
  notification_id uuid not null,
  channel text not null check (channel in ('email')),
  user_id uuid not null references auth.users (id) on delete cascade,
  event_id bigint,
  notification_type text not null,
  title text not null,
  body text,
  link_url text,
  state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'skipped', 'failed')),
  message_id text not null unique,
  attempts integer not null default 0 check (attempts >= 0),
  last_error text check (last_error is null or char_length(last_error) <= 1000),
  created_at timestamptz not null default now(),
  sending_at timestamptz,
  sent_at timestamptz,
  constraint notification_deliveries_notification_channel_key unique (notification_id, channel),
  constraint notification_deliveries_user_event_channel_key unique (user_id, event_id, channel)
);
comment on table public.notification_deliveries is
  'Outbox of notifications sent outside the app (email): one row per notification and channel, written by notifications.handle_event with the rendered text, advanced by the runner (pending → sending before the SMTP call → sent after it). Service role only.';
comment on column public.notification_deliveries.notification_id is
  'The notification''s id: public.notifications.id when it is also shown in app (no foreign key: a user with in-app notifications off still gets the email).';
comment on column public.notification_deliveries.message_id is
  'The RFC 5322 Message-ID, fixed when the row is written (<notification_id.channel@careerpilot.local>): a resend after a crash is the same message to the receiver.';
comment on column public.notification_deliveries.state is
  'pending (queued), sending (committed before the SMTP call), sent (the server accepted it), skipped (preferences changed or no address by send time), failed (gave up).';
comment on column public.notification_deliveries.attempts is 'SMTP attempts started (a value above 1 means a retry).';

create index notification_deliveries_user_idx on public.notification_deliveries (user_id, created_at desc);

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.notification_channel_preferences enable row level security;

create policy notification_channel_preferences_select_own on public.notification_channel_preferences
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy notification_channel_preferences_select_own on public.notification_channel_preferences is
  'A user reads their own per-type channel choices.';
create policy notification_channel_preferences_insert_own on public.notification_channel_preferences
  for insert to authenticated with check (user_id = (select auth.uid()));
comment on policy notification_channel_preferences_insert_own on public.notification_channel_preferences is
  'A user saves choices for themself only.';
create policy notification_channel_preferences_update_own on public.notification_channel_preferences
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
comment on policy notification_channel_preferences_update_own on public.notification_channel_preferences is
  'A user changes their own choices (e.g. turns an unsubscribed type back on).';

-- The outbox is the runner's (service role): no policy, so sessions see nothing.
alter table public.notification_deliveries enable row level security;

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- notifications.set_template_channels(event_type, variant, channels): the delivery channels of a
-- template variant, whether it is registered already or later (migrations run in timestamp
-- order, so a stack may opt a variant into email before or after that variant's
-- register_template). Kept in notifications.template_channels, which register_template consults,
-- so re-registering a variant keeps its channels. Raises 23514 for an unknown channel.
create table notifications.template_channels (
  event_type text not null,
  variant text not null,
  channels text[] not null check (cardinality(channels) >= 1 and channels <@ '{in_app,email}'::text[]),
  primary key (event_type, variant)
);
comment on table notifications.template_channels is
  'Channels chosen for a template variant by notifications.set_template_channels; applied to notifications.templates now and whenever the variant is (re)registered.';
revoke all on table notifications.template_channels from public, anon, authenticated, service_role;

create function notifications.set_template_channels(event_type text, variant text, channels text[])
returns void
language plpgsql
set search_path = ''
as $$
begin
  insert into notifications.template_channels as c (event_type, variant, channels)
  values (set_template_channels.event_type, set_template_channels.variant, set_template_channels.channels)
  on conflict on constraint template_channels_pkey do update set channels = excluded.channels;
  update notifications.templates t
     set channels = set_template_channels.channels, updated_at = now()
   where t.event_type = set_template_channels.event_type and t.variant = set_template_channels.variant;
end;
$$;
comment on function notifications.set_template_channels(text, text, text[]) is
  'Migrations: the delivery channels ({in_app}, {in_app,email}, {email}) of a template variant, registered now or later.';

-- notifications.apply_template_channels(): after each register_template (trigger), the channels
-- set_template_channels chose for that variant win over the registration's default.
create function notifications.apply_template_channels()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  select c.channels into new.channels
    from notifications.template_channels c
   where c.event_type = new.event_type and c.variant = new.variant;
  if not found then
    new.channels := coalesce(new.channels, '{in_app}');
  end if;
  return new;
end;
$$;
comment on function notifications.apply_template_channels() is
  'Trigger: before insert/update of notifications.templates, channels from notifications.template_channels when chosen there.';

create trigger templates_apply_channels
  before insert or update on notifications.templates
  for each row execute function notifications.apply_template_channels();
comment on trigger templates_apply_channels on notifications.templates is
  'A variant opted into email by set_template_channels stays so when it is registered again.';

-- notifications.email_allowed(user_id, notification_type): whether the user takes emails of this
-- type now: the master switch (email_notifications, default on) and no (type, email) opt-out.
create function notifications.email_allowed(uid uuid, notification_type text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((select p.email_notifications from public.notification_preferences p where p.user_id = uid), true)
     and coalesce((select c.enabled from public.notification_channel_preferences c
                    where c.user_id = uid and c.notification_type = email_allowed.notification_type
                      and c.channel = 'email'), true);
$$;
comment on function notifications.email_allowed(uuid, text) is
  'True when the user takes instant emails of this notification type: email_notifications on (default) and no per-type email opt-out.';

-- notifications.handle_event(envelope): as before (one in-app notification per user and event from
-- the first matching template, honouring in_app), and now also the email channel: when the
-- template names email and notifications.email_allowed, one outbox row with the same rendered
-- text and notifications.email.requested for the runner. Either channel may be off on its own.
create or replace function notifications.handle_event(envelope jsonb)
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
  title text;
  body text;
  ev_id bigint := (envelope ->> 'event_id')::numeric::bigint;
  nid uuid := gen_random_uuid();
  in_app boolean;
  email boolean;
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
  if not found then
    return; -- nothing to tell about this event: archive it
  end if;
  if not exists (select 1 from auth.users u where u.id = uid) then
    return; -- the account is gone
  end if;

  in_app := 'in_app' = any (tpl.channels)
    and not exists (select 1 from public.notification_preferences p where p.user_id = uid and not p.in_app);
  email := 'email' = any (tpl.channels) and notifications.email_allowed(uid, tpl.notification_type);
  if not in_app and not email then
    return; -- every channel of this template is off for the user
  end if;

  if tpl.context_function is not null then
    execute format('select %s($1)', to_regprocedure(tpl.context_function || '(jsonb)')::regproc) into context using payload;
  end if;
  vars := jsonb_build_object('payload', payload, 'context', coalesce(context, '{}'::jsonb));
  link := notifications.render(tpl.link_template, vars, true);
  link := case when char_length(link) <= 512 then link end;
  title := left(notifications.render(tpl.title_template, vars), 300); -- a long name must not lose the notification
  body := nullif(left(notifications.render(tpl.body_template, vars), 1000), '');

  if in_app then
    insert into public.notifications (id, user_id, type, title, body, payload_json, link_url, event_id, created_at)
    values (
      nid, uid, tpl.notification_type, title, body, payload, link, ev_id,
      coalesce(case when private.is_iso_timestamp(envelope ->> 'emitted_at') then (envelope ->> 'emitted_at')::timestamptz end, now())
    )
    on conflict on constraint notifications_user_id_event_id_key do nothing;
    if not found then
      select n.id into nid from public.notifications n where n.user_id = uid and n.event_id = ev_id;
    end if;
  end if;

  if email then
    insert into public.notification_deliveries
      (notification_id, channel, user_id, event_id, notification_type, title, body, link_url, message_id)
    values (nid, 'email', uid, ev_id, tpl.notification_type, title, body, link,
            format('<%s.email@careerpilot.local>', nid))
    on conflict do nothing;
    if found then
      perform private.emit('notifications.email.requested',
        jsonb_build_object('user_id', uid, 'notification_id', nid));
    end if;
  end if;
end;
$$;
comment on function notifications.handle_event(jsonb) is
  'Handler of the notifications queue (sql consumer): from the first matching notifications.templates variant, at most one in-app notification (honouring in_app) and at most one email delivery (honouring email_notifications and per-type opt-outs, emitting notifications.email.requested) per (user, event); skips deleted users.';

-- private.unsubscribe_email(user_id, notification_type): turns that type's email channel off for
-- the user (the one-click unsubscribe, after the route verified the signed token). Idempotent.
-- Returns false when the user no longer exists.
create function private.unsubscribe_email(uid uuid, notification_type text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not exists (select 1 from auth.users u where u.id = uid) then
    return false;
  end if;
  insert into public.notification_channel_preferences (user_id, notification_type, channel, enabled)
  values (uid, unsubscribe_email.notification_type, 'email', false)
  on conflict on constraint notification_channel_preferences_pkey do update set enabled = false, updated_at = now();
  return true;
end;
$$;
comment on function private.unsubscribe_email(uuid, text) is
  'One-click unsubscribe: (user, notification type, email) off. Service role only; the caller has verified a token signed for that user and type.';

-- private.notification_email_begin(notification_id): the runner's step before the SMTP call, in a
-- transaction of its own that commits first. Locks the email outbox row and returns it with the
-- recipient and `resend` (true when an earlier attempt reached `sending` and never recorded its
-- end: the runner died mid-send). A row that is sent, skipped or failed is returned unchanged (the
-- runner does nothing). When the user has no address any more or has turned this type's email off
-- since, the row becomes `skipped`. Otherwise it becomes `sending`, attempts + 1. No row: null.
create function private.notification_email_begin(nid uuid)
returns table (state text, resend boolean, recipient text, user_id uuid, notification_type text,
               title text, body text, link_url text, message_id text, attempts integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  d public.notification_deliveries;
  address text;
  was text;
begin
  select * into d from public.notification_deliveries x
   where x.notification_id = nid and x.channel = 'email' for update;
  if not found then
    return;
  end if;
  was := d.state;
  if d.state in ('pending', 'sending') then
    select u.email into address from auth.users u where u.id = d.user_id and u.deleted_at is null;
    if coalesce(address, '') = '' or not notifications.email_allowed(d.user_id, d.notification_type) then
      update public.notification_deliveries x
         set state = 'skipped',
             last_error = case when coalesce(address, '') = '' then 'the account has no email address'
                               else 'the user turned these emails off before it was sent' end
       where x.id = d.id
      returning * into d;
    else
      update public.notification_deliveries x
         set state = 'sending', attempts = x.attempts + 1, sending_at = now()
       where x.id = d.id
      returning * into d;
    end if;
  end if;
  return query select d.state, was = 'sending', address, d.user_id, d.notification_type, d.title, d.body,
                      d.link_url, d.message_id, d.attempts;
end;
$$;
comment on function private.notification_email_begin(uuid) is
  'Runner (service role), before the SMTP call: pending/sending → sending (attempts + 1) or skipped (no address, email turned off); returns the row, its recipient and whether this is a resend after a crash. Sent/skipped/failed rows are returned as they are.';

-- private.notification_email_end(notification_id, state, error): the runner's step after the
-- SMTP call: `sent` (the server accepted it), `pending` (the server refused or could not be
-- reached before the message was handed over: a retry may send it) or `failed` (given up).
-- Never moves a sent row.
create function private.notification_email_end(nid uuid, new_state text, error text default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new_state not in ('sent', 'pending', 'failed') then
    raise exception 'unknown delivery state %', new_state using errcode = '22023';
  end if;
  update public.notification_deliveries x
     set state = new_state,
         sent_at = case when new_state = 'sent' then now() else x.sent_at end,
         last_error = case when new_state = 'sent' then null else left(error, 1000) end
   where x.notification_id = nid and x.channel = 'email' and x.state <> 'sent';
end;
$$;
comment on function private.notification_email_end(uuid, text, text) is
  'Runner (service role), after the SMTP call: sent, pending (nothing was handed over; retry) or failed (given up), with the error. A sent row never changes.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
grant insert (email_notifications), update (email_notifications)
  on table public.notification_preferences to authenticated;

revoke all on table public.notification_channel_preferences from public, anon, authenticated, service_role;
grant select on table public.notification_channel_preferences to authenticated;
grant insert (user_id, notification_type, channel, enabled), update (enabled, updated_at)
  on table public.notification_channel_preferences to authenticated;
grant all on table public.notification_channel_preferences to service_role;

revoke all on table public.notification_deliveries from public, anon, authenticated, service_role;
grant select, update on table public.notification_deliveries to service_role;

revoke all on function
  notifications.set_template_channels(text, text, text[]),
  notifications.apply_template_channels(),
  notifications.email_allowed(uuid, text),
  private.unsubscribe_email(uuid, text),
  private.notification_email_begin(uuid),
  private.notification_email_end(uuid, text, text)
  from public, anon, authenticated, service_role;
grant execute on function
  private.unsubscribe_email(uuid, text),
  private.notification_email_begin(uuid),
  private.notification_email_end(uuid, text, text)
  to service_role;

-- ---------------------------------------------------------------------------------------------
-- Events and queues
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'notifications.email.requested',
  'A notification is to be emailed: its outbox row (public.notification_deliveries, channel email) is pending.',
  '{"required": {"user_id": "uuid", "notification_id": "uuid"}}'
);
select private.register_route('notifications.email.requested', 'notifications_email');
select private.register_consumer('notifications_email', 'runner', 'scraper-runner: notifications_email',
  max_attempts => 6, visibility_timeout_s => 60, batch_size => 10, enabled => true,
  description => 'Notifications stack: sends the email of a notification over SMTP (scraper-runner/src/email/), once per outbox row.');

-- What is worth an email today: access that stopped working, and a video that was refused.
select notifications.set_template_channels('integrations.token.rejected', 'github', '{in_app,email}');
select notifications.set_template_channels('integrations.token.rejected', 'pasted_token', '{in_app,email}');
select notifications.set_template_channels('project_video.processed', 'failed', '{in_app,email}');
