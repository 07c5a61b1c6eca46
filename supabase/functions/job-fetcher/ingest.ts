/**
 * The one door for jobs: `POST /v1/internal/jobs/ingest` (service key only). The runner's portal
 * clients post each page here, and so can an external scraper (an Apify actor's webhook, a
 * partner feed). Every batch gets the same treatment, in one transaction: normalise
 * (normalise.ts), score against the user's profile (score.ts), then one set-based SQL call
 * (`private.ingest_fetched_jobs`) upserts by (user, portal, external_job_id) and links
 * cross-portal duplicates with pg_trgm.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { createRouter } from "../_shared/app.ts";
import type { AppEnv } from "../_shared/auth.ts";
import { bearerToken } from "../_shared/auth.ts";
import { COMPANY_TYPES, PORTALS } from "../_shared/contract/enums.ts";
import { asService, type Tx } from "../_shared/db.ts";
import { getEnv } from "../_shared/env.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import { text } from "../_shared/text.ts";
import { canonicalCity, normaliseJob, type RawJob } from "./normalise.ts";
import { experienceYears } from "./experience.ts";
import { type MatchProfile, scoreJob } from "./score.ts";

export const ingest = createRouter();

/** At most this many jobs per batch (one transaction). */
export const MAX_INGEST_BATCH = 10_000;

function timingSafeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * Only the platform's service key (`SUPABASE_SERVICE_ROLE_KEY`) passes: a user's access token or
 * the anon key is refused (403), a missing header is 401.
 */
export const requireServiceKey: MiddlewareHandler<AppEnv> = async (c: Context<AppEnv>, next) => {
  const token = bearerToken(c);
  const key = getEnv().SUPABASE_SERVICE_ROLE_KEY;
  if (!key) throw new AppError("service_unavailable", "The service key is not configured.");
  if (!timingSafeEqual(token, key)) {
    throw new AppError("forbidden", "This route takes the platform's service key only.");
  }
  await next();
};

const IngestJob = z.object({
  external_job_id: text().trim().min(1).max(200),
  title: text().trim().min(1).max(300),
  company: text().trim().min(1).max(300),
  location: text().max(500).nullish(),
  salary_text: text().max(200).nullish(),
  experience_text: text().max(100).nullish(),
  description: text().max(100_000).nullish(),
  requirements: text().max(20_000).nullish(),
  skills: z.array(text().max(200)).max(100).nullish(),
  job_url: z.url({ protocol: /^https?$/ }).max(2000),
  posted_at: z.union([text().max(100), z.number().int().min(0)]).nullish().openapi({
    description: 'ISO date/datetime, epoch milliseconds, or the portal\'s label ("3 days ago").',
  }),
  company_type: z.enum(COMPANY_TYPES).nullish(),
  work_mode: text().max(40).nullish().openapi({
    description: "remote, hybrid, onsite (or the portal's label).",
  }),
});

const IngestBody = z
  .object({
    user_id: z.uuid(),
    portal: z.enum(PORTALS),
    run_id: z.uuid().nullish(),
    jobs: z.array(IngestJob).max(MAX_INGEST_BATCH),
  })
  .openapi("JobIngestBatch");

const IngestResult = z
  .object({
    received: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int().openapi({
      description: "Already stored for this (user, portal, external_job_id).",
    }),
    duplicates: z.number().int().openapi({
      description: "Jobs of this batch linked to the same job stored earlier from another portal.",
    }),
  })
  .openapi("JobIngestResult");

/**
 * The user's profile the score reads, in one query. Skills come from every source the user
 * stands behind: repository languages and topics (not forks), the career record's confirmed
 * skills (name and keywords), and verified certificates other than government IDs (title and
 * issuer, as typed at upload or read by the OCR). Experience is the confirmed work entries'
 * time, overlapping jobs counted once (null without a dated work entry: the score then judges by
 * the target roles' seniority).
 */
export async function loadMatchProfile(tx: Tx, userId: string): Promise<MatchProfile | null> {
  const [row] = await tx<
    {
      exists: boolean;
      roles: string[] | null;
      locations: string[] | null;
      min_lpa: string | null;
      company_types: string[] | null;
      skills: string[];
      work: { start: string | null; end: string | null }[];
    }[]
  >`
    select exists (select 1 from auth.users u where u.id = ${userId}) as exists,
           s.roles, s.locations, s.min_lpa::text, s.company_types,
           array(
             select distinct k from (
               select lower(k) as k from public.repositories r, jsonb_object_keys(r.languages) k
                where r.user_id = ${userId} and not r.fork
               union
               select lower(replace(t, '-', ' ')) from public.repositories r, unnest(r.topics) t
                where r.user_id = ${userId} and not r.fork
               union
               -- The career record: confirmed skills and their keywords ("Python": Django, Flask).
               select lower(btrim(v)) from public.career_entries ce,
                      lateral (select ce.data ->> 'name' as v
                               union all
                               select jsonb_array_elements_text(
                                        case jsonb_typeof(ce.data -> 'keywords')
                                          when 'array' then ce.data -> 'keywords' else '[]'::jsonb end)) x
                where ce.user_id = ${userId} and ce.kind = 'skill' and ce.status = 'confirmed'
               union
               -- Verified certificates (never a government ID): what they certify and who issued it.
               select lower(btrim(regexp_replace(v, '[.,]+$', ''))) from public.certificates c,
                      lateral (select coalesce(c.title, c.ocr_extract_json -> 'fields' ->> 'title') as v
                               union all
                               select coalesce(c.issuer, c.ocr_extract_json -> 'fields' ->> 'issuer')) x
                where c.user_id = ${userId} and c.status = 'verified' and c.document_type <> 'government_id'
             ) all_skills
             where k is not null and char_length(k) between 1 and 80
           ) as skills,
           -- Confirmed work entries' dates (experience.ts merges overlaps).
           array(
             select jsonb_build_object('start', ce.data ->> 'start_date', 'end', ce.data ->> 'end_date')
               from public.career_entries ce
              where ce.user_id = ${userId} and ce.kind = 'work' and ce.status = 'confirmed'
           ) as work
      from (select 1) one
      left join public.job_settings s on s.user_id = ${userId}`;
  if (!row?.exists) return null;
  return {
    roles: row.roles ?? [],
    locations: row.locations ?? [],
    min_lpa: row.min_lpa === null ? null : Number(row.min_lpa),
    company_types: row.company_types ?? [],
    skills: row.skills,
    experience_years: experienceYears(row.work, new Date()),
  };
}

/** Normalises and scores a batch (the last entry wins for a repeated external_job_id). */
export function prepareBatch(jobs: RawJob[], profile: MatchProfile, now: Date) {
  const byId = new Map<
    string,
    ReturnType<typeof normaliseJob> & { match_score: number; match_breakdown: unknown }
  >();
  for (const raw of jobs) {
    const job = normaliseJob(raw, now);
    const { score, breakdown } = scoreJob(job, profile, canonicalCity);
    byId.set(job.external_job_id, { ...job, match_score: score, match_breakdown: breakdown });
  }
  return [...byId.values()];
}

const ingestRoute = createRoute({
  method: "post",
  path: "/v1/internal/jobs/ingest",
  tags: ["job-fetcher"],
  summary: "Store a batch of a portal's jobs for a user: normalise, dedup, score (service key only)",
  description: "The one door for jobs (the runner's portal clients, an external scraper's webhook). " +
    "Upserts by (user, portal, external_job_id); links the same job already stored from another portal " +
    "(`duplicate_of`); adds the counts to `run_id`'s run. One transaction per batch (at most " +
    `${MAX_INGEST_BATCH} jobs). Bearer: the service role key; user tokens and the anon key get 403.`,
  security: bearerSecurity,
  middleware: [requireServiceKey] as const,
  request: { body: { content: { "application/json": { schema: IngestBody } }, required: true } },
  responses: {
    200: { description: "Stored", content: { "application/json": { schema: IngestResult } } },
    ...errorResponses(401, 403, 404, 422),
  },
});

ingest.openapi(ingestRoute, async (c) => {
  const body = c.req.valid("json");
  const result = await asService(async (tx) => {
    // The service role's rights only (its grants on the private functions), not the pool's owner.
    await tx`set local role service_role`;
    const profile = await loadMatchProfile(tx, body.user_id);
    if (!profile) throw new AppError("not_found", "No such user.");
    const timing = c.get("timing");
    let t = performance.now();
    const rows = prepareBatch(body.jobs, profile, new Date());
    if (timing) timing.prepare = performance.now() - t;
    t = performance.now();
    const [row] = await tx<{ result: z.infer<typeof IngestResult> }[]>`
      select private.ingest_fetched_jobs(${body.user_id}, ${body.portal}, ${body.run_id ?? null},
                                         ${
      // postgres.js serialises the rows itself for the json parameter (a string would be sent
      // as one JSON string value).
      rows as unknown as string}::json) as result`;
    if (timing) timing.sql = performance.now() - t;
    return row!.result;
  });
  return c.json(result, 200);
});

// ---------------------------------------------------------------- POST /v1/internal/jobs/rescore

/** At most this many of a user's jobs are rescored (the newest first; older ones keep theirs). */
export const MAX_RESCORE = 10_000;

const RescoreBody = z.object({ user_id: z.uuid() }).openapi("JobRescoreRequest");
const RescoreResult = z
  .object({
    rescored: z.number().int().openapi({ description: "Jobs whose score or breakdown changed." }),
    checked: z.number().int().openapi({ description: "Jobs scored again." }),
  })
  .openapi("JobRescoreResult");

interface StoredJob {
  id: string;
  title: string;
  norm_title: string;
  description: string | null;
  requirements_snippet: string | null;
  skills: string[];
  lpa_min: string | null;
  lpa_max: string | null;
  exp_min: string | null;
  exp_max: string | null;
  locations: string[];
  work_mode: string | null;
  company_type: string | null;
}

const num = (v: string | null) => (v === null ? null : Number(v));

const rescoreRoute = createRoute({
  method: "post",
  path: "/v1/internal/jobs/rescore",
  tags: ["job-fetcher"],
  summary: "Score a user's stored jobs again after their search or skills changed (service key only)",
  description: "The runner's job_rescore consumer calls it on `job_settings.changed`. The same score as " +
    `the ingest route, for the user's ${MAX_RESCORE} newest jobs, in one transaction. Bearer: the ` +
    "service role key; user tokens and the anon key get 403.",
  security: bearerSecurity,
  middleware: [requireServiceKey] as const,
  request: { body: { content: { "application/json": { schema: RescoreBody } }, required: true } },
  responses: {
    200: { description: "Scored", content: { "application/json": { schema: RescoreResult } } },
    ...errorResponses(401, 403, 404, 422),
  },
});

ingest.openapi(rescoreRoute, async (c) => {
  const { user_id: userId } = c.req.valid("json");
  const result = await asService(async (tx) => {
    await tx`set local role service_role`;
    const profile = await loadMatchProfile(tx, userId);
    if (!profile) throw new AppError("not_found", "No such user.");
    const jobs = await tx<StoredJob[]>`
      select id, title, norm_title, description, requirements_snippet, skills, lpa_min, lpa_max,
             exp_min, exp_max, locations, work_mode, company_type
        from public.fetched_jobs
       where user_id = ${userId}
       order by fetched_at desc, id
       limit ${MAX_RESCORE}`;
    const scored = jobs.map((j) => {
      const { score, breakdown } = scoreJob(
        {
          ...j,
          lpa_min: num(j.lpa_min),
          lpa_max: num(j.lpa_max),
          exp_min: num(j.exp_min),
          exp_max: num(j.exp_max),
        },
        profile,
        canonicalCity,
      );
      return { id: j.id, match_score: score, match_breakdown: breakdown };
    });
    // Only rows whose score or breakdown differ are written (jsonb compares by value).
    const changed = scored.length === 0 ? [] : await tx<{ id: string }[]>`
      update public.fetched_jobs f
         set match_score = r.match_score, match_breakdown = r.match_breakdown, updated_at = now()
        from json_to_recordset(${scored as unknown as string}::json)
             as r(id uuid, match_score smallint, match_breakdown jsonb)
       where f.id = r.id and f.user_id = ${userId}
         and (f.match_score, f.match_breakdown) is distinct from (r.match_score, r.match_breakdown)
      returning f.id`;
    return { rescored: changed.length, checked: jobs.length };
  });
  return c.json(result, 200);
});
