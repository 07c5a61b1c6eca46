-- A report email schedule chosen in Settings (a plain write of notification_preferences, as
-- PUT /v1/notifications/preferences does) lifts an earlier one-click unsubscribe, as choosing it on
-- /reports does: Settings never says "Daily" while no report comes. Choosing off, or saving the
-- same schedule again, changes nothing; other types' opt-outs stay.
begin;
select plan(6);

select tests.create_supabase_user('eve');
insert into public.notification_preferences (user_id, email_digest) values (tests.get_supabase_uid('eve'), 'weekly');
select private.unsubscribe_email(tests.get_supabase_uid('eve'), 'report.ready');
select private.unsubscribe_email(tests.get_supabase_uid('eve'), 'job.applied');
select is(private.report_email_wanted(tests.get_supabase_uid('eve'), 'weekly'), false, 'unsubscribed: no weekly report');

select tests.authenticate_as('eve');
update public.notification_preferences set email_digest = 'off', updated_at = now() where user_id = auth.uid();
select is(
  (select enabled from public.notification_channel_preferences
    where user_id = auth.uid() and notification_type = 'report.ready' and channel = 'email'),
  false, 'choosing off keeps the unsubscribe');

update public.notification_preferences set email_digest = 'daily', updated_at = now() where user_id = auth.uid();
reset role;
select is(private.report_email_wanted(tests.get_supabase_uid('eve'), 'daily'), true, 'choosing daily in Settings lifts it');
select is(
  (select enabled from public.notification_channel_preferences
    where user_id = tests.get_supabase_uid('eve') and notification_type = 'job.applied' and channel = 'email'),
  false, 'another type''s opt-out stays');

-- Unsubscribing again turns the digest off again, and a same-value save does not lift it.
select private.unsubscribe_email(tests.get_supabase_uid('eve'), 'report.ready');
select is((select email_digest from public.notification_preferences where user_id = tests.get_supabase_uid('eve')), 'off',
  'a second unsubscribe turns it off');
update public.notification_preferences set email_digest = 'off', updated_at = now() where user_id = tests.get_supabase_uid('eve');
select is(private.report_email_wanted(tests.get_supabase_uid('eve'), 'weekly'), false, 'saving off again lifts nothing');

select * from finish();
rollback;
