-- Match scores follow the user's search: a change of roles, locations, minimum LPA or company
-- types in job_settings emits job_settings.changed; the runner's job_rescore consumer asks the
-- job-fetcher function (POST /v1/internal/jobs/rescore, service key) to score the user's stored
-- jobs again with the same code as the ingest route. Before, a job kept the score of the search it
-- was fetched for: raising the minimum LPA left a 12-LPA job at 90.

select private.register_event_type(
  'job_settings.changed',
  'The user''s search changed (roles, locations, min_lpa or company_types): their stored jobs are scored again.',
  '{"required": {"user_id": "uuid"}}'
);
select private.register_route('job_settings.changed', 'job_rescore');
-- The queue's handler is in the runner (scraper-runner/src/portals/rescore.ts).
select private.register_consumer('job_rescore', 'runner', 'scraper-runner: job_rescore',
  max_attempts => 5, visibility_timeout_s => 120, batch_size => 5, enabled => true,
  description => 'Job Fetcher: score a user''s stored jobs again after their search changed (the function''s rescore route).');

create function private.job_settings_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (new.roles, new.locations, new.min_lpa, new.company_types)
     is distinct from (old.roles, old.locations, old.min_lpa, old.company_types) then
    perform private.emit('job_settings.changed', jsonb_build_object('user_id', new.user_id));
  end if;
  return null;
end;
$$;
comment on function private.job_settings_changed() is
  'Trigger: after update on public.job_settings. A changed search (roles, locations, min_lpa, company_types) emits job_settings.changed so the stored jobs are scored again.';

create trigger job_settings_changed
after update on public.job_settings
for each row execute function private.job_settings_changed();
