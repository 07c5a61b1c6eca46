-- =============================================================================================
-- Identity & Document Verification: certificates, degrees and government IDs a user uploads, the
-- runner's OCR extract of each, and the admin review (pending → verified | rejected).
--
--   public.certificates                                   one row per upload URL issued
--   private.create_certificate(type, title, issuer, content_type, size)   user: a pending row and
--                                   its storage path {user_id}/{certificate_id}.pdf|png|jpg|webp
--   trigger on storage.objects (bucket certificates)      the upload marks it uploaded and emits
--                                   certificate.uploaded (→ runner queue certificate_ocr)
--   private.certificate_begin_ocr(id) / certificate_record_ocr(id, status, extract)
--                                   service_role (the runner): the OCR result, government ID
--                                   numbers masked again here before anything is stored
--   private.delete_certificate(id)                        user: pending or rejected only
--   private.certificate_decide(id, decision, notes)       admin: verified | rejected (notes
--                                   required), once; audit row + certificate.status.changed
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------------------------
create type public.certificate_document_type as enum ('course', 'professional', 'degree', 'government_id');
comment on type public.certificate_document_type is
  'What a verification document is: a course certificate, a professional certification, a degree, or a government ID (KYC).';
create type public.certificate_status as enum ('pending', 'verified', 'rejected');
comment on type public.certificate_status is 'The review outcome: pending until an admin verifies or rejects it.';
create type public.certificate_ocr_status as enum ('awaiting_upload', 'queued', 'processing', 'extracted', 'unreadable', 'failed');
comment on type public.certificate_ocr_status is
  'The OCR of the uploaded file: awaiting_upload (URL issued) → queued (uploaded) → processing → extracted | unreadable (no text found) | failed (the file was refused, e.g. larger than declared).';

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.certificates (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  document_type public.certificate_document_type not null,
  title text check (title is null or char_length(title) between 1 and 200),
  issuer text check (issuer is null or char_length(issuer) between 1 and 200),
  storage_path text not null unique check (char_length(storage_path) <= 300),
  content_type text not null check (content_type in ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')),
  size_bytes bigint not null check (size_bytes between 1 and 10485760),
  ocr_status public.certificate_ocr_status not null default 'awaiting_upload',
  ocr_extract_json jsonb check (ocr_extract_json is null or jsonb_typeof(ocr_extract_json) = 'object'),
  status public.certificate_status not null default 'pending',
  rejection_notes text check (rejection_notes is null or char_length(rejection_notes) between 1 and 1000),
  created_at timestamptz not null default now(),
  uploaded_at timestamptz,
  reviewed_by_admin_id uuid references auth.users (id) on delete set null,
  reviewed_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint certificates_rejected_has_notes check (status <> 'rejected' or rejection_notes is not null),
  constraint certificates_reviewed check ((status = 'pending') = (reviewed_at is null))
);
comment on table public.certificates is
  'Verification documents (certificates, degrees, government IDs): one row per upload URL issued, the file at storage_path in bucket certificates, the runner''s OCR extract, and the admin review. Owner and admins read; written by private.create_certificate / delete_certificate (owner), the storage.objects upload trigger, the runner''s private.certificate_*_ocr and private.certificate_decide (admins).';
comment on column public.certificates.title is 'What the user called it (optional; the OCR guesses one too).';
comment on column public.certificates.size_bytes is 'The size declared when the upload URL was issued (1 byte … 10 MiB); a larger upload is refused.';
comment on column public.certificates.ocr_extract_json is
  '{text, fields: {holder_name, issuer, title, issue_date, credential_id, credential_url}, confidence, name_match: {profile_name, score, verdict}, pages, method, government_ids: [{kind, masked}], reason?}. Government ID numbers are masked (Aadhaar XXXX XXXX 1234, PAN XXXXXX999A) everywhere in it.';
comment on column public.certificates.rejection_notes is 'The admin''s reason (required when rejected), shown to the user.';
comment on column public.certificates.uploaded_at is 'When the file arrived in Storage (null until then).';

create index certificates_user_created_idx on public.certificates (user_id, created_at desc, id);
comment on index public.certificates_user_created_idx is 'A user''s certificates, newest first.';
create index certificates_pending_idx on public.certificates (uploaded_at, id) where status = 'pending' and uploaded_at is not null;
comment on index public.certificates_pending_idx is 'The admin review queue (uploaded, pending), oldest first.';

-- ---------------------------------------------------------------------------------------------
-- RLS policies
-- ---------------------------------------------------------------------------------------------
alter table public.certificates enable row level security;

create policy certificates_select_own on public.certificates
  for select to authenticated
  using (user_id = (select auth.uid()));
comment on policy certificates_select_own on public.certificates is 'A user reads their own certificates.';

create policy certificates_select_admin on public.certificates
  for select to authenticated
  using ((select private.is_admin()));
comment on policy certificates_select_admin on public.certificates is 'Admins read every user''s certificates (review).';
-- No insert/update/delete policies: writes go through the private.* functions below.

-- ---------------------------------------------------------------------------------------------
-- Functions: government ID masking
-- ---------------------------------------------------------------------------------------------

-- private.mask_government_ids(text) → text: Aadhaar numbers (12 digits, optionally grouped
-- 4-4-4 by spaces or hyphens, first digit 2–9) become "XXXX XXXX 1234"; PAN numbers
-- (AAAAA9999A) keep only their last 4 characters ("XXXXXX999A"). The runner masks before it
-- sends anything; this is the database's own guarantee, applied to every string it stores.
create function private.mask_government_ids(value text)
returns text
language sql
immutable
set search_path = ''
as $$
  select regexp_replace(
           regexp_replace(value, '(?<![0-9])[2-9][0-9]{3}[ -]?[0-9]{4}[ -]?([0-9]{4})(?![0-9])', 'XXXX XXXX \1', 'g'),
           '(?<![A-Za-z0-9])[A-Za-z]{5}[0-9]([0-9]{3}[A-Za-z])(?![A-Za-z0-9])', 'XXXXXX\1', 'g');
$$;
comment on function private.mask_government_ids(text) is
  'Masks Aadhaar (12 digits → XXXX XXXX 1234) and PAN (AAAAA9999A → XXXXXX999A) numbers in a text.';

-- private.mask_government_ids_json(jsonb) → jsonb: the same for every string (keys included) in
-- a JSON document, and for a 12-digit JSON number (an Aadhaar number sent as a number).
create function private.mask_government_ids_json(doc jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
begin
  case jsonb_typeof(doc)
    when 'string' then
      return to_jsonb(private.mask_government_ids(doc #>> '{}'));
    when 'object' then
      return (select coalesce(jsonb_object_agg(private.mask_government_ids(e.key), private.mask_government_ids_json(e.value)), '{}'::jsonb)
                from jsonb_each(doc) e);
    when 'array' then
      return (select coalesce(jsonb_agg(private.mask_government_ids_json(a.value) order by a.n), '[]'::jsonb)
                from jsonb_array_elements(doc) with ordinality a(value, n));
    when 'number' then
      if doc::text ~ '^[2-9][0-9]{11}$' then
        return to_jsonb(private.mask_government_ids(doc::text));
      end if;
      return doc;
    else
      return doc;
  end case;
end;
$$;
comment on function private.mask_government_ids_json(jsonb) is
  'Masks Aadhaar and PAN numbers in every string (and key) of a JSON document, and 12-digit numbers.';

-- ---------------------------------------------------------------------------------------------
-- Functions: the user's side
-- ---------------------------------------------------------------------------------------------

-- private.create_certificate(document_type, title, issuer, content_type, size_bytes) →
-- (certificate_id, storage_path): a pending certificate of the caller at
-- {user_id}/{certificate_id}.pdf|png|jpg|webp. Uses one of the caller's upload URLs of the hour
-- (PT429 past 20). Types and sizes are checked by the API first (415/413); the constraints hold
-- anyway.
create function private.create_certificate(
  document_type text,
  title text,
  issuer text,
  content_type text,
  size_bytes bigint
)
returns table (certificate_id uuid, storage_path text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  cid uuid := gen_random_uuid();
  path text;
begin
  perform private.take_upload_url_quota('certificates', 20);
  path := uid::text || '/' || cid::text || case create_certificate.content_type
    when 'application/pdf' then '.pdf' when 'image/png' then '.png' when 'image/jpeg' then '.jpg' else '.webp' end;
  insert into public.certificates (id, user_id, document_type, title, issuer, storage_path, content_type, size_bytes)
  values (cid, uid, create_certificate.document_type::public.certificate_document_type,
          nullif(btrim(create_certificate.title), ''), nullif(btrim(create_certificate.issuer), ''),
          path, create_certificate.content_type, create_certificate.size_bytes);
  return query select cid, path;
end;
$$;
comment on function private.create_certificate(text, text, text, text, bigint) is
  'Caller (auth.uid()) starts a certificate upload: a pending certificates row and its storage path {user_id}/{id}.pdf|png|jpg|webp. PT429 (DETAIL = seconds) past 20 upload URLs an hour.';

-- private.delete_certificate(id): the caller deletes their own certificate while it is pending or
-- rejected (a verified one is part of their record: PT409); PT404 when it is not theirs. The
-- file is deleted through the Storage API by the runner (storage.object.rejected), never orphaned.
create function private.delete_certificate(certificate_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  cert public.certificates;
begin
  select * into cert from public.certificates c
   where c.id = delete_certificate.certificate_id and c.user_id = uid
   for update;
  if not found then
    raise exception 'certificate not found' using errcode = 'PT404';
  end if;
  if cert.status = 'verified' then
    raise exception 'A verified certificate cannot be deleted.' using errcode = 'PT409';
  end if;
  delete from public.certificates c where c.id = cert.id;
  if cert.uploaded_at is not null then
    perform private.emit('storage.object.rejected', jsonb_build_object(
      'user_id', uid, 'bucket', 'certificates', 'path', cert.storage_path, 'reason', 'certificate deleted by its owner'));
  end if;
end;
$$;
comment on function private.delete_certificate(uuid) is
  'Caller (auth.uid()) deletes their own pending or rejected certificate (PT409 when verified, PT404 when not theirs); an uploaded file is queued for deletion (storage.object.rejected → storage_cleanup).';

-- ---------------------------------------------------------------------------------------------
-- Functions: upload detection (trigger on storage.objects)
-- ---------------------------------------------------------------------------------------------

-- private.certificate_object_created(): after insert on storage.objects in bucket certificates.
-- The object of a certificate awaiting its upload marks it uploaded (ocr_status queued) and emits
-- certificate.uploaded once; an object larger than declared (or of unknown size) marks the OCR
-- failed with a reason and queues the file's deletion. Other objects are ignored.
create function private.certificate_object_created()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  cert public.certificates;
  actual_size bigint;
begin
  select * into cert from public.certificates c
   where c.storage_path = new.name and c.ocr_status = 'awaiting_upload'
   for update;
  if not found then
    return null;
  end if;
  actual_size := case when (new.metadata ->> 'size') ~ '^[0-9]{1,18}$' then (new.metadata ->> 'size')::bigint end;
  if actual_size is null or actual_size > cert.size_bytes then
    update public.certificates c
       set ocr_status = 'failed', uploaded_at = now(), updated_at = now(),
           ocr_extract_json = jsonb_build_object('reason',
             'The uploaded file is larger than announced when the upload started, so it was deleted. Upload it again.')
     where c.id = cert.id;
    perform private.emit('storage.object.rejected', jsonb_build_object(
      'user_id', cert.user_id, 'bucket', new.bucket_id, 'path', new.name,
      'reason', coalesce('size ' || actual_size::text, 'size unknown') || ', declared ' || cert.size_bytes::text));
    return null;
  end if;
  update public.certificates c
     set ocr_status = 'queued', uploaded_at = now(), updated_at = now()
   where c.id = cert.id;
  perform private.emit('certificate.uploaded', jsonb_build_object(
    'user_id', cert.user_id, 'certificate_id', cert.id, 'storage_path', cert.storage_path,
    'content_type', cert.content_type, 'document_type', cert.document_type::text));
  return null;
end;
$$;
comment on function private.certificate_object_created() is
  'Trigger: after insert on storage.objects (bucket certificates). The object of a certificate awaiting upload marks it uploaded (ocr_status queued) and emits certificate.uploaded once; an object larger than declared fails its OCR and queues the file''s deletion (storage.object.rejected).';

create trigger certificates_upload_detected
  after insert on storage.objects
  for each row
  when (new.bucket_id = 'certificates')
  execute function private.certificate_object_created();
comment on trigger certificates_upload_detected on storage.objects is
  'Verification: detects the upload of a certificate (private.certificate_object_created).';

-- ---------------------------------------------------------------------------------------------
-- Functions: the runner's OCR (service_role)
-- ---------------------------------------------------------------------------------------------

-- private.certificate_begin_ocr(id) → {certificate_id, user_id, storage_path, content_type,
-- document_type, ocr_status, profile_name}: a queued (or processing: a redelivery) certificate
-- becomes processing; other states are returned unchanged so the runner skips them; null when the
-- certificate is gone (deleted meanwhile).
create function private.certificate_begin_ocr(certificate_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  cert public.certificates;
begin
  select * into cert from public.certificates c where c.id = certificate_begin_ocr.certificate_id for update;
  if not found then
    return null;
  end if;
  if cert.ocr_status in ('queued', 'processing') then
    update public.certificates c set ocr_status = 'processing', updated_at = now()
     where c.id = cert.id returning * into cert;
  end if;
  return jsonb_build_object(
    'certificate_id', cert.id, 'user_id', cert.user_id, 'storage_path', cert.storage_path,
    'content_type', cert.content_type, 'document_type', cert.document_type::text,
    'ocr_status', cert.ocr_status::text,
    'profile_name', (select p.display_name from public.profiles p where p.id = cert.user_id));
end;
$$;
comment on function private.certificate_begin_ocr(uuid) is
  'Runner (service_role): marks a queued certificate processing and returns {certificate_id, user_id, storage_path, content_type, document_type, ocr_status, profile_name}; other states unchanged (skip); null when deleted.';

-- private.certificate_record_ocr(id, ocr_status, extract): stores the OCR outcome (extracted or
-- unreadable) of a processing certificate, with every government ID number in the extract masked
-- (again). A certificate no longer processing (deleted, already recorded) is left alone.
create function private.certificate_record_ocr(certificate_id uuid, ocr_status text, ocr_extract jsonb)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  n integer;
begin
  if ocr_status is null or ocr_status not in ('extracted', 'unreadable') then
    raise exception 'ocr_status must be extracted or unreadable, not %', coalesce(ocr_status, 'null') using errcode = '22023';
  end if;
  if ocr_extract is null or jsonb_typeof(ocr_extract) <> 'object' then
    raise exception 'the extract must be a JSON object' using errcode = '22023';
  end if;
  update public.certificates c
     set ocr_status = certificate_record_ocr.ocr_status::public.certificate_ocr_status,
         ocr_extract_json = private.mask_government_ids_json(ocr_extract),
         updated_at = now()
   where c.id = certificate_record_ocr.certificate_id and c.ocr_status = 'processing';
  get diagnostics n = row_count;
  return n > 0;
end;
$$;
comment on function private.certificate_record_ocr(uuid, text, jsonb) is
  'Runner (service_role): records a processing certificate''s OCR outcome (extracted | unreadable) with government ID numbers masked; false when it was not processing (deleted, already recorded).';

-- ---------------------------------------------------------------------------------------------
-- Functions: the admin review
-- ---------------------------------------------------------------------------------------------

-- private.certificate_decide(id, decision, notes) → public.certificates: an admin verifies or
-- rejects (notes required) a pending, uploaded certificate. In one transaction: the row, the
-- audit row (certificate.approve | certificate.reject) and certificate.status.changed for the
-- user's notification. 42501 for a non-admin; PT404 for an unknown (or deleted) certificate;
-- PT409 when it was already decided or has no file yet; 23514 for a rejection without notes.
create function private.certificate_decide(certificate_id uuid, decision text, notes text default null)
returns public.certificates
language plpgsql
security definer
set search_path = ''
as $$
declare
  cert public.certificates;
  clean_notes text := nullif(btrim(notes), '');
begin
  if not private.is_admin() then
    raise exception 'only an admin can review certificates' using errcode = '42501';
  end if;
  if decision is null or decision not in ('verified', 'rejected') then
    raise exception 'decision must be verified or rejected' using errcode = '22023';
  end if;
  if decision = 'rejected' and clean_notes is null then
    raise exception 'A rejection needs notes for the user.' using errcode = '23514';
  end if;
  select * into cert from public.certificates c where c.id = certificate_decide.certificate_id for update;
  if not found then
    raise exception 'certificate not found' using errcode = 'PT404';
  end if;
  if cert.status <> 'pending' then
    raise exception 'This certificate was already %.', cert.status using errcode = 'PT409';
  end if;
  if cert.uploaded_at is null then
    raise exception 'Nothing was uploaded for this certificate yet.' using errcode = 'PT409';
  end if;
  update public.certificates c
     set status = decision::public.certificate_status,
         rejection_notes = case when decision = 'rejected' then left(clean_notes, 1000) end,
         reviewed_by_admin_id = auth.uid(),
         reviewed_at = now(),
         updated_at = now()
   where c.id = cert.id
  returning * into cert;
  perform private.admin_audit(
    case decision when 'verified' then 'certificate.approve' else 'certificate.reject' end,
    'certificate', cert.id::text,
    jsonb_strip_nulls(jsonb_build_object('document_type', cert.document_type::text, 'status', decision,
      'notes', cert.rejection_notes)),
    cert.user_id);
  perform private.emit('certificate.status.changed', jsonb_strip_nulls(jsonb_build_object(
    'user_id', cert.user_id, 'certificate_id', cert.id, 'status', decision,
    'document_type', cert.document_type::text,
    'label', coalesce(cert.title, case cert.document_type
      when 'course' then 'course certificate' when 'professional' then 'professional certificate'
      when 'degree' then 'degree' else 'government ID' end),
    'notes', cert.rejection_notes)));
  return cert;
end;
$$;
comment on function private.certificate_decide(uuid, text, text) is
  'Admin: verifies or rejects (notes required, 23514) a pending uploaded certificate, writing the audit row and emitting certificate.status.changed in the same transaction. 42501 non-admin, PT404 unknown, PT409 already decided or not uploaded.';

-- ---------------------------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------------------------
revoke all on table public.certificates from public, anon, authenticated, service_role;
grant select on table public.certificates to authenticated;
grant all on table public.certificates to service_role;

revoke all on function
  private.mask_government_ids(text),
  private.mask_government_ids_json(jsonb),
  private.create_certificate(text, text, text, text, bigint),
  private.delete_certificate(uuid),
  private.certificate_object_created(),
  private.certificate_begin_ocr(uuid),
  private.certificate_record_ocr(uuid, text, jsonb),
  private.certificate_decide(uuid, text, text)
  from public, anon, authenticated, service_role;
grant execute on function
  private.create_certificate(text, text, text, text, bigint),
  private.delete_certificate(uuid),
  private.certificate_decide(uuid, text, text)
  to authenticated;
grant execute on function
  private.certificate_begin_ocr(uuid),
  private.certificate_record_ocr(uuid, text, jsonb),
  private.mask_government_ids(text)
  to service_role;

-- ---------------------------------------------------------------------------------------------
-- Queues: events, routes, consumers, notification templates
-- ---------------------------------------------------------------------------------------------
select private.register_event_type(
  'certificate.uploaded',
  'The file of a certificate arrived in Storage; the runner OCRs it.',
  '{"required": {"user_id": "uuid", "certificate_id": "uuid", "storage_path": "string",
                 "content_type": "string", "document_type": "string"}}'
);
select private.register_event_type(
  'certificate.status.changed',
  'An admin verified or rejected a certificate (status verified|rejected; notes for a rejection).',
  '{"required": {"user_id": "uuid", "certificate_id": "uuid", "status": "string", "document_type": "string"},
    "optional": {"label": "string", "notes": "string"}}'
);

select private.register_route('certificate.uploaded', 'certificate_ocr');
select private.register_consumer('certificate_ocr', 'runner', 'scraper-runner: certificate_ocr',
  max_attempts => 3, visibility_timeout_s => 300, batch_size => 1, enabled => true,
  description => 'Verification: OCR of uploaded certificates (tesseract.js for images and scanned PDF pages, the text layer of PDFs), field guesses, holder-name match, government ID numbers masked.');

select notifications.register_template('certificate.status.changed', 'verified', priority => 10,
  condition => '$.status == "verified"',
  title => 'Certificate verified: {{payload.label}}',
  body => 'It now shows with a Verified badge on your resumes.',
  link => '/resumes?tab=certificates&certificate={{payload.certificate_id}}');
select notifications.register_template('certificate.status.changed', 'rejected', priority => 20,
  condition => '$.status == "rejected"',
  title => 'Certificate not verified: {{payload.label}}',
  body => 'Reviewer''s notes: {{payload.notes}}',
  link => '/resumes?tab=certificates&certificate={{payload.certificate_id}}');
