-- ======================================================================================
-- Resume & Documents stack: the user's career record (the only source of truth a resume may
-- cite besides the profile, career preferences, synced repositories and verified certificates),
-- resumes and their versions (JSON Resume content with provenance, claims the no-fabrication
-- guard refused, the rendered PDF and its parse-back check), and the platform's resume limit.
--
-- Users read and write their own career record and resumes (RLS); admins read all. Versions are
-- written by the resumes function as the user (insert as draft/published, delete drafts);
-- only the runner (service_role) records the rendered PDF:
--
--   private.resume_limit()                              the platform setting resume_limit (5–10)
--   trigger resumes_enforce_limit                       refuses the resume past the limit (PT409)
--   private.add_resume_version(...)                     user (auth.uid()): a numbered version of
--                                   their resume, emits resume.version.created in this transaction
--   private.activate_resume_version(resume_id, version_id)  user: publishes and activates
--   private.resume_version_pdf_started / _pdf_finished  service_role (the runner)
--   private.add_resume_draft(...)                       service_role (the auto-update consumer):
--                                   one pending draft per resume (coalesced), emits resume.draft.created
-- ======================================================================================

-- ---------------------------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------------------------
create type public.career_entry_kind as enum ('work', 'education', 'skill', 'achievement', 'link');
comment on type public.career_entry_kind is
  'What a career-record entry is: a job (work), a degree or course (education), a skill, an achievement (award, publication, result), a link (portfolio, profile).';

create type public.career_entry_status as enum ('pending', 'confirmed');
comment on type public.career_entry_status is
  'pending: imported from a PDF, not yet confirmed by the user — never a resume source; confirmed: the user stands behind it.';

create type public.career_entry_origin as enum ('manual', 'import');
comment on type public.career_entry_origin is 'manual: typed by the user; import: extracted from an uploaded resume PDF.';

create type public.resume_generated_from as enum ('ai', 'auto_update', 'import', 'manual');
comment on type public.resume_generated_from is 'How a resume version was made (contract RESUME_GENERATED_FROM).';

create type public.resume_version_status as enum ('draft', 'published');
comment on type public.resume_version_status is
  'draft: made by auto-update, waiting for the user to approve (activate) or discard it; published: made at the user''s request, or an approved draft.';

create type public.resume_pdf_status as enum ('pending', 'rendering', 'ready', 'failed');
comment on type public.resume_pdf_status is
  'The runner''s PDF of a version: pending (queued), rendering, ready (pdf_storage_path set), failed (pdf_error says why).';

-- ---------------------------------------------------------------------------------------------
-- Tables: platform setting
-- ---------------------------------------------------------------------------------------------
create table if not exists public.platform_settings (
  key text primary key check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  value jsonb not null,
  updated_at timestamptz not null default now()
);
comment on table public.platform_settings is
  'Platform-wide settings an admin may change, one row per key. Signed-in users read them; only admins write (RLS).';

alter table public.platform_settings
  add constraint platform_settings_resume_limit_range check (
    key <> 'resume_limit' or (jsonb_typeof(value) = 'number' and (value)::numeric in (5, 6, 7, 8, 9, 10))
  );
comment on constraint platform_settings_resume_limit_range on public.platform_settings is
  'resume_limit: how many resumes one user may keep, an integer 5..10.';

insert into public.platform_settings (key, value) values ('resume_limit', '10'::jsonb)
on conflict (key) do nothing;

-- ---------------------------------------------------------------------------------------------
-- Tables: career record
-- ---------------------------------------------------------------------------------------------
create table public.career_entries (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  kind public.career_entry_kind not null,
  status public.career_entry_status not null default 'confirmed',
  origin public.career_entry_origin not null default 'manual',
  data jsonb not null check (jsonb_typeof(data) = 'object' and pg_column_size(data) <= 16384),
  position integer not null default 0 check (position between 0 and 10000),
  import_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint career_entries_manual_confirmed check (origin = 'import' or status = 'confirmed'),
  constraint career_entries_data_has_key check (
    case kind
      when 'work' then data ? 'organization' and data ? 'title'
      when 'education' then data ? 'institution'
      when 'skill' then data ? 'name'
      when 'achievement' then data ? 'title'
      when 'link' then data ? 'url'
    end
  )
);
comment on table public.career_entries is
  'The career record: work experience, education, skills, achievements and links the user declared (or imported from a PDF and confirmed). The only facts besides the profile, career preferences, repositories and verified certificates that a resume may state. Owner reads and writes; admins read.';
comment on column public.career_entries.data is
  'The entry''s fields, by kind (validated by the resumes function): work {organization, title, location?, start_date?, end_date?, summary?, highlights[]}; education {institution, area?, study_type?, start_date?, end_date?, score?}; skill {name, level?, keywords[]}; achievement {title, date?, awarder?, summary?}; link {url, network?, label?}. Dates YYYY, YYYY-MM or YYYY-MM-DD.';
comment on column public.career_entries.status is 'pending entries (from an import) are shown for confirmation and never cited.';
comment on column public.career_entries.import_id is 'The resume import the entry came from (origin import).';

create index career_entries_user_kind_idx on public.career_entries (user_id, kind, position, created_at);
comment on index public.career_entries_user_kind_idx is 'The record editor: a user''s entries by kind, in order.';

-- ---------------------------------------------------------------------------------------------
-- Tables: resumes and versions
-- ---------------------------------------------------------------------------------------------
create table public.resumes (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 80),
  role_type text not null check (char_length(role_type) between 1 and 80),
  template text not null default 'ats' check (template in ('ats', 'modern')),
  active_version_id uuid,
  auto_tailor_enabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint resumes_id_user_id_key unique (id, user_id)
);
comment on table public.resumes is
  'A user''s resumes (at most platform_settings.resume_limit each): a name, the role it targets, its template and the version shown and downloaded (active_version_id). Owner reads and writes; admins read.';
comment on column public.resumes.role_type is 'The role the resume targets ("Backend engineer").';
comment on column public.resumes.template is 'ats: single-column, ATS-safe; modern: two-tone (contract RESUME_TEMPLATES).';
comment on column public.resumes.active_version_id is 'The published version shown and downloaded; null until the first build.';
comment on column public.resumes.auto_tailor_enabled is
  'When true, new or changed repositories and intro videos make a draft version to approve (auto-update).';

create table public.resume_versions (
  id uuid primary key default gen_random_uuid(),
  resume_id uuid not null,
  user_id uuid not null default auth.uid(),
  number integer not null check (number >= 1),
  status public.resume_version_status not null default 'published',
  generated_from public.resume_generated_from not null,
  template text not null check (template in ('ats', 'modern')),
  content_json jsonb not null check (jsonb_typeof(content_json) = 'object' and content_json ? 'basics' and content_json ? 'meta'),
  rejected_claims jsonb not null default '[]'::jsonb check (jsonb_typeof(rejected_claims) = 'array'),
  source_repo_ids text[] not null default '{}',
  parent_version_id uuid,
  instructions text check (instructions is null or char_length(instructions) <= 2000),
  tailor_for_role text check (tailor_for_role is null or char_length(tailor_for_role) <= 120),
  job_description text check (job_description is null or char_length(job_description) <= 20000),
  pdf_status public.resume_pdf_status not null default 'pending',
  pdf_storage_path text check (pdf_storage_path is null or char_length(pdf_storage_path) <= 300),
  pdf_check jsonb check (pdf_check is null or jsonb_typeof(pdf_check) = 'object'),
  pdf_error text check (pdf_error is null or char_length(pdf_error) <= 500),
  pdf_rendered_at timestamptz,
  created_at timestamptz not null default now(),
  constraint resume_versions_resume_fkey foreign key (resume_id, user_id)
    references public.resumes (id, user_id) on delete cascade,
  constraint resume_versions_number_key unique (resume_id, number),
  constraint resume_versions_id_resume_id_key unique (id, resume_id),
  constraint resume_versions_ready_has_path check (pdf_status <> 'ready' or pdf_storage_path is not null)
);
comment on table public.resume_versions is
  'Versions of a resume: JSON Resume content whose every claim cites its sources (content_json.meta.provenance), the claims the no-fabrication guard refused (rejected_claims, never published), and the runner''s PDF with its parse-back check. Owner reads, inserts (through private.add_resume_version) and deletes drafts; admins read.';
comment on column public.resume_versions.number is 'Per resume, 1, 2, 3…';
comment on column public.resume_versions.content_json is 'A contract ResumeDocument (JSON Resume v1.0.0 + meta.provenance).';
comment on column public.resume_versions.rejected_claims is
  '[{pointer, field, text, sources[], reason, facts[]}]: what Gemini suggested that the sources do not support; shown to the user, never rendered.';
comment on column public.resume_versions.source_repo_ids is 'Repositories (ids) the version cites.';
comment on column public.resume_versions.parent_version_id is 'The version this one was compared with when made (the active one), for the diff.';
comment on column public.resume_versions.pdf_check is 'The runner''s parse-back check (contract ResumePdfCheck).';

create index resume_versions_resume_idx on public.resume_versions (resume_id, number desc);
comment on index public.resume_versions_resume_idx is 'A resume''s versions, newest first.';
create index resume_versions_user_idx on public.resume_versions (user_id);
comment on index public.resume_versions_user_idx is 'Per-user look-ups and cascades.';
create unique index resume_versions_one_auto_draft_idx on public.resume_versions (resume_id)
  where status = 'draft' and generated_from = 'auto_update';
comment on index public.resume_versions_one_auto_draft_idx is
  'Auto-update drafts are coalesced: at most one waiting per resume (a later change refreshes it).';

alter table public.resumes
  add constraint resumes_active_version_fkey foreign key (active_version_id, id)
    references public.resume_versions (id, resume_id) on delete set null (active_version_id);

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.platform_settings enable row level security;

create policy platform_settings_select_signed_in on public.platform_settings
  for select to authenticated using (true);
comment on policy platform_settings_select_signed_in on public.platform_settings is 'Signed-in users read platform settings (limits shown in the app).';

create policy platform_settings_update_admin on public.platform_settings
  for update to authenticated using ((select private.is_admin())) with check ((select private.is_admin()));
comment on policy platform_settings_update_admin on public.platform_settings is 'Only admins change platform settings.';

alter table public.career_entries enable row level security;

create policy career_entries_select_own on public.career_entries
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy career_entries_select_own on public.career_entries is 'A user reads their own career record.';
create policy career_entries_select_admin on public.career_entries
  for select to authenticated using ((select private.is_admin()));
comment on policy career_entries_select_admin on public.career_entries is 'Admins read every career record.';
create policy career_entries_insert_own on public.career_entries
  for insert to authenticated with check (user_id = (select auth.uid()));
comment on policy career_entries_insert_own on public.career_entries is 'A user adds entries to their own record only.';
create policy career_entries_update_own on public.career_entries
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
comment on policy career_entries_update_own on public.career_entries is 'A user edits (and confirms) their own entries only.';
create policy career_entries_delete_own on public.career_entries
  for delete to authenticated using (user_id = (select auth.uid()));
comment on policy career_entries_delete_own on public.career_entries is 'A user deletes their own entries only.';

alter table public.resumes enable row level security;

create policy resumes_select_own on public.resumes
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy resumes_select_own on public.resumes is 'A user reads their own resumes.';
create policy resumes_select_admin on public.resumes
  for select to authenticated using ((select private.is_admin()));
comment on policy resumes_select_admin on public.resumes is 'Admins read every user''s resumes.';
create policy resumes_insert_own on public.resumes
  for insert to authenticated with check (user_id = (select auth.uid()) and active_version_id is null);
comment on policy resumes_insert_own on public.resumes is 'A user creates resumes for themselves only (the limit is a trigger).';
create policy resumes_update_own on public.resumes
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
comment on policy resumes_update_own on public.resumes is 'A user renames, retargets, re-templates their own resumes (active_version_id only through private.activate_resume_version: column grants).';
create policy resumes_delete_own on public.resumes
  for delete to authenticated using (user_id = (select auth.uid()));
comment on policy resumes_delete_own on public.resumes is 'A user deletes their own resumes (versions go with them).';

alter table public.resume_versions enable row level security;

create policy resume_versions_select_own on public.resume_versions
  for select to authenticated using (user_id = (select auth.uid()));
comment on policy resume_versions_select_own on public.resume_versions is 'A user reads the versions of their own resumes.';
create policy resume_versions_select_admin on public.resume_versions
  for select to authenticated using ((select private.is_admin()));
comment on policy resume_versions_select_admin on public.resume_versions is 'Admins read every version.';
create policy resume_versions_delete_own_draft on public.resume_versions
  for delete to authenticated using (
    user_id = (select auth.uid()) and status = 'draft'
    and not exists (select 1 from public.resumes r where r.active_version_id = resume_versions.id)
  );
comment on policy resume_versions_delete_own_draft on public.resume_versions is
  'A user discards their own drafts; published versions stay (history), the active one always.';

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- private.resume_limit(): how many resumes one user may keep (platform_settings.resume_limit, default 10).
create function private.resume_limit()
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select (s.value)::integer from public.platform_settings s where s.key = 'resume_limit'), 10);
$$;
comment on function private.resume_limit() is 'The platform''s per-user resume limit (5..10, default 10).';

-- private.resumes_enforce_limit(): before insert on resumes. Refuses a resume past the owner's
-- limit with PT409 (the API''s 409 conflict, message for the user). Serialised per user so two
-- concurrent creations cannot both take the last slot.
create function private.resumes_enforce_limit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  lim integer := private.resume_limit();
  used integer;
begin
  perform pg_advisory_xact_lock(hashtextextended('careerpilot.resumes:' || new.user_id::text, 0));
  select count(*)::int into used from public.resumes r where r.user_id = new.user_id;
  if used >= lim then
    raise exception 'You have % of % resumes, the most you can keep. Delete one to make room.', used, lim
      using errcode = 'PT409', detail = lim::text;
  end if;
  return new;
end;
$$;
comment on function private.resumes_enforce_limit() is
  'Trigger: before insert on public.resumes; PT409 when the owner already has private.resume_limit() resumes (advisory lock per user).';

create trigger resumes_enforce_limit
  before insert on public.resumes
  for each row execute function private.resumes_enforce_limit();
comment on trigger resumes_enforce_limit on public.resumes is 'The per-user resume limit (platform setting resume_limit).';

-- private.resumes_touch(): before update on resumes / career_entries, sets updated_at.
create function private.resumes_touch()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
comment on function private.resumes_touch() is 'Trigger: keeps updated_at current on resumes and career_entries.';

create trigger resumes_touch before update on public.resumes
  for each row execute function private.resumes_touch();
comment on trigger resumes_touch on public.resumes is 'Keeps updated_at current.';
create trigger career_entries_touch before update on public.career_entries
  for each row execute function private.resumes_touch();
comment on trigger career_entries_touch on public.career_entries is 'Keeps updated_at current.';

-- private.add_resume_version(resume_id, content_json, rejected_claims, generated_from, status,
--   source_repo_ids, instructions, tailor_for_role, job_description) → (version_id, number)
-- The caller's (auth.uid()) new version of their resume, numbered after the last, with the
-- resume's template and the active version as parent; emits resume.version.created in this
-- transaction (the runner renders the PDF). A published version made by the user becomes the
-- active one at once (the user asked for it); drafts wait for approval. PT404 when the resume is
-- not the caller's.
create function private.add_resume_version(
  resume_id uuid,
  content_json jsonb,
  rejected_claims jsonb,
  generated_from text,
  status text default 'published',
  source_repo_ids text[] default '{}',
  instructions text default null,
  tailor_for_role text default null,
  job_description text default null
)
returns table (version_id uuid, number integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  resume public.resumes;
  next_number integer;
  vid uuid := gen_random_uuid();
begin
  select * into resume from public.resumes r
   where r.id = add_resume_version.resume_id and r.user_id = uid for update;
  if not found then
    raise exception 'No such resume.' using errcode = 'PT404';
  end if;
  select coalesce(max(v.number), 0) + 1 into next_number from public.resume_versions v where v.resume_id = resume.id;
  insert into public.resume_versions (id, resume_id, user_id, number, status, generated_from, template, content_json,
    rejected_claims, source_repo_ids, parent_version_id, instructions, tailor_for_role, job_description)
  values (vid, resume.id, uid, next_number, add_resume_version.status::public.resume_version_status,
    add_resume_version.generated_from::public.resume_generated_from, resume.template, add_resume_version.content_json,
    coalesce(add_resume_version.rejected_claims, '[]'::jsonb), coalesce(add_resume_version.source_repo_ids, '{}'),
    resume.active_version_id, add_resume_version.instructions, add_resume_version.tailor_for_role,
    add_resume_version.job_description);
  if add_resume_version.status = 'published' then
    update public.resumes r set active_version_id = vid where r.id = resume.id;
  end if;
  perform private.emit('resume.version.created', jsonb_build_object(
    'user_id', uid, 'resume_id', resume.id, 'version_id', vid, 'generated_from', add_resume_version.generated_from,
    'template', resume.template, 'status', add_resume_version.status));
  return query select vid, next_number;
end;
$$;
comment on function private.add_resume_version(uuid, jsonb, jsonb, text, text, text[], text, text, text) is
  'Caller (auth.uid()) adds a numbered version to their resume (published ones become active), emits resume.version.created. PT404 when not the caller''s resume; 22P02/23514 for bad values.';

-- private.activate_resume_version(resume_id, version_id): the caller approves a version (a draft
-- becomes published) and makes it the one shown and downloaded. PT404 when either is not theirs.
create function private.activate_resume_version(resume_id uuid, version_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
begin
  update public.resume_versions v set status = 'published'
   where v.id = activate_resume_version.version_id and v.resume_id = activate_resume_version.resume_id
     and v.user_id = uid;
  if not found then
    raise exception 'No such version.' using errcode = 'PT404';
  end if;
  update public.resumes r set active_version_id = activate_resume_version.version_id
   where r.id = activate_resume_version.resume_id and r.user_id = uid;
end;
$$;
comment on function private.activate_resume_version(uuid, uuid) is
  'Caller (auth.uid()) publishes and activates a version of their resume. PT404 when not theirs.';

-- private.add_resume_draft(resume_id, content_json, rejected_claims, source_repo_ids) → version_id
-- Service role (the auto-update consumer): the resume's one waiting auto-update draft, created or
-- refreshed (coalesced: many repository events make one draft). A new draft emits
-- resume.version.created (render) and resume.draft.created (the "update to review"
-- notification); a refreshed one emits resume.version.created only and gets its PDF again.
create function private.add_resume_draft(resume_id uuid, content_json jsonb, rejected_claims jsonb, source_repo_ids text[])
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  resume public.resumes;
  existing public.resume_versions;
  vid uuid;
  next_number integer;
begin
  select * into resume from public.resumes r where r.id = add_resume_draft.resume_id for update;
  if not found then
    raise exception 'resume % not found', resume_id using errcode = 'PT404';
  end if;
  select * into existing from public.resume_versions v
   where v.resume_id = resume.id and v.status = 'draft' and v.generated_from = 'auto_update';
  if found then
    update public.resume_versions v
       set content_json = add_resume_draft.content_json, rejected_claims = coalesce(add_resume_draft.rejected_claims, '[]'),
           source_repo_ids = coalesce(add_resume_draft.source_repo_ids, '{}'), template = resume.template,
           pdf_status = 'pending', pdf_storage_path = null, pdf_check = null, pdf_error = null, pdf_rendered_at = null,
           parent_version_id = resume.active_version_id, created_at = now()
     where v.id = existing.id;
    vid := existing.id;
  else
    vid := gen_random_uuid();
    select coalesce(max(v.number), 0) + 1 into next_number from public.resume_versions v where v.resume_id = resume.id;
    insert into public.resume_versions (id, resume_id, user_id, number, status, generated_from, template, content_json,
      rejected_claims, source_repo_ids, parent_version_id)
    values (vid, resume.id, resume.user_id, next_number, 'draft', 'auto_update', resume.template, add_resume_draft.content_json,
      coalesce(add_resume_draft.rejected_claims, '[]'), coalesce(add_resume_draft.source_repo_ids, '{}'),
      resume.active_version_id);
    perform private.emit('resume.draft.created', jsonb_build_object(
      'user_id', resume.user_id, 'resume_id', resume.id, 'version_id', vid, 'resume_name', resume.name));
  end if;
  perform private.emit('resume.version.created', jsonb_build_object(
    'user_id', resume.user_id, 'resume_id', resume.id, 'version_id', vid, 'generated_from', 'auto_update',
    'template', resume.template, 'status', 'draft'));
  return vid;
end;
$$;
comment on function private.add_resume_draft(uuid, jsonb, jsonb, text[]) is
  'Service role (auto-update): creates or refreshes the resume''s one auto-update draft; emits resume.version.created, and resume.draft.created for a new draft. PT404 for an unknown resume.';

-- private.resume_version_pdf_started(version_id) → {version_id, user_id, resume_id, status,
-- pdf_status, content_json, template}: the runner begins rendering (pending/failed/rendering →
-- rendering); a ready version is returned unchanged (a redelivery skips). PT404 when unknown.
create function private.resume_version_pdf_started(version_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v public.resume_versions;
begin
  select * into v from public.resume_versions x where x.id = resume_version_pdf_started.version_id for update;
  if not found then
    raise exception 'version % not found', version_id using errcode = 'PT404';
  end if;
  if v.pdf_status <> 'ready' then
    update public.resume_versions x set pdf_status = 'rendering', pdf_error = null where x.id = v.id returning * into v;
  end if;
  return jsonb_build_object('version_id', v.id, 'user_id', v.user_id, 'resume_id', v.resume_id,
    'number', v.number, 'pdf_status', v.pdf_status, 'content_json', v.content_json, 'template', v.template);
end;
$$;
comment on function private.resume_version_pdf_started(uuid) is
  'Service role (runner): marks a version''s PDF rendering and returns what to render; ready versions unchanged. PT404 when unknown.';

-- private.resume_version_pdf_finished(version_id, storage_path, pdf_check, error): the runner's
-- outcome: ready with the object path and the parse-back check, or failed with a reason.
create function private.resume_version_pdf_finished(version_id uuid, storage_path text, pdf_check jsonb, error text default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if storage_path is null and error is null then
    raise exception 'a path or an error is required' using errcode = '22023';
  end if;
  update public.resume_versions x
     set pdf_status = case when resume_version_pdf_finished.storage_path is not null then 'ready' else 'failed' end::public.resume_pdf_status,
         pdf_storage_path = resume_version_pdf_finished.storage_path,
         pdf_check = resume_version_pdf_finished.pdf_check,
         pdf_error = left(resume_version_pdf_finished.error, 500),
         pdf_rendered_at = now()
   where x.id = resume_version_pdf_finished.version_id;
  if not found then
    raise exception 'version % not found', version_id using errcode = 'PT404';
  end if;
end;
$$;
comment on function private.resume_version_pdf_finished(uuid, text, jsonb, text) is
  'Service role (runner): records the rendered PDF (ready + path + parse-back check) or the failure. PT404 when unknown.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.platform_settings, public.career_entries, public.resumes, public.resume_versions
  from public, anon, authenticated, service_role;
grant select on table public.platform_settings to authenticated;
grant update (value, updated_at) on table public.platform_settings to authenticated;
grant select, insert, delete on table public.career_entries to authenticated;
grant update (kind, status, data, position, updated_at) on table public.career_entries to authenticated;
grant select, insert, delete on table public.resumes to authenticated;
grant update (name, role_type, template, auto_tailor_enabled, updated_at) on table public.resumes to authenticated;
grant select, delete on table public.resume_versions to authenticated;
grant all on table public.platform_settings, public.career_entries, public.resumes, public.resume_versions to service_role;

revoke all on function
  private.resume_limit(),
  private.resumes_enforce_limit(),
  private.resumes_touch(),
  private.add_resume_version(uuid, jsonb, jsonb, text, text, text[], text, text, text),
  private.activate_resume_version(uuid, uuid),
  private.add_resume_draft(uuid, jsonb, jsonb, text[]),
  private.resume_version_pdf_started(uuid),
  private.resume_version_pdf_finished(uuid, text, jsonb, text)
  from public, anon, authenticated, service_role;
grant execute on function private.resume_limit() to authenticated, service_role;
grant execute on function
  private.add_resume_version(uuid, jsonb, jsonb, text, text, text[], text, text, text),
  private.activate_resume_version(uuid, uuid)
  to authenticated;
grant execute on function
  private.add_resume_draft(uuid, jsonb, jsonb, text[]),
  private.resume_version_pdf_started(uuid),
  private.resume_version_pdf_finished(uuid, text, jsonb, text)
  to service_role;

-- ---------------------------------------------------------------------------------------------
-- Queues: this stack's events, routes and consumers
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'resume.version.created',
  'A resume version was made (built, auto-updated) and needs its PDF: the runner renders, uploads and parses it back.',
  '{"required": {"user_id": "uuid", "resume_id": "uuid", "version_id": "uuid", "generated_from": "string", "template": "string"},
    "optional": {"status": "string"}}'
);
select private.register_event_type(
  'resume.draft.created',
  'Auto-update made a draft version of a resume for the user to review (approve or discard).',
  '{"required": {"user_id": "uuid", "resume_id": "uuid", "version_id": "uuid", "resume_name": "string"}}'
);

select private.register_route('resume.version.created', 'resume_pdf');
select private.register_route('repo.detected', 'resume_auto_update');
select private.register_route('repo.updated', 'resume_auto_update');
select private.register_route('project_video.processed', 'resume_auto_update');

-- The handlers are in the runner (scraper-runner/src/resumes).
select private.register_consumer('resume_pdf', 'runner', 'scraper-runner: resume_pdf',
  max_attempts => 4, visibility_timeout_s => 120, batch_size => 2, enabled => true,
  description => 'Resumes: render a version''s PDF (pdf-lib, Noto fonts), upload it to bucket resumes, parse it back and store the check.');
select private.register_consumer('resume_auto_update', 'runner', 'scraper-runner: resume_auto_update',
  max_attempts => 5, visibility_timeout_s => 120, batch_size => 50, enabled => true,
  description => 'Resumes: new or changed repositories and intro videos refresh one draft per resume with auto-tailor on (coalesced).');

select notifications.register_template('resume.draft.created', 'default',
  title => 'Resume ''{{payload.resume_name}}'' has an update to review',
  body => 'A new or changed project was added to a draft. Approve it to make it live, or discard it.',
  link => '/resumes?resume={{payload.resume_id}}&version={{payload.version_id}}');
