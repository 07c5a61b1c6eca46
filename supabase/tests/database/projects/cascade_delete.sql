-- Deleting the auth user removes their repositories, sync state and videos; deleting a repository
-- removes its videos; others stay.
begin;
select plan(7);

select fk_ok('public', 'repositories', 'user_id', 'auth', 'users', 'id');
select fk_ok('public', 'repository_syncs', 'user_id', 'auth', 'users', 'id');
select fk_ok('public', 'project_videos', array['repo_id', 'user_id'], 'public', 'repositories', array['id', 'user_id']);

select tests.create_supabase_user('leaver');
select tests.create_supabase_user('stayer');
select tests.authenticate_as('leaver');
select private.record_repository_sync(
  '[{"provider_repo_id": 1, "name": "a", "full_name": "l/a", "html_url": "https://github.com/l/a", "languages": {}, "topics": [], "pushed_at": null}]',
  'manual', true);
select * from private.create_project_video((select id from public.repositories), 'video/webm', 10);
select tests.authenticate_as('stayer');
select private.record_repository_sync(
  '[{"provider_repo_id": 1, "name": "a", "full_name": "s/a", "html_url": "https://github.com/s/a", "languages": {}, "topics": [], "pushed_at": null},
    {"provider_repo_id": 2, "name": "b", "full_name": "s/b", "html_url": "https://github.com/s/b", "languages": {}, "topics": [], "pushed_at": null}]',
  'manual', true);
select * from private.create_project_video((select id from public.repositories where name = 'b'), 'video/webm', 10);
reset role;

create temp table leaver as select tests.get_supabase_uid('leaver') as id;
delete from auth.users where id = (select id from leaver);
select is((select count(*)::int from public.repositories where user_id = (select id from leaver)), 0,
  'the leaver''s repositories are gone');
select is((select count(*)::int from public.project_videos where user_id = (select id from leaver)), 0,
  'and their videos');
select is((select count(*)::int from public.repository_syncs where user_id = (select id from leaver)), 0,
  'and their sync state');

delete from public.repositories where user_id = tests.get_supabase_uid('stayer') and name = 'b';
select is(
  (select count(*)::int from public.project_videos where user_id = tests.get_supabase_uid('stayer')), 0,
  'deleting a repository removes its videos (the other user''s repository a stays)'
);

select * from finish();
rollback;
