-- Share links of intro videos: only the owner shares and revokes (share rows readable by the owner
-- alone, never written directly); the public resolver and the resume PDF's helper are
-- service_role only; a revoked slug resolves to nothing and stays revoked for resume PDFs.
begin;
select plan(22);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('stranger');
select tests.authenticate_as('owner');
select private.record_repository_sync(
  '[{"provider_repo_id": 1, "name": "ledgerline", "full_name": "o/ledgerline", "html_url": "https://github.com/o/ledgerline", "languages": {}, "topics": [], "pushed_at": null},
    {"provider_repo_id": 2, "name": "plain", "full_name": "o/plain", "html_url": "https://github.com/o/plain", "languages": {}, "topics": [], "pushed_at": null}]',
  'manual', true);
reset role;
select set_config('test.repo', (select id::text from public.repositories where user_id = tests.get_supabase_uid('owner') and name = 'ledgerline'), true);
select set_config('test.plain', (select id::text from public.repositories where user_id = tests.get_supabase_uid('owner') and name = 'plain'), true);
select set_config('test.video', gen_random_uuid()::text, true);
update public.profiles set display_name = 'Asha Rao' where id = tests.get_supabase_uid('owner');
insert into public.project_videos (id, user_id, repo_id, storage_path, content_type, size_bytes, status)
values (current_setting('test.video')::uuid, tests.get_supabase_uid('owner'), current_setting('test.repo')::uuid,
        'o/r/v.mp4', 'video/mp4', 1000, 'uploaded');
select tests.authenticate_as_service_role();
select private.video_begin_processing(current_setting('test.video')::uuid);
select private.video_finish(current_setting('test.video')::uuid, 'transcoded', 20, 'o/r/v/intro.mp4', 'o/r/v/poster.jpg', null);
reset role;

-- The owner shares: a 22-character base64url slug, the same one on every call.
select tests.authenticate_as('owner');
select set_config('test.slug', private.share_project_video(current_setting('test.repo')::uuid), true);
select matches(current_setting('test.slug'), '^[A-Za-z0-9_-]{22}$', 'the slug is 22 base64url characters');
select is(private.share_project_video(current_setting('test.repo')::uuid), current_setting('test.slug'), 'sharing again gives the same link');
select throws_ok($$ select private.share_project_video(current_setting('test.plain')::uuid) $$, 'PT409', null,
  'a repository without a transcoded video cannot be shared');
select is((select count(*)::int from public.project_video_shares), 1, 'the owner reads their share row');
select throws_ok($$ update public.project_video_shares set revoked_at = null $$, '42501', null, 'but cannot write it directly');
select throws_ok($$ insert into public.project_video_shares (slug, user_id, video_id)
  values ('AAAAAAAAAAAAAAAAAAAAAA', auth.uid(), current_setting('test.video')::uuid) $$, '42501', null, 'nor insert one');
select throws_ok($$ select * from private.resolve_video_share(current_setting('test.slug')) $$, '42501', null,
  'the resolver is not for users');
select throws_ok($$ select * from private.resume_video_shares(auth.uid(), array[current_setting('test.repo')::uuid]) $$,
  '42501', null, 'nor the resume helper');
reset role;

-- A stranger can neither share, revoke nor see it.
select tests.authenticate_as('stranger');
select throws_ok($$ select private.share_project_video(current_setting('test.repo')::uuid) $$, 'PT404', null,
  'a stranger cannot share another user''s repository');
select throws_ok($$ select private.revoke_project_video_shares(current_setting('test.repo')::uuid) $$, 'PT404', null,
  'nor revoke its links');
select is((select count(*)::int from public.project_video_shares), 0, 'nor read its share rows');
reset role;

-- Anon: nothing.
set local role anon;
select throws_ok($$ select * from public.project_video_shares $$, '42501', null, 'anon reads no share rows');
select throws_ok($$ select * from private.resolve_video_share('x') $$, '42501', null, 'nor calls the resolver');
reset role;

-- The public route's resolver (service role): project, owner's display name, the outputs.
select tests.authenticate_as_service_role();
select results_eq(
  $$ select project_name, owner_name, playback_path, poster_path from private.resolve_video_share(current_setting('test.slug')) $$,
  $$ values ('ledgerline', 'Asha Rao', 'o/r/v/intro.mp4', 'o/r/v/poster.jpg') $$,
  'a live slug resolves to the project, the owner''s display name and the video''s outputs'
);
select is_empty($$ select * from private.resolve_video_share('AAAAAAAAAAAAAAAAAAAAAA') $$, 'an unknown slug resolves to nothing');
select results_eq(
  $$ select slug from private.resume_video_shares(tests.get_supabase_uid('owner'), array[current_setting('test.repo')::uuid, current_setting('test.plain')::uuid]) $$,
  $$ values (current_setting('test.slug')) $$,
  'a resume PDF gets the live link of the repository with a video, none for the one without'
);
select is_empty(
  $$ select * from private.resume_video_shares(tests.get_supabase_uid('stranger'), array[current_setting('test.repo')::uuid]) $$,
  'another user''s repository gets no link'
);
reset role;

-- Revoked: resolves to nothing, and resume PDFs made later get no link until shared again.
select tests.authenticate_as('owner');
select is(private.revoke_project_video_shares(current_setting('test.repo')::uuid), 1, 'the owner revokes the link');
reset role;
select tests.authenticate_as_service_role();
select is_empty($$ select * from private.resolve_video_share(current_setting('test.slug')) $$, 'a revoked slug resolves to nothing');
select is_empty(
  $$ select * from private.resume_video_shares(tests.get_supabase_uid('owner'), array[current_setting('test.repo')::uuid]) $$,
  'a resume PDF does not bring a revoked video''s link back'
);
reset role;
select tests.authenticate_as('owner');
select isnt(private.share_project_video(current_setting('test.repo')::uuid), current_setting('test.slug'),
  'sharing again makes a new link, never the revoked one');
reset role;
select tests.authenticate_as_service_role();
select is(
  (select count(*)::int from private.resume_video_shares(tests.get_supabase_uid('owner'), array[current_setting('test.repo')::uuid])),
  1, 'and resume PDFs link the new one'
);

select * from finish();
rollback;
