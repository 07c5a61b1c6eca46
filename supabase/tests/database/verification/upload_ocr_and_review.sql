-- The lifecycle: the upload (storage.objects trigger) queues the OCR once; the runner records the
-- extract with government ID numbers masked; an admin decides once (audit row + event, notes
-- required for a rejection); deciding again is 409, an unknown certificate 404; the owner deletes
-- a pending or rejected one but not a verified one.
begin;
select plan(22);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');
select tests.authenticate_as('owner');
select * from private.create_certificate('government_id', 'Aadhaar', null, 'image/jpeg', 5000);
select * from private.create_certificate('degree', 'B.Tech', 'IIT', 'application/pdf', 5000);
reset role;
select set_config('test.gov', (select id::text from public.certificates where user_id = tests.get_supabase_uid('owner') and document_type = 'government_id'), true);
select set_config('test.deg', (select id::text from public.certificates where user_id = tests.get_supabase_uid('owner') and document_type = 'degree'), true);

-- Deciding before the upload.
select tests.authenticate_as('boss');
select throws_ok($$ select private.certificate_decide(current_setting('test.gov')::uuid, 'verified') $$, 'PT409', null,
  'nothing uploaded yet: 409');
reset role;

insert into storage.objects (bucket_id, name, metadata)
select 'certificates', storage_path, '{"size": 4000, "mimetype": "image/jpeg"}' from public.certificates where id = current_setting('test.gov')::uuid;
select is((select ocr_status::text from public.certificates where id = current_setting('test.gov')::uuid), 'queued', 'the upload queues the OCR');
select is((select count(*)::int from pgmq.q_certificate_ocr where message -> 'payload' ->> 'certificate_id' = current_setting('test.gov')), 1,
  'one certificate.uploaded message waits for the runner');
delete from storage.objects where name = (select storage_path from public.certificates where id = current_setting('test.gov')::uuid);
insert into storage.objects (bucket_id, name, metadata)
select 'certificates', storage_path, '{"size": 4000}' from public.certificates where id = current_setting('test.gov')::uuid;
select is((select count(*)::int from public.event_log where event_type = 'certificate.uploaded' and payload ->> 'certificate_id' = current_setting('test.gov')), 1,
  'a second object at the same path emits nothing');

-- Larger than declared.
insert into storage.objects (bucket_id, name, metadata)
select 'certificates', storage_path, '{"size": 9000}' from public.certificates where id = current_setting('test.deg')::uuid;
select is((select ocr_status::text from public.certificates where id = current_setting('test.deg')::uuid), 'failed', 'an oversized upload fails the OCR');
select is((select count(*)::int from public.event_log where event_type = 'storage.object.rejected' and payload ->> 'path' like '%' || current_setting('test.deg') || '%'), 1,
  'and queues the file''s deletion');

-- The runner (service_role).
select tests.authenticate_as_service_role();
select is(private.certificate_begin_ocr(current_setting('test.gov')::uuid) ->> 'ocr_status', 'processing', 'the runner takes it');
select ok(private.certificate_record_ocr(current_setting('test.gov')::uuid, 'extracted',
  '{"text": "GOVERNMENT OF INDIA\nAadhaar 2345 6789 0123\nPAN ABCDE1234F", "fields": {"credential_id": "234567890123"},
    "government_ids": [{"kind": "aadhaar", "number": 234567890123}], "confidence": 0.8}'), 'records the extract');
select is(private.certificate_record_ocr(current_setting('test.gov')::uuid, 'extracted', '{}'), false, 'only once');
reset role;
select is((select ocr_extract_json ->> 'text' from public.certificates where id = current_setting('test.gov')::uuid),
  E'GOVERNMENT OF INDIA\nAadhaar XXXX XXXX 0123\nPAN XXXXXX234F', 'Aadhaar and PAN numbers are masked in the text');
select is((select ocr_extract_json #>> '{fields,credential_id}' from public.certificates where id = current_setting('test.gov')::uuid),
  'XXXX XXXX 0123', 'in every field');
select is((select ocr_extract_json #>> '{government_ids,0,number}' from public.certificates where id = current_setting('test.gov')::uuid),
  'XXXX XXXX 0123', 'and as a JSON number');
select is((select count(*)::int from public.certificates where ocr_extract_json::text ~ '(2345 ?6789 ?0123|ABCDE1234F)'), 0,
  'the full numbers are stored nowhere in certificates');

-- The review.
select tests.authenticate_as('boss');
select throws_ok($$ select private.certificate_decide(current_setting('test.gov')::uuid, 'rejected', '   ') $$, '23514', null,
  'a rejection needs notes');
select is((private.certificate_decide(current_setting('test.gov')::uuid, 'rejected', 'The photo is blurred.')).status::text, 'rejected',
  'the admin rejects with notes');
select throws_ok($$ select private.certificate_decide(current_setting('test.gov')::uuid, 'verified') $$, 'PT409', null,
  'deciding twice is 409');
select throws_ok($$ select private.certificate_decide(gen_random_uuid(), 'verified') $$, 'PT404', null, 'an unknown certificate is 404');
select results_eq(
  $$ select action, target_id, target_user_id, details ->> 'notes' from public.admin_audit_log where target_id = current_setting('test.gov') $$,
  $$ values ('certificate.reject'::text, current_setting('test.gov'), tests.get_supabase_uid('owner'), 'The photo is blurred.'::text) $$,
  'the decision is in the audit log');
reset role;
select results_eq(
  $$ select payload ->> 'status', payload ->> 'notes', 'notifications' = any(queues) from public.event_log
      where event_type = 'certificate.status.changed' and payload ->> 'certificate_id' = current_setting('test.gov') $$,
  $$ values ('rejected'::text, 'The photo is blurred.'::text, true) $$,
  'certificate.status.changed goes to the notifications queue');
select tests.drain_sql_consumer('notifications');
select results_eq(
  $$ select title, body, link_url from public.notifications where user_id = tests.get_supabase_uid('owner') and type = 'certificate.status.changed' $$,
  $$ values ('Certificate not verified: Aadhaar'::text, 'Reviewer''s notes: The photo is blurred.'::text,
             '/resumes?tab=certificates&certificate=' || current_setting('test.gov')) $$,
  'the user is told, with the notes and a deep link');

-- Deleting: rejected yes; then deciding the deleted one is 404.
select tests.authenticate_as('owner');
select lives_ok($$ select private.delete_certificate(current_setting('test.gov')::uuid) $$, 'the owner deletes a rejected certificate');
reset role;
select tests.authenticate_as('boss');
select throws_ok($$ select private.certificate_decide(current_setting('test.gov')::uuid, 'verified') $$, 'PT404', null,
  'deciding a deleted certificate is 404');
reset role;

select * from finish();
rollback;
