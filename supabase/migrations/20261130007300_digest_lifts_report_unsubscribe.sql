-- Choosing a report email schedule anywhere lifts an earlier one-click unsubscribe.
--
-- The unsubscribe link turns (report.ready, email) off and, by trigger, the digest off. Choosing
-- daily or weekly again on /reports lifted it (private.set_report_email_schedule), but choosing it in
-- Settings (PUT /v1/notifications/preferences) did not: Settings said "Daily" and no report came.
-- Now the rule lives on the preference row itself, whichever route writes it.

create function private.digest_on_lifts_report_unsubscribe()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.email_digest in ('daily', 'weekly')
     and (tg_op = 'INSERT' or old.email_digest is distinct from new.email_digest) then
    update public.notification_channel_preferences c
       set enabled = true, updated_at = now()
     where c.user_id = new.user_id and c.notification_type = 'report.ready' and c.channel = 'email' and not c.enabled;
  end if;
  return null;
end;
$$;
comment on function private.digest_on_lifts_report_unsubscribe() is
  'Trigger: after insert/update of notification_preferences.email_digest to daily or weekly, report.ready emails are on again (the user just asked for them).';
create trigger digest_on_lifts_report_unsubscribe
  after insert or update of email_digest on public.notification_preferences
  for each row execute function private.digest_on_lifts_report_unsubscribe();
comment on trigger digest_on_lifts_report_unsubscribe on public.notification_preferences is
  'A digest chosen in Settings or on /reports lifts a one-click unsubscribe of report emails.';
