/**
 * SQL shared by the user and admin lists: applications with their job and resume, runs with how
 * many of their applications are still open, and the spec's list filters.
 */
import { z } from "@hono/zod-openapi";
import {
  APPLICATION_STATUSES,
  APPLY_MODES,
  PORTALS,
  RESPONSE_STATUSES,
  RUN_STATUSES,
} from "../_shared/contract/enums.ts";
import type { Fragment, Tx } from "../_shared/db.ts";
import {
  arrayParam,
  DateRangeParams,
  likePattern,
  limitOffset,
  listParams,
  listQuery,
  orderBy,
  SearchParam,
  toPage,
  UserIdsParam,
} from "../_shared/pagination.ts";
import type { ApplicationRow, RunRow } from "./schemas.ts";

/** Applications with their job and resume (RLS applies; callers add the scope). */
export function selectApplications(tx: Tx, extra: Fragment = tx``): Fragment {
  return tx`
    select a.id, a.user_id, a.fetched_job_id, a.duplicate_group_id, a.portal, a.mode, a.run_id, a.status,
           a.approval, a.response_status, a.held_reason, a.not_before, a.defer_reason, a.attempts, a.applied_at,
           a.created_at, a.updated_at, a.error_json,
           jsonb_build_object('id', j.id, 'title', j.title, 'company', j.company, 'location', j.location,
                              'job_url', j.job_url, 'match_score', j.match_score, 'status', j.status) as job,
           jsonb_build_object('resume_id', v.resume_id, 'resume_name', r.name, 'version_id', v.id,
                              'version_number', v.number,
                              'ats_score', case when jsonb_typeof(a.resume_choice -> 'ats_score') = 'number'
                                               then round((a.resume_choice ->> 'ats_score')::numeric)::int end,
                              'chosen_by', a.resume_choice ->> 'chosen_by') as resume,
           a.cover_letter_text is not null as has_cover_letter ${extra}
      from public.job_applications a
      join public.fetched_jobs j on j.id = a.fetched_job_id
      left join public.resume_versions v on v.id = a.resume_version_id
      left join public.resumes r on r.id = v.resume_id`;
}

const APPLICATION_SORTS = ["created_at", "applied_at", "updated_at", "company", "match_score"] as const;

/** The applications list's query (spec: page, page_size, portal[], status[], response_status[], from, to, q, sort). */
export const ApplicationsQuery = listParams(
  listQuery(APPLICATION_SORTS, "-created_at").extend({
    portal: arrayParam(z.enum(PORTALS), "Portals."),
    status: arrayParam(z.enum(APPLICATION_STATUSES), "Application statuses."),
    response_status: arrayParam(z.enum(RESPONSE_STATUSES), "Employer responses."),
    mode: arrayParam(z.enum(APPLY_MODES), "How they were started."),
    run_id: z.uuid().optional().openapi({ description: "Applications of one run." }),
    ...SearchParam.shape,
    ...DateRangeParams.shape,
  }),
);
export type ApplicationsQuery = z.output<typeof ApplicationsQuery>;

export const AdminApplicationsQuery = listParams(
  listQuery(APPLICATION_SORTS, "-created_at").extend({
    portal: arrayParam(z.enum(PORTALS), "Portals."),
    status: arrayParam(z.enum(APPLICATION_STATUSES), "Application statuses."),
    response_status: arrayParam(z.enum(RESPONSE_STATUSES), "Employer responses."),
    mode: arrayParam(z.enum(APPLY_MODES), "How they were started."),
    run_id: z.uuid().optional(),
    ...UserIdsParam.shape,
    ...SearchParam.shape,
    ...DateRangeParams.shape,
  }),
);
export type AdminApplicationsQuery = z.output<typeof AdminApplicationsQuery>;

/** One page of applications under `scope` (the caller's own, or all for admins) with the filters. */
export async function listApplications<T>(
  tx: Tx,
  scope: Fragment,
  q: ApplicationsQuery & { user_id?: string[] },
  admin: boolean,
  map: (r: ApplicationRow) => T,
) {
  const parts: Fragment[] = [scope];
  if (q.portal) parts.push(tx`a.portal = any(${q.portal}::text[])`);
  if (q.status) parts.push(tx`a.status = any(${q.status}::text[])`);
  if (q.response_status) parts.push(tx`a.response_status = any(${q.response_status}::text[])`);
  if (q.mode) parts.push(tx`a.mode = any(${q.mode}::text[])`);
  if (q.run_id) parts.push(tx`a.run_id = ${q.run_id}`);
  if (q.user_id) parts.push(tx`a.user_id = any(${q.user_id}::uuid[])`);
  if (q.q) parts.push(tx`(j.title || ' ' || j.company) ilike ${likePattern(q.q)}`);
  if (q.from) parts.push(tx`a.created_at >= ${q.from}`);
  if (q.to) parts.push(tx`a.created_at < ${q.to}`);
  const where = parts.reduce((x, y) => tx`${x} and ${y}`);
  const order = orderBy(tx, q.sort, {
    columns: {
      created_at: tx`a.created_at`,
      applied_at: tx`a.applied_at`,
      updated_at: tx`a.updated_at`,
      company: tx`lower(j.company)`,
      match_score: tx`j.match_score`,
    },
    nullsLast: true,
    then: [tx`a.id`],
  });
  const { limit, offset } = limitOffset(q);
  const extra = admin ? tx`, p.email as user_email` : tx``;
  const from = admin ? tx`left join public.profiles p on p.id = a.user_id` : tx``;
  const [rows, [count]] = await Promise.all([
    tx<ApplicationRow[]>`${
      selectApplications(tx, extra)
    } ${from} where ${where} ${order} limit ${limit} offset ${offset}`,
    tx<{ n: number }[]>`select count(*)::int as n from public.job_applications a
      join public.fetched_jobs j on j.id = a.fetched_job_id where ${where}`,
  ]);
  return toPage(rows.map(map), count!.n, q);
}

/** The runs list's query (spec: page, page_size, mode, status, from, to). */
export const RunsQuery = listParams(
  listQuery(["started_at"], "-started_at").extend({
    mode: arrayParam(z.enum(APPLY_MODES), "Modes."),
    status: arrayParam(z.enum(RUN_STATUSES), "Run statuses."),
    ...DateRangeParams.shape,
  }),
);
export type RunsQuery = z.output<typeof RunsQuery>;

export const AdminRunsQuery = listParams(
  listQuery(["started_at"], "-started_at").extend({
    mode: arrayParam(z.enum(APPLY_MODES), "Modes."),
    status: arrayParam(z.enum(RUN_STATUSES), "Run statuses."),
    ...UserIdsParam.shape,
    ...DateRangeParams.shape,
  }),
);

/** One page of runs under `scope` with the filters. */
export async function listRuns<T>(
  tx: Tx,
  scope: Fragment,
  q: RunsQuery & { user_id?: string[] },
  admin: boolean,
  map: (r: RunRow) => T,
) {
  const parts: Fragment[] = [scope];
  if (q.mode) parts.push(tx`r.mode = any(${q.mode}::text[])`);
  if (q.status) parts.push(tx`r.status = any(${q.status}::text[])`);
  if (q.user_id) parts.push(tx`r.user_id = any(${q.user_id}::uuid[])`);
  if (q.from) parts.push(tx`r.started_at >= ${q.from}`);
  if (q.to) parts.push(tx`r.started_at < ${q.to}`);
  const where = parts.reduce((x, y) => tx`${x} and ${y}`);
  const { limit, offset } = limitOffset(q);
  const [rows, [count]] = await Promise.all([
    tx<RunRow[]>`
      select r.*, ${admin ? tx`p.email` : tx`null::text`} as user_email,
             (select count(*)::int from public.job_applications a
               where a.run_id = r.id and a.status in ('pending', 'queued', 'submitting', 'held', 'awaiting_approval')) as open_count
        from public.job_apply_runs r ${admin ? tx`left join public.profiles p on p.id = r.user_id` : tx``}
       where ${where} ${
      orderBy(tx, q.sort, { columns: { started_at: tx`r.started_at` }, then: [tx`r.id`] })
    } limit ${limit} offset ${offset}`,
    tx<{ n: number }[]>`select count(*)::int as n from public.job_apply_runs r where ${where}`,
  ]);
  return toPage(rows.map(map), count!.n, q);
}
