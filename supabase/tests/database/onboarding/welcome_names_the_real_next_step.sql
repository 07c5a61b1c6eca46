-- The welcome notification names the step the user has not taken yet: connect GitHub, then start
-- the job search; a user who has done both is told the search is running.
begin;
select plan(4);

select tests.create_supabase_user('new', 'new@test.local');
select tests.create_supabase_user('gh', 'gh@test.local');
select tests.create_supabase_user('busy', 'busy@test.local');

insert into public.user_integrations (user_id, provider, status, external_login, connected_at) values
  (tests.get_supabase_uid('gh'), 'github', 'connected', 'gh-user', now()),
  (tests.get_supabase_uid('busy'), 'github', 'connected', 'busy-user', now());
insert into public.job_settings (user_id, search_active, auto_apply, portals, roles) values
  (tests.get_supabase_uid('busy'), true, false, '{linkedin}', '{Backend Engineer}');

select private.emit('user.onboarding.completed',
  jsonb_build_object('user_id', tests.get_supabase_uid('new'), 'completed_at', now())) as e_new \gset
select private.emit('user.onboarding.completed',
  jsonb_build_object('user_id', tests.get_supabase_uid('gh'), 'completed_at', now())) as e_gh \gset
select private.emit('user.onboarding.completed',
  jsonb_build_object('user_id', tests.get_supabase_uid('busy'), 'completed_at', now())) as e_busy \gset

select is(tests.drain_sql_consumer('notifications') ->> 'dead_lettered', '0', 'every welcome is rendered');

select is(
  (select body from public.notifications where event_id = :e_new),
  'Your profile is set up. Next: connect GitHub and start your job search.',
  'without GitHub: the next step is connecting it'
);
select is(
  (select body from public.notifications where event_id = :e_gh),
  'Your profile is set up. Next: start your job search in Job Control.',
  'GitHub already connected: the next step is the job search, not GitHub'
);
select is(
  (select body from public.notifications where event_id = :e_busy),
  'Your profile is set up. Your job search is running: matches will appear as they are found.',
  'GitHub connected and the search running: nothing left to ask'
);

select * from finish();
rollback;
