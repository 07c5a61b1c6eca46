import { BriefcaseBusiness, Building2, CalendarClock, IndianRupee, MapPin } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { FetchedJob } from "@/lib/api";
import { cn } from "@/lib/utils";
import { PORTAL_LABELS } from "../../_lib/forms";
import { relativeTime } from "../../notifications/_lib/relative-time";
import { SelectJob } from "./batch-apply";
import { ScoreBreakdown } from "./score-breakdown";
import { StatusActions } from "./status-actions";

export const STATUS_LABELS: Record<FetchedJob["status"], string> = {
  new: "New",
  reviewed: "Reviewed",
  queued: "Queued",
  applied: "Applied",
  skipped: "Skipped",
  expired: "Expired",
};

/** "12–18 LPA", "Up to 20 LPA", "From 6 LPA", or the portal's own words when it gave no figure. */
export function salaryLabel(job: Pick<FetchedJob, "lpa_min" | "lpa_max" | "salary_text">): string {
  const f = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  if (job.lpa_min !== null && job.lpa_max !== null) {
    return job.lpa_min === job.lpa_max ? `${f(job.lpa_min)} LPA` : `${f(job.lpa_min)}–${f(job.lpa_max)} LPA`;
  }
  if (job.lpa_max !== null) return `Up to ${f(job.lpa_max)} LPA`;
  if (job.lpa_min !== null) return `From ${f(job.lpa_min)} LPA`;
  return job.salary_text ? "Not disclosed" : "Salary not given";
}

export function experienceLabel(
  job: Pick<FetchedJob, "exp_min" | "exp_max" | "experience_text">,
): string | null {
  if (job.exp_min === null && job.exp_max === null) return job.experience_text;
  if (job.exp_max === null) return `${job.exp_min}+ yrs`;
  return job.exp_min === job.exp_max ? `${job.exp_min} yrs` : `${job.exp_min}–${job.exp_max} yrs`;
}

export function locationLabel(job: Pick<FetchedJob, "locations" | "work_mode" | "location">): string {
  const cities = job.locations.filter((c) => c !== "Remote").join(", ");
  if (job.work_mode === "remote") return cities ? `Remote · ${cities}` : "Remote";
  if (job.work_mode === "hybrid") return `Hybrid · ${cities || job.location || "—"}`;
  return cities || job.location || "Location not given";
}

/** One job in the list: title (opens the detail), company, place, pay, score with breakdown, actions. */
export function JobCard({
  job,
  href,
  highlighted,
}: {
  job: FetchedJob;
  href: string;
  highlighted?: boolean;
}) {
  const experience = experienceLabel(job);
  return (
    <article
      className={cn(
        "grid gap-3 rounded-xl border bg-card p-4 shadow-xs",
        highlighted && "ring-2 ring-primary",
        (job.status === "skipped" || job.status === "expired") && "opacity-70",
      )}
      data-test="job-card"
      data-job-id={job.id}
      data-status={job.status}
    >
      <div className="flex items-start justify-between gap-3">
        <SelectJob job={job} />
        <div className="min-w-0 flex-1 space-y-1">
          <h3 className="font-semibold leading-snug">
            <Link href={href} scroll={false} className="hover:underline" data-test="job-title">
              {job.title}
            </Link>
          </h3>
          <p className="flex items-center gap-1.5 text-sm text-muted-foreground">
            <Building2 className="size-4 shrink-0" aria-hidden />
            <span className="truncate" data-test="job-company">
              {job.company}
            </span>
          </p>
        </div>
        <ScoreBreakdown score={job.match_score} breakdown={job.match_breakdown} />
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-muted-foreground">
        <li className="flex items-center gap-1.5" data-test="job-location">
          <MapPin className="size-4" aria-hidden />
          {locationLabel(job)}
        </li>
        <li className="flex items-center gap-1.5" data-test="job-salary" title={job.salary_text ?? undefined}>
          <IndianRupee className="size-4" aria-hidden />
          {salaryLabel(job)}
        </li>
        {experience ? (
          <li className="flex items-center gap-1.5">
            <BriefcaseBusiness className="size-4" aria-hidden />
            {experience}
          </li>
        ) : null}
        {job.posted_at ? (
          <li className="flex items-center gap-1.5" title={job.posted_text ?? undefined}>
            <CalendarClock className="size-4" aria-hidden />
            Posted {relativeTime(job.posted_at)}
          </li>
        ) : null}
      </ul>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-1.5" data-test="job-portals">
          <Badge variant="secondary">{PORTAL_LABELS[job.portal]}</Badge>
          {job.also_on.map((a) => (
            <Badge key={a.id} variant="outline" data-test="job-also-on">
              also on {PORTAL_LABELS[a.portal]}
            </Badge>
          ))}
          {job.status !== "new" ? (
            <Badge className="bg-brand-soft text-brand-ink" data-test="job-status">
              {STATUS_LABELS[job.status]}
            </Badge>
          ) : null}
        </div>
        <StatusActions job={job} />
      </div>
    </article>
  );
}
