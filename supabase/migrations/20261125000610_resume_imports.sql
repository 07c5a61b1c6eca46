-- ======================================================================================
-- Resume & Documents stack: importing an existing resume PDF into the career record.
--
--   private.create_resume_import(size_bytes)      user (auth.uid()): a pending import and the path
--                                   its signed upload URL is issued for: <user>/imports/<id>.pdf in
--                                   bucket resumes; at most 5 MiB; 10 upload URLs an hour
--   trigger on storage.objects (bucket resumes)   the upload of a pending import marks it uploaded
--                                   and emits resume.import.uploaded (a larger file than declared:
--                                   failed + storage.object.rejected, deleted by the runner)
--   private.resume_import_begin(import_id)        service_role (the runner)
--   private.resume_import_finish(import_id, entries, failure_reason)
--                                   service_role: the extracted entries become PENDING career
--                                   entries (origin import) the user confirms one by one
-- ======================================================================================

-- ---------------------------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------------------------
create type public.resume_import_status as enum ('pending', 'uploaded', 'processing', 'done', 'failed');
comment on type public.resume_import_status is
  'pending: upload URL issued; uploaded: the PDF arrived; processing: the runner extracts it; done: entries added for confirmation; failed: failure_reason says why.';

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.resume_imports (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  storage_path text not null unique check (char_length(storage_path) <= 300),
  size_bytes bigint not null check (size_bytes between 1 and 5242880),
  status public.resume_import_status not null default 'pending',
  entries_count integer check (entries_count is null or entries_count >= 0),
  failure_reason text check (failure_reason is null or char_length(failure_reason) between 1 and 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint resume_imports_failed_has_reason check (status <> 'failed' or failure_reason is not null)
);
comment on table public.resume_imports is
  'Uploads of an existing resume PDF to import into the career record: the runner extracts the text, Gemini structures it, the entries arrive pending for the user to confirm. Owner and admins read; written by the private.*resume_import* functions and the upload trigger.';
comment on column public.resume_imports.size_bytes is 'The size declared when the upload URL was issued (1 byte … 5 MiB).';
comment on column public.resume_imports.entries_count is 'How many pending entries the import added (done).';

create index resume_imports_user_idx on public.resume_imports (user_id, created_at desc);
comment on index public.resume_imports_user_idx is 'A user''s imports, newest first.';

alter table public.career_entries
  add constraint career_entries_import_fkey foreign key (import_id) references public.resume_imports (id) on delete set null;

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.resume_imports enable row level security;

create policy resume_imports_select_own on public.resume_imports
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy resume_imports_select_own on public.resume_imports is 'A user reads their own imports.';
create policy resume_imports_select_admin on public.resume_imports
  for select to authenticated using ((select private.is_admin()));
comment on policy resume_imports_select_admin on public.resume_imports is 'Admins read every import.';

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- private.create_resume_import(size_bytes) → (import_id, storage_path): a pending import of the
-- caller's, at <user_id>/imports/<import_id>.pdf. 23514 beyond 5 MiB; PT429 (DETAIL = seconds)
-- past 10 upload URLs of the resumes bucket an hour.
create function private.create_resume_import(size_bytes bigint)
returns table (import_id uuid, storage_path text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  iid uuid := gen_random_uuid();
  path text;
begin
  perform private.take_upload_url_quota('resumes', 10);
  path := uid::text || '/imports/' || iid::text || '.pdf';
  insert into public.resume_imports (id, user_id, storage_path, size_bytes)
  values (iid, uid, path, create_resume_import.size_bytes);
  return query select iid, path;
end;
$$;
comment on function private.create_resume_import(bigint) is
  'Caller (auth.uid()) starts a resume-PDF import: a pending resume_imports row and its path <user>/imports/<id>.pdf. 23514 beyond 5 MiB; PT429 past 10 upload URLs an hour.';

-- private.resume_import_object_created(): after insert on storage.objects in bucket resumes.
-- The object of a PENDING import: at most the declared size → uploaded, resume.import.uploaded
-- {user_id, import_id, storage_path}; larger (or of unknown size) → failed with a reason and
-- storage.object.rejected (the runner deletes the file through the Storage API). Other objects
-- (the runner's rendered PDFs) are ignored.
create function private.resume_import_object_created()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  imp public.resume_imports;
  actual bigint;
begin
  select * into imp from public.resume_imports i where i.storage_path = new.name and i.status = 'pending' for update;
  if not found then
    return null;
  end if;
  actual := case when (new.metadata ->> 'size') ~ '^\d{1,18}$' then (new.metadata ->> 'size')::bigint end;
  if actual is null or actual > imp.size_bytes then
    update public.resume_imports i
       set status = 'failed', updated_at = now(),
           failure_reason = 'The uploaded file was larger than announced (or of unknown size), so it was deleted. Upload it again.'
     where i.id = imp.id;
    perform private.emit('storage.object.rejected', jsonb_build_object(
      'user_id', imp.user_id, 'bucket', new.bucket_id, 'path', new.name,
      'reason', coalesce('size ' || actual::text, 'size unknown') || ', declared ' || imp.size_bytes::text));
    return null;
  end if;
  update public.resume_imports i set status = 'uploaded', updated_at = now() where i.id = imp.id;
  perform private.emit('resume.import.uploaded', jsonb_build_object(
    'user_id', imp.user_id, 'import_id', imp.id, 'storage_path', imp.storage_path));
  return null;
end;
$$;
comment on function private.resume_import_object_created() is
  'Trigger: after insert on storage.objects (bucket resumes). The PDF of a pending import marks it uploaded and emits resume.import.uploaded once; a larger file than declared fails it and queues its deletion. Other objects are ignored.';

create trigger resume_imports_upload_detected
  after insert on storage.objects
  for each row
  when (new.bucket_id = 'resumes')
  execute function private.resume_import_object_created();
comment on trigger resume_imports_upload_detected on storage.objects is
  'Resumes: detects the upload of a pending resume-PDF import (private.resume_import_object_created).';

-- private.resume_import_begin(import_id) → {import_id, user_id, storage_path, status}: the runner
-- starts (uploaded/processing → processing); done or failed imports are returned unchanged (skip).
create function private.resume_import_begin(import_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  imp public.resume_imports;
begin
  select * into imp from public.resume_imports i where i.id = resume_import_begin.import_id for update;
  if not found then
    raise exception 'import % not found', import_id using errcode = 'PT404';
  end if;
  if imp.status in ('uploaded', 'processing') then
    update public.resume_imports i set status = 'processing', updated_at = now() where i.id = imp.id returning * into imp;
  end if;
  return jsonb_build_object('import_id', imp.id, 'user_id', imp.user_id, 'storage_path', imp.storage_path,
    'status', imp.status);
end;
$$;
comment on function private.resume_import_begin(uuid) is
  'Service role (runner): marks an uploaded import processing and returns {import_id, user_id, storage_path, status}. PT404 when unknown.';

-- private.resume_import_finish(import_id, entries, failure_reason): the runner's outcome. entries
-- = [{kind, data}] → pending career entries of the import's user (origin import), or a failure
-- reason for the user. Entries whose kind or required field is wrong are skipped (the model's
-- output is not trusted). Idempotent: a finished import is not changed.
create function private.resume_import_finish(import_id uuid, entries jsonb, failure_reason text default null)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  imp public.resume_imports;
  e jsonb;
  n integer := 0;
begin
  select * into imp from public.resume_imports i where i.id = resume_import_finish.import_id for update;
  if not found then
    raise exception 'import % not found', import_id using errcode = 'PT404';
  end if;
  if imp.status in ('done', 'failed') then
    return coalesce(imp.entries_count, 0);
  end if;
  if failure_reason is not null then
    update public.resume_imports i set status = 'failed', failure_reason = left(resume_import_finish.failure_reason, 500),
           updated_at = now() where i.id = imp.id;
    return 0;
  end if;
  for e in select value from jsonb_array_elements(coalesce(entries, '[]'::jsonb)) loop
    continue when jsonb_typeof(e -> 'data') <> 'object'
      or (e ->> 'kind') not in ('work', 'education', 'skill', 'achievement', 'link');
    begin
      insert into public.career_entries (user_id, kind, status, origin, data, position, import_id)
      values (imp.user_id, (e ->> 'kind')::public.career_entry_kind, 'pending', 'import', e -> 'data', 1000 + n, imp.id);
      n := n + 1;
    exception when check_violation then
      null; -- an entry without its required field: skipped
    end;
  end loop;
  update public.resume_imports i set status = 'done', entries_count = n, updated_at = now() where i.id = imp.id;
  return n;
end;
$$;
comment on function private.resume_import_finish(uuid, jsonb, text) is
  'Service role (runner): records an import''s outcome: [{kind, data}] become pending career entries (origin import), or the import fails with a reason. Idempotent.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.resume_imports from public, anon, authenticated, service_role;
grant select on table public.resume_imports to authenticated;
grant all on table public.resume_imports to service_role;
revoke all on function
  private.create_resume_import(bigint),
  private.resume_import_object_created(),
  private.resume_import_begin(uuid),
  private.resume_import_finish(uuid, jsonb, text)
  from public, anon, authenticated, service_role;
grant execute on function private.create_resume_import(bigint) to authenticated;
grant execute on function private.resume_import_begin(uuid), private.resume_import_finish(uuid, jsonb, text) to service_role;

-- ---------------------------------------------------------------------------------------------
-- Queues
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'resume.import.uploaded',
  'A resume PDF to import arrived in Storage: the runner extracts its text and structures it into pending career entries.',
  '{"required": {"user_id": "uuid", "import_id": "uuid", "storage_path": "string"}}'
);
select private.register_route('resume.import.uploaded', 'resume_import');
select private.register_consumer('resume_import', 'runner', 'scraper-runner: resume_import',
  max_attempts => 3, visibility_timeout_s => 120, batch_size => 2, enabled => true,
  description => 'Resumes: extract an uploaded resume PDF''s text (pdf.js) and structure it with the user''s Gemini key into pending career entries.');
