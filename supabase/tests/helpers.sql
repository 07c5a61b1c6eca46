-- =============================================================================================
-- pgTAP helpers (basejump-style), applied with psql before pg_prove runs the test files:
--   tests.create_supabase_user(name [, email, metadata]) → uuid   create an auth user (+ profile)
--   tests.get_supabase_uid(name) → uuid                           the id of a created user
--   tests.authenticate_as(name)                                   act as that user (RLS applies)
--   tests.authenticate_as_service_role()                          act as service_role
--   tests.clear_authentication()                                  act as anon (no user)
--   tests.make_admin(name)                                        profiles.role = 'admin'
-- Every setting is transaction-local; test files run inside begin … rollback.
-- Call create_supabase_user / make_admin as postgres (before authenticate_as, or after `reset role`).
-- Idempotent: safe to apply repeatedly.
-- =============================================================================================

set client_min_messages = warning;

create schema if not exists tests;
comment on schema tests is 'pgTAP helpers; not part of the application.';
grant usage on schema tests to anon, authenticated, service_role;

-- tests.create_supabase_user(identifier, email, metadata): inserts an auth user tagged with
-- `test_identifier` = identifier (email defaults to <identifier>@test.local) and returns its id.
create or replace function tests.create_supabase_user(identifier text, email text default null, metadata jsonb default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  user_id uuid := gen_random_uuid();
begin
  insert into auth.users (id, instance_id, aud, role, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  values (
    user_id, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
    coalesce(email, identifier || '@test.local'), now(),
    '{"provider": "email", "providers": ["email"]}',
    jsonb_build_object('test_identifier', identifier) || coalesce(metadata, '{}'::jsonb),
    now(), now()
  );
  return user_id;
end;
$$;
comment on function tests.create_supabase_user(text, text, jsonb) is
  'Creates an auth user tagged with test_identifier = identifier; returns its id.';

-- tests.get_supabase_user(identifier): {id, email, raw_user_meta_data} of a created user.
create or replace function tests.get_supabase_user(identifier text)
returns json
language sql
security definer
set search_path = ''
as $$
  select json_build_object('id', u.id, 'email', u.email, 'raw_user_meta_data', u.raw_user_meta_data)
  from auth.users u
  where u.raw_user_meta_data ->> 'test_identifier' = identifier
  limit 1;
$$;
comment on function tests.get_supabase_user(text) is 'The created test user {id, email, raw_user_meta_data}, or null.';

-- tests.get_supabase_uid(identifier): the id of a created user; raises when there is none.
create or replace function tests.get_supabase_uid(identifier text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  found uuid;
begin
  select u.id into found from auth.users u where u.raw_user_meta_data ->> 'test_identifier' = identifier limit 1;
  if found is null then
    raise exception 'test user % not found', identifier using errcode = 'P0002';
  end if;
  return found;
end;
$$;
comment on function tests.get_supabase_uid(text) is 'The id of the test user with this identifier.';

-- tests.authenticate_as(identifier): from here to the end of the transaction, statements run as
-- role authenticated with the user's JWT claims (auth.uid() = the user), as through the API.
create or replace function tests.authenticate_as(identifier text)
returns void
language plpgsql
as $$
declare
  u json := tests.get_supabase_user(identifier);
begin
  if u is null or u ->> 'id' is null then
    raise exception 'test user % not found', identifier using errcode = 'P0002';
  end if;
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object(
    'sub', u ->> 'id',
    'email', u ->> 'email',
    'role', 'authenticated',
    'aud', 'authenticated',
    'user_metadata', u -> 'raw_user_meta_data'
  )::text, true);
end;
$$;
comment on function tests.authenticate_as(text) is 'Act as the given test user (role authenticated, request.jwt.claims set).';

-- tests.authenticate_as_service_role(): act as service_role (bypasses RLS, no user).
create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql
as $$
begin
  perform set_config('role', 'service_role', true);
  perform set_config('request.jwt.claims', '{"role": "service_role"}', true);
end;
$$;
comment on function tests.authenticate_as_service_role() is 'Act as service_role.';

-- tests.clear_authentication(): act as anon, with no claims (a caller without a session).
create or replace function tests.clear_authentication()
returns void
language plpgsql
as $$
begin
  perform set_config('role', 'anon', true);
  perform set_config('request.jwt.claims', '{"role": "anon"}', true);
end;
$$;
comment on function tests.clear_authentication() is 'Act as anon (no signed-in user).';

-- tests.make_admin(identifier): sets profiles.role = 'admin' for the test user (run as postgres).
create or replace function tests.make_admin(identifier text)
returns void
language sql
security definer
set search_path = ''
as $$
  update public.profiles set role = 'admin' where id = tests.get_supabase_uid(identifier);
$$;
comment on function tests.make_admin(text) is 'Makes the test user an admin (profiles.role = ''admin'').';

-- tests.drain_sql_consumer(queue, max_batches): runs a SQL consumer batch after batch until its
-- queue has nothing visible left (events committed by other suites may be queued ahead of the
-- test's own) and returns the summed {read, processed, duplicates, retried, dead_lettered}.
create or replace function tests.drain_sql_consumer(queue_name text, max_batches integer default 200)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  total jsonb := '{"read": 0, "processed": 0, "duplicates": 0, "retried": 0, "dead_lettered": 0}';
  r jsonb;
  k text;
begin
  for i in 1..max_batches loop
    r := private.run_sql_consumer(queue_name);
    exit when (r ->> 'read')::int = 0;
    foreach k in array array['read', 'processed', 'duplicates', 'retried', 'dead_lettered'] loop
      total := jsonb_set(total, array[k], to_jsonb((total ->> k)::int + (r ->> k)::int));
    end loop;
  end loop;
  return total;
end;
$$;
comment on function tests.drain_sql_consumer(text, integer) is
  'Runs a SQL consumer until its queue is empty; returns the summed batch results (run as postgres).';

revoke all on all functions in schema tests from public, anon, authenticated, service_role;
grant execute on function tests.get_supabase_user(text), tests.get_supabase_uid(text), tests.authenticate_as(text),
  tests.authenticate_as_service_role(), tests.clear_authentication()
  to anon, authenticated, service_role;
-- Creating users and granting admin stay with postgres (the test's own role), never a session.
