-- Another signed-in user neither sees nor changes someone else's repositories or videos.
begin;
select plan(7);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('stranger');
select tests.authenticate_as('owner');
select private.record_repository_sync(
  '[{"provider_repo_id": 1, "name": "alpha", "full_name": "octo/alpha", "html_url": "https://github.com/octo/alpha",
     "languages": {}, "topics": [], "pushed_at": "2026-11-01T10:00:00Z"}]', 'manual', true);
select * from private.create_project_video((select id from public.repositories), 'video/mp4', 10);
reset role;
select set_config('test.owned', (select id::text from public.repositories where user_id = tests.get_supabase_uid('owner')), true);

select tests.authenticate_as('stranger');
select is_empty($$ select * from public.repositories $$, 'the stranger sees no repository');
select is_empty($$ select * from public.project_videos $$, 'nor any video');
select is_empty($$ select * from public.repository_syncs $$, 'nor any sync state');
select throws_ok(
  $$ select private.set_repository_description(current_setting('test.owned')::uuid, 'stolen') $$,
  'PT404', null, 'describing another user''s repository is not found'
);
select throws_ok(
  $$ select * from private.create_project_video(current_setting('test.owned')::uuid, 'video/webm', 10) $$,
  'PT404', null, 'a video for another user''s repository is not found'
);

reset role;
select is(
  (select description_ai from public.repositories where id = current_setting('test.owned')::uuid), null,
  'the owner''s repository is unchanged'
);
select is(
  (select count(*)::int from public.project_videos where repo_id = current_setting('test.owned')::uuid), 1,
  'the owner''s video is still the only one'
);

select * from finish();
rollback;
