-- A caller without a session sees nothing and can call none of the stack's functions.
begin;
select plan(6);

select tests.create_supabase_user('owner');
select tests.authenticate_as('owner');
select private.record_repository_sync(
  '[{"provider_repo_id": 1, "name": "alpha", "full_name": "octo/alpha", "html_url": "https://github.com/octo/alpha",
     "languages": {}, "topics": [], "pushed_at": "2026-11-01T10:00:00Z"}]', 'manual', true);
reset role;

select tests.clear_authentication();
select throws_ok($$ select * from public.repositories $$, '42501', null, 'anon cannot read repositories');
select throws_ok($$ select * from public.project_videos $$, '42501', null, 'nor videos');
select throws_ok($$ select * from public.repository_syncs $$, '42501', null, 'nor sync state');
select throws_ok(
  $$ select private.record_repository_sync('[]', 'manual', false) $$,
  '42501', null, 'nor record a sync'
);
select throws_ok(
  $$ select private.video_begin_processing(gen_random_uuid()) $$,
  '42501', null, 'nor touch the runner''s functions'
);
reset role;
select is((select count(*)::int from public.repositories where user_id = tests.get_supabase_uid('owner')), 1, 'the owner''s repository is untouched');

select * from finish();
rollback;
