-- private.record_repository_sync: upserts by (user, provider_repo_id); repo.detected for new
-- repositories (initial_import on the first import), repo.updated only when pushed_at,
-- description, topics or the set of languages changed, projects.synced once per call — all in
-- the caller's transaction; languages null keeps the stored ones.
begin;
select plan(12);

select tests.create_supabase_user('dev');
select tests.authenticate_as('dev');

select results_eq(
  $$ select r ->> 'synced_count', r ->> 'detected_count', r ->> 'updated_count', r ->> 'initial_import'
     from private.record_repository_sync(
       '[{"provider_repo_id": 1, "name": "a", "full_name": "d/a", "html_url": "https://github.com/d/a", "description": "A",
          "languages": {"Go": 10}, "topics": ["x"], "stars": 1, "fork": true, "archived": false, "private": false,
          "pushed_at": "2026-01-01T00:00:00Z"},
         {"provider_repo_id": 2, "name": "b", "full_name": "d/b", "html_url": "https://github.com/d/b", "description": null,
          "languages": {}, "topics": [], "stars": 0, "fork": false, "archived": true, "private": false, "pushed_at": null}]',
       'github_connected', true) r $$,
  $$ values ('2', '2', '0', 'true') $$,
  'the first import detects both repositories'
);

-- The same listing again (languages not fetched: null), stars changed: nothing to report.
select results_eq(
  $$ select r ->> 'detected_count', r ->> 'updated_count', r ->> 'initial_import'
     from private.record_repository_sync(
       '[{"provider_repo_id": 1, "name": "a", "full_name": "d/a", "html_url": "https://github.com/d/a", "description": "A",
          "languages": null, "topics": ["x"], "stars": 5, "fork": true, "archived": false, "private": false,
          "pushed_at": "2026-01-01T00:00:00Z"},
         {"provider_repo_id": 2, "name": "b", "full_name": "d/b", "html_url": "https://github.com/d/b", "description": null,
          "languages": null, "topics": [], "stars": 0, "fork": false, "archived": true, "private": false, "pushed_at": null}]',
       'manual', true) r $$,
  $$ values ('0', '0', 'false') $$,
  'an unchanged listing detects and updates nothing'
);
select results_eq(
  $$ select stars, languages from public.repositories where provider_repo_id = 1 $$,
  $$ values (5, '{"Go": 10}'::jsonb) $$,
  'stars update silently; languages null keeps the stored ones'
);

-- A push with a new language and new topics, and a third repository.
select results_eq(
  $$ select r ->> 'detected_count', r ->> 'updated_count'
     from private.record_repository_sync(
       '[{"provider_repo_id": 1, "name": "a", "full_name": "d/a", "html_url": "https://github.com/d/a", "description": "A",
          "languages": {"Go": 20, "C": 1}, "topics": ["x", "y"], "stars": 5, "fork": true, "archived": false, "private": false,
          "pushed_at": "2026-02-01T00:00:00Z"},
         {"provider_repo_id": 2, "name": "b", "full_name": "d/b", "html_url": "https://github.com/d/b", "description": null,
          "languages": null, "topics": [], "stars": 0, "fork": false, "archived": true, "private": false, "pushed_at": null},
         {"provider_repo_id": 3, "name": "c", "full_name": "d/c", "html_url": "https://github.com/d/c", "description": null,
          "languages": {}, "topics": [], "stars": 0, "fork": false, "archived": false, "private": true, "pushed_at": null}]',
       'daily', true) r $$,
  $$ values ('1', '1') $$,
  'a push is an update, a new repository a detection'
);
select results_eq(
  $$ select fork, archived, private from public.repositories order by provider_repo_id $$,
  $$ values (true, false, false), (false, true, false), (false, false, true) $$,
  'forks, archived and private repositories are kept and flagged'
);

reset role;
create temp table ev as
  select event_type, payload from public.event_log where payload ->> 'user_id' = tests.get_supabase_uid('dev')::text;
select results_eq(
  $$ select payload ->> 'name', (payload ->> 'initial_import')::boolean from ev where event_type = 'repo.detected'
     order by payload ->> 'name' $$,
  $$ values ('a'::text, true), ('b', true), ('c', false) $$,
  'repo.detected once per repository; initial_import only for the first import'
);
select results_eq(
  $$ select payload from ev where event_type = 'repo.updated' $$,
  $$ values (jsonb_build_object('user_id', tests.get_supabase_uid('dev'),
                                'repo_id', (select id from public.repositories where provider_repo_id = 1),
                                'name', 'a', 'changed', jsonb_build_array('pushed_at', 'topics', 'languages'))) $$,
  'repo.updated names what changed'
);
select results_eq(
  $$ select payload ->> 'trigger', payload ->> 'synced_count', payload ->> 'initial_import' from ev
     where event_type = 'projects.synced' order by payload ->> 'trigger' = 'github_connected' desc, payload ->> 'trigger' $$,
  $$ values ('github_connected'::text, '2'::text, 'true'::text), ('daily', '3', 'false'), ('manual', '2', 'false') $$,
  'projects.synced once per sync, with its trigger'
);
select is(
  (select queues from public.event_log where event_type = 'repo.detected'
   and payload ->> 'user_id' = tests.get_supabase_uid('dev')::text limit 1),
  (select coalesce(array_agg(queue_name order by queue_name), '{}') from private.event_routes where event_type = 'repo.detected'),
  'repo.detected goes to every queue routed for it'
);

select tests.authenticate_as('dev');
select throws_ok(
  $$ select private.record_repository_sync('[]', 'hourly', true) $$,
  '22023', null, 'an unknown trigger is refused'
);
select throws_ok(
  $$ select private.record_repository_sync('{}', 'manual', true) $$,
  '22023', null, 'repos must be an array'
);
select throws_ok(
  $$ select private.record_repository_sync(
       '[{"provider_repo_id": 9, "name": "", "full_name": "d/x", "html_url": "https://github.com/d/x", "languages": {}, "topics": []}]',
       'manual', true) $$,
  '23514', null, 'a repository that breaks the table''s checks is refused (and nothing is emitted)'
);

select * from finish();
rollback;
