-- The runner's SQL contract: private.video_begin_processing / private.video_finish (service_role
-- only). finish sets the outcome and repositories.has_intro_video, emits project_video.processed,
-- and is idempotent: the same outcome again changes and emits nothing.
begin;
select plan(15);

select tests.create_supabase_user('dev');
select tests.authenticate_as('dev');
select private.record_repository_sync(
  '[{"provider_repo_id": 1, "name": "alpha", "full_name": "d/alpha", "html_url": "https://github.com/d/alpha", "languages": {}, "topics": [], "pushed_at": null}]',
  'manual', true);
select * from private.create_project_video((select id from public.repositories where user_id = auth.uid()), 'video/webm', 1000);
reset role;
select set_config('test.video', (select id::text from public.project_videos where user_id = tests.get_supabase_uid('dev')), true);
insert into storage.objects (bucket_id, name, metadata)
select 'project-videos', storage_path, '{"size": 1000}' from public.project_videos where id = current_setting('test.video')::uuid;

select tests.authenticate_as('dev');
select throws_ok($$ select private.video_begin_processing(current_setting('test.video')::uuid) $$, '42501', null,
  'a user cannot call video_begin_processing');
select throws_ok(
  $$ select private.video_finish(current_setting('test.video')::uuid, 'transcoded', 25, 'a', 'b', null) $$,
  '42501', null, 'nor video_finish'
);

reset role;
select tests.authenticate_as_service_role();
select is(
  private.video_begin_processing(current_setting('test.video')::uuid) - 'video_id',
  (select jsonb_build_object('user_id', user_id, 'repo_id', repo_id, 'storage_path', storage_path,
                             'content_type', 'video/webm', 'status', 'processing') from public.project_videos
   where id = current_setting('test.video')::uuid),
  'begin_processing marks it processing and returns what the runner needs'
);
select is(private.video_begin_processing(current_setting('test.video')::uuid) ->> 'status', 'processing',
  'a redelivery gets processing again');
select throws_ok($$ select private.video_begin_processing(gen_random_uuid()) $$, 'PT404', null, 'an unknown video is 404');
select throws_ok(
  $$ select private.video_finish(current_setting('test.video')::uuid, 'transcoded', 25, null, null, null) $$,
  '22023', null, 'transcoded needs the output paths'
);
select throws_ok(
  $$ select private.video_finish(current_setting('test.video')::uuid, 'failed', 12, null, null, '  ') $$,
  '22023', null, 'failed needs a reason'
);
select throws_ok(
  $$ select private.video_finish(current_setting('test.video')::uuid, 'processing', 25, 'a', 'b', null) $$,
  '22023', null, 'the outcome is transcoded or failed'
);

select lives_ok(
  $$ select private.video_finish(current_setting('test.video')::uuid, 'transcoded', 24.567,
       'u/r/v/intro.mp4', 'u/r/v/poster.jpg', null) $$,
  'the runner records a transcoded video'
);
select lives_ok(
  $$ select private.video_finish(current_setting('test.video')::uuid, 'transcoded', 24.567,
       'u/r/v/intro.mp4', 'u/r/v/poster.jpg', null) $$,
  'and the same outcome again (a redelivery)'
);
select is(private.video_begin_processing(current_setting('test.video')::uuid) ->> 'status', 'transcoded',
  'begin_processing on a finished video returns it unchanged (the runner skips it)');
reset role;

select results_eq(
  $$ select v.status::text, v.duration_sec, v.playback_path, r.has_intro_video
     from public.project_videos v join public.repositories r on r.id = v.repo_id
     where v.id = current_setting('test.video')::uuid $$,
  $$ values ('transcoded'::text, 24.57::numeric, 'u/r/v/intro.mp4'::text, true) $$,
  'the video is transcoded and the repository has an intro video'
);
select results_eq(
  $$ select payload - 'video_id' - 'repo_id' - 'user_id' from public.event_log where event_type = 'project_video.processed'
     and payload ->> 'video_id' = current_setting('test.video') $$,
  $$ values ('{"status": "transcoded", "duration_sec": 24.57, "repo_name": "alpha"}'::jsonb) $$,
  'project_video.processed is emitted exactly once'
);

select tests.authenticate_as_service_role();
select private.video_finish(current_setting('test.video')::uuid, 'failed', 24.57, null, null, 'Audio track missing.');
reset role;
select results_eq(
  $$ select v.status::text, v.failure_reason, v.playback_path, r.has_intro_video
     from public.project_videos v join public.repositories r on r.id = v.repo_id
     where v.id = current_setting('test.video')::uuid $$,
  $$ values ('failed'::text, 'Audio track missing.'::text, null::text, false) $$,
  'a different outcome (re-processing) is applied; has_intro_video follows'
);
select is((select count(*)::int from public.event_log where event_type = 'project_video.processed'
           and payload ->> 'video_id' = current_setting('test.video')), 2,
  'and emitted');

select * from finish();
rollback;
