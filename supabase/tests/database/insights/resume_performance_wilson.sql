-- Resume performance on known data: per version and per resume, with Wilson 95 % intervals (1 of
-- 2 is 0.09–0.91, 20 of 100 is 0.13–0.29: equally "50 %" and "20 %" are not equally sure), the
-- range in IST days, the resume filter, and the scope.
begin;
select plan(9);

select tests.create_supabase_user('ana');
select tests.create_supabase_user('bob');

select is((select row(low, high)::text from private.wilson_interval(1, 2)), '(0.0945,0.9055)', 'Wilson: 1 of 2');
select is((select row(low, high)::text from private.wilson_interval(20, 100)), '(0.1334,0.2888)', 'Wilson: 20 of 100');
select is((select row(low, high)::text from private.wilson_interval(0, 0)), '(,)', 'Wilson: no trials, no interval');

insert into public.resumes (id, user_id, name, role_type)
values ('11111111-1111-4111-8111-111111111111', tests.get_supabase_uid('ana'), 'Backend', 'Backend engineer');
insert into public.resume_versions (id, resume_id, user_id, number, generated_from, template, content_json)
values ('22222222-2222-4222-8222-222222222221', '11111111-1111-4111-8111-111111111111', tests.get_supabase_uid('ana'), 1, 'manual', 'ats', '{"basics": {}, "meta": {}}'),
       ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', tests.get_supabase_uid('ana'), 2, 'manual', 'ats', '{"basics": {}, "meta": {}}');

-- v1: 2 applications, 1 answered (interview). v2: 100 applications, 20 answered (10 viewed, 10 rejected).
with j as (
  insert into public.fetched_jobs (user_id, portal, external_job_id, title, company, job_url, norm_company, norm_title)
  select tests.get_supabase_uid('ana'), 'naukri', 'r' || g, 'Job', 'Co', 'https://example.com/' || g, 'co', 'job'
    from generate_series(1, 102) g
  returning id, external_job_id)
insert into public.job_applications (user_id, fetched_job_id, duplicate_group_id, portal, mode, status, response_status, applied_at, resume_version_id)
select tests.get_supabase_uid('ana'), j.id, j.id, 'naukri', 'auto', 'submitted',
       case when n = 1 then 'interview' when n between 3 and 12 then 'viewed' when n between 13 and 22 then 'rejected' else 'pending' end,
       '2026-11-20T06:00:00Z',
       case when n <= 2 then '22222222-2222-4222-8222-222222222221'::uuid else '22222222-2222-4222-8222-222222222222'::uuid end
  from (select j.*, substr(external_job_id, 2)::int as n from j) j;

select tests.authenticate_as('ana');
select results_eq(
  $$ select coalesce(version_number, 0), applications, viewed, shortlisted, interview, offer, rejected, responded,
            response_rate, response_rate_low, response_rate_high
       from private.resume_performance('2026-11-01', '2026-11-30') $$,
  $$ values (0, 102, 11, 1, 1, 0, 10, 21, 0.2059, 0.1388, 0.2943),
            (1, 2, 1, 1, 1, 0, 0, 1, 0.5000, 0.0945, 0.9055),
            (2, 100, 10, 0, 0, 0, 10, 20, 0.2000, 0.1334, 0.2888) $$,
  'per resume (all versions), then per version, each with its Wilson interval');
select results_eq($$ select distinct resume_name, role_type from private.resume_performance('2026-11-01', '2026-11-30') $$,
  $$ values ('Backend', 'Backend engineer') $$, 'named');
select is_empty($$ select * from private.resume_performance('2026-11-21', '2026-11-30') $$,
  'a range after the applications: nothing');
select is_empty($$ select * from private.resume_performance('2026-11-01', '2026-11-30', array[gen_random_uuid()]) $$,
  'another resume: nothing');

select tests.authenticate_as('bob');
select is_empty($$ select * from private.resume_performance('2026-11-01', '2026-11-30') $$, 'bob sees none of ana''s');
select is_empty($$ select * from private.resume_performance('2026-11-01', '2026-11-30', null, array[tests.get_supabase_uid('ana')]) $$,
  'even when he asks for her');

select * from finish();
rollback;
