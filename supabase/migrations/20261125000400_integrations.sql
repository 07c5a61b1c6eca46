-- =============================================================================================
-- Integrations: the user's connections to GitHub, LinkedIn, Naukri, Indeed, Gmail and Gemini
-- (public.user_integrations), their encrypted tokens (public.api_tokens) and the single-use OAuth
-- state nonces (private.oauth_states).
--
-- Tokens are encrypted by the integrations function (AES-256-GCM, `_shared/contract/crypto.ts`) before
-- they reach SQL; the database only ever holds the envelope `v1.<key id>.<iv>.<ciphertext+tag>`.
-- Users read their rows' metadata; nobody but the service path reads a ciphertext:
--
--   private.save_token(provider, envelope, key_id, suffix, expires_at)   user (auth.uid())
--   private.revoke_integration(provider)                                user (auth.uid())
--   private.create_oauth_state(provider, redirect_to)                   user (auth.uid())
--   private.consume_oauth_state(nonce, provider)                        user (auth.uid())
--   private.record_github_connection(github_id, login, scopes, …)       user (auth.uid())
--   private.token_for_service(user_id, provider)                        service_role only
--   private.mark_token_rejected(user_id, provider)                      service_role only
--
-- Events (registered at the end, with their notification templates): integrations.github.connected
-- (a completed OAuth connection) and integrations.token.rejected (a stored token was refused).
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------------------------
create type public.integration_provider as enum ('github', 'linkedin', 'naukri', 'indeed', 'gmail', 'gemini');
comment on type public.integration_provider is
  'The services a user connects: github (OAuth web flow) and the token providers linkedin, naukri, indeed, gmail, gemini.';

create type public.integration_status as enum ('connected', 'revoked', 'needs_reconnect', 'error');
comment on type public.integration_status is
  'connected: a usable token is stored; revoked: the user disconnected (token erased); needs_reconnect: the provider rejected the token or it expired; error: the last connection attempt failed.';

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.user_integrations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  provider public.integration_provider not null,
  status public.integration_status not null,
  external_user_id text check (external_user_id is null or char_length(external_user_id) between 1 and 100),
  external_login text check (external_login is null or char_length(external_login) between 1 and 100),
  scopes text[] not null default '{}' check (cardinality(scopes) <= 50),
  connected_at timestamptz,
  revoked_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint user_integrations_user_id_provider_key unique (user_id, provider)
);
comment on table public.user_integrations is
  'One row per (user, provider) the user ever connected: status, the provider''s account and granted scopes. Owner and admins read; written only by the private.* functions of the integrations function. Never holds a token.';
comment on column public.user_integrations.external_user_id is 'The provider''s stable account id (GitHub: the numeric user id).';
comment on column public.user_integrations.external_login is 'The provider''s account name shown to the user (GitHub: the login).';
comment on column public.user_integrations.scopes is 'Scopes the provider granted (GitHub: x-oauth-scopes of the token); empty for plain tokens.';
comment on column public.user_integrations.connected_at is 'When the current connection was made (last connect or token save).';
comment on column public.user_integrations.revoked_at is 'When the user last disconnected; null while connected.';

create index user_integrations_provider_status_idx on public.user_integrations (provider, status);
comment on index public.user_integrations_provider_status_idx is 'Admin and job look-ups: who has a connected provider.';

create table public.api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  provider public.integration_provider not null,
  token_encrypted text not null check (token_encrypted ~ '^v1\.[A-Za-z0-9_-]{1,32}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22,}$'),
  key_id text not null check (key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
  masked_suffix text not null check (char_length(masked_suffix) between 1 and 4),
  expires_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  constraint api_tokens_user_id_provider_key unique (user_id, provider),
  constraint api_tokens_envelope_key_id check (split_part(token_encrypted, '.', 2) = key_id)
);
comment on table public.api_tokens is
  'The encrypted token of each connected (user, provider): AES-256-GCM envelope, never returned by any API. Users may read only the metadata columns (masked_suffix, expires_at, last_used_at, created_at); the ciphertext is reachable only by the service role (private.token_for_service). A disconnect deletes the row.';
comment on column public.api_tokens.token_encrypted is
  'Envelope v1.<key id>.<base64url 12-byte IV>.<base64url ciphertext + 16-byte GCM tag>, AAD = "careerpilot.api_tokens.v1:<user_id>:<provider>" so it cannot be moved to another row.';
comment on column public.api_tokens.key_id is 'Id of the TOKEN_ENCRYPTION_KEYS entry that encrypted the row (npm run keys:rotate moves rows to the active key).';
comment on column public.api_tokens.masked_suffix is 'The token''s last four characters, shown as ••••abcd.';
comment on column public.api_tokens.expires_at is 'When the token stops working, if the user or provider said so.';
comment on column public.api_tokens.last_used_at is 'Last time another stack obtained the token (private.token_for_service).';
comment on column public.api_tokens.created_at is 'When the current token was saved (replacing a token resets it).';

create index api_tokens_key_id_idx on public.api_tokens (key_id);
comment on index public.api_tokens_key_id_idx is 'Key rotation: rows still under an old key.';

create table private.oauth_states (
  nonce uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  provider public.integration_provider not null,
  redirect_to text not null check (redirect_to ~ '^/' and char_length(redirect_to) <= 512),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
comment on table private.oauth_states is
  'OAuth state nonces: one per connect attempt, bound to the user, expiring (10 minutes), consumed once by the callback. The signed state the browser carries names the nonce; the row makes it single-use.';
comment on column private.oauth_states.redirect_to is 'Path on SITE_URL the browser returns to after the callback.';
comment on column private.oauth_states.used_at is 'When the callback consumed it; a second use is refused.';

create index oauth_states_user_idx on private.oauth_states (user_id);
comment on index private.oauth_states_user_idx is 'Cascade deletes and per-user clean-up.';
create index oauth_states_expires_at_idx on private.oauth_states (expires_at);
comment on index private.oauth_states_expires_at_idx is 'Clean-up of old nonces (private.create_oauth_state).';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.user_integrations enable row level security;

create policy user_integrations_select_own on public.user_integrations
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy user_integrations_select_own on public.user_integrations is 'A user reads their own integrations.';

create policy user_integrations_select_admin on public.user_integrations
  for select to authenticated
  using ((select private.is_admin()));
comment on policy user_integrations_select_admin on public.user_integrations is 'Admins read every user''s integrations.';
-- No insert/update/delete policies: writes go through the private.* functions below.

alter table public.api_tokens enable row level security;

create policy api_tokens_select_own on public.api_tokens
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy api_tokens_select_own on public.api_tokens is
  'A user reads their own token metadata (the column grants leave out token_encrypted and key_id).';
-- No admin policy and no write policies: admins see integrations, not token metadata.

alter table private.oauth_states enable row level security;
-- No policies: only the owner (the private.* functions) touches nonces.

-- ---------------------------------------------------------------------------------------------
-- Functions: user paths (called inside asUser: the OAuth callback too, with the user's own bearer)
-- ---------------------------------------------------------------------------------------------

-- private.require_uid(): auth.uid(), or 42501 when there is no signed-in user.
create function private.require_uid()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
begin
  if uid is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  return uid;
end;
$$;
comment on function private.require_uid() is 'auth.uid() of the caller; raises 42501 when the request has no user.';

-- private.save_token(provider, token_encrypted, key_id, masked_suffix, expires_at): stores (or
-- replaces) the caller's token for a token provider and marks the integration connected.
-- GitHub tokens come only from the OAuth callback (PT422 here).
create function private.save_token(
  provider public.integration_provider,
  token_encrypted text,
  key_id text,
  masked_suffix text,
  expires_at timestamptz default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
begin
  if provider = 'github' then
    raise exception 'connect GitHub through OAuth, not with a pasted token' using errcode = 'PT422';
  end if;
  insert into public.api_tokens as t (user_id, provider, token_encrypted, key_id, masked_suffix, expires_at, last_used_at, created_at)
  values (uid, provider, token_encrypted, key_id, masked_suffix, expires_at, null, now())
  on conflict on constraint api_tokens_user_id_provider_key do update
    set token_encrypted = excluded.token_encrypted,
        key_id = excluded.key_id,
        masked_suffix = excluded.masked_suffix,
        expires_at = excluded.expires_at,
        last_used_at = null,
        created_at = excluded.created_at;

  insert into public.user_integrations as i (user_id, provider, status, scopes, connected_at, revoked_at, updated_at)
  values (uid, provider, 'connected', '{}', now(), null, now())
  on conflict on constraint user_integrations_user_id_provider_key do update
    set status = 'connected', scopes = '{}', external_user_id = null, external_login = null,
        connected_at = now(), revoked_at = null, updated_at = now();
end;
$$;
comment on function private.save_token(public.integration_provider, text, text, text, timestamptz) is
  'Caller (auth.uid()) saves or replaces their token (already encrypted) for a token provider; the integration becomes connected. PT422 for github (OAuth only), 42501 without a user.';

-- private.revoke_integration(provider) → true: erases the caller's token for the provider and
-- marks the integration revoked. Idempotent for an already revoked one; PT404 when the caller
-- never connected the provider.
create function private.revoke_integration(provider public.integration_provider)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
begin
  delete from public.api_tokens t where t.user_id = uid and t.provider = revoke_integration.provider;
  update public.user_integrations i
     set status = 'revoked',
         revoked_at = case when i.status = 'revoked' then i.revoked_at else now() end,
         updated_at = now()
   where i.user_id = uid and i.provider = revoke_integration.provider;
  if not found then
    raise exception '% is not connected', provider using errcode = 'PT404';
  end if;
  return true;
end;
$$;
comment on function private.revoke_integration(public.integration_provider) is
  'Caller (auth.uid()) disconnects a provider: deletes the api_tokens row (the ciphertext is gone) and sets status revoked. PT404 when never connected; repeat calls are no-ops.';

-- private.create_oauth_state(provider, redirect_to) → (nonce, expires_at): a new single-use
-- state nonce for the caller, valid 10 minutes. Also deletes the caller's expired nonces and
-- anyone's nonces older than a day (nonces are tiny; this keeps the table small without cron).
create function private.create_oauth_state(provider public.integration_provider, redirect_to text)
returns table (nonce uuid, expires_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
begin
  delete from private.oauth_states s
   where (s.user_id = uid and s.expires_at < now()) or s.expires_at < now() - interval '1 day';
  return query
    insert into private.oauth_states as s (user_id, provider, redirect_to, expires_at)
    values (uid, provider, redirect_to, now() + interval '10 minutes')
    returning s.nonce, s.expires_at;
end;
$$;
comment on function private.create_oauth_state(public.integration_provider, text) is
  'Caller (auth.uid()) starts an OAuth connection: returns a fresh nonce and its expiry (now + 10 minutes). Cleans up expired nonces.';

-- private.consume_oauth_state(nonce, provider) → redirect_to: marks the caller's nonce used and
-- returns where the browser goes back to. PT400 when it is unknown, another user's, for another
-- provider, already used or expired — a state works once, for the user it was issued to.
create function private.consume_oauth_state(nonce uuid, provider public.integration_provider)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  target text;
begin
  update private.oauth_states s
     set used_at = now()
   where s.nonce = consume_oauth_state.nonce
     and s.user_id = uid
     and s.provider = consume_oauth_state.provider
     and s.used_at is null
     and s.expires_at > now()
  returning s.redirect_to into target;
  if target is null then
    raise exception 'This connection link was already used, has expired or belongs to another account. Start connecting again.'
      using errcode = 'PT400';
  end if;
  return target;
end;
$$;
comment on function private.consume_oauth_state(uuid, public.integration_provider) is
  'Caller (auth.uid()) consumes an OAuth state nonce once and gets its redirect_to; PT400 when unknown, foreign, for another provider, used or expired.';

-- private.record_github_connection(github_id, login, scopes, token_encrypted, key_id,
-- masked_suffix): after a successful OAuth exchange, stores the caller's GitHub token, marks
-- GitHub connected with the account and scopes, copies the login into profiles.github_username
-- and emits integrations.github.connected {user_id, github_login, scopes} — one transaction.
create function private.record_github_connection(
  github_id text,
  login text,
  scopes text[],
  token_encrypted text,
  key_id text,
  masked_suffix text
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  granted text[] := coalesce(scopes, '{}');
begin
  if login is null or login !~ '^[A-Za-z0-9-]{1,39}$' then
    raise exception 'GitHub returned an unexpected login' using errcode = '22023';
  end if;
  insert into public.api_tokens as t (user_id, provider, token_encrypted, key_id, masked_suffix, expires_at, last_used_at, created_at)
  values (uid, 'github', token_encrypted, key_id, masked_suffix, null, null, now())
  on conflict on constraint api_tokens_user_id_provider_key do update
    set token_encrypted = excluded.token_encrypted,
        key_id = excluded.key_id,
        masked_suffix = excluded.masked_suffix,
        expires_at = null,
        last_used_at = null,
        created_at = excluded.created_at;

  insert into public.user_integrations as i
    (user_id, provider, status, external_user_id, external_login, scopes, connected_at, revoked_at, updated_at)
  values (uid, 'github', 'connected', github_id, login, granted, now(), null, now())
  on conflict on constraint user_integrations_user_id_provider_key do update
    set status = 'connected', external_user_id = excluded.external_user_id,
        external_login = excluded.external_login, scopes = excluded.scopes,
        connected_at = now(), revoked_at = null, updated_at = now();

  update public.profiles p set github_username = login where p.id = uid;

  perform private.emit(
    'integrations.github.connected',
    jsonb_build_object('user_id', uid, 'github_login', login, 'scopes', to_jsonb(granted))
  );
end;
$$;
comment on function private.record_github_connection(text, text, text[], text, text, text) is
  'Caller (auth.uid()) records a completed GitHub OAuth connection: encrypted token, status connected, account id/login, scopes, profiles.github_username, and emits integrations.github.connected — all in the caller''s transaction.';

-- ---------------------------------------------------------------------------------------------
-- Functions: service paths (other stacks, key rotation) — service_role only
-- ---------------------------------------------------------------------------------------------

-- private.token_for_service(user_id, provider) → (token_encrypted, key_id, expires_at): the
-- stored ciphertext of a user's token, recording the use in last_used_at. No row when the user
-- has no token for the provider. Expired tokens are returned too (the caller decides).
create function private.token_for_service(user_id uuid, provider public.integration_provider)
returns table (token_encrypted text, key_id text, expires_at timestamptz)
language sql
security definer
set search_path = ''
as $$
  update public.api_tokens t
     set last_used_at = now()
   where t.user_id = token_for_service.user_id and t.provider = token_for_service.provider
  returning t.token_encrypted, t.key_id, t.expires_at;
$$;
comment on function private.token_for_service(uuid, public.integration_provider) is
  'Service role only: the encrypted token of (user, provider) with its key id and expiry, marking last_used_at. Decrypt with _shared/tokens.ts getUserToken().';

-- private.mark_token_rejected(user_id, provider): the provider refused the stored token (401,
-- expired): a connected integration becomes needs_reconnect so the user is asked to reconnect,
-- and integrations.token.rejected {user_id, provider} is emitted — only on that transition, so
-- repeated refusals tell the user once.
create function private.mark_token_rejected(user_id uuid, provider public.integration_provider)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.user_integrations i
     set status = 'needs_reconnect', updated_at = now()
   where i.user_id = mark_token_rejected.user_id and i.provider = mark_token_rejected.provider
     and i.status = 'connected';
  if found then
    perform private.emit('integrations.token.rejected',
      jsonb_build_object('user_id', mark_token_rejected.user_id, 'provider', mark_token_rejected.provider::text));
  end if;
end;
$$;
comment on function private.mark_token_rejected(uuid, public.integration_provider) is
  'Service role only: a stack found the stored token rejected or expired; a connected integration becomes needs_reconnect and integrations.token.rejected is emitted (once per transition).';

-- ---------------------------------------------------------------------------------------------
-- Functions: notification context (called by notifications.handle_event)
-- ---------------------------------------------------------------------------------------------

-- private.integration_notification_context(payload): {provider_label} — the payload's provider
-- as users know it (github → GitHub, linkedin → LinkedIn, …; an unknown one capitalised, a
-- missing one "An integration"), for the integrations.token.rejected templates.
create function private.integration_notification_context(payload jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object('provider_label', case payload ->> 'provider'
    when 'github' then 'GitHub'
    when 'linkedin' then 'LinkedIn'
    when 'naukri' then 'Naukri'
    when 'indeed' then 'Indeed'
    when 'gmail' then 'Gmail'
    when 'gemini' then 'Gemini'
    else coalesce(initcap(payload ->> 'provider'), 'An integration')
  end);
$$;
comment on function private.integration_notification_context(jsonb) is
  'Notification context of integrations events: {provider_label} (github → GitHub, linkedin → LinkedIn, …).';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.user_integrations from public, anon, authenticated, service_role;
grant select on table public.user_integrations to authenticated;
grant all on table public.user_integrations to service_role;

revoke all on table public.api_tokens from public, anon, authenticated, service_role;
-- Column grant: the ciphertext and its key id are not readable by any user session.
grant select (id, user_id, provider, masked_suffix, expires_at, last_used_at, created_at)
  on table public.api_tokens to authenticated;
grant all on table public.api_tokens to service_role;

revoke all on table private.oauth_states from public, anon, authenticated, service_role;

revoke all on function
  private.require_uid(),
  private.save_token(public.integration_provider, text, text, text, timestamptz),
  private.revoke_integration(public.integration_provider),
  private.create_oauth_state(public.integration_provider, text),
  private.consume_oauth_state(uuid, public.integration_provider),
  private.record_github_connection(text, text, text[], text, text, text),
  private.token_for_service(uuid, public.integration_provider),
  private.mark_token_rejected(uuid, public.integration_provider),
  private.integration_notification_context(jsonb)
  from public, anon, authenticated, service_role;

grant execute on function
  private.require_uid(),
  private.save_token(public.integration_provider, text, text, text, timestamptz),
  private.revoke_integration(public.integration_provider),
  private.create_oauth_state(public.integration_provider, text),
  private.consume_oauth_state(uuid, public.integration_provider),
  private.record_github_connection(text, text, text[], text, text, text)
  to authenticated;

grant execute on function
  private.token_for_service(uuid, public.integration_provider),
  private.mark_token_rejected(uuid, public.integration_provider)
  to service_role;

-- ---------------------------------------------------------------------------------------------
-- Queues: this stack's events and their notifications
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'integrations.github.connected',
  'A user connected (or reconnected) GitHub through OAuth; triggers the repository sync.',
  '{"required": {"user_id": "uuid", "github_login": "string", "scopes": "string[]"}}'
);
select private.register_event_type(
  'integrations.token.rejected',
  'A provider refused a user''s stored token (e.g. GitHub 401); the integration needs reconnecting.',
  '{"required": {"user_id": "uuid", "provider": "string"}}'
);

select notifications.register_template('integrations.github.connected', 'default',
  title => 'GitHub connected as @{{payload.github_login}}',
  body => 'Your repositories are being imported into Projects.',
  link => '/projects');

-- GitHub is reconnected through OAuth; a token the user pasted is replaced under API keys.
select notifications.register_template('integrations.token.rejected', 'github',
  condition => '$.provider == "github"', priority => 10,
  title => '{{context.provider_label}} access expired — reconnect in Settings',
  body => 'GitHub refused CareerPilot''s access. Reconnect GitHub to keep your projects in sync.',
  link => '/settings#github',
  context_function => 'private.integration_notification_context');
select notifications.register_template('integrations.token.rejected', 'pasted_token',
  title => '{{context.provider_label}} access expired — reconnect in Settings',
  body => '{{context.provider_label}} refused the token you saved. Add a new one in Settings.',
  link => '/settings#api-keys',
  context_function => 'private.integration_notification_context');
