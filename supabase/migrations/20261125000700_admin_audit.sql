-- =============================================================================================
-- Admin audit log: one row per admin write (certificate decisions, platform key rotations,
-- broadcasts, later pause/stop and exports), written in the transaction of the write itself, so a
-- change without its audit row (or an audit row without its change) cannot exist.
--
--   public.admin_audit_log          who (actor id + email at the time), what (action), target,
--                                   details (never secrets), when. Admins read; nobody updates
--                                   or deletes (a trigger refuses it for every role).
--   private.admin_audit(action, target_type, target_id, details) → bigint
--                                   the one writer: the caller (auth.uid()) must be an admin
--                                   (42501 otherwise); details with a secret-looking key → 22023.
--                                   Domain stacks call it from their own admin SQL functions or
--                                   from an admin route's asUser transaction.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.admin_audit_log (
  id bigint generated always as identity primary key,
  -- No foreign key: the log outlives the actor's and the target's accounts (a cascade or a
  -- "set null" would rewrite history, which the append-only trigger forbids anyway).
  actor_id uuid not null,
  actor_email text,
  action text not null check (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' and char_length(action) <= 80),
  target_type text check (target_type is null or target_type ~ '^[a-z][a-z0-9_]{0,39}$'),
  target_id text check (target_id is null or char_length(target_id) between 1 and 200),
  target_user_id uuid,
  details jsonb not null default '{}' check (jsonb_typeof(details) = 'object' and octet_length(details::text) <= 8192),
  created_at timestamptz not null default now()
);
comment on table public.admin_audit_log is
  'Append-only log of admin writes: who (actor_id, actor_email at the time), what (action, e.g. certificate.approve), on what (target_type, target_id, target_user_id), details (no secrets), when. Written only by private.admin_audit in the transaction of the write; admins read (GET /v1/admin/audit); nobody updates or deletes (trigger).';
comment on column public.admin_audit_log.actor_id is 'The admin''s user id (auth.uid() when the row was written). Not a foreign key: the log outlives accounts.';
comment on column public.admin_audit_log.actor_email is 'The admin''s email when the row was written.';
comment on column public.admin_audit_log.action is 'domain.verb, e.g. certificate.approve, certificate.reject, api_key.rotate, notification.broadcast.';
comment on column public.admin_audit_log.target_type is 'What was acted on: certificate, platform_api_key, user, notification_broadcast, …';
comment on column public.admin_audit_log.target_id is 'Its id (text: uuids, service names).';
comment on column public.admin_audit_log.target_user_id is 'The user the target belongs to, when there is one (filters "everything done to this user").';
comment on column public.admin_audit_log.details is 'What changed, without secrets (private.admin_audit refuses secret-looking keys).';

create index admin_audit_log_created_idx on public.admin_audit_log (created_at desc, id desc);
comment on index public.admin_audit_log_created_idx is 'The audit page: newest first.';
create index admin_audit_log_actor_idx on public.admin_audit_log (actor_id, created_at desc);
comment on index public.admin_audit_log_actor_idx is 'Filter by actor.';
create index admin_audit_log_action_idx on public.admin_audit_log (action, created_at desc);
comment on index public.admin_audit_log_action_idx is 'Filter by action.';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.admin_audit_log enable row level security;

create policy admin_audit_log_select_admin on public.admin_audit_log
  for select to authenticated
  using ((select private.is_admin()));
comment on policy admin_audit_log_select_admin on public.admin_audit_log is 'Admins read the audit log; users read nothing.';
-- No insert/update/delete policies: private.admin_audit (definer) is the only writer.

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- private.admin_audit_log_immutable(): before update/delete/truncate on admin_audit_log —
-- refuses, for every role (service_role and the table owner included): history is not edited.
create function private.admin_audit_log_immutable()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'the admin audit log is append-only (% refused)', lower(tg_op) using errcode = '42501';
end;
$$;
comment on function private.admin_audit_log_immutable() is
  'Trigger: refuses UPDATE, DELETE and TRUNCATE of public.admin_audit_log for every role (42501).';

create trigger admin_audit_log_no_update_delete
  before update or delete on public.admin_audit_log
  for each row execute function private.admin_audit_log_immutable();
comment on trigger admin_audit_log_no_update_delete on public.admin_audit_log is 'Append-only: rows are never changed or removed.';
create trigger admin_audit_log_no_truncate
  before truncate on public.admin_audit_log
  for each statement execute function private.admin_audit_log_immutable();
comment on trigger admin_audit_log_no_truncate on public.admin_audit_log is 'Append-only: the table is never emptied.';

-- private.admin_audit_secret_keys(details) → text[]: the keys anywhere in details whose name
-- looks like a secret (key, secret, token, password, api_key, authorization, …).
create function private.admin_audit_secret_keys(details jsonb)
returns text[]
language sql
immutable
set search_path = ''
as $$
  with recursive walk(value) as (
    select details
    union all
    select e.value
      from walk w,
           lateral (
             select j.value from jsonb_each(case when jsonb_typeof(w.value) = 'object' then w.value else '{}'::jsonb end) j
             union all
             select a.value from jsonb_array_elements(case when jsonb_typeof(w.value) = 'array' then w.value else '[]'::jsonb end) a
           ) e
  )
  select coalesce(array_agg(distinct k.key order by k.key), '{}')
    from walk w,
         lateral jsonb_object_keys(case when jsonb_typeof(w.value) = 'object' then w.value else '{}'::jsonb end) k(key)
   where lower(k.key) ~ '(^|_)(key|secret|token|password|passwd|authorization|credential|ciphertext|encrypted)s?($|_)'
     and lower(k.key) !~ '(masked|suffix|_id$|^key_id$|expir|service)';
$$;
comment on function private.admin_audit_secret_keys(jsonb) is
  'Keys (at any depth) of an audit details object whose names look like secrets; private.admin_audit refuses details that have any.';

-- private.admin_audit(action, target_type, target_id, details, target_user_id) → bigint: appends
-- one audit row for the calling admin (auth.uid(), re-checked: 42501 for anyone else, with no
-- row written). Call it in the transaction of the write it records. Details must be an object
-- without secret-looking keys (22023).
create function private.admin_audit(
  action text,
  target_type text default null,
  target_id text default null,
  details jsonb default '{}',
  target_user_id uuid default null
)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  secret_keys text[];
  new_id bigint;
begin
  if uid is null or not private.is_admin() then
    raise exception 'only an admin can write the audit log' using errcode = '42501';
  end if;
  if details is null or jsonb_typeof(details) <> 'object' then
    raise exception 'audit details must be a JSON object' using errcode = '22023';
  end if;
  secret_keys := private.admin_audit_secret_keys(details);
  if cardinality(secret_keys) > 0 then
    raise exception 'audit details must not hold secrets (keys: %)', array_to_string(secret_keys, ', ')
      using errcode = '22023';
  end if;
  insert into public.admin_audit_log (actor_id, actor_email, action, target_type, target_id, target_user_id, details)
  values (uid, (select p.email from public.profiles p where p.id = uid), admin_audit.action,
          admin_audit.target_type, admin_audit.target_id, admin_audit.target_user_id, admin_audit.details)
  returning id into new_id;
  return new_id;
end;
$$;
comment on function private.admin_audit(text, text, text, jsonb, uuid) is
  'Appends an admin_audit_log row for the calling admin (auth.uid(); 42501 when not an admin) in the caller''s transaction; refuses details that are not an object or hold secret-looking keys (22023). Returns the row id.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.admin_audit_log from public, anon, authenticated, service_role;
grant select on table public.admin_audit_log to authenticated;
-- service_role reads (reports, exports) and may append for system-initiated admin actions
-- through private.admin_audit only; it has no direct write either.
grant select on table public.admin_audit_log to service_role;

revoke all on function
  private.admin_audit_log_immutable(),
  private.admin_audit_secret_keys(jsonb),
  private.admin_audit(text, text, text, jsonb, uuid)
  from public, anon, authenticated, service_role;
-- Admin routes call it inside their asUser transaction (it re-checks the role itself).
grant execute on function private.admin_audit(text, text, text, jsonb, uuid) to authenticated;
