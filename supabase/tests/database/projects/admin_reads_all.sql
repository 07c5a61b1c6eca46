-- Admins read every user's repositories, sync state and videos (and still write nothing directly).
begin;
select plan(4);

select tests.create_supabase_user('owner');
select tests.create_supabase_user('boss');
select tests.make_admin('boss');
select tests.authenticate_as('owner');
select private.record_repository_sync(
  '[{"provider_repo_id": 1, "name": "alpha", "full_name": "octo/alpha", "html_url": "https://github.com/octo/alpha",
     "languages": {}, "topics": [], "pushed_at": "2026-11-01T10:00:00Z"}]', 'daily', false);
select * from private.create_project_video((select id from public.repositories), 'video/webm', 10);

select tests.authenticate_as('boss');
select results_eq(
  $$ select name from public.repositories where user_id = tests.get_supabase_uid('owner') $$,
  $$ values ('alpha'::text) $$, 'the admin reads the owner''s repositories'
);
select is((select count(*)::int from public.project_videos where user_id = tests.get_supabase_uid('owner')), 1,
  'and videos');
select is((select last_trigger from public.repository_syncs where user_id = tests.get_supabase_uid('owner')), 'daily',
  'and sync state');
select throws_ok($$ update public.repositories set stars = 99 $$, '42501', null, 'but cannot write them');

select * from finish();
rollback;
