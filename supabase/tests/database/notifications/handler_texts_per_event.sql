-- The notifications queue's consumer turns each routed event into the notification the user
-- reads: title, body, deep link, type and payload; and leaves out the events not worth telling
-- (repo.detected during the first import, projects.synced of a later sync, unfinished videos).
begin;
select plan(21);

select tests.create_supabase_user('asha', 'asha@test.local');
select tests.get_supabase_uid('asha') as asha \gset
select gen_random_uuid() as repo_id \gset
select gen_random_uuid() as video_id \gset

-- The consumer is enabled, with this handler, and every handled type is routed to its queue.
select results_eq(
  $$ select kind, handler, enabled from private.event_consumers where queue_name = 'notifications' $$,
  $$ values ('sql'::text, 'notifications.handle_event'::text, true) $$,
  'the notifications queue has the enabled sql consumer notifications.handle_event'
);
select set_eq(
  $$ select event_type from private.event_routes where queue_name = 'notifications' $$,
  $$ select distinct event_type from notifications.templates $$,
  'every handled event type is routed to the notifications queue'
);

-- The notification made from the event with this id.
create function pg_temp.made(event_id bigint)
returns table (type text, title text, body text, link_url text, read boolean)
language sql
as $$
  select n.type, n.title, n.body, n.link_url, n.read from public.notifications n where n.event_id = made.event_id;
$$;

select private.emit('user.onboarding.completed',
  jsonb_build_object('user_id', :'asha', 'completed_at', '2026-11-25T10:00:00Z')) as e_welcome \gset
select private.emit('integrations.github.connected',
  jsonb_build_object('user_id', :'asha', 'github_login', 'asha-rao', 'scopes', '["read:user"]'::jsonb)) as e_github \gset
select private.emit('integrations.token.rejected',
  jsonb_build_object('user_id', :'asha', 'provider', 'github')) as e_rejected \gset
select private.emit('integrations.token.rejected',
  jsonb_build_object('user_id', :'asha', 'provider', 'gemini')) as e_rejected_gemini \gset
select private.emit('repo.detected', jsonb_build_object('user_id', :'asha', 'repo_id', :'repo_id',
  'provider_repo_id', 101, 'name', 'dotfiles', 'full_name', 'asha-rao/dotfiles',
  'html_url', 'https://github.com/asha-rao/dotfiles', 'initial_import', false)) as e_repo \gset
select private.emit('repo.detected', jsonb_build_object('user_id', :'asha', 'repo_id', gen_random_uuid(),
  'provider_repo_id', 102, 'name', 'first-import', 'full_name', 'asha-rao/first-import',
  'html_url', 'https://github.com/asha-rao/first-import', 'initial_import', true)) as e_repo_initial \gset
select private.emit('projects.synced', jsonb_build_object('user_id', :'asha', 'synced_count', 12,
  'detected_count', 12, 'updated_count', 0, 'initial_import', true, 'trigger', 'github_connected')) as e_imported \gset
select private.emit('projects.synced', jsonb_build_object('user_id', :'asha', 'synced_count', 12,
  'detected_count', 1, 'updated_count', 2, 'initial_import', false, 'trigger', 'daily')) as e_resynced \gset
select private.emit('project_video.processed', jsonb_build_object('user_id', :'asha', 'repo_id', :'repo_id',
  'video_id', :'video_id', 'status', 'transcoded', 'duration_sec', 24.6, 'repo_name', 'dotfiles')) as e_video_ok \gset
select private.emit('project_video.processed', jsonb_build_object('user_id', :'asha', 'repo_id', :'repo_id',
  'video_id', :'video_id', 'status', 'failed', 'repo_name', 'dotfiles',
  'reason', 'The clip is 12.4 s long; intro videos must be 20–30 s.')) as e_video_bad \gset

select is(
  tests.drain_sql_consumer('notifications') ->> 'dead_lettered',
  '0',
  'the consumer handles every event without a dead letter'
);

select results_eq(
  format('select * from pg_temp.made(%s)', :e_welcome),
  $$ values ('user.onboarding.completed'::text, 'Welcome to CareerPilot'::text,
             'Your profile is set up. Next: connect GitHub and start your job search.'::text, '/dashboard'::text, false) $$,
  'user.onboarding.completed → "Welcome to CareerPilot", to the dashboard'
);
select results_eq(
  format('select title, link_url from pg_temp.made(%s)', :e_github),
  $$ values ('GitHub connected as @asha-rao'::text, '/projects'::text) $$,
  'integrations.github.connected → "GitHub connected as @login", to Projects'
);
select results_eq(
  format('select title, link_url from pg_temp.made(%s)', :e_rejected),
  $$ values ('GitHub access expired — reconnect in Settings'::text, '/settings#github'::text) $$,
  'integrations.token.rejected (github) → "GitHub access expired — reconnect in Settings", to Settings › GitHub'
);
select results_eq(
  format('select title, link_url from pg_temp.made(%s)', :e_rejected_gemini),
  $$ values ('Gemini access expired — reconnect in Settings'::text, '/settings#api-keys'::text) $$,
  'integrations.token.rejected (a token provider) names it and links to Settings › API keys'
);
select results_eq(
  format('select type, title, link_url from pg_temp.made(%s)', :e_repo),
  format($$ values ('repo.detected'::text, 'New repository detected: dotfiles'::text, '/projects?repo=%s'::text) $$, :'repo_id'),
  'repo.detected → "New repository detected: <name>", deep link to the project'
);
select is(
  (select payload_json ->> 'full_name' from public.notifications where event_id = :e_repo),
  'asha-rao/dotfiles',
  'the notification keeps the event''s payload'
);
select is_empty(
  format('select * from pg_temp.made(%s)', :e_repo_initial),
  'repo.detected during the first import makes no notification of its own'
);
select results_eq(
  format('select type, title, link_url from pg_temp.made(%s)', :e_imported),
  $$ values ('projects.synced'::text, 'Imported 12 repositories from GitHub'::text, '/projects'::text) $$,
  'projects.synced of the first import → "Imported N repositories from GitHub"'
);
select is_empty(
  format('select * from pg_temp.made(%s)', :e_resynced),
  'a later projects.synced makes no notification (new repositories announce themselves)'
);
select results_eq(
  format('select title, body, link_url from pg_temp.made(%s)', :e_video_ok),
  format($$ values ('Intro video ready for dotfiles'::text, 'Your 25-second intro now plays on the project.'::text,
                    '/projects?repo=%s'::text) $$, :'repo_id'),
  'project_video.processed (transcoded) → "Intro video ready for <repo>"'
);
select results_eq(
  format('select title, link_url from pg_temp.made(%s)', :e_video_bad),
  format($$ values ('Intro video for dotfiles was not accepted: The clip is 12.4 s long; intro videos must be 20–30 s.'::text,
                    '/projects?repo=%s'::text) $$, :'repo_id'),
  'project_video.processed (failed) → "Intro video for <repo> was not accepted: <reason>"'
);

-- One repository: singular; a video without repo_name or reason still reads well.
select private.emit('projects.synced', jsonb_build_object('user_id', :'asha', 'synced_count', 1,
  'detected_count', 1, 'updated_count', 0, 'initial_import', true, 'trigger', 'manual')) as e_one \gset
select private.emit('project_video.processed', jsonb_build_object('user_id', :'asha', 'repo_id', gen_random_uuid(),
  'video_id', gen_random_uuid(), 'status', 'failed')) as e_video_plain \gset
insert into public.repositories (id, user_id, provider_repo_id, name, full_name, html_url)
values (:'repo_id', :'asha', 101, 'dotfiles', 'asha-rao/dotfiles', 'https://github.com/asha-rao/dotfiles');
select private.emit('project_video.processed', jsonb_build_object('user_id', :'asha', 'repo_id', :'repo_id',
  'video_id', gen_random_uuid(), 'status', 'transcoded')) as e_video_lookup \gset
select private.emit('project_video.processed', jsonb_build_object('user_id', :'asha', 'repo_id', gen_random_uuid(),
  'video_id', gen_random_uuid(), 'status', 'processing')) as e_video_pending \gset
select private.emit('projects.synced', jsonb_build_object('user_id', :'asha', 'synced_count', 0,
  'detected_count', 0, 'updated_count', 0, 'initial_import', true, 'trigger', 'daily')) as e_empty \gset
select private.emit('project_video.processed', jsonb_build_object('user_id', :'asha', 'repo_id', gen_random_uuid(),
  'video_id', gen_random_uuid(), 'status', 'failed', 'repo_name', 'dotfiles', 'reason', repeat('too long. ', 40))) as e_video_long \gset
select tests.drain_sql_consumer('notifications');
select results_eq(
  format('select char_length(title), left(title, 43) from pg_temp.made(%s)', :e_video_long),
  $$ values (300, 'Intro video for dotfiles was not accepted: '::text) $$,
  'a long reason is cut to the 300-character title, not lost'
);
select is(
  (select title from pg_temp.made(:e_one)),
  'Imported 1 repository from GitHub',
  'one imported repository is singular'
);
select is(
  (select title from pg_temp.made(:e_video_plain)),
  'Intro video for your project was not accepted: it could not be processed.',
  'a failed video without a name or reason still says what happened'
);
select is(
  (select title from pg_temp.made(:e_video_lookup)),
  'Intro video ready for dotfiles',
  'without repo_name in the event, the repository''s name is looked up'
);
select is_empty(
  format('select * from pg_temp.made(%s)', :e_empty),
  'syncing an account without repositories makes no notification (it would repeat daily)'
);
select is_empty(
  format('select * from pg_temp.made(%s)', :e_video_pending),
  'a video status that is not an outcome makes no notification'
);
select is(
  (select created_at from public.notifications where event_id = :e_repo),
  (select emitted_at from public.event_log where id = :e_repo),
  'a notification is dated when its event happened'
);

select * from finish();
rollback;
