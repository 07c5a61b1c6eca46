-- Runner wake-up: a message sent to a queue wakes its runner loop at once.
--
-- Runner loops used to wait in pgmq.read_with_poll, each holding one of the runner's pooled
-- connections for up to RUNNER_POLL_S (5 s). Thirteen queues on a pool of six left the handlers'
-- own queries waiting behind those polls: a GitHub import that needs a few queries took 12-15 s.
-- Now a loop reads with pgmq.read (no wait, the connection is back in the pool at once) and, when
-- its queue is empty, sleeps until a NOTIFY on the queue's channel or RUNNER_POLL_S at the latest
-- (retries coming due after their back-off, a notification missed while reconnecting).
--
-- The channel is pgmq's own (pgmq.enable_notify_insert): 'pgmq.q_<queue>.INSERT'. It is sent
-- here, by the event bus, rather than by pgmq's per-queue trigger: that trigger updates one
-- throttle row per insert, which would serialise concurrent writers of the same queue.
-- NOTIFY is delivered on commit only, and once per channel per transaction.

-- private.wake_consumers(queue_name): NOTIFY on the queue's channel (delivered at commit).
create function private.wake_consumers(queue_name text)
returns void
language sql
security definer
set search_path = ''
as $$
  select pg_notify('pgmq.' || pgmq.format_table_name(queue_name, 'q') || '.INSERT', null);
$$;
comment on function private.wake_consumers(text) is
  'NOTIFY on pgmq''s insert channel of the queue (pgmq.q_<queue>.INSERT), delivered at commit: wakes the runner loops that LISTEN on it. Called by private.emit and private.admin_replay_dead_letter.';
revoke all on function private.wake_consumers(text) from public, anon, authenticated;
grant execute on function private.wake_consumers(text) to service_role;

create or replace function private.emit(event_type text, payload jsonb)
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
    perform private.wake_consumers(queue);
  end loop;
  return event_id;
end;
$$;

create or replace function private.admin_replay_dead_letter(id bigint)
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
  perform private.wake_consumers(letter.queue_name);
  update private.dead_letters d set replayed_at = now(), replayed_msg_id = new_msg_id where d.id = letter.id;
  return new_msg_id;
end;
$$;
