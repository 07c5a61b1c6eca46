-- Resume-PDF imports: the owner's upload path, the upload trigger, pending entries from the runner;
-- a stranger sees nothing and a user session cannot finish an import.
begin;
select plan(9);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('stranger');
select tests.authenticate_as('owner');
select * from private.create_resume_import(2000);
select throws_ok($$ select * from private.create_resume_import(5242881) $$, '23514', null, 'more than 5 MiB is refused');
reset role;
select set_config('test.import', (select id::text from public.resume_imports where user_id = tests.get_supabase_uid('owner')), true);
select matches((select storage_path from public.resume_imports where user_id = tests.get_supabase_uid('owner')), '^[0-9a-f-]{36}/imports/[0-9a-f-]{36}\.pdf$', 'the path is under the owner');

-- The upload arrives (as Storage records it).
insert into storage.objects (bucket_id, name, metadata)
select 'resumes', storage_path, '{"size": 1500}' from public.resume_imports where user_id = tests.get_supabase_uid('owner');
select is((select status::text from public.resume_imports where user_id = tests.get_supabase_uid('owner')), 'uploaded', 'the upload marks the import uploaded');
select is((select count(*)::int from public.event_log where event_type = 'resume.import.uploaded' and payload ->> 'user_id' = tests.get_supabase_uid('owner')::text), 1, 'and emits resume.import.uploaded');

select tests.authenticate_as('stranger');
select is_empty($$ select * from public.resume_imports where user_id <> auth.uid() $$, 'a stranger sees no one else''s import');
select throws_ok($$ select private.resume_import_finish(current_setting('test.import')::uuid, '[]', null) $$,
  '42501', null, 'a user session cannot finish an import');

select tests.authenticate_as_service_role();
select private.resume_import_begin(current_setting('test.import')::uuid);
select is(private.resume_import_finish(current_setting('test.import')::uuid,
  '[{"kind": "work", "data": {"organization": "Initech", "title": "Engineer"}},
    {"kind": "work", "data": {"title": "no organization"}},
    {"kind": "hobby", "data": {"name": "x"}}]', null), 1, 'only well-formed entries are added');
reset role;
select is((select status::text || '/' || origin::text from public.career_entries where user_id = tests.get_supabase_uid('owner')), 'pending/import', 'as pending imports');
select is(private.resume_import_finish(current_setting('test.import')::uuid, '[{"kind": "skill", "data": {"name": "Go"}}]', null),
  1, 'finishing again changes nothing');

select * from finish();
rollback;
