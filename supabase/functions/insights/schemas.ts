/**
 * Response shapes shared by the user and admin report routes, and the converters from the SQL
 * functions' rows (numeric columns arrive as strings, dates as text).
 */
import { z } from "@hono/zod-openapi";
import { PORTALS } from "../_shared/contract/enums.ts";
import { REPORT_TIME_ZONE } from "./range.ts";

const rate = (what: string) =>
  z.number().min(0).max(1).nullable().openapi({ description: `${what} (0–1); null without applications.` });

export const SeriesPoint = z
  .object({
    start: z.iso.date().openapi({ description: "The bucket's first IST day (a Monday for weeks)." }),
    applied: z.number().int(),
    by_portal: z.object({
      linkedin: z.number().int(),
      naukri: z.number().int(),
      indeed: z.number().int(),
    }),
    viewed: z.number().int(),
    shortlisted: z.number().int(),
    interview: z.number().int(),
    offer: z.number().int(),
    rejected: z.number().int(),
    responded: z.number().int(),
  })
  .openapi("ApplicationsSeriesPoint");

export const Series = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    interval: z.enum(["day", "week"]),
    time_zone: z.literal(REPORT_TIME_ZONE),
    points: z.array(SeriesPoint).openapi({
      description: "Every bucket of the range, zero-filled, oldest first.",
    }),
  })
  .openapi("ApplicationsSeries");

export interface SeriesRow {
  bucket_start: string;
  applied: number;
  linkedin: number;
  naukri: number;
  indeed: number;
  viewed: number;
  shortlisted: number;
  interview: number;
  offer: number;
  rejected: number;
  responded: number;
}

export function toPoint(r: SeriesRow): z.infer<typeof SeriesPoint> {
  return {
    start: r.bucket_start,
    applied: r.applied,
    by_portal: { linkedin: r.linkedin, naukri: r.naukri, indeed: r.indeed },
    viewed: r.viewed,
    shortlisted: r.shortlisted,
    interview: r.interview,
    offer: r.offer,
    rejected: r.rejected,
    responded: r.responded,
  };
}

export const Funnel = z
  .object({
    applied: z.number().int(),
    viewed: z.number().int(),
    shortlisted: z.number().int(),
    interview: z.number().int(),
    offer: z.number().int(),
  })
  .openapi("ApplicationsFunnel", {
    description:
      "Applications (submitted) and how many reached each stage: the highest response their timeline shows, so shortlisted-then-rejected counts as shortlisted.",
  });

export const PortalBreakdown = z
  .object({
    portal: z.enum(PORTALS),
    applied: z.number().int(),
    responded: z.number().int(),
    interview: z.number().int(),
    offer: z.number().int(),
    response_rate: rate("Responded / applied"),
    response_rate_low: rate("Wilson 95 % interval, low end"),
    response_rate_high: rate("Wilson 95 % interval, high end"),
  })
  .openapi("ApplicationsPortalBreakdown");

export const Summary = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    time_zone: z.literal(REPORT_TIME_ZONE),
    applied: z.number().int(),
    responded: z.number().int().openapi({
      description: "Applications with any employer response (rejected included).",
    }),
    response_rate: rate("Responded / applied"),
    response_rate_low: rate("Wilson 95 % interval, low end"),
    response_rate_high: rate("Wilson 95 % interval, high end"),
    funnel: Funnel,
    rejected: z.number().int(),
    by_portal: z.array(PortalBreakdown),
    pipeline: z.record(z.string(), z.number().int()).openapi({
      description:
        "Applications created in the range by their status (pending, queued, awaiting_approval, submitting, submitted, needs_input, held, failed, cancelled); absent statuses are 0.",
    }),
    median_days_to_response: z.number().nullable().openapi({
      description: "Median days from applying to the first response; null when nothing was answered.",
    }),
  })
  .openapi("ApplicationsSummary");

export const PerformanceStats = z.object({
  applications: z.number().int(),
  viewed: z.number().int(),
  shortlisted: z.number().int(),
  interview: z.number().int(),
  offer: z.number().int(),
  rejected: z.number().int(),
  responded: z.number().int(),
  response_rate: rate("Responded / applications"),
  response_rate_low: rate("Wilson 95 % interval, low end: 1 of 2 reads 0.09–0.91, 20 of 100 0.13–0.29"),
  response_rate_high: rate("Wilson 95 % interval, high end"),
});

export const VersionPerformance = PerformanceStats.extend({
  version_id: z.uuid(),
  version_number: z.number().int(),
}).openapi("ResumeVersionPerformance");

export const ResumePerformance = PerformanceStats.extend({
  user_id: z.uuid(),
  resume_id: z.uuid(),
  resume_name: z.string(),
  role_type: z.string(),
  versions: z.array(VersionPerformance),
}).openapi("ResumePerformance");

export const ResumePerformanceReport = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    time_zone: z.literal(REPORT_TIME_ZONE),
    resumes: z.array(ResumePerformance).openapi({
      description: "Resumes sent with at least one application applied in the range.",
    }),
  })
  .openapi("ResumePerformanceReport");

export interface PerformanceRow {
  user_id: string;
  resume_id: string;
  resume_name: string;
  role_type: string;
  version_id: string | null;
  version_number: number | null;
  applications: number;
  viewed: number;
  shortlisted: number;
  interview: number;
  offer: number;
  rejected: number;
  responded: number;
  response_rate: string | null;
  response_rate_low: string | null;
  response_rate_high: string | null;
}

const num = (v: string | null) => (v === null ? null : Number(v));

function statsOf(r: PerformanceRow): z.infer<typeof PerformanceStats> {
  return {
    applications: r.applications,
    viewed: r.viewed,
    shortlisted: r.shortlisted,
    interview: r.interview,
    offer: r.offer,
    rejected: r.rejected,
    responded: r.responded,
    response_rate: num(r.response_rate),
    response_rate_low: num(r.response_rate_low),
    response_rate_high: num(r.response_rate_high),
  };
}

/** Rows of private.resume_performance (a resume's row, then its versions') → resumes with versions. */
export function toResumes(rows: PerformanceRow[]): z.infer<typeof ResumePerformance>[] {
  const out: z.infer<typeof ResumePerformance>[] = [];
  for (const r of rows) {
    if (r.version_id === null) {
      out.push({
        user_id: r.user_id,
        resume_id: r.resume_id,
        resume_name: r.resume_name,
        role_type: r.role_type,
        ...statsOf(r),
        versions: [],
      });
    } else {
      out.at(-1)?.versions.push({
        version_id: r.version_id,
        version_number: r.version_number ?? 0,
        ...statsOf(r),
      });
    }
  }
  return out;
}

/** `private.applications_summary` (jsonb) + range → the response body. */
// deno-lint-ignore no-explicit-any
export function toSummary(s: any, range: { from: string; to: string }): z.infer<typeof Summary> {
  return { from: range.from, to: range.to, time_zone: REPORT_TIME_ZONE, ...s };
}
