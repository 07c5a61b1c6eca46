-- =============================================================================================
-- Job Application stack: the answer bank also holds what the runner's screening-question
-- answerer (scraper-runner/src/apply/answers.ts) asks for besides the first columns: whether the
-- user is serving their notice period now (portals offer "Serving Notice Period") and the
-- countries they may work in without sponsorship (work-authorisation questions name a country).
-- private.save_answer_bank takes the new keys too.
-- =============================================================================================

alter table public.apply_answer_banks
  add column serving_notice boolean,
  add column work_authorized_countries text[] not null default '{}'
    check (private.is_clean_text_list(work_authorized_countries, 20, 60));
comment on column public.apply_answer_banks.serving_notice is 'Serving the notice period now (answers "Serving Notice Period").';
comment on column public.apply_answer_banks.work_authorized_countries is
  'Countries the user may work in without sponsorship ("India"); at most 20, unique ignoring case.';

-- private.save_answer_bank(patch) → public.apply_answer_banks: sets the given keys (null clears one).
create or replace function private.save_answer_bank(p jsonb)
returns public.apply_answer_banks
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  b public.apply_answer_banks;
begin
  insert into public.apply_answer_banks (user_id) values (uid) on conflict do nothing;
  update public.apply_answer_banks x set
    phone = case when p ? 'phone' then p ->> 'phone' else x.phone end,
    current_location = case when p ? 'current_location' then p ->> 'current_location' else x.current_location end,
    notice_period_days = case when p ? 'notice_period_days' then (p ->> 'notice_period_days')::smallint else x.notice_period_days end,
    serving_notice = case when p ? 'serving_notice' then (p ->> 'serving_notice')::boolean else x.serving_notice end,
    current_ctc_lpa = case when p ? 'current_ctc_lpa' then (p ->> 'current_ctc_lpa')::numeric else x.current_ctc_lpa end,
    expected_ctc_lpa = case when p ? 'expected_ctc_lpa' then (p ->> 'expected_ctc_lpa')::numeric else x.expected_ctc_lpa end,
    total_experience_years = case when p ? 'total_experience_years' then (p ->> 'total_experience_years')::numeric
                                  else x.total_experience_years end,
    skill_years = case when p ? 'skill_years' then coalesce(p -> 'skill_years', '{}'::jsonb) else x.skill_years end,
    willing_to_relocate = case when p ? 'willing_to_relocate' then (p ->> 'willing_to_relocate')::boolean else x.willing_to_relocate end,
    work_authorisation = case when p ? 'work_authorisation' then p ->> 'work_authorisation' else x.work_authorisation end,
    work_authorized_countries = case when p ? 'work_authorized_countries'
                                     then coalesce((select array_agg(c) from jsonb_array_elements_text(p -> 'work_authorized_countries') c), '{}')
                                     else x.work_authorized_countries end,
    requires_sponsorship = case when p ? 'requires_sponsorship' then (p ->> 'requires_sponsorship')::boolean
                                else x.requires_sponsorship end,
    custom_answers = case when p ? 'custom_answers' then coalesce(p -> 'custom_answers', '[]'::jsonb) else x.custom_answers end
   where x.user_id = uid
  returning * into b;
  return b;
end;
$$;
comment on function private.save_answer_bank(jsonb) is 'User: saves the given keys of their answer bank (JSON null clears a key).';
revoke all on function private.save_answer_bank(jsonb) from public, anon, authenticated, service_role;
grant execute on function private.save_answer_bank(jsonb) to authenticated;
