-- =============================================================================================
-- API Management: the platform's own keys for the services the runner uses (scraper APIs, Apify,
-- a proxy, the mail provider). Encrypted by the api-management function with the user-token key
-- ring (contract/crypto.ts, AAD platformKeyAad(service)) before SQL sees them; never returned in
-- full, never logged; admins see the masked suffix, expiry, status, last rotation and who.
--
--   public.platform_api_keys                         one row per service (seeded below)
--   private.rotate_platform_key(service, envelope, key_id, masked_suffix, expiry_at)
--                                   admin: the new key + its audit row, in one transaction
--   private.platform_key_envelope(service) → (envelope, key_id)
--                                   service_role only: the runner decrypts it server-to-server
--   private.check_platform_key_expiry()              pg_cron, daily: api_key.expiry_warning to
--                                   every admin at 14, 7 and 1 days before expiry, once each;
--                                   status expired once past
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.platform_api_keys (
  id uuid primary key default gen_random_uuid(),
  service text not null unique check (service ~ '^[a-z][a-z0-9_]{1,39}$'),
  label text not null check (char_length(label) between 1 and 80),
  description text check (description is null or char_length(description) <= 300),
  key_encrypted text,
  key_id text,
  masked_suffix text check (masked_suffix is null or char_length(masked_suffix) <= 8),
  expiry_at timestamptz,
  last_rotated_at timestamptz,
  status text not null default 'missing' check (status in ('missing', 'active', 'expired')),
  updated_by_admin_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint platform_api_keys_key_complete check (
    (key_encrypted is null) = (key_id is null) and (key_encrypted is null) = (masked_suffix is null)
  ),
  constraint platform_api_keys_envelope_key_id check (key_encrypted is null or split_part(key_encrypted, '.', 2) = key_id),
  constraint platform_api_keys_status check ((status = 'missing') = (key_encrypted is null))
);
comment on table public.platform_api_keys is
  'The platform''s keys for external services the runner uses (one row per service). key_encrypted is a contract/crypto.ts v1 envelope (AAD careerpilot.platform_api_keys.v1:<service>); admins read every column but key_encrypted and key_id; only service_role reads the envelope (private.platform_key_envelope). Written by private.rotate_platform_key (admins, audited) and the daily expiry check.';
comment on column public.platform_api_keys.key_encrypted is 'v1.<kid>.<iv>.<ciphertext>: never returned by the API, never readable by authenticated.';
comment on column public.platform_api_keys.masked_suffix is 'The last 4 characters of the key, the only part ever shown.';
comment on column public.platform_api_keys.status is 'missing (no key yet), active, expired (expiry_at passed; set by the daily check and on read).';
comment on column public.platform_api_keys.updated_by_admin_id is 'The admin who last rotated the key.';

create table private.platform_key_expiry_warnings (
  key_id uuid not null references public.platform_api_keys (id) on delete cascade,
  expiry_at timestamptz not null,
  threshold_days integer not null check (threshold_days in (14, 7, 1)),
  warned_at timestamptz not null default now(),
  primary key (key_id, expiry_at, threshold_days)
);
comment on table private.platform_key_expiry_warnings is
  'Which expiry warnings were sent for which expiry of a key: once per (key, expiry_at, threshold). A rotation with a new expiry starts afresh.';
alter table private.platform_key_expiry_warnings enable row level security;

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.platform_api_keys enable row level security;

create policy platform_api_keys_select_admin on public.platform_api_keys
  for select to authenticated
  using ((select private.is_admin()));
comment on policy platform_api_keys_select_admin on public.platform_api_keys is
  'Admins read the key list (column grants keep key_encrypted and key_id from them).';

-- ---------------------------------------------------------------------------------------------
-- Seed: the services the runner knows
-- ---------------------------------------------------------------------------------------------
insert into public.platform_api_keys (service, label, description) values
  ('linkedin_scraper', 'LinkedIn scraper API', 'Job search on LinkedIn through a scraping API.'),
  ('naukri_scraper', 'Naukri scraper API', 'Job search on Naukri through a scraping API.'),
  ('indeed_scraper', 'Indeed scraper API', 'Job search on Indeed through a scraping API.'),
  ('apify', 'Apify', 'Apify actors (portal scrapers) — API token.'),
  ('proxy_url', 'Proxy URL', 'The HTTP(S) proxy the runner''s portal clients use (with credentials).'),
  ('mail_provider', 'Mail provider', 'API key of the transactional mail provider (Resend).')
on conflict (service) do nothing;

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- private.rotate_platform_key(service, envelope, key_id, masked_suffix, expiry_at) →
-- public.platform_api_keys: an admin stores a new key (already encrypted by the function) and its
-- expiry; the audit row (api_key.rotate: service, old and new suffix, expiry — never the key)
-- is written in the same transaction. 42501 for a non-admin; PT404 for an unknown service;
-- 22023 for an expiry in the past.
create function private.rotate_platform_key(
  service text,
  envelope text,
  key_id text,
  masked_suffix text,
  expiry_at timestamptz default null
)
returns public.platform_api_keys
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_row public.platform_api_keys;
  after_row public.platform_api_keys;
begin
  if not private.is_admin() then
    raise exception 'only an admin can rotate platform keys' using errcode = '42501';
  end if;
  if rotate_platform_key.expiry_at is not null and rotate_platform_key.expiry_at <= now() then
    raise exception 'The expiry must be in the future.' using errcode = '23514';
  end if;
  select * into before_row from public.platform_api_keys k where k.service = rotate_platform_key.service for update;
  if not found then
    raise exception 'No platform key is managed for service %.', rotate_platform_key.service using errcode = 'PT404';
  end if;
  update public.platform_api_keys k
     set key_encrypted = envelope, key_id = rotate_platform_key.key_id,
         masked_suffix = rotate_platform_key.masked_suffix, expiry_at = rotate_platform_key.expiry_at,
         last_rotated_at = now(), status = 'active', updated_by_admin_id = auth.uid(), updated_at = now()
   where k.id = before_row.id
  returning * into after_row;
  perform private.admin_audit('api_key.rotate', 'platform_api_key', after_row.service,
    jsonb_build_object('service', after_row.service, 'previous_masked_suffix', before_row.masked_suffix,
                       'masked_suffix', after_row.masked_suffix, 'expiry_at', after_row.expiry_at,
                       'previous_expiry_at', before_row.expiry_at));
  return after_row;
end;
$$;
comment on function private.rotate_platform_key(text, text, text, text, timestamptz) is
  'Admin: stores a platform key''s new envelope, masked suffix and expiry (status active) and its api_key.rotate audit row in one transaction. 42501 non-admin, PT404 unknown service, 23514 expiry in the past.';

-- private.platform_key_envelope(service) → (envelope, key_id, expiry_at, status): the encrypted key
-- of a service for the runner (service_role only; decrypted in the runner with the key ring).
-- PT404 for an unknown service or one without a key.
create function private.platform_key_envelope(service text)
returns table (envelope text, key_id text, expiry_at timestamptz, status text)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select k.key_encrypted, k.key_id, k.expiry_at,
           case when k.expiry_at is not null and k.expiry_at <= now() then 'expired' else k.status end
      from public.platform_api_keys k
     where k.service = platform_key_envelope.service and k.key_encrypted is not null;
  if not found then
    raise exception 'no platform key stored for %', service using errcode = 'PT404';
  end if;
end;
$$;
comment on function private.platform_key_envelope(text) is
  'Service role only (the runner): the encrypted key of a service, its key id, expiry and status; PT404 when none is stored.';

-- private.check_platform_key_expiry() → integer: the daily check. A key expiring within 14, 7 or 1
-- days gets api_key.expiry_warning {user_id, service, label, expiry_at, days_left, threshold_days}
-- for every admin — once per threshold and expiry (when the check first runs closer than a larger
-- threshold, only the nearest threshold is sent and the larger ones count as sent). Keys past
-- their expiry become expired. Returns the number of warnings emitted.
create function private.check_platform_key_expiry()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  k public.platform_api_keys;
  threshold integer;
  admin_id uuid;
  days_left integer;
  n integer := 0;
begin
  update public.platform_api_keys p set status = 'expired', updated_at = now()
   where p.status = 'active' and p.expiry_at is not null and p.expiry_at <= now();
  for k in
    select * from public.platform_api_keys p
     where p.status = 'active' and p.expiry_at is not null and p.expiry_at <= now() + interval '14 days'
     order by p.service
  loop
    -- The nearest threshold reached: 1 within a day, 7 within a week, else 14.
    threshold := case when k.expiry_at <= now() + interval '1 day' then 1
                      when k.expiry_at <= now() + interval '7 days' then 7 else 14 end;
    continue when exists (
      select 1 from private.platform_key_expiry_warnings w
       where w.key_id = k.id and w.expiry_at = k.expiry_at and w.threshold_days <= threshold);
    insert into private.platform_key_expiry_warnings (key_id, expiry_at, threshold_days)
    select k.id, k.expiry_at, t from unnest(array[14, 7, 1]) t where t >= threshold
    on conflict do nothing;
    days_left := greatest(0, ceil(extract(epoch from (k.expiry_at - now())) / 86400))::int;
    for admin_id in select p.id from public.profiles p where p.role = 'admin' order by p.id loop
      perform private.emit('api_key.expiry_warning', jsonb_build_object(
        'user_id', admin_id, 'service', k.service, 'label', k.label, 'expiry_at', k.expiry_at,
        'days_left', days_left, 'threshold_days', threshold));
      n := n + 1;
    end loop;
  end loop;
  return n;
end;
$$;
comment on function private.check_platform_key_expiry() is
  'pg_cron (platform-key-expiry-check, daily): marks expired keys; emits api_key.expiry_warning to every admin for keys within 14/7/1 days of expiry, once per threshold and expiry. Returns how many events.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.platform_api_keys from public, anon, authenticated, service_role;
-- Column grants: an admin's select can never name key_encrypted or key_id.
grant select (id, service, label, description, masked_suffix, expiry_at, last_rotated_at, status,
              updated_by_admin_id, created_at, updated_at)
  on table public.platform_api_keys to authenticated;
grant select, update on table public.platform_api_keys to service_role;
revoke all on table private.platform_key_expiry_warnings from public, anon, authenticated, service_role;

revoke all on function
  private.rotate_platform_key(text, text, text, text, timestamptz),
  private.platform_key_envelope(text),
  private.check_platform_key_expiry()
  from public, anon, authenticated, service_role;
grant execute on function private.rotate_platform_key(text, text, text, text, timestamptz) to authenticated;
grant execute on function private.platform_key_envelope(text) to service_role;

-- ---------------------------------------------------------------------------------------------
-- Queues: events and notification templates
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'api_key.expiry_warning',
  'A platform API key expires soon (14, 7 or 1 days): one event per admin (user_id = the admin told).',
  '{"required": {"user_id": "uuid", "service": "string", "expiry_at": "timestamptz", "days_left": "integer",
                 "threshold_days": "integer"},
    "optional": {"label": "string"}}'
);
select notifications.register_template('api_key.expiry_warning', 'tomorrow', priority => 10,
  condition => '$.days_left <= 1',
  title => 'Platform key {{payload.label}} expires within a day',
  body => 'Rotate it in API Management before the runner''s calls start failing.',
  link => '/admin/api-management?service={{payload.service}}');
select notifications.register_template('api_key.expiry_warning', 'soon', priority => 20,
  title => 'Platform key {{payload.label}} expires in {{payload.days_left}} days',
  body => 'Rotate it in API Management before it expires.',
  link => '/admin/api-management?service={{payload.service}}');

-- ---------------------------------------------------------------------------------------------
-- Cron (idempotent: unschedule if present, then schedule)
-- ---------------------------------------------------------------------------------------------
do $$
begin
  if exists (select 1 from cron.job where jobname = 'platform-key-expiry-check') then
    perform cron.unschedule('platform-key-expiry-check');
  end if;
  perform cron.schedule('platform-key-expiry-check', '7 6 * * *', 'select private.check_platform_key_expiry()');
end
$$;
