-- =============================================================================================
-- Event bus: EventBridge-style routing onto pgmq queues, an admin-readable event log, and the one
-- consumer pattern of the platform (SQL consumers run by pg_cron; runner consumers follow the same
-- contract from Node). Vocabulary and rules: docs/events.md.
--
--   private.emit(type, payload)      validate → public.event_log row → pgmq.send to every routed
--                                    queue, all inside the caller's transaction
--   private.run_sql_consumers()      pg_cron, every minute: each enabled 'sql' consumer
--   private.run_sql_consumer(queue)  read → validate → receipt → handler → archive (one
--                                    subtransaction per message); failure → set_vt(back-off);
--                                    after max_attempts → private.dead_letters + archive
--   private.dead_letter(...)         the same dead-letter step for runner consumers
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Extensions (already present on hosted Supabase once enabled, and in the devstack bootstrap)
-- ---------------------------------------------------------------------------------------------
create extension if not exists pgmq;
create extension if not exists pg_cron with schema pg_catalog;

-- ---------------------------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------------------------

-- private.event_payload_schema: {"required": {key: type}, "optional": {key: type}} where type is
-- one of the names private.json_has_type() understands. Both members are optional objects.
create domain private.event_payload_schema as jsonb
  not null
  default '{}'::jsonb
  check (
    jsonb_typeof(value) = 'object'
    and (value - 'required' - 'optional') = '{}'::jsonb
    and jsonb_typeof(coalesce(value -> 'required', '{}'::jsonb)) = 'object'
    and jsonb_typeof(coalesce(value -> 'optional', '{}'::jsonb)) = 'object'
    and not jsonb_path_exists(value, '$.*.* ? (@.type() != "string")')
    and not jsonb_path_exists(
      value,
      '$.*.* ? (!(@ == "string" || @ == "uuid" || @ == "timestamptz" || @ == "integer" || @ == "number"
                || @ == "boolean" || @ == "object" || @ == "array" || @ == "string[]" || @ == "uuid[]"))'
    )
  );
comment on domain private.event_payload_schema is
  'Payload contract of an event type: {"required": {key: type}, "optional": {key: type}}; types: string, uuid, timestamptz, integer, number, boolean, object, array, string[], uuid[]. Extra payload keys are allowed.';

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------

-- The event catalogue (like EventBridge's schema registry).
create table private.event_types (
  event_type text primary key check (event_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' and char_length(event_type) <= 100),
  description text not null check (char_length(description) between 1 and 500),
  payload_schema private.event_payload_schema,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table private.event_types is
  'Every event the platform emits: dotted name (domain.thing.happened), what it means, and the payload contract private.emit() enforces. Registered by the migration of the emitting stack (private.register_event_type).';
comment on column private.event_types.payload_schema is
  'Required/optional payload keys and their types (private.event_payload_schema). Only ever extend it with optional keys; a breaking change is a new event type (….v2).';

-- The routing rules: one event type fans out to every queue subscribed to it.
create table private.event_routes (
  event_type text not null references private.event_types (event_type) on delete cascade,
  queue_name text not null check (queue_name ~ '^[a-z][a-z0-9_]{0,46}$'),
  created_at timestamptz not null default now(),
  primary key (event_type, queue_name)
);
comment on table private.event_routes is
  'Routing rules (like EventBridge rules): private.emit() sends each event of event_type to every queue_name listed for it. Added by the consuming stack (private.register_route), which also creates the pgmq queue.';
create index event_routes_queue_idx on private.event_routes (queue_name);
comment on index private.event_routes_queue_idx is 'Which event types a queue receives.';

-- How each queue is consumed.
create table private.event_consumers (
  queue_name text primary key check (queue_name ~ '^[a-z][a-z0-9_]{0,46}$'),
  kind text not null check (kind in ('sql', 'runner')),
  handler text,
  description text,
  max_attempts integer not null default 5 check (max_attempts between 1 and 100),
  visibility_timeout_s integer not null default 30 check (visibility_timeout_s between 1 and 43200),
  batch_size integer not null default 20 check (batch_size between 1 and 1000),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint event_consumers_sql_handler_name check (
    kind <> 'sql' or handler is null or handler ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$'
  ),
  constraint event_consumers_enabled_sql_needs_handler check (
    not (kind = 'sql' and enabled and handler is null)
  )
);
comment on table private.event_consumers is
  'One row per consumed queue. kind sql: private.run_sql_consumers() (pg_cron, every minute) calls handler(envelope jsonb) per message. kind runner: the Node runner reads the queue itself with the same contract (docs/events.md). A consumer is enabled by the migration that ships its handler; until then its messages wait in the queue.';
comment on column private.event_consumers.handler is
  'sql: a function name schema.fn taking (envelope jsonb), run as the function owner with search_path ''''. runner: the runner module that handles the queue (informational).';
comment on column private.event_consumers.max_attempts is 'Deliveries (pgmq read_ct) before a failing message is dead-lettered.';
comment on column private.event_consumers.visibility_timeout_s is 'Seconds a read message stays invisible to other readers (the redelivery delay after a crash).';
comment on column private.event_consumers.batch_size is 'Messages read per run (sql) or per poll (runner).';
comment on column private.event_consumers.enabled is
  'false pauses the scheduled run (pg_cron / runner poll); messages keep accumulating. private.run_sql_consumer(queue) called directly still runs it.';

-- Idempotency: one receipt per (queue, event) handled.
create table private.consumer_receipts (
  queue_name text not null,
  event_id bigint not null,
  processed_at timestamptz not null default now(),
  primary key (queue_name, event_id)
);
comment on table private.consumer_receipts is
  'Idempotency receipts: written in the same transaction as a handler''s effects, so a redelivered event (same event_id) is archived without running the handler again.';
create index consumer_receipts_processed_at_idx on private.consumer_receipts (processed_at);
comment on index private.consumer_receipts_processed_at_idx is 'Retention purge (private.event_bus_retention).';

-- Messages that failed max_attempts times or could never be handled (invalid envelope).
create table private.dead_letters (
  id bigint generated always as identity primary key,
  queue_name text not null,
  msg_id bigint not null,
  event_id bigint,
  event_type text,
  message jsonb,
  error text not null,
  sqlstate text,
  attempts integer not null,
  enqueued_at timestamptz,
  dead_at timestamptz not null default now(),
  replayed_at timestamptz,
  replayed_msg_id bigint
);
comment on table private.dead_letters is
  'Messages given up on: the queue, the message as it was, the last error and SQLSTATE, and how many deliveries were tried. The message itself is archived in pgmq. Admins list them (private.admin_dead_letters) and can replay one (private.admin_replay_dead_letter).';
comment on column private.dead_letters.event_id is 'The envelope''s event_id (public.event_log.id) when the envelope had a valid one.';
comment on column private.dead_letters.attempts is 'pgmq read_ct when dead-lettered.';
comment on column private.dead_letters.replayed_msg_id is 'The msg_id of the copy sent back to the queue by a replay.';
create index dead_letters_queue_dead_at_idx on private.dead_letters (queue_name, dead_at desc);
comment on index private.dead_letters_queue_dead_at_idx is 'Admin listing per queue, newest first.';

-- Every emitted event (admins read it; nobody writes it directly).
create table public.event_log (
  id bigint generated always as identity primary key,
  event_type text not null references private.event_types (event_type),
  payload jsonb not null,
  emitted_at timestamptz not null default now(),
  actor uuid default auth.uid(),
  queues text[] not null default '{}'
);
comment on table public.event_log is
  'Every event emitted through private.emit(): its type, payload, when, by whom (auth.uid() of the emitting session, null for service/cron paths) and the queues it was sent to. id is the envelope''s event_id. Admins read all rows; nobody else reads; written only by private.emit().';
comment on column public.event_log.actor is 'auth.uid() of the session that emitted the event; null for service-role and pg_cron paths.';
comment on column public.event_log.queues is 'The queues the event was sent to (the routes at emit time).';
create index event_log_type_id_idx on public.event_log (event_type, id desc);
comment on index public.event_log_type_id_idx is 'Admin filter by event type, newest first.';
create index event_log_actor_idx on public.event_log (actor) where actor is not null;
comment on index public.event_log_actor_idx is 'Admin filter by actor.';

-- RLS: admins read everything; no policy grants anything else.
alter table public.event_log enable row level security;

create policy event_log_select_admin on public.event_log
  for select to authenticated
  using ((select private.is_admin()));
comment on policy event_log_select_admin on public.event_log is 'Admins read every event; other users see no rows.';
-- No insert/update/delete policies (and no such grants): rows come only from private.emit().

-- ---------------------------------------------------------------------------------------------
-- Functions: validation
-- ---------------------------------------------------------------------------------------------

-- private.is_iso_timestamp(value): true when value is an ISO-8601 timestamp WITH a UTC offset
-- ("2026-11-25T10:00:00Z", "2026-11-25T10:00:00.123+05:30") that PostgreSQL can parse.
create function private.is_iso_timestamp(value text)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
  if value is null
     or value !~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}(:?\d{2})?)$' then
    return false;
  end if;
  perform value::timestamptz;
  return true;
exception
  when others then
    return false;
end;
$$;
comment on function private.is_iso_timestamp(text) is
  'True when the text is an ISO-8601 timestamp with an explicit UTC offset (Z or ±hh[:mm]) that casts to timestamptz.';

-- private.json_has_type(value, type): true when the JSON value has the named payload type
-- (see private.event_payload_schema). Unknown type names are false.
create function private.json_has_type(value jsonb, type_name text)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
declare
  kind text := jsonb_typeof(value);
begin
  return case type_name
    when 'string' then kind = 'string'
    when 'uuid' then kind = 'string'
      and (value #>> '{}') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    when 'timestamptz' then kind = 'string' and private.is_iso_timestamp(value #>> '{}')
    when 'integer' then case when kind = 'number' then (value::numeric) = trunc(value::numeric) else false end
    when 'number' then kind = 'number'
    when 'boolean' then kind = 'boolean'
    when 'object' then kind = 'object'
    when 'array' then kind = 'array'
    when 'string[]' then case when kind = 'array'
      then not exists (select 1 from jsonb_array_elements(value) as e(item) where jsonb_typeof(e.item) <> 'string')
      else false end
    when 'uuid[]' then case when kind = 'array'
      then not exists (select 1 from jsonb_array_elements(value) as e(item) where not private.json_has_type(e.item, 'uuid'))
      else false end
    else false
  end;
end;
$$;
comment on function private.json_has_type(jsonb, text) is
  'True when the JSON value is of the payload type: string, uuid, timestamptz (ISO-8601 with offset), integer, number, boolean, object, array, string[], uuid[].';

-- private.payload_errors(schema, payload): the problems of a payload against an event payload
-- schema, one readable message per key ("user_id is required", "scopes must be string[]");
-- empty when it conforms. Null / JSON null values count as missing. Extra keys are allowed.
create function private.payload_errors(payload_schema jsonb, payload jsonb)
returns text[]
language plpgsql
stable
set search_path = ''
as $$
declare
  problems text[] := '{}'::text[];
  spec record;
  item jsonb;
begin
  if payload is null or jsonb_typeof(payload) <> 'object' then
    return array['payload must be a JSON object'];
  end if;
  for spec in
    select s.key, s.type_name, s.required
    from (
      select r.key, r.value #>> '{}' as type_name, true as required
      from jsonb_each(coalesce(payload_schema -> 'required', '{}'::jsonb)) r
      union all
      select o.key, o.value #>> '{}', false
      from jsonb_each(coalesce(payload_schema -> 'optional', '{}'::jsonb)) o
    ) s
    order by s.required desc, s.key
  loop
    item := payload -> spec.key;
    if item is null or item = 'null'::jsonb then
      if spec.required then
        problems := problems || format('%s is required (%s)', spec.key, spec.type_name);
      end if;
    elsif not private.json_has_type(item, spec.type_name) then
      problems := problems || format('%s must be %s', spec.key, spec.type_name);
    end if;
  end loop;
  return problems;
end;
$$;
comment on function private.payload_errors(jsonb, jsonb) is
  'Problems of a payload against an event payload schema (one message per offending key); empty array when it conforms. Extra keys are allowed; JSON null counts as missing.';

-- private.envelope_errors(message): the problems of a queue message as a consumer sees it: it
-- must be {event_id integer, event_type string, emitted_at timestamptz, payload object}, the
-- event type must be registered, and the payload must satisfy that type's current schema.
create function private.envelope_errors(message jsonb)
returns text[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  problems text[];
  type_schema jsonb;
begin
  problems := private.payload_errors(
    '{"required": {"event_id": "integer", "event_type": "string", "emitted_at": "timestamptz", "payload": "object"}}',
    message
  );
  if cardinality(problems) > 0 then
    return problems;
  end if;
  select t.payload_schema into type_schema from private.event_types t where t.event_type = message ->> 'event_type';
  if not found then
    return array[format('unknown event type "%s"', message ->> 'event_type')];
  end if;
  return array(select 'payload.' || p from unnest(private.payload_errors(type_schema, message -> 'payload')) p);
end;
$$;
comment on function private.envelope_errors(jsonb) is
  'Problems of a queue message envelope {event_id, event_type, emitted_at, payload} including its payload against the event type''s schema; empty array when valid. Runner consumers apply the same rules (zod) before handling.';

-- ---------------------------------------------------------------------------------------------
-- Functions: registration (called by migrations)
-- ---------------------------------------------------------------------------------------------

-- private.register_event_type(event_type, description, payload_schema): adds the event type or
-- updates its description and schema (idempotent).
create function private.register_event_type(event_type text, description text, payload_schema jsonb default '{}')
returns void
language sql
security definer
set search_path = ''
as $$
  insert into private.event_types (event_type, description, payload_schema)
  values (event_type, description, payload_schema)
  on conflict on constraint event_types_pkey do update
    set description = excluded.description,
        payload_schema = excluded.payload_schema,
        updated_at = now()
    where (private.event_types.description, private.event_types.payload_schema::jsonb)
      is distinct from (excluded.description, excluded.payload_schema::jsonb);
$$;
comment on function private.register_event_type(text, text, jsonb) is
  'Idempotently registers an event type with its description and payload schema (private.event_payload_schema); re-registering updates both.';

-- private.ensure_queue(queue_name): creates the pgmq queue unless it exists; grants service_role
-- the consumer privileges on its tables (idempotent).
create function private.ensure_queue(queue_name text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if queue_name is null or queue_name !~ '^[a-z][a-z0-9_]{0,46}$' then
    raise exception 'invalid queue name "%": lower-case letters, digits and _, at most 47 characters', queue_name
      using errcode = '22023';
  end if;
  if not exists (select 1 from pgmq.meta m where m.queue_name = ensure_queue.queue_name) then
    perform pgmq.create(queue_name);
  end if;
  -- What a runner consumer connected as service_role needs: read / set_vt / archive / delete.
  -- No insert into the queue: events enter only through private.emit().
  execute format('grant select, update, delete on table pgmq.%I to service_role', pgmq.format_table_name(queue_name, 'q'));
  execute format('grant select, insert on table pgmq.%I to service_role', pgmq.format_table_name(queue_name, 'a'));
end;
$$;
comment on function private.ensure_queue(text) is
  'Creates the pgmq queue (pgmq.create) unless it already exists and grants service_role what a runner consumer needs (read, set_vt, archive, delete; no send); raises 22023 for an invalid name.';

-- private.register_route(event_type, queue_name): subscribes the queue to the event type and
-- creates the queue if needed (idempotent). The event type must be registered (23503 otherwise).
create function private.register_route(event_type text, queue_name text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.ensure_queue(queue_name);
  insert into private.event_routes (event_type, queue_name)
  values (event_type, queue_name)
  on conflict do nothing;
end;
$$;
comment on function private.register_route(text, text) is
  'Idempotently routes an event type to a queue (like an EventBridge rule) and creates the pgmq queue if it does not exist.';

-- private.register_consumer(queue_name, kind, handler, …): declares how a queue is consumed
-- (upsert) and creates the queue if needed. For kind 'sql' a non-null handler must name an
-- existing function schema.fn(jsonb) (22023 otherwise).
create function private.register_consumer(
  queue_name text,
  kind text,
  handler text default null,
  max_attempts integer default 5,
  visibility_timeout_s integer default 30,
  batch_size integer default 20,
  enabled boolean default true,
  description text default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if kind = 'sql' and handler is not null and to_regprocedure(handler || '(jsonb)') is null then
    raise exception 'consumer handler % must be an existing function %(jsonb)', handler, handler
      using errcode = '22023';
  end if;
  perform private.ensure_queue(queue_name);
  insert into private.event_consumers as c
    (queue_name, kind, handler, max_attempts, visibility_timeout_s, batch_size, enabled, description)
  values (queue_name, kind, handler, max_attempts, visibility_timeout_s, batch_size, enabled, description)
  on conflict on constraint event_consumers_pkey do update
    set kind = excluded.kind,
        handler = excluded.handler,
        max_attempts = excluded.max_attempts,
        visibility_timeout_s = excluded.visibility_timeout_s,
        batch_size = excluded.batch_size,
        enabled = excluded.enabled,
        description = coalesce(excluded.description, c.description),
        updated_at = now();
end;
$$;
comment on function private.register_consumer(text, text, text, integer, integer, integer, boolean, text) is
  'Idempotently declares the consumer of a queue (kind sql|runner, handler, max_attempts, visibility timeout, batch size, enabled) and creates the queue if needed. A sql handler must be an existing function schema.fn(jsonb).';

-- ---------------------------------------------------------------------------------------------
-- Functions: emitting
-- ---------------------------------------------------------------------------------------------

-- private.emit(event_type, payload) → event id. Validates the type and payload (22023 with every
-- problem listed otherwise, nothing written), appends public.event_log, and sends the envelope
-- {event_id, event_type, payload, emitted_at} to every queue routed for the type — all in the
-- caller's transaction: a rolled-back write sends nothing, a committed one is never lost.
create function private.emit(event_type text, payload jsonb)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  type_schema jsonb;
  problems text[];
  routed text[];
  queue text;
  event_id bigint;
  at timestamptz := now();
  envelope jsonb;
begin
  select t.payload_schema into type_schema from private.event_types t where t.event_type = emit.event_type;
  if not found then
    raise exception 'unknown event type "%"', event_type
      using errcode = '22023', hint = 'Register it with private.register_event_type() in a migration.';
  end if;
  problems := private.payload_errors(type_schema, payload);
  if cardinality(problems) > 0 then
    raise exception 'invalid payload for %: %', event_type, array_to_string(problems, '; ')
      using errcode = '22023', detail = to_jsonb(problems)::text;
  end if;

  select coalesce(array_agg(r.queue_name order by r.queue_name), '{}') into routed
  from private.event_routes r where r.event_type = emit.event_type;

  insert into public.event_log (event_type, payload, emitted_at, queues)
  values (event_type, payload, at, routed)
  returning id into event_id;

  envelope := jsonb_build_object('event_id', event_id, 'event_type', event_type, 'payload', payload, 'emitted_at', at);
  foreach queue in array routed loop
    perform pgmq.send(queue, envelope);
  end loop;
  return event_id;
end;
$$;
comment on function private.emit(text, jsonb) is
  'Emits an event inside the caller''s transaction: validates type and payload (SQLSTATE 22023, nothing written), logs it in public.event_log (actor = auth.uid()), sends {event_id, event_type, payload, emitted_at} to every routed pgmq queue; returns the event id. Callable by service_role and by security-definer functions and triggers; never by a user session (authenticated), which could otherwise assert events for any user.';

-- ---------------------------------------------------------------------------------------------
-- Functions: consuming
-- ---------------------------------------------------------------------------------------------

-- private.backoff_seconds(attempt): the retry delay after the attempt-th failed delivery:
-- 5 · 2^attempt seconds, capped at 600 (1 → 10 s, 2 → 20 s, 3 → 40 s, … 7+ → 600 s).
create function private.backoff_seconds(attempt integer)
returns integer
language sql
immutable
set search_path = ''
as $$
  select least(5 * power(2, least(greatest(coalesce(attempt, 0), 0), 10))::integer, 600);
$$;
comment on function private.backoff_seconds(integer) is
  'Retry delay in seconds after the given failed delivery (pgmq read_ct): min(5 * 2^attempt, 600). Used with pgmq.set_vt by SQL and runner consumers.';

-- private.dead_letter(queue_name, msg_id, error, error_code) → dead letter id. Records the message
-- (as it is in the queue, with read_ct as attempts) in private.dead_letters and archives it.
-- P0002 when the queue or the message does not exist (already archived or deleted).
create function private.dead_letter(queue_name text, msg_id bigint, error text, error_code text default null)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  m pgmq.message_record;
  letter_id bigint;
begin
  if not exists (select 1 from pgmq.meta q where q.queue_name = dead_letter.queue_name) then
    raise exception 'queue "%" does not exist', queue_name using errcode = 'P0002';
  end if;
  execute format(
    'select msg_id, read_ct, enqueued_at, last_read_at, vt, message, headers from pgmq.%I where msg_id = $1 for update',
    pgmq.format_table_name(queue_name, 'q')
  ) into m using msg_id;
  if m.msg_id is null then
    raise exception 'message % not found in queue "%"', msg_id, queue_name using errcode = 'P0002';
  end if;

  insert into private.dead_letters (queue_name, msg_id, event_id, event_type, message, error, sqlstate, attempts, enqueued_at)
  values (
    queue_name,
    m.msg_id,
    case when jsonb_typeof(m.message -> 'event_id') = 'number' and (m.message ->> 'event_id') ~ '^\d{1,18}$'
      then (m.message ->> 'event_id')::bigint end,
    case when jsonb_typeof(m.message -> 'event_type') = 'string' then left(m.message ->> 'event_type', 200) end,
    m.message,
    left(coalesce(nullif(error, ''), 'unknown error'), 4000),
    error_code,
    m.read_ct,
    m.enqueued_at
  )
  returning id into letter_id;

  perform pgmq.archive(queue_name, m.msg_id);
  return letter_id;
end;
$$;
comment on function private.dead_letter(text, bigint, text, text) is
  'Gives up on a queue message: records it with the error, SQLSTATE and attempts (read_ct) in private.dead_letters and archives it; returns the dead letter id. P0002 if the queue or message does not exist. For runner consumers after max_attempts (service_role); the SQL consumer uses it too.';

-- private.claim_receipt(queue_name, event_id) → true the first time this queue handles this
-- event, false for a redelivery. Call it in the transaction that writes the handler's effects.
create function private.claim_receipt(queue_name text, event_id bigint)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.consumer_receipts (queue_name, event_id)
  values (queue_name, event_id)
  on conflict do nothing;
  return found;
end;
$$;
comment on function private.claim_receipt(text, bigint) is
  'Idempotency: inserts the (queue, event_id) receipt and returns true, or returns false when this queue already handled the event. Its effect commits or rolls back with the caller''s transaction.';

-- private.run_sql_consumer(queue_name) → {queue, read, processed, duplicates, retried,
-- dead_lettered}. Reads up to batch_size visible messages (vt = visibility_timeout_s) and handles
-- each in its own subtransaction: envelope invalid → dead letter now (it can never succeed);
-- receipt already there → archive (redelivery, no-op); else handler(envelope), then archive —
-- the handler's writes, the receipt and the archive commit together (exactly-once effect).
-- A handler error rolls back the subtransaction; then read_ct ≥ max_attempts → dead letter,
-- else pgmq.set_vt(backoff_seconds(read_ct)). Runs regardless of `enabled` (the scheduler
-- checks that). 22023 for an unknown or non-sql consumer; P0002 when its handler is missing.
create function private.run_sql_consumer(queue_name text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  consumer private.event_consumers;
  handler_call text;
  m pgmq.message_record;
  problems text[];
  err_text text;
  err_state text;
  n_read integer := 0;
  n_processed integer := 0;
  n_duplicates integer := 0;
  n_retried integer := 0;
  n_dead integer := 0;
begin
  select * into consumer from private.event_consumers c where c.queue_name = run_sql_consumer.queue_name;
  if not found or consumer.kind <> 'sql' then
    raise exception 'no sql consumer for queue "%"', queue_name using errcode = '22023';
  end if;
  select format('select %I.%I($1)', n.nspname, p.proname) into handler_call
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where p.oid = to_regprocedure(consumer.handler || '(jsonb)');
  if handler_call is null then
    raise exception 'handler %(jsonb) of queue "%" does not exist', coalesce(consumer.handler, '(none)'), queue_name
      using errcode = 'P0002';
  end if;

  for m in select * from pgmq.read(queue_name, consumer.visibility_timeout_s, consumer.batch_size) loop
    n_read := n_read + 1;
    begin
      problems := private.envelope_errors(m.message);
      if cardinality(problems) > 0 then
        perform private.dead_letter(queue_name, m.msg_id,
          'invalid envelope: ' || array_to_string(problems, '; '), '22023');
        n_dead := n_dead + 1;
      elsif m.read_ct > consumer.max_attempts then
        -- Delivered more often than allowed without finishing (a consumer kept dying mid-message).
        perform private.dead_letter(queue_name, m.msg_id,
          format('gave up after %s deliveries without completion', m.read_ct - 1), null);
        n_dead := n_dead + 1;
      elsif not private.claim_receipt(queue_name, (m.message ->> 'event_id')::numeric::bigint) then
        perform pgmq.archive(queue_name, m.msg_id);
        n_duplicates := n_duplicates + 1;
      else
        execute handler_call using m.message;
        perform pgmq.archive(queue_name, m.msg_id);
        n_processed := n_processed + 1;
      end if;
    exception
      when others then
        get stacked diagnostics err_text = message_text, err_state = returned_sqlstate;
        if m.read_ct >= consumer.max_attempts then
          perform private.dead_letter(queue_name, m.msg_id, err_text, err_state);
          n_dead := n_dead + 1;
        else
          perform pgmq.set_vt(queue_name, m.msg_id, private.backoff_seconds(m.read_ct));
          n_retried := n_retried + 1;
        end if;
    end;
  end loop;

  return jsonb_build_object(
    'queue', queue_name, 'read', n_read, 'processed', n_processed, 'duplicates', n_duplicates,
    'retried', n_retried, 'dead_lettered', n_dead
  );
end;
$$;
comment on function private.run_sql_consumer(text) is
  'Runs one batch of a sql consumer: per message (own subtransaction) validate envelope → idempotency receipt → handler(envelope) → pgmq.archive; on handler error set_vt(backoff_seconds(read_ct)) or, at max_attempts, private.dead_letter; invalid envelopes are dead-lettered at once. Returns {queue, read, processed, duplicates, retried, dead_lettered}. Ignores enabled (the scheduler checks it).';

-- private.run_sql_consumers() → [run_sql_consumer result, …]: one batch of every enabled sql
-- consumer, in queue order. A consumer that cannot run (missing handler, dropped queue) is
-- reported as {queue, error, sqlstate} with a WARNING and does not stop the others. pg_cron runs
-- it every minute (job event-bus-sql-consumers).
create function private.run_sql_consumers()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  consumer record;
  results jsonb := '[]'::jsonb;
  err_text text;
  err_state text;
begin
  for consumer in
    select c.queue_name from private.event_consumers c where c.kind = 'sql' and c.enabled order by c.queue_name
  loop
    begin
      results := results || jsonb_build_array(private.run_sql_consumer(consumer.queue_name));
    exception
      when others then
        get stacked diagnostics err_text = message_text, err_state = returned_sqlstate;
        raise warning 'event bus consumer %: % (%)', consumer.queue_name, err_text, err_state;
        results := results || jsonb_build_array(
          jsonb_build_object('queue', consumer.queue_name, 'error', err_text, 'sqlstate', err_state));
    end;
  end loop;
  return results;
end;
$$;
comment on function private.run_sql_consumers() is
  'pg_cron entry point (every minute): runs one batch of every enabled sql consumer via private.run_sql_consumer; a failing consumer is reported (WARNING + {queue, error, sqlstate}) without stopping the others.';

-- private.event_bus_retention(keep) → {archived_deleted, receipts_deleted}: deletes archived
-- messages of every event-bus queue and idempotency receipts older than `keep`. Event log and
-- dead letters are kept. pg_cron runs it nightly (job event-bus-retention).
create function private.event_bus_retention(keep interval default interval '30 days')
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  queue text;
  n bigint;
  archived_deleted bigint := 0;
  receipts_deleted bigint;
begin
  if keep is null or keep < interval '1 day' then
    raise exception 'retention must be at least 1 day' using errcode = '22023';
  end if;
  for queue in
    select q.queue_name from (
      select r.queue_name from private.event_routes r
      union
      select c.queue_name from private.event_consumers c
    ) q
    where exists (select 1 from pgmq.meta m where m.queue_name = q.queue_name)
    order by 1
  loop
    execute format('delete from pgmq.%I where archived_at < now() - $1', pgmq.format_table_name(queue, 'a'))
      using keep;
    get diagnostics n = row_count;
    archived_deleted := archived_deleted + n;
  end loop;
  delete from private.consumer_receipts r where r.processed_at < now() - keep;
  get diagnostics receipts_deleted = row_count;
  return jsonb_build_object('archived_deleted', archived_deleted, 'receipts_deleted', receipts_deleted);
end;
$$;
comment on function private.event_bus_retention(interval) is
  'Deletes pgmq archive rows of event-bus queues and consumer receipts older than keep (default 30 days, at least 1 day); keeps event_log and dead letters. Returns {archived_deleted, receipts_deleted}. Nightly pg_cron job event-bus-retention.';

-- ---------------------------------------------------------------------------------------------
-- Functions: admin (called inside asUser; re-check the role)
-- ---------------------------------------------------------------------------------------------

-- private.admin_dead_letters(queue_name, max_rows, skip_rows): dead letters newest first,
-- optionally for one queue. 42501 unless the caller is an admin.
create function private.admin_dead_letters(queue_name text default null, max_rows integer default 50, skip_rows integer default 0)
returns setof private.dead_letters
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception 'only admins can read dead letters' using errcode = '42501';
  end if;
  return query
    select d.* from private.dead_letters d
    where admin_dead_letters.queue_name is null or d.queue_name = admin_dead_letters.queue_name
    order by d.dead_at desc, d.id desc
    limit least(greatest(coalesce(max_rows, 50), 1), 500)
    offset greatest(coalesce(skip_rows, 0), 0);
end;
$$;
comment on function private.admin_dead_letters(text, integer, integer) is
  'Admins only (42501 otherwise): dead letters newest first, optionally of one queue; max_rows 1..500 (default 50), skip_rows for paging.';

-- private.admin_replay_dead_letter(id) → new msg_id: sends the dead message back to its queue
-- (fresh read_ct) and marks the letter replayed. Admins only (42501); P0002 unknown id;
-- PT409 when it was already replayed.
create function private.admin_replay_dead_letter(id bigint)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  letter private.dead_letters;
  new_msg_id bigint;
begin
  if not private.is_admin() then
    raise exception 'only admins can replay dead letters' using errcode = '42501';
  end if;
  select * into letter from private.dead_letters d where d.id = admin_replay_dead_letter.id for update;
  if not found then
    raise exception 'dead letter % not found', id using errcode = 'P0002';
  end if;
  if letter.replayed_at is not null then
    raise exception 'dead letter % was already replayed', id using errcode = 'PT409';
  end if;
  perform private.ensure_queue(letter.queue_name);
  select * into new_msg_id from pgmq.send(letter.queue_name, letter.message);
  update private.dead_letters d set replayed_at = now(), replayed_msg_id = new_msg_id where d.id = letter.id;
  return new_msg_id;
end;
$$;
comment on function private.admin_replay_dead_letter(bigint) is
  'Admins only (42501): re-sends a dead-lettered message to its queue and marks it replayed; returns the new msg_id. P0002 unknown id, PT409 already replayed. The consumer''s receipts keep a replay from repeating an effect that did happen.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table private.event_types, private.event_routes, private.event_consumers,
  private.consumer_receipts, private.dead_letters from public, anon, authenticated, service_role;
-- Runners read their consumer settings (max_attempts, visibility timeout, batch size, enabled)
-- and use pgmq as service_role (per-queue table grants come from private.ensure_queue).
grant select on table private.event_consumers to service_role;
grant usage on schema pgmq to service_role;

revoke all on table public.event_log from public, anon, authenticated, service_role;
grant select on table public.event_log to authenticated, service_role;

revoke all on function
  private.is_iso_timestamp(text),
  private.json_has_type(jsonb, text),
  private.payload_errors(jsonb, jsonb),
  private.envelope_errors(jsonb),
  private.register_event_type(text, text, jsonb),
  private.ensure_queue(text),
  private.register_route(text, text),
  private.register_consumer(text, text, text, integer, integer, integer, boolean, text),
  private.emit(text, jsonb),
  private.backoff_seconds(integer),
  private.dead_letter(text, bigint, text, text),
  private.claim_receipt(text, bigint),
  private.run_sql_consumer(text),
  private.run_sql_consumers(),
  private.event_bus_retention(interval),
  private.admin_dead_letters(text, integer, integer),
  private.admin_replay_dead_letter(bigint)
  from public, anon, authenticated, service_role;

-- Emitting: service_role only (the runner, the functions' service path and _shared/events.ts's
-- emit). A user session (authenticated) never gets it: an event is a fact the platform asserts,
-- and a session could otherwise assert one for any user (another user's inbox) or forge one for
-- itself (a "connected" or "uploaded" that never happened). User writes that emit do so from
-- security-definer functions and triggers that take the user from auth.uid() or the written row.
grant execute on function private.emit(text, jsonb) to service_role;
-- Runner consumers (service_role): validation, back-off, idempotency receipts, dead letters.
grant execute on function
  private.envelope_errors(jsonb),
  private.payload_errors(jsonb, jsonb),
  private.backoff_seconds(integer),
  private.claim_receipt(text, bigint),
  private.dead_letter(text, bigint, text, text)
  to service_role;
-- Helpers evaluated inside the functions above when a non-owner calls them directly.
grant execute on function private.json_has_type(jsonb, text), private.is_iso_timestamp(text) to service_role;
-- Admin functions re-check private.is_admin().
grant execute on function
  private.admin_dead_letters(text, integer, integer),
  private.admin_replay_dead_letter(bigint)
  to authenticated;

-- ---------------------------------------------------------------------------------------------
-- Cron (idempotent: unschedule if present, then schedule)
-- ---------------------------------------------------------------------------------------------
do $$
begin
  if exists (select 1 from cron.job where jobname = 'event-bus-sql-consumers') then
    perform cron.unschedule('event-bus-sql-consumers');
  end if;
  perform cron.schedule('event-bus-sql-consumers', '* * * * *', 'select private.run_sql_consumers()');

  if exists (select 1 from cron.job where jobname = 'event-bus-retention') then
    perform cron.unschedule('event-bus-retention');
  end if;
  perform cron.schedule('event-bus-retention', '17 3 * * *', 'select private.event_bus_retention()');
end
$$;
