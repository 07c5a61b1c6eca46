-- The answer bank learns whether the user is serving notice, and until when.
--
-- Indian portals ask "Are you serving your notice period?" and "Last working day" beside the
-- notice period itself. The runner answered the first with the notice period's length ("30 days"),
-- an answer to another question. Now these are the user's own answers (answers.ts): without them the
-- application stops and asks (needs_input); a model is never asked about the user's situation.

alter table public.apply_answer_banks
  add column serving_notice boolean,
  add column last_working_day date,
  add constraint apply_answer_banks_lwd_when_serving
    check (last_working_day is null or serving_notice is true);
comment on column public.apply_answer_banks.serving_notice is 'The user is serving a notice period now (resigned); null: not said.';
comment on column public.apply_answer_banks.last_working_day is 'Their last working day while serving notice.';

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
  if p ->> 'last_working_day' is not null and not coalesce(
       case when p ? 'serving_notice' then (p ->> 'serving_notice')::boolean
            else (select x.serving_notice from public.apply_answer_banks x where x.user_id = uid) end, false) then
    raise exception 'A last working day is only for someone serving notice: set serving_notice to true.' using errcode = 'PT422';
  end if;
  update public.apply_answer_banks x set
    phone = case when p ? 'phone' then p ->> 'phone' else x.phone end,
    current_location = case when p ? 'current_location' then p ->> 'current_location' else x.current_location end,
    notice_period_days = case when p ? 'notice_period_days' then (p ->> 'notice_period_days')::smallint else x.notice_period_days end,
    serving_notice = case when p ? 'serving_notice' then (p ->> 'serving_notice')::boolean else x.serving_notice end,
    -- No longer serving notice: the last working day goes with it.
    last_working_day = case
      when p ? 'serving_notice' and (p ->> 'serving_notice')::boolean is not true then null
      when p ? 'last_working_day' then (p ->> 'last_working_day')::date
      else x.last_working_day end,
    current_ctc_lpa = case when p ? 'current_ctc_lpa' then (p ->> 'current_ctc_lpa')::numeric else x.current_ctc_lpa end,
    expected_ctc_lpa = case when p ? 'expected_ctc_lpa' then (p ->> 'expected_ctc_lpa')::numeric else x.expected_ctc_lpa end,
    total_experience_years = case when p ? 'total_experience_years' then (p ->> 'total_experience_years')::numeric
                                  else x.total_experience_years end,
    skill_years = case when p ? 'skill_years' then coalesce(p -> 'skill_years', '{}'::jsonb) else x.skill_years end,
    willing_to_relocate = case when p ? 'willing_to_relocate' then (p ->> 'willing_to_relocate')::boolean else x.willing_to_relocate end,
    work_authorisation = case when p ? 'work_authorisation' then p ->> 'work_authorisation' else x.work_authorisation end,
    requires_sponsorship = case when p ? 'requires_sponsorship' then (p ->> 'requires_sponsorship')::boolean
                                else x.requires_sponsorship end,
    custom_answers = case when p ? 'custom_answers' then coalesce(p -> 'custom_answers', '[]'::jsonb) else x.custom_answers end
   where x.user_id = uid
  returning * into b;
  return b;
end;
$$;
comment on function private.save_answer_bank(jsonb) is 'User: saves the given keys of their answer bank (JSON null clears a key; serving_notice other than true clears last_working_day; a last working day without serving notice violates apply_answer_banks_lwd_when_serving).';
