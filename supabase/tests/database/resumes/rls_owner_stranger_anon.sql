-- The career record, resumes and versions: the owner reads and writes their own; a stranger and
-- anon see and change nothing; admins read all.
begin;
select plan(17);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('stranger');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');

select tests.authenticate_as('owner');
insert into public.career_entries (kind, data) values ('work', '{"organization": "Acme", "title": "Engineer"}');
insert into public.resumes (name, role_type) values ('Backend', 'Backend engineer');
select * from private.add_resume_version((select id from public.resumes where user_id = auth.uid()), '{"basics": {"name": "O"}, "meta": {"provenance": {}}}', '[]', 'manual');
select is((select count(*)::int from public.career_entries where user_id = auth.uid()), 1, 'the owner reads their entry');
select is((select count(*)::int from public.resume_versions where user_id = auth.uid()), 1, 'the owner reads their version');
select isnt((select active_version_id from public.resumes where user_id = auth.uid()), null, 'a published version becomes active');
reset role;
select set_config('test.resume', (select id::text from public.resumes where user_id = tests.get_supabase_uid('owner')), true);
select set_config('test.version', (select id::text from public.resume_versions where user_id = tests.get_supabase_uid('owner')), true);
select set_config('test.entry', (select id::text from public.career_entries where user_id = tests.get_supabase_uid('owner')), true);

select tests.authenticate_as('stranger');
select is_empty($$ select * from public.career_entries $$, 'the stranger sees no career entry');
select is_empty($$ select * from public.resumes $$, 'nor any resume');
select is_empty($$ select * from public.resume_versions $$, 'nor any version');
update public.career_entries set data = '{"organization": "Evil", "title": "x"}' where id = current_setting('test.entry')::uuid;
delete from public.resumes where id = current_setting('test.resume')::uuid;
select throws_ok(
  $$ select * from private.add_resume_version(current_setting('test.resume')::uuid, '{"basics": {}, "meta": {}}', '[]', 'manual') $$,
  'PT404', null, 'a version of another user''s resume is not found');
select throws_ok(
  $$ select private.activate_resume_version(current_setting('test.resume')::uuid, current_setting('test.version')::uuid) $$,
  'PT404', null, 'activating another user''s version is not found');
select throws_ok(
  $$ insert into public.career_entries (user_id, kind, data) values (tests.get_supabase_uid('owner'), 'skill', '{"name": "x"}') $$,
  '42501', null, 'an entry cannot be planted in another user''s record');
select throws_ok(
  $$ select private.resume_version_pdf_finished(current_setting('test.version')::uuid, 'x', '{}') $$,
  '42501', null, 'a user session cannot record a PDF');

select tests.clear_authentication();
select throws_ok($$ select * from public.resumes $$, '42501', null, 'anon cannot read resumes');
select throws_ok($$ select * from public.career_entries $$, '42501', null, 'nor the career record');

reset role;
select is((select data ->> 'organization' from public.career_entries where id = current_setting('test.entry')::uuid), 'Acme',
  'the owner''s entry is unchanged');
select is((select count(*)::int from public.resumes where id = current_setting('test.resume')::uuid), 1,
  'the owner''s resume still exists');

select tests.authenticate_as('boss');
select is((select count(*)::int from public.resumes where user_id = tests.get_supabase_uid('owner')), 1, 'an admin reads other users'' resumes');
select is((select count(*)::int from public.career_entries where user_id = tests.get_supabase_uid('owner')), 1, 'and their career records');
select throws_ok(
  $$ update public.resumes set active_version_id = null $$,
  '42501', null, 'active_version_id is not writable directly');

select * from finish();
rollback;
