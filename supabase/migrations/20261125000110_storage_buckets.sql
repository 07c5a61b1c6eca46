-- =============================================================================================
-- Storage buckets. All private: files are reached only through signed URLs issued by the stack
-- that owns them (resumes → Resume & Documents, certificates → Verification, project-videos →
-- GitHub Projects, exports → Insights & Reports). Object names start with `<user id>/`, which is
-- how account deletion finds a user's files.
--
-- Each bucket's file_size_limit is the largest file its stack accepts (Storage refuses anything
-- bigger with 413 before a row exists). A signed upload URL cannot carry a size of its own, so
-- the owning stack also compares the uploaded object's size with the size declared when the URL
-- was issued (GitHub Projects: the storage.objects trigger in the projects migration) and has a
-- mismatch deleted through the Storage API (event storage.object.rejected → runner).
--
-- Issuing upload URLs is rate-limited per user, in SQL so the limit holds across function
-- instances: private.take_upload_url_quota(bucket) in the issuing transaction.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Tables (rows of storage.buckets)
-- ---------------------------------------------------------------------------------------------
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values
  ('resumes', 'resumes', false, 10 * 1024 * 1024, array['application/pdf']),
  ('certificates', 'certificates', false, 10 * 1024 * 1024,
    array['application/pdf', 'image/png', 'image/jpeg', 'image/webp']),
  -- 50 MiB: the intro-video cap of POST /v1/projects/{id}/video/signed-url (the transcoded outputs are smaller).
  ('project-videos', 'project-videos', false, 50 * 1024 * 1024, array['video/webm', 'video/mp4', 'image/jpeg']),
  ('exports', 'exports', false, 20 * 1024 * 1024, array['text/csv', 'application/pdf'])
on conflict (id) do update
  set name = excluded.name,
      public = excluded.public,
      file_size_limit = excluded.file_size_limit,
      allowed_mime_types = excluded.allowed_mime_types,
      updated_at = now();

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
-- None on storage.objects: users never read or write objects directly; the owning stacks issue
-- signed URLs with the service role. (RLS is enabled on storage.objects, so nothing is visible.)

-- ---------------------------------------------------------------------------------------------
-- Tables: upload URL issuance (rate limit)
-- ---------------------------------------------------------------------------------------------
create table private.upload_url_grants (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  bucket_id text not null,
  issued_at timestamptz not null default now()
);
comment on table private.upload_url_grants is
  'One row per signed upload URL issued to a user in the last hour (older rows are pruned on the next issuance): the per-user rate limit of private.take_upload_url_quota.';
create index upload_url_grants_user_bucket_idx on private.upload_url_grants (user_id, bucket_id, issued_at);
comment on index private.upload_url_grants_user_bucket_idx is 'The rolling-window count per user and bucket.';

alter table private.upload_url_grants enable row level security;
-- No policies: only private.take_upload_url_quota (definer) touches it.

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- private.take_upload_url_quota(bucket_id, per_hour): records one upload URL issued to the
-- caller (auth.uid()) for the bucket, or raises PT429 when per_hour were already issued in the
-- last hour — DETAIL = the seconds until the oldest leaves the window (the API's retry_after).
-- Call it in the transaction that issues the URL, so a failed issuance uses nothing. Serialised
-- per user (advisory lock), so parallel requests cannot overshoot.
create function private.take_upload_url_quota(bucket_id text, per_hour integer default 20)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  used integer;
  oldest timestamptz;
begin
  if uid is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('upload_url_grants:' || uid::text, 0));
  delete from private.upload_url_grants g where g.user_id = uid and g.issued_at <= now() - interval '1 hour';
  select count(*)::int, min(g.issued_at) into used, oldest
    from private.upload_url_grants g where g.user_id = uid and g.bucket_id = take_upload_url_quota.bucket_id;
  if used >= per_hour then
    raise exception 'Too many upload links in the last hour; try again in % minutes.',
        ceil(extract(epoch from (oldest + interval '1 hour' - now())) / 60)::int
      using errcode = 'PT429',
            detail = greatest(1, ceil(extract(epoch from (oldest + interval '1 hour' - now()))))::int::text;
  end if;
  insert into private.upload_url_grants (user_id, bucket_id) values (uid, take_upload_url_quota.bucket_id);
end;
$$;
comment on function private.take_upload_url_quota(text, integer) is
  'Caller (auth.uid()) takes one upload URL of their hourly quota for a bucket (default 20 per rolling hour); PT429 with DETAIL = seconds to wait when it is used up. Called by the issuing stacks inside their transaction.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table private.upload_url_grants from public, anon, authenticated, service_role;
revoke all on function private.take_upload_url_quota(text, integer) from public, anon, authenticated, service_role;
-- Stacks call it from their own security-definer functions (the owner may); nobody else.
