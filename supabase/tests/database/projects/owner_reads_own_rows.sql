-- A user reads their own repositories, sync state and videos, and writes them only through the
-- private.* functions: direct inserts, updates and deletes are refused.
begin;
select plan(9);

select tests.create_supabase_user('owner');
select tests.authenticate_as('owner');
select private.record_repository_sync(
  '[{"provider_repo_id": 101, "name": "alpha", "full_name": "octo/alpha", "html_url": "https://github.com/octo/alpha",
     "description": "First", "default_branch": "main", "languages": {"Go": 100}, "topics": ["cli"], "stars": 2,
     "fork": false, "archived": false, "private": true, "pushed_at": "2026-11-01T10:00:00Z"}]',
  'manual', true);
select * from private.create_project_video((select id from public.repositories), 'video/webm', 1000);

select results_eq(
  $$ select name, full_name, languages, topics, stars, private from public.repositories $$,
  $$ values ('alpha'::text, 'octo/alpha'::text, '{"Go": 100}'::jsonb, '{cli}'::text[], 2, true) $$,
  'the owner reads their repository'
);
select results_eq(
  $$ select repo_count, includes_private, last_trigger from public.repository_syncs $$,
  $$ values (1, true, 'manual'::text) $$,
  'and their sync state'
);
select results_eq(
  $$ select status::text, content_type, size_bytes from public.project_videos $$,
  $$ values ('pending'::text, 'video/webm'::text, 1000::bigint) $$,
  'and their pending video'
);
select matches(
  (select storage_path from public.project_videos),
  '^' || tests.get_supabase_uid('owner')::text || '/[0-9a-f-]{36}/[0-9a-f-]{36}\.webm$',
  'the storage path is {user_id}/{repo_id}/{video_id}.webm'
);

select throws_ok(
  $$ insert into public.repositories (user_id, provider_repo_id, name, full_name, html_url)
     values (auth.uid(), 7, 'x', 'o/x', 'https://github.com/o/x') $$,
  '42501', null, 'no direct insert of a repository'
);
select throws_ok(
  $$ update public.repositories set description_ai = 'mine' $$,
  '42501', null, 'no direct update of a repository'
);
select throws_ok(
  $$ delete from public.project_videos $$,
  '42501', null, 'no direct delete of a video'
);
select throws_ok(
  $$ update public.project_videos set status = 'transcoded' $$,
  '42501', null, 'a user cannot mark their own video transcoded'
);
select lives_ok(
  $$ select private.set_repository_description((select id from public.repositories), 'A CLI written in Go.') $$,
  'the AI description is stored through its function'
);

select * from finish();
rollback;
