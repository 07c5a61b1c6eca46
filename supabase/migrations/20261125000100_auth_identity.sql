-- =============================================================================================
-- Auth & Identity: public.profiles (one row per auth user), the `private` helper schema with
-- private.is_admin(), the triggers keeping profiles in step with auth.users, RLS and grants.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Schemas
-- ---------------------------------------------------------------------------------------------
create schema if not exists private;
comment on schema private is
  'Helpers for RLS policies and triggers; not exposed through any API. Functions here use set search_path = ''''.';
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null,
  display_name text check (display_name is null or char_length(display_name) between 1 and 80),
  role text not null default 'user' check (role in ('user', 'admin')),
  github_username text check (github_username is null or github_username ~ '^[A-Za-z0-9-]{1,39}$'),
  linkedin_url text check (linkedin_url is null or (
    linkedin_url ~* '^https?://([a-z]{2,3}\.)?linkedin\.com/(in|pub)/[^\s/?#[:cntrl:]]+/?(\?[^\s[:cntrl:]]*)?$'
    and char_length(linkedin_url) <= 200)),
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz
);
comment on table public.profiles is
  'One row per auth user (created by trigger on auth.users insert, removed with the user). Owner reads and renames; admins read all; nobody changes role through the API.';
comment on column public.profiles.id is 'The auth user id (auth.users.id, the JWT sub).';
comment on column public.profiles.email is 'Copy of auth.users.email, kept in step by trigger.';
comment on column public.profiles.display_name is
  'Name shown in the app, 1..80 characters; defaults to the sign-up display_name/full_name or the email local part.';
comment on column public.profiles.role is 'user or admin. Changed only by service paths (admin:grant, admin stack).';
comment on column public.profiles.github_username is 'GitHub login the user entered or connected.';
comment on column public.profiles.linkedin_url is
  'The user''s LinkedIn profile address (https://www.linkedin.com/in/<handle>), as entered in onboarding; null for none.';
comment on column public.profiles.created_at is 'When the auth user was created.';
comment on column public.profiles.last_sign_in_at is 'Copy of auth.users.last_sign_in_at, kept in step by trigger.';

create index profiles_admins_idx on public.profiles (id) where role = 'admin';
comment on index public.profiles_admins_idx is 'Admin look-ups (private.is_admin(), admin broadcasts).';

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- private.is_admin(): true when the current request's user (auth.uid()) has profiles.role =
-- 'admin'. Security definer so RLS policies on profiles can call it without recursion.
create function private.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.profiles p where p.id = (select auth.uid()) and p.role = 'admin'
  );
$$;
comment on function private.is_admin() is
  'True when auth.uid() is an admin (profiles.role = ''admin''). Used by RLS policies and admin SQL functions to re-check the role.';

-- private.profile_display_name(meta, email): the default display name of a new user:
-- meta.display_name, else meta.full_name, else the email's local part; trimmed, ≤ 80 chars.
create function private.profile_display_name(meta jsonb, email text)
returns text
language sql
immutable
set search_path = ''
as $$
  select left(coalesce(
    nullif(btrim(meta ->> 'display_name'), ''),
    nullif(btrim(meta ->> 'full_name'), ''),
    nullif(split_part(coalesce(email, ''), '@', 1), '')
  ), 80);
$$;
comment on function private.profile_display_name(jsonb, text) is
  'Default display name: raw_user_meta_data display_name, else full_name, else the email local part (trimmed, max 80).';

-- private.on_auth_user_created(): after insert on auth.users, creates the user's profile.
-- Idempotent (on conflict do nothing), so replaying a seed does not fail.
create function private.on_auth_user_created()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, email, display_name, created_at, last_sign_in_at)
  values (
    new.id,
    coalesce(new.email, ''),
    private.profile_display_name(new.raw_user_meta_data, new.email),
    coalesce(new.created_at, now()),
    new.last_sign_in_at
  )
  on conflict (id) do nothing;
  return new;
end;
$$;
comment on function private.on_auth_user_created() is
  'Trigger: after insert on auth.users, inserts the matching public.profiles row.';

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.on_auth_user_created();
comment on trigger on_auth_user_created on auth.users is 'Creates public.profiles for every new auth user.';

-- private.on_auth_user_updated(): after update of email / last_sign_in_at on auth.users,
-- copies both to the profile (no-op when neither changed).
create function private.on_auth_user_updated()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.email is distinct from old.email or new.last_sign_in_at is distinct from old.last_sign_in_at then
    update public.profiles
       set email = coalesce(new.email, ''),
           last_sign_in_at = new.last_sign_in_at
     where id = new.id;
  end if;
  return new;
end;
$$;
comment on function private.on_auth_user_updated() is
  'Trigger: after update on auth.users, keeps public.profiles.email and last_sign_in_at in step.';

create trigger on_auth_user_updated
  after update of email, last_sign_in_at on auth.users
  for each row execute function private.on_auth_user_updated();
comment on trigger on_auth_user_updated on auth.users is 'Keeps public.profiles email and last_sign_in_at in step.';

-- private.guard_profile_role(): before update on public.profiles, raises SQLSTATE 42501 when
-- a request running as anon/authenticated changes `role` and is not an admin. Service paths
-- (postgres, service_role, security-definer admin functions) may change it. The column grant
-- already refuses this; the trigger holds even if a later migration widens the grant.
create function private.guard_profile_role()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.role is distinct from old.role
     and current_user in ('anon', 'authenticated')
     and not private.is_admin() then
    raise exception 'only an admin can change a role'
      using errcode = '42501', hint = 'profiles.role is managed by admins';
  end if;
  return new;
end;
$$;
comment on function private.guard_profile_role() is
  'Trigger: refuses (42501) a role change on public.profiles made by a non-admin user session.';

create trigger guard_profile_role
  before update on public.profiles
  for each row execute function private.guard_profile_role();
comment on trigger guard_profile_role on public.profiles is 'Users can never change their own role.';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.profiles enable row level security;

create policy profiles_select_own on public.profiles
  for select to authenticated
  using (id = (select auth.uid()));
comment on policy profiles_select_own on public.profiles is 'A user reads their own profile.';

create policy profiles_select_admin on public.profiles
  for select to authenticated
  using ((select private.is_admin()));
comment on policy profiles_select_admin on public.profiles is 'Admins read every profile.';

create policy profiles_update_own on public.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));
comment on policy profiles_update_own on public.profiles is
  'A user updates their own profile (only display_name, github_username and linkedin_url are granted).';

-- No insert or delete policies: profiles are created by trigger and removed by cascade.

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on public.profiles from public, anon, authenticated;
grant select on public.profiles to authenticated;
grant update (display_name, github_username, linkedin_url) on public.profiles to authenticated;
grant all on public.profiles to service_role;

revoke all on function private.is_admin() from public, anon;
grant execute on function private.is_admin() to authenticated, service_role;
revoke all on function private.profile_display_name(jsonb, text) from public, anon, authenticated;
revoke all on function private.on_auth_user_created() from public, anon, authenticated;
revoke all on function private.on_auth_user_updated() from public, anon, authenticated;
revoke all on function private.guard_profile_role() from public, anon;
grant execute on function private.guard_profile_role() to authenticated, service_role;
