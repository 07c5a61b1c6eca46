-- =============================================================================================
-- Admin stack: broadcasts (in-app notifications from an admin to everyone or to chosen users) and
-- the per-user summary helpers of the admin users list.
--
--   public.admin_broadcasts                          one row per broadcast (its id is the
--                                   client's idempotency key: a retry finds the row and sends
--                                   nothing twice)
--   private.admin_broadcast(id, title, body, link_url, user_ids) → public.admin_broadcasts
--                                   admin: the broadcast, its audit row and one notification per
--                                   recipient (batches of 1000), in one transaction
--   private.admin_applications_7d(user_ids) → (user_id, applications)
--                                   applications in the last 7 days once job_applications exists;
--                                   none before
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.admin_broadcasts (
  id uuid primary key,
  title text not null check (char_length(title) between 1 and 300),
  body text check (body is null or char_length(body) between 1 and 1000),
  link_url text check (link_url is null or (link_url ~ '^/([^/\\]|$)' and char_length(link_url) <= 512)),
  audience text not null check (audience in ('all', 'users')),
  user_ids uuid[] check (user_ids is null or cardinality(user_ids) between 1 and 1000),
  recipients integer not null default 0 check (recipients >= 0),
  created_by uuid not null,
  created_at timestamptz not null default now(),
  constraint admin_broadcasts_audience check ((audience = 'users') = (user_ids is not null))
);
comment on table public.admin_broadcasts is
  'Admin broadcasts: one row per broadcast; id is chosen by the client (its idempotency key), so a retried request finds its broadcast and notifies nobody twice. Admins read; written by private.admin_broadcast.';
comment on column public.admin_broadcasts.audience is 'all (every user with a profile) or users (user_ids).';
comment on column public.admin_broadcasts.recipients is 'How many notifications were written.';
comment on column public.admin_broadcasts.created_by is 'The admin (kept after their account goes: no foreign key, like the audit log).';

create index admin_broadcasts_created_idx on public.admin_broadcasts (created_at desc);
comment on index public.admin_broadcasts_created_idx is 'Recent broadcasts first.';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.admin_broadcasts enable row level security;

create policy admin_broadcasts_select_admin on public.admin_broadcasts
  for select to authenticated
  using ((select private.is_admin()));
comment on policy admin_broadcasts_select_admin on public.admin_broadcasts is 'Admins read the broadcasts.';

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- private.admin_broadcast(id, title, body, link_url, user_ids) → public.admin_broadcasts: an admin
-- tells everyone (user_ids null) or the given users an in-app notification of type
-- admin.broadcast. The same id again returns the existing broadcast without writing anything
-- (a retry), or PT409 when its content differs. Unknown user ids: PT404 (nothing written).
-- Users who turned in-app notifications off are skipped. The audit row (notification.broadcast)
-- and every notification are written in this transaction, 1000 recipients per statement.
create function private.admin_broadcast(
  id uuid,
  title text,
  body text default null,
  link_url text default null,
  user_ids uuid[] default null
)
returns public.admin_broadcasts
language plpgsql
security definer
set search_path = ''
as $$
declare
  b public.admin_broadcasts;
  ids uuid[];
  batch uuid[];
  written integer := 0;
  n integer;
  missing integer;
  i integer := 1;
begin
  if not private.is_admin() then
    raise exception 'only an admin can broadcast' using errcode = '42501';
  end if;
  -- One broadcast per id at a time: a retry racing the original waits for it.
  perform pg_advisory_xact_lock(hashtextextended('admin_broadcast:' || admin_broadcast.id::text, 0));
  select * into b from public.admin_broadcasts x where x.id = admin_broadcast.id;
  if found then
    if b.title is distinct from admin_broadcast.title or b.body is distinct from admin_broadcast.body
       or b.link_url is distinct from admin_broadcast.link_url
       or b.user_ids is distinct from (select array_agg(distinct u order by u) from unnest(admin_broadcast.user_ids) u) then
      raise exception 'This broadcast id was already used for another message.' using errcode = 'PT409';
    end if;
    return b;
  end if;
  if user_ids is not null then
    ids := (select array_agg(distinct u order by u) from unnest(user_ids) u);
    select count(*)::int into missing from unnest(ids) u where not exists (select 1 from public.profiles p where p.id = u);
    if missing > 0 then
      raise exception '% of the chosen users do not exist.', missing using errcode = 'PT404';
    end if;
  else
    ids := (select coalesce(array_agg(p.id order by p.id), '{}') from public.profiles p);
  end if;
  insert into public.admin_broadcasts (id, title, body, link_url, audience, user_ids, created_by)
  values (admin_broadcast.id, admin_broadcast.title, admin_broadcast.body, admin_broadcast.link_url,
          case when admin_broadcast.user_ids is null then 'all' else 'users' end,
          case when admin_broadcast.user_ids is null then null else ids end, auth.uid())
  returning * into b;
  while i <= coalesce(cardinality(ids), 0) loop
    batch := ids[i:i + 999];
    insert into public.notifications (user_id, type, title, body, link_url, payload_json)
    select u, 'admin.broadcast', b.title, b.body, b.link_url, jsonb_build_object('broadcast_id', b.id)
      from unnest(batch) u
     where not exists (select 1 from public.notification_preferences np where np.user_id = u and not np.in_app);
    get diagnostics n = row_count;
    written := written + n;
    i := i + 1000;
  end loop;
  update public.admin_broadcasts x set recipients = written where x.id = b.id returning * into b;
  perform private.admin_audit('notification.broadcast', 'notification_broadcast', b.id::text,
    jsonb_strip_nulls(jsonb_build_object('title', b.title, 'audience', b.audience, 'recipients', written,
      'user_count', cardinality(b.user_ids), 'link_url', b.link_url)));
  return b;
end;
$$;
comment on function private.admin_broadcast(uuid, text, text, text, uuid[]) is
  'Admin: broadcasts an in-app notification (type admin.broadcast) to every user or to user_ids, idempotent per broadcast id (a retry returns the first result; other content with the same id: PT409); unknown users PT404; skips users with in-app off; audited in the same transaction.';

-- private.admin_applications_7d(user_ids) → (user_id, applications): applications in the last 7
-- days per user, from public.job_applications once the Job Application stack has created it
-- (its applied_at, else created_at); no rows until then.
create function private.admin_applications_7d(user_ids uuid[])
returns table (user_id uuid, applications integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  at_column text;
begin
  if not private.is_admin() then
    raise exception 'admins only' using errcode = '42501';
  end if;
  if to_regclass('public.job_applications') is null then
    return;
  end if;
  select c.column_name into at_column from information_schema.columns c
   where c.table_schema = 'public' and c.table_name = 'job_applications' and c.column_name in ('applied_at', 'created_at')
   order by c.column_name = 'applied_at' desc limit 1;
  if at_column is null then
    return;
  end if;
  return query execute format(
    'select a.user_id, count(*)::int from public.job_applications a
      where a.user_id = any($1) and a.%I >= now() - interval ''7 days'' group by a.user_id', at_column)
    using user_ids;
end;
$$;
comment on function private.admin_applications_7d(uuid[]) is
  'Admin: applications per user in the last 7 days from public.job_applications (applied_at, else created_at) once that table exists; no rows before.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.admin_broadcasts from public, anon, authenticated, service_role;
grant select on table public.admin_broadcasts to authenticated;
grant select on table public.admin_broadcasts to service_role;

revoke all on function
  private.admin_broadcast(uuid, text, text, text, uuid[]),
  private.admin_applications_7d(uuid[])
  from public, anon, authenticated, service_role;
grant execute on function
  private.admin_broadcast(uuid, text, text, text, uuid[]),
  private.admin_applications_7d(uuid[])
  to authenticated;
