/**
 * The reports' data for a range: four API calls at once, each mapped to what its section shows
 * (./view.ts). A failed call becomes its error message, so the other sections still render.
 */
import { PORTALS, type Portal } from "@contract/enums.ts";
import {
  type ApiClient,
  type ApplicationsSeries,
  type ApplicationsSummary,
  errorMessage,
  type ReportEmailSubscription,
  type ResumePerformanceReport,
  type SkillGap,
} from "@/lib/api";
import { PORTAL_LABELS } from "../../_lib/forms";
import type { RateWithInterval } from "../_components/rate-interval";
import { bucketLabel, type DateRange } from "./range";
import type { ApplicationsView, ResumePerformanceRow, SkillGapView } from "./view";

export const FUNNEL_STAGES = [
  { key: "applied", label: "Applied" },
  { key: "viewed", label: "Viewed" },
  { key: "shortlisted", label: "Shortlisted" },
  { key: "interview", label: "Interview" },
  { key: "offer", label: "Offer" },
] as const;

/** The series and summary as the applications sections show them. */
export function applicationsView(series: ApplicationsSeries, summary: ApplicationsSummary): ApplicationsView {
  const portals = PORTALS.map((p: Portal) => ({ key: p, label: PORTAL_LABELS[p] }));
  return {
    portals,
    series: series.points.map((p) => ({
      bucket: p.start,
      label: bucketLabel(p.start),
      values: { ...p.by_portal },
    })),
    total: summary.applied,
    byPortal: PORTALS.map((p) => ({
      key: p,
      label: PORTAL_LABELS[p],
      count: summary.by_portal.find((b) => b.portal === p)?.applied ?? 0,
    })),
    funnel: FUNNEL_STAGES.map((s) => ({ ...s, count: summary.funnel[s.key] })),
    responded: summary.responded,
  };
}

type Stats = {
  responded: number;
  applications: number;
  response_rate: number | null;
  response_rate_low: number | null;
  response_rate_high: number | null;
};

const rateOf = (s: Stats): RateWithInterval => ({
  successes: s.responded,
  trials: s.applications,
  rate: s.response_rate,
  low: s.response_rate_low,
  high: s.response_rate_high,
});

/** One row per resume, then one per version when a resume went out in more than one version. */
export function resumeRows(report: ResumePerformanceReport): ResumePerformanceRow[] {
  const rows: ResumePerformanceRow[] = [];
  for (const r of report.resumes) {
    const several = r.versions.length > 1;
    rows.push({
      key: r.resume_id,
      resume: r.resume_name,
      version: several
        ? `All ${r.versions.length} versions · ${r.role_type}`
        : `${r.versions[0] ? `v${r.versions[0].version_number} · ` : ""}${r.role_type}`,
      applications: r.applications,
      viewed: r.viewed,
      shortlisted: r.shortlisted,
      interview: r.interview,
      offer: r.offer,
      response: rateOf(r),
    });
    if (!several) continue;
    for (const v of r.versions) {
      rows.push({
        key: v.version_id,
        resume: `${r.resume_name} v${v.version_number}`,
        version: null,
        applications: v.applications,
        viewed: v.viewed,
        shortlisted: v.shortlisted,
        interview: v.interview,
        offer: v.offer,
        response: rateOf(v),
      });
    }
  }
  return rows;
}

export function gapView(g: SkillGap): SkillGapView {
  return {
    id: g.id,
    skill: g.skill,
    severity: g.severity,
    jobs: g.job_count,
    ofJobs: g.jobs_considered,
    examples: g.example_jobs.map((j) => ({ id: j.id, title: j.title, company: j.company })),
    close: g.recommendation,
  };
}

export interface ReportsData {
  applications: ApplicationsView | string;
  resumes: ResumePerformanceRow[] | string;
  gaps: SkillGapView[] | string;
  schedule: ReportEmailSubscription | null;
}

export async function loadReports(api: ApiClient, range: DateRange): Promise<ReportsData> {
  const q = { from: range.from, to: range.to };
  const [series, summary, resumes, gaps, schedule] = await Promise.allSettled([
    api.insights.applicationsSeries({ ...q, interval: range.interval }),
    api.insights.applicationsSummary(q),
    api.insights.resumePerformance(q),
    api.insights.skillGaps({ page_size: 20 }),
    api.insights.emailSchedule(),
  ]);
  return {
    applications:
      series.status === "rejected"
        ? errorMessage(series.reason)
        : summary.status === "rejected"
          ? errorMessage(summary.reason)
          : applicationsView(series.value, summary.value),
    resumes: resumes.status === "rejected" ? errorMessage(resumes.reason) : resumeRows(resumes.value),
    gaps: gaps.status === "rejected" ? errorMessage(gaps.reason) : gaps.value.items.map(gapView),
    schedule: schedule.status === "rejected" ? null : schedule.value,
  };
}
