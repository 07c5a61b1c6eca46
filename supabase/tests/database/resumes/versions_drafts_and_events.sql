-- Versions are numbered; building emits resume.version.created; auto-update drafts are coalesced
-- (one per resume) and announced once; drafts are deletable, published and active ones are not.
begin;
select plan(12);

select tests.create_supabase_user('owner');
select tests.authenticate_as('owner');
insert into public.resumes (name, role_type, auto_tailor_enabled) values ('Backend', 'Backend engineer', true);
select * from private.add_resume_version((select id from public.resumes where user_id = tests.get_supabase_uid('owner')), '{"basics": {"name": "O"}, "meta": {"provenance": {}}}', '[]', 'ai');
select * from private.add_resume_version((select id from public.resumes where user_id = tests.get_supabase_uid('owner')), '{"basics": {"name": "O2"}, "meta": {"provenance": {}}}', '[]', 'ai');
reset role;
select is(array(select number from public.resume_versions where user_id = tests.get_supabase_uid('owner') order by number), array[1, 2], 'versions are numbered 1, 2');
select is((select count(*)::int from public.event_log where event_type = 'resume.version.created' and payload ->> 'user_id' = tests.get_supabase_uid('owner')::text), 2,
  'each version emitted resume.version.created');
select is((select v.number from public.resumes r join public.resume_versions v on v.id = r.active_version_id where r.user_id = tests.get_supabase_uid('owner')), 2,
  'the newest published version is active');

select tests.authenticate_as_service_role();
select private.add_resume_draft((select id from public.resumes where user_id = tests.get_supabase_uid('owner')), '{"basics": {"name": "D"}, "meta": {"provenance": {}}}', '[]', '{r1}');
select private.add_resume_draft((select id from public.resumes where user_id = tests.get_supabase_uid('owner')), '{"basics": {"name": "D2"}, "meta": {"provenance": {}}}', '[]', '{r1,r2}');
reset role;
select is((select count(*)::int from public.resume_versions where status = 'draft' and user_id = tests.get_supabase_uid('owner')), 1, 'two changes make one draft');
select is((select content_json -> 'basics' ->> 'name' from public.resume_versions where status = 'draft' and user_id = tests.get_supabase_uid('owner')), 'D2', 'refreshed with the latest content');
select is((select count(*)::int from public.event_log where event_type = 'resume.draft.created' and payload ->> 'user_id' = tests.get_supabase_uid('owner')::text), 1, 'the draft is announced once');
select is((select v.number from public.resumes r join public.resume_versions v on v.id = r.active_version_id where r.user_id = tests.get_supabase_uid('owner')), 2,
  'a draft does not go live');

select tests.authenticate_as('owner');
delete from public.resume_versions where number = 1 and user_id = auth.uid();
select is((select count(*)::int from public.resume_versions where number = 1 and user_id = tests.get_supabase_uid('owner')), 1, 'a published version cannot be deleted');
select private.activate_resume_version((select id from public.resumes where user_id = tests.get_supabase_uid('owner')), (select id from public.resume_versions where status = 'draft' and user_id = tests.get_supabase_uid('owner')));
select is((select v.number from public.resumes r join public.resume_versions v on v.id = r.active_version_id where r.user_id = tests.get_supabase_uid('owner')), 3,
  'approving the draft activates it');
select is((select status::text from public.resume_versions where number = 3 and user_id = tests.get_supabase_uid('owner')), 'published', 'and publishes it');

select tests.authenticate_as_service_role();
select private.add_resume_draft((select id from public.resumes where user_id = tests.get_supabase_uid('owner')), '{"basics": {"name": "D3"}, "meta": {"provenance": {}}}', '[]', '{}');
reset role;
select tests.authenticate_as('owner');
delete from public.resume_versions where status = 'draft' and user_id = auth.uid();
select is((select count(*)::int from public.resume_versions where user_id = tests.get_supabase_uid('owner')), 3, 'a waiting draft can be discarded');
delete from public.resumes where user_id = auth.uid();
select is((select count(*)::int from public.resume_versions where user_id = tests.get_supabase_uid('owner')), 0, 'deleting the resume deletes its versions');

select * from finish();
rollback;
