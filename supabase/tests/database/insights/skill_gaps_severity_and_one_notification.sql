-- Skill gaps: what the matching jobs ask for and the user's sources do not show, with severity by
-- share; one skill_gap.detected per gap the first time it is high (never one per refresh); a skill
-- the user adds leaves the list at once and the gap closes on refresh; jobs.fetched refreshes
-- through the insights consumer; strangers see nothing.
begin;
select plan(24);

select tests.create_supabase_user('ana');
select tests.create_supabase_user('stranger');

create function pg_temp.job(uid uuid, ext text, skills text[], score int, status text default 'new')
returns uuid language sql as $$
  insert into public.fetched_jobs (user_id, portal, external_job_id, title, company, job_url, norm_company, norm_title,
                                   match_score, skills, status)
  values (uid, 'naukri', ext, 'Job ' || ext, 'Co ' || ext, 'https://example.com/' || ext, 'co ' || ext, 'job ' || ext,
          score, skills, status)
  returning id $$;

-- Ana shows Python (a repository language); her five matching jobs ask for Docker (4), AWS (2),
-- Kubernetes (1), Go (1) and Python; a low-scoring job and a skipped one ask for Rust.
insert into public.repositories (user_id, provider_repo_id, name, full_name, html_url, languages)
values (tests.get_supabase_uid('ana'), 1, 'tool', 'ana/tool', 'https://github.com/ana/tool', '{"Python": 1000}');
select pg_temp.job(tests.get_supabase_uid('ana'), '1', array['Python', 'Docker', 'Kubernetes'], 90);
select pg_temp.job(tests.get_supabase_uid('ana'), '2', array['python', 'docker', 'AWS'], 80);
select pg_temp.job(tests.get_supabase_uid('ana'), '3', array['Docker', 'AWS'], 70);
select pg_temp.job(tests.get_supabase_uid('ana'), '4', array['Docker '], 60);
select pg_temp.job(tests.get_supabase_uid('ana'), '5', array['Go'], 45);
select pg_temp.job(tests.get_supabase_uid('ana'), '6', array['Rust'], 30);
select pg_temp.job(tests.get_supabase_uid('ana'), '7', array['Rust'], 95, 'skipped');

-- jobs.fetched → the insights queue → refresh.
select private.emit('jobs.fetched', jsonb_build_object('user_id', tests.get_supabase_uid('ana'),
  'run_id', gen_random_uuid(), 'portal', 'naukri', 'count', 7, 'new_count', 7));
select is((tests.drain_sql_consumer('insights') ->> 'processed')::int, 1, 'the insights consumer handled jobs.fetched');

select results_eq(
  $$ select skill, label, severity, job_count, jobs_considered from public.skill_gaps
      where user_id = tests.get_supabase_uid('ana') order by skill $$,
  $$ values ('aws', 'AWS', 'medium', 2, 5), ('docker', 'Docker', 'high', 4, 5), ('go', 'Go', 'low', 1, 5),
            ('kubernetes', 'Kubernetes', 'low', 1, 5) $$,
  'four gaps: Docker 4/5 high, AWS 2/5 medium (too few for high), Kubernetes and Go low; Python is hers, Rust is not a matching job');
select is((select jsonb_path_query_array(example_jobs, '$[*].title') from public.skill_gaps where user_id = tests.get_supabase_uid('ana') and skill = 'docker'),
  '["Job 1", "Job 2", "Job 3"]'::jsonb, 'three example jobs, best match first');
select is((select count(*)::int from public.event_log where event_type = 'skill_gap.detected'
            and payload ->> 'user_id' = tests.get_supabase_uid('ana')::text), 1, 'one skill_gap.detected: the new high gap');
select is((select payload ->> 'skill' from public.event_log where event_type = 'skill_gap.detected'
            and payload ->> 'user_id' = tests.get_supabase_uid('ana')::text), 'Docker',
  'for Docker');

select is(private.refresh_skill_gaps(tests.get_supabase_uid('ana')), 0, 'a second refresh notifies nothing');
select is(private.refresh_skill_gaps(tests.get_supabase_uid('ana')), 0, 'nor a third');
select is((select count(*)::int from public.event_log where event_type = 'skill_gap.detected'
            and payload ->> 'user_id' = tests.get_supabase_uid('ana')::text), 1, 'still one event');

select is((tests.drain_sql_consumer('notifications') ->> 'processed')::int >= 1, true, 'the notifications consumer ran');
select results_eq(
  $$ select title, link_url from public.notifications where user_id = tests.get_supabase_uid('ana') and type = 'skill_gap.detected' $$,
  $$ values ('Skill gap: Docker', '/reports') $$, 'Ana is told once, with a link to her reports');

select tests.authenticate_as('ana');
select results_eq(
  $$ select label, severity, share, total from private.skill_gaps_list() $$,
  $$ values ('Docker', 'high', 0.8000, 4), ('AWS', 'medium', 0.4000, 4), ('Go', 'low', 0.2000, 4), ('Kubernetes', 'low', 0.2000, 4) $$,
  'her list: most severe first, then most asked, with the share');
select is((select count(*)::int from private.skill_gaps_list(array['low'])), 2, 'filtered by severity');
select is((select label from private.skill_gaps_list(null, null, null, 'kube')), 'Kubernetes', 'searched by skill');
select is((select count(*)::int from private.skill_gaps_list(null, null, null, null, 1, 1)), 1, 'paged');

-- She adds AWS to her career record: the list drops it at once, before any refresh.
insert into public.career_entries (kind, data) values ('skill', '{"name": "AWS", "keywords": []}');
select is((select count(*)::int from private.skill_gaps_list()), 3, 'a skill she adds leaves the list at once');

select tests.authenticate_as('stranger');
select is_empty($$ select * from public.skill_gaps $$, 'a stranger reads none of her gaps');
select is_empty($$ select * from private.skill_gaps_list() $$, 'nor lists them');
select throws_ok($$ select private.refresh_skill_gaps(tests.get_supabase_uid('ana')) $$, '42501', null,
  'a user session cannot refresh (or make notifications for) anyone');

select tests.clear_authentication();
set local role anon;
select throws_ok($$ select * from public.skill_gaps $$, '42501', null, 'anon reads nothing');
reset role;

-- Refresh: AWS closes; Docker's jobs are skipped → closed; back → reopened, not told again.
select private.refresh_skill_gaps(tests.get_supabase_uid('ana'));
select results_eq($$ select status, closed_at is not null from public.skill_gaps where user_id = tests.get_supabase_uid('ana') and skill = 'aws' $$,
  $$ values ('closed', true) $$, 'a gap she closed is closed on refresh (the row stays)');
update public.fetched_jobs set status = 'skipped' where user_id = tests.get_supabase_uid('ana') and external_job_id in ('1', '2', '3', '4');
select private.refresh_skill_gaps(tests.get_supabase_uid('ana'));
select is((select status from public.skill_gaps where user_id = tests.get_supabase_uid('ana') and skill = 'docker'), 'closed', 'no matching job asks for Docker: closed');
update public.fetched_jobs set status = 'new' where user_id = tests.get_supabase_uid('ana') and external_job_id in ('1', '2', '3', '4');
select is(private.refresh_skill_gaps(tests.get_supabase_uid('ana')), 0, 'Docker returns as high: no second notification');
select results_eq($$ select status, severity from public.skill_gaps where user_id = tests.get_supabase_uid('ana') and skill = 'docker' $$,
  $$ values ('open', 'high') $$, 'the same gap, reopened');
select is((select count(*)::int from public.event_log where event_type = 'skill_gap.detected'
            and payload ->> 'user_id' = tests.get_supabase_uid('ana')::text), 1, 'one event in all');

select * from finish();
rollback;
