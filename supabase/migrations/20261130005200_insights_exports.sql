-- =============================================================================================
-- Insights & Reports stack, part 3: what an export contains, defined once for both makers (the
-- insights function writes small CSVs itself; the runner writes PDFs and large CSVs, acting as
-- the requesting user so the same RLS applies):
--
--   private.export_columns(type) → text[]            the CSV header / PDF table columns, in order
--   private.export_rows(type, filters) → setof jsonb  one object per row, keys = those columns
--
-- filters: {from, to} IST days inclusive (default the last 30), portal[] and, for admins,
-- user_id[]. Security invoker; scope by private.scoped_users (the caller only unless an admin).
-- =============================================================================================

-- private.export_columns(type) → text[]: the columns of an export type, in order (22023 for an
-- unknown type).
create function private.export_columns(type text)
returns text[]
language plpgsql
immutable
set search_path = ''
as $$
begin
  return case type
    when 'applications' then array['application_id', 'user_email', 'created_at', 'applied_at', 'portal', 'company', 'title',
                                   'location', 'status', 'response_status', 'resume', 'resume_version', 'mode', 'match_score', 'job_url']
    when 'jobs' then array['job_id', 'fetched_at', 'portal', 'title', 'company', 'location', 'lpa_min', 'lpa_max', 'experience',
                           'match_score', 'status', 'posted_at', 'job_url']
    when 'skill_gaps' then array['skill', 'severity', 'job_count', 'jobs_considered', 'share', 'example_jobs', 'recommendation',
                                 'first_seen_at', 'last_seen_at']
    when 'resume_performance' then array['user_email', 'resume', 'role_type', 'version', 'applications', 'viewed', 'shortlisted',
                                         'interview', 'offer', 'rejected', 'responded', 'response_rate', 'response_rate_low',
                                         'response_rate_high']
    when 'users' then array['user_id', 'email', 'display_name', 'role', 'created_at', 'last_sign_in_at', 'job_search_status',
                            'github_linked', 'verified_certificates', 'resumes', 'applications_total', 'applications_30d']
  end;
end;
$$;
comment on function private.export_columns(text) is 'The columns of an export type (applications, jobs, skill_gaps, resume_performance, users), in order.';

-- private.export_rows(type, filters) → setof jsonb: the rows of an export for the caller (security
-- invoker): applications created, jobs fetched in the range; open skill gaps; resume performance
-- of applications applied in the range; users (admins only, 42501 otherwise) created in the range.
-- At most 100 000 rows.
create function private.export_rows(type text, filters jsonb default '{}')
returns setof jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  to_day date := coalesce((filters ->> 'to')::date, private.ist_day(now()));
  from_day date := coalesce((filters ->> 'from')::date, to_day - 29);
  portals text[] := case when jsonb_typeof(filters -> 'portal') = 'array'
                         then array(select jsonb_array_elements_text(filters -> 'portal')) end;
  users uuid[] := private.scoped_users(case when jsonb_typeof(filters -> 'user_id') = 'array'
                                            then array(select jsonb_array_elements_text(filters -> 'user_id')::uuid) end);
  t0 timestamptz := private.ist_start(from_day);
  t1 timestamptz := private.ist_start(to_day + 1);
begin
  if type = 'applications' then
    return query
      select jsonb_build_object(
               'application_id', j.id, 'user_email', p.email, 'created_at', j.created_at, 'applied_at', j.applied_at,
               'portal', j.portal, 'company', f.company, 'title', f.title, 'location', f.location, 'status', j.status,
               'response_status', j.response_status, 'resume', r.name, 'resume_version', v.number, 'mode', j.mode,
               'match_score', f.match_score, 'job_url', f.job_url)
        from public.job_applications j
        join public.fetched_jobs f on f.id = j.fetched_job_id
        left join public.profiles p on p.id = j.user_id
        left join public.resume_versions v on v.id = j.resume_version_id
        left join public.resumes r on r.id = v.resume_id
       where j.created_at >= t0 and j.created_at < t1
         and (users is null or j.user_id = any (users))
         and (portals is null or j.portal = any (portals))
       order by j.created_at, j.id
       limit 100000;
  elsif type = 'jobs' then
    return query
      select jsonb_build_object(
               'job_id', f.id, 'fetched_at', f.fetched_at, 'portal', f.portal, 'title', f.title, 'company', f.company,
               'location', f.location, 'lpa_min', f.lpa_min, 'lpa_max', f.lpa_max, 'experience', f.experience_text,
               'match_score', f.match_score, 'status', f.status, 'posted_at', f.posted_at, 'job_url', f.job_url)
        from public.fetched_jobs f
       where f.fetched_at >= t0 and f.fetched_at < t1 and f.duplicate_of is null
         and (users is null or f.user_id = any (users))
         and (portals is null or f.portal = any (portals))
       order by f.fetched_at, f.id
       limit 100000;
  elsif type = 'skill_gaps' then
    return query
      select jsonb_build_object(
               'skill', g.label, 'severity', g.severity, 'job_count', g.job_count, 'jobs_considered', g.jobs_considered,
               'share', round(g.job_count::numeric / g.jobs_considered, 4),
               'example_jobs', (select string_agg((e ->> 'title') || ' at ' || (e ->> 'company'), '; ')
                                  from jsonb_array_elements(g.example_jobs) e),
               'recommendation', g.recommendation, 'first_seen_at', g.first_seen_at, 'last_seen_at', g.last_seen_at)
        from public.skill_gaps g
       where g.status = 'open' and (users is null or g.user_id = any (users))
       order by g.user_id, case g.severity when 'high' then 0 when 'medium' then 1 else 2 end, g.job_count desc, g.skill
       limit 100000;
  elsif type = 'resume_performance' then
    return query
      select jsonb_build_object(
               'user_email', (select p.email from public.profiles p where p.id = rp.user_id),
               'resume', rp.resume_name, 'role_type', rp.role_type,
               'version', coalesce(rp.version_number::text, 'all'), 'applications', rp.applications, 'viewed', rp.viewed,
               'shortlisted', rp.shortlisted, 'interview', rp.interview, 'offer', rp.offer, 'rejected', rp.rejected,
               'responded', rp.responded, 'response_rate', rp.response_rate, 'response_rate_low', rp.response_rate_low,
               'response_rate_high', rp.response_rate_high)
        from private.resume_performance(from_day, to_day, null, users, null) rp;
  elsif type = 'users' then
    perform private.require_admin();
    return query
      select jsonb_build_object(
               'user_id', p.id, 'email', p.email, 'display_name', p.display_name, 'role', p.role, 'created_at', p.created_at,
               'last_sign_in_at', p.last_sign_in_at,
               'job_search_status', case when s.user_id is null then 'not_set_up' when s.search_active then 'active' else 'paused' end,
               'github_linked', exists (select 1 from public.user_integrations i
                                         where i.user_id = p.id and i.provider = 'github' and i.status = 'connected'),
               'verified_certificates', (select count(*) from public.certificates c where c.user_id = p.id and c.status = 'verified'),
               'resumes', (select count(*) from public.resumes r where r.user_id = p.id),
               'applications_total', (select count(*) from public.job_applications j where j.user_id = p.id and j.status = 'submitted'),
               'applications_30d', (select count(*) from public.job_applications j
                                     where j.user_id = p.id and j.status = 'submitted' and j.applied_at >= now() - interval '30 days'))
        from public.profiles p
        left join public.job_settings s on s.user_id = p.id
       where p.created_at >= t0 and p.created_at < t1
         and (users is null or p.id = any (users))
       order by p.created_at, p.id
       limit 100000;
  else
    raise exception 'unknown export type %', type using errcode = '22023';
  end if;
end;
$$;
comment on function private.export_rows(text, jsonb) is
  'The rows of an export (objects keyed by private.export_columns) for the caller: security invoker, scoped by private.scoped_users; users is admin-only (42501). Filters {from, to (IST days), portal[], user_id[] (admins)}. At most 100 000 rows.';

revoke all on function private.export_columns(text), private.export_rows(text, jsonb)
  from public, anon, authenticated, service_role;
grant execute on function private.export_columns(text), private.export_rows(text, jsonb) to authenticated, service_role;
