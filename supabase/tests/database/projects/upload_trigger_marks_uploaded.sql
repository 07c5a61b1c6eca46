-- The storage.objects trigger: the object of a pending video marks it uploaded and emits
-- project_video.uploaded once (routed to the runner's project_videos queue); other objects are
-- ignored; an object larger than declared fails the video instead.
begin;
select plan(9);

select tests.create_supabase_user('dev');
select tests.authenticate_as('dev');
select private.record_repository_sync(
  '[{"provider_repo_id": 1, "name": "alpha", "full_name": "d/alpha", "html_url": "https://github.com/d/alpha", "languages": {}, "topics": [], "pushed_at": null},
    {"provider_repo_id": 2, "name": "beta", "full_name": "d/beta", "html_url": "https://github.com/d/beta", "languages": {}, "topics": [], "pushed_at": null}]',
  'manual', true);
select * from private.create_project_video((select id from public.repositories where name = 'alpha'), 'video/webm', 1000);
select * from private.create_project_video((select id from public.repositories where name = 'beta'), 'video/mp4', 1000);
reset role;
select set_config('test.alpha', (select v.id::text from public.project_videos v join public.repositories r on r.id = v.repo_id where r.name = 'alpha'), true);
select set_config('test.beta', (select v.id::text from public.project_videos v join public.repositories r on r.id = v.repo_id where r.name = 'beta'), true);

-- Storage inserts the object row (as the devstack gateway and hosted Storage do).
insert into storage.objects (bucket_id, name, metadata)
select 'project-videos', storage_path, '{"size": 1000, "mimetype": "video/webm"}'
from public.project_videos where id = current_setting('test.alpha')::uuid;

select is((select status::text from public.project_videos where id = current_setting('test.alpha')::uuid), 'uploaded',
  'the upload marks the video uploaded');
select results_eq(
  $$ select payload, 'project_videos' = any(queues) from public.event_log where event_type = 'project_video.uploaded' and payload ->> 'user_id' = tests.get_supabase_uid('dev')::text $$,
  $$ select jsonb_build_object('user_id', v.user_id, 'repo_id', v.repo_id, 'video_id', v.id,
                               'storage_path', v.storage_path, 'content_type', 'video/webm'),
            true
     from public.project_videos v where v.id = current_setting('test.alpha')::uuid $$,
  'project_video.uploaded is emitted to the project_videos queue'
);
select is(
  (select count(*)::int from pgmq.q_project_videos where message -> 'payload' ->> 'video_id' = current_setting('test.alpha')),
  1, 'one message waits for the runner'
);

-- The same name again (an upsert replaces the object: Storage deletes + inserts or updates).
delete from storage.objects where name = (select storage_path from public.project_videos where id = current_setting('test.alpha')::uuid);
insert into storage.objects (bucket_id, name, metadata)
select 'project-videos', storage_path, '{"size": 1000}' from public.project_videos where id = current_setting('test.alpha')::uuid;
select is((select count(*)::int from public.event_log where event_type = 'project_video.uploaded' and payload ->> 'user_id' = tests.get_supabase_uid('dev')::text), 1,
  'a second object at the same path emits nothing');

-- Objects that are not a pending video's original.
insert into storage.objects (bucket_id, name, metadata)
select 'project-videos', replace(storage_path, '.webm', '/intro.mp4'), '{"size": 10}'
from public.project_videos where id = current_setting('test.alpha')::uuid;
insert into storage.objects (bucket_id, name, metadata)
values ('project-videos', tests.get_supabase_uid('dev')::text || '/unknown/file.webm', '{"size": 10}');
insert into storage.objects (bucket_id, name, metadata)
select 'resumes', storage_path, '{"size": 10}' from public.project_videos where id = current_setting('test.beta')::uuid;
select is((select count(*)::int from public.event_log where event_type = 'project_video.uploaded' and payload ->> 'user_id' = tests.get_supabase_uid('dev')::text), 1,
  'the runner''s outputs, unknown paths and other buckets are ignored');
select is((select status::text from public.project_videos where id = current_setting('test.beta')::uuid), 'pending',
  'an object with the same name in another bucket is not the upload');

-- Larger than declared (1000 bytes): see upload_size_mismatch_rejected.sql for the deletion.
insert into storage.objects (bucket_id, name, metadata)
select 'project-videos', storage_path, '{"size": 60000000}' from public.project_videos where id = current_setting('test.beta')::uuid;
select results_eq(
  $$ select status::text, failure_reason from public.project_videos where id = current_setting('test.beta')::uuid $$,
  $$ values ('failed'::text, 'The uploaded file (57.2 MB) is larger than the 1000 B announced when the upload started, so it was deleted. Record or choose the video again.'::text) $$,
  'an oversized upload fails the video with a reason'
);
select is(
  (select payload ->> 'status' from public.event_log where event_type = 'project_video.processed'
   and payload ->> 'video_id' = current_setting('test.beta')),
  'failed', 'and tells the user (project_video.processed), not the runner'
);
select is((select count(*)::int from pgmq.q_project_videos where message -> 'payload' ->> 'video_id' = current_setting('test.beta')),
  0, 'nothing is queued for the runner');

select * from finish();
rollback;
