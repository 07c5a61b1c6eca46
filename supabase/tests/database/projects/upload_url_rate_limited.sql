-- Upload URLs are rate-limited per user, in SQL (so the limit holds across function instances):
-- private.create_project_video takes one unit of private.take_upload_url_quota('project-videos'),
-- 20 per rolling hour; the 21st raises PT429 with the seconds to wait in DETAIL. Another user is
-- unaffected; a rolled-back request (Storage could not issue the URL) uses nothing.
begin;
select plan(6);

select tests.create_supabase_user('busy');
select tests.create_supabase_user('calm');
select tests.authenticate_as('busy');
select private.record_repository_sync(
  '[{"provider_repo_id": 1, "name": "alpha", "full_name": "d/alpha", "html_url": "https://github.com/d/alpha", "languages": {}, "topics": [], "pushed_at": null}]',
  'manual', true);
select private.create_project_video((select id from public.repositories where name = 'alpha'), 'video/webm', 1000)
  from generate_series(1, 20);
select throws_ok(
  $$ select private.create_project_video((select id from public.repositories where name = 'alpha'), 'video/webm', 1000) $$,
  'PT429', null,
  'the 21st upload URL within an hour is refused (PT429)'
);

-- The DETAIL says how long to wait: until the oldest of the 20 leaves the hour.
create function pg_temp.retry_after() returns text language plpgsql as $$
declare d text;
begin
  perform private.create_project_video((select id from public.repositories where name = 'alpha'), 'video/webm', 1000);
  return null;
exception when sqlstate 'PT429' then
  get stacked diagnostics d = pg_exception_detail;
  return d;
end;
$$;
select ok(pg_temp.retry_after()::int between 3590 and 3600, 'retry_after is the seconds until a slot frees');

-- Time passes: the oldest issuance leaves the window.
reset role;
update private.upload_url_grants set issued_at = issued_at - interval '61 minutes'
 where id = (select min(id) from private.upload_url_grants where user_id = tests.get_supabase_uid('busy'));
select tests.authenticate_as('busy');
select lives_ok(
  $$ select private.create_project_video((select id from public.repositories where name = 'alpha'), 'video/webm', 1000) $$,
  'a slot frees an hour after an issuance'
);
select throws_ok(
  $$ select private.create_project_video((select id from public.repositories where name = 'alpha'), 'video/webm', 1000) $$,
  'PT429', null,
  'and only that one'
);

select tests.authenticate_as('calm');
select private.record_repository_sync(
  '[{"provider_repo_id": 2, "name": "beta", "full_name": "c/beta", "html_url": "https://github.com/c/beta", "languages": {}, "topics": [], "pushed_at": null}]',
  'manual', true);
select lives_ok(
  $$ select private.create_project_video((select id from public.repositories where name = 'beta'), 'video/webm', 1000) $$,
  'another user is unaffected'
);
select throws_ok(
  $$ insert into private.upload_url_grants (user_id, bucket_id) values (auth.uid(), 'project-videos') $$,
  '42501', null,
  'a user session cannot touch the counter table'
);

select * from finish();
rollback;
