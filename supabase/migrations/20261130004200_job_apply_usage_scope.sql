-- =============================================================================================
-- Job Application stack: today's usage and the effective daily cap (granted to authenticated for
-- the usage route) answer only about the caller — or any user for admins and the service paths
-- (no JWT user: the runner, cron, the apply functions). A user asking about someone else: 42501.
-- =============================================================================================

-- private.apply_check_subject(user): raises 42501 when a signed-in non-admin asks about another user.
create function private.apply_check_subject(p_user uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if auth.uid() is not null and p_user is distinct from auth.uid() and not private.is_admin() then
    raise exception 'You can only see your own applying limits.' using errcode = '42501';
  end if;
end;
$$;
comment on function private.apply_check_subject(uuid) is
  'Raises 42501 when a signed-in user other than an admin asks about another user''s apply usage or caps.';

-- private.apply_daily_cap(user, portal): the user's cap for the portal bounded by the platform's maximum.
create or replace function private.apply_daily_cap(p_user uuid, p_portal text)
returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.apply_check_subject(p_user);
  return (
    select least(
      case p_portal when 'linkedin' then s.daily_cap_linkedin when 'naukri' then s.daily_cap_naukri else s.daily_cap_indeed end,
      case p_portal when 'linkedin' then c.max_daily_cap_linkedin when 'naukri' then c.max_daily_cap_naukri else c.max_daily_cap_indeed end)
      from public.apply_platform_controls c
      left join public.apply_settings s on s.user_id = p_user);
end;
$$;
comment on function private.apply_daily_cap(uuid, text) is
  'The effective daily cap of (user, portal): least(user cap, platform maximum). The caller''s own, or anyone''s for admins and service paths (42501 otherwise).';

-- private.apply_used_today(user, portal, except): submissions (and attempts in flight) on the portal since IST midnight.
create or replace function private.apply_used_today(p_user uuid, p_portal text, p_except uuid default null)
returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.apply_check_subject(p_user);
  return (
    select count(*)::int from public.job_applications a
     where a.user_id = p_user and a.portal = p_portal and a.status in ('submitting', 'submitted')
       and coalesce(a.applied_at, a.attempt_started_at) >= private.apply_day_start()
       and a.id is distinct from p_except);
end;
$$;
comment on function private.apply_used_today(uuid, text, uuid) is
  'Today''s (IST) submissions and in-flight attempts of (user, portal), not counting p_except. The caller''s own, or anyone''s for admins and service paths (42501 otherwise).';

revoke all on function private.apply_check_subject(uuid) from public, anon, authenticated, service_role;
