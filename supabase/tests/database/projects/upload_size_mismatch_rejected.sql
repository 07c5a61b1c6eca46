-- An uploaded object larger than the size declared when its upload URL was issued is refused:
-- the video fails with a reason written for the user, nothing goes to the runner's transcoder,
-- and storage.object.rejected {user_id, bucket, path, reason} is queued for storage_cleanup,
-- whose runner consumer deletes the file through the Storage API (a SQL delete of the
-- storage.objects row would leave the file in hosted Storage).
begin;
select plan(10);

select tests.create_supabase_user('dev');
select tests.authenticate_as('dev');
select private.record_repository_sync(
  '[{"provider_repo_id": 1, "name": "alpha", "full_name": "d/alpha", "html_url": "https://github.com/d/alpha", "languages": {}, "topics": [], "pushed_at": null},
    {"provider_repo_id": 2, "name": "beta", "full_name": "d/beta", "html_url": "https://github.com/d/beta", "languages": {}, "topics": [], "pushed_at": null},
    {"provider_repo_id": 3, "name": "gamma", "full_name": "d/gamma", "html_url": "https://github.com/d/gamma", "languages": {}, "topics": [], "pushed_at": null}]',
  'manual', true);
-- Each declares 1 kB.
select * from private.create_project_video((select id from public.repositories where name = 'alpha'), 'video/webm', 1000);
select * from private.create_project_video((select id from public.repositories where name = 'beta'), 'video/webm', 1000);
select * from private.create_project_video((select id from public.repositories where name = 'gamma'), 'video/webm', 1000);
reset role;
create function pg_temp.video(repo text) returns public.project_videos language sql as $$
  select v.* from public.project_videos v join public.repositories r on r.id = v.repo_id where r.name = repo;
$$;

-- 2 MB behind a 1 kB declaration (under the bucket's 50 MiB cap, so Storage accepted it).
insert into storage.objects (bucket_id, name, metadata)
values ('project-videos', (pg_temp.video('alpha')).storage_path, '{"size": 2000000, "mimetype": "video/webm"}');

select is((pg_temp.video('alpha')).status::text, 'failed', 'a file larger than declared fails the video');
select is(
  (pg_temp.video('alpha')).failure_reason,
  'The uploaded file (1.9 MB) is larger than the 1000 B announced when the upload started, so it was deleted. Record or choose the video again.',
  'with a reason the page shows'
);
select is(
  (select count(*)::int from public.event_log where event_type = 'project_video.uploaded'
     and payload ->> 'video_id' = (pg_temp.video('alpha')).id::text),
  0, 'the runner''s transcoder never sees it'
);
select results_eq(
  $$ select payload - 'reason', queues from public.event_log where event_type = 'storage.object.rejected'
       and payload ->> 'user_id' = tests.get_supabase_uid('dev')::text $$,
  $$ select jsonb_build_object('user_id', tests.get_supabase_uid('dev'), 'bucket', 'project-videos',
                               'path', (pg_temp.video('alpha')).storage_path), array['storage_cleanup'] $$,
  'storage.object.rejected is queued for the storage_cleanup consumer, which deletes the file'
);
select is(
  (select payload ->> 'status' from public.event_log where event_type = 'project_video.processed'
     and payload ->> 'video_id' = (pg_temp.video('alpha')).id::text),
  'failed', 'and the user is told (project_video.processed failed)'
);

-- 60 MiB behind 1 kB: over the bucket cap too (hosted Storage refuses it before a row exists;
-- should a row appear anyway, the same rule removes it).
insert into storage.objects (bucket_id, name, metadata)
values ('project-videos', (pg_temp.video('beta')).storage_path, '{"size": 62914560}');
select is((pg_temp.video('beta')).status::text, 'failed', '60 MiB behind 1 kB fails the video');
select is(
  (select count(*)::int from public.event_log where event_type = 'storage.object.rejected'
     and payload ->> 'path' = (pg_temp.video('beta')).storage_path),
  1, 'and is queued for deletion'
);

-- No size recorded: it cannot be checked, so it is not trusted either.
insert into storage.objects (bucket_id, name, metadata)
values ('project-videos', (pg_temp.video('gamma')).storage_path, '{}');
select is((pg_temp.video('gamma')).status::text, 'failed', 'an object without a recorded size fails the video');
select is(
  (select count(*)::int from public.event_log where event_type = 'storage.object.rejected'
     and payload ->> 'path' = (pg_temp.video('gamma')).storage_path),
  1, 'and is queued for deletion'
);
select is(
  (select count(*)::int from pgmq.q_storage_cleanup
    where message -> 'payload' ->> 'user_id' = tests.get_supabase_uid('dev')::text),
  3, 'three deletions wait for the runner'
);

select * from finish();
rollback;
