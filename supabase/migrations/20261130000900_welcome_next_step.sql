-- The welcome notification's next step, from what the user has already done: a user who connected
-- GitHub during onboarding is not told to connect it, and one whose job search already runs is
-- not told to start it. The template (registered by the onboarding migration) is re-registered
-- with a context function; rendering happens when the notifications consumer handles the event,
-- so the step reflects the state at that moment.

-- ---------------------------------------------------------------------------------------------
-- Functions
-- ---------------------------------------------------------------------------------------------

-- private.onboarding_welcome_context(payload) → {next_step}: the sentence after "Your profile is
-- set up." for payload.user_id: connect GitHub (not connected), else start the job search (not
-- active), else say it is running.
create function private.onboarding_welcome_context(payload jsonb)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object('next_step', case
    when not exists (
      select 1 from public.user_integrations i
       where i.user_id = (payload ->> 'user_id')::uuid and i.provider = 'github' and i.status = 'connected')
      then 'Next: connect GitHub and start your job search.'
    when not exists (
      select 1 from public.job_settings s
       where s.user_id = (payload ->> 'user_id')::uuid and s.search_active)
      then 'Next: start your job search in Job Control.'
    else 'Your job search is running: matches will appear as they are found.'
  end);
$$;
comment on function private.onboarding_welcome_context(jsonb) is
  'Notification context of user.onboarding.completed: {next_step}, the first of connect GitHub / start the job search the user has not done yet.';

revoke all on function private.onboarding_welcome_context(jsonb) from public, anon, authenticated;
grant execute on function private.onboarding_welcome_context(jsonb) to service_role;

-- ---------------------------------------------------------------------------------------------
-- Notification template
-- ---------------------------------------------------------------------------------------------
select notifications.register_template('user.onboarding.completed', 'default',
  title => 'Welcome to CareerPilot',
  body => 'Your profile is set up. {{context.next_step}}',
  link => '/dashboard',
  context_function => 'private.onboarding_welcome_context');
