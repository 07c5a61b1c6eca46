-- Cover letters for batch and auto applications.
--
-- A manual application's letter is drafted at review time (POST /v1/job-apply/single/{job}/preview)
-- and edited by the user. Batch and auto applications are prepared by the runner; with this
-- setting on (the default) it drafts each one's letter there, with the user's Gemini key, from the
-- user's sources only, through the same no-fabrication guard (job-apply/cover-letter.ts), and
-- stores what the guard kept and dropped in cover_letter_grounding. No key, or Gemini failing,
-- leaves the application without a letter and says why (cover_letter_grounding.error); it is never
-- held back for it.

alter table public.apply_settings
  add column cover_letters boolean not null default true;
comment on column public.apply_settings.cover_letters is
  'Batch and auto applications get a grounded cover letter drafted by the runner with the user''s Gemini key (default on).';

create or replace function private.save_apply_settings(p jsonb)
returns public.apply_settings
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  c public.apply_platform_controls;
  s public.apply_settings;
begin
  select * into c from public.apply_platform_controls;
  insert into public.apply_settings (user_id) values (uid) on conflict do nothing;
  update public.apply_settings x set
    match_threshold = coalesce((p ->> 'match_threshold')::smallint, x.match_threshold),
    review_before_submit = coalesce((p ->> 'review_before_submit')::boolean, x.review_before_submit),
    cover_letters = coalesce((p ->> 'cover_letters')::boolean, x.cover_letters),
    daily_cap_linkedin = coalesce((p #>> '{daily_caps,linkedin}')::smallint, x.daily_cap_linkedin),
    daily_cap_naukri = coalesce((p #>> '{daily_caps,naukri}')::smallint, x.daily_cap_naukri),
    daily_cap_indeed = coalesce((p #>> '{daily_caps,indeed}')::smallint, x.daily_cap_indeed),
    company_cap = coalesce((p ->> 'company_cap')::smallint, x.company_cap),
    company_window_days = coalesce((p ->> 'company_window_days')::smallint, x.company_window_days),
    pacing_min_seconds = coalesce((p ->> 'pacing_min_seconds')::integer, x.pacing_min_seconds),
    pacing_max_seconds = coalesce((p ->> 'pacing_max_seconds')::integer, x.pacing_max_seconds)
   where x.user_id = uid
  returning * into s;
  if s.daily_cap_linkedin > c.max_daily_cap_linkedin or s.daily_cap_naukri > c.max_daily_cap_naukri
     or s.daily_cap_indeed > c.max_daily_cap_indeed then
    raise exception 'A daily cap is above the platform maximum (LinkedIn %, Naukri %, Indeed %).',
      c.max_daily_cap_linkedin, c.max_daily_cap_naukri, c.max_daily_cap_indeed using errcode = 'PT422';
  end if;
  if s.pacing_min_seconds > s.pacing_max_seconds then
    raise exception 'pacing_min_seconds must not be above pacing_max_seconds.' using errcode = 'PT422';
  end if;
  return s;
end;
$$;
comment on function private.save_apply_settings(jsonb) is
  'User: saves apply settings (match_threshold, review_before_submit, cover_letters, daily_caps{…}, company_cap, company_window_days, pacing_*); caps above the platform maximum or pacing min > max → PT422.';
