-- Export files are kept for 7 days; the export itself (the audit row) is kept.
--
-- Every export stayed in the `exports` bucket for ever, though its links expire after minutes and
-- the page never lists old ones. A daily pg_cron job now marks ready exports older than 7 days
-- `expired` and hands their files to the runner's storage_cleanup consumer
-- (storage.object.rejected, reason export_expired), which deletes them through the Storage API.
-- GET /v1/reports/exports/{id} then says the file is gone and how to get a new one.

alter table public.report_exports drop constraint report_exports_state_check;
alter table public.report_exports
  add constraint report_exports_state_check check (state in ('pending', 'ready', 'failed', 'expired')),
  add column expired_at timestamptz,
  add constraint report_exports_expired_at check ((state = 'expired') = (expired_at is not null));
comment on column public.report_exports.expired_at is 'When the file was dropped (7 days after it was made); the row stays as the audit record.';

create index report_exports_ready_finished_idx on public.report_exports (finished_at) where state = 'ready';
comment on index public.report_exports_ready_finished_idx is 'The daily retention job finds the exports whose files are due to go.';

-- private.expire_report_exports(keep) → how many: ready exports finished more than `keep` ago
-- become expired, and their files are queued for deletion (in the same transaction: a file is only
-- deleted once its row says so). At most 5,000 per run. Service role / pg_cron only.
create function private.expire_report_exports(keep interval default interval '7 days')
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  e record;
  n integer := 0;
begin
  for e in
    update public.report_exports x
       set state = 'expired', expired_at = now()
     where x.id in (select r.id from public.report_exports r
                     where r.state = 'ready' and r.finished_at < now() - keep
                     order by r.finished_at limit 5000
                     for update skip locked)
    returning x.user_id, x.storage_path
  loop
    perform private.emit('storage.object.rejected', jsonb_build_object(
      'user_id', e.user_id, 'bucket', 'exports', 'path', e.storage_path, 'reason', 'export_expired'));
    n := n + 1;
  end loop;
  return n;
end;
$$;
comment on function private.expire_report_exports(interval) is
  'Daily (pg_cron report-exports-retention): ready exports older than keep (7 days) → expired, each file queued for deletion (storage.object.rejected → storage_cleanup). Returns how many.';
revoke all on function private.expire_report_exports(interval) from public, anon, authenticated;
grant execute on function private.expire_report_exports(interval) to service_role;

do $$
begin
  if exists (select 1 from cron.job where jobname = 'report-exports-retention') then
    perform cron.unschedule('report-exports-retention');
  end if;
  perform cron.schedule('report-exports-retention', '41 2 * * *', 'select private.expire_report_exports()');
end
$$;
