"use client";

import { ExternalLink } from "lucide-react";
import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import type { FetchedJobDetail } from "@/lib/api";
import { PORTAL_LABELS } from "../../_lib/forms";
import { experienceLabel, locationLabel, STATUS_LABELS, salaryLabel } from "./job-card";
import { ScoreBreakdown } from "./score-breakdown";
import { StatusActions } from "./status-actions";

/**
 * The open job (`?job=<id>`): the full description, the portals it is on (with links), the
 * score's breakdown and the actions. Closing it goes back to the list URL.
 */
export function JobDetail({ job, closeHref }: { job: FetchedJobDetail; closeHref: string }) {
  const router = useRouter();
  const copies = [{ id: job.id, portal: job.portal, job_url: job.job_url }, ...job.also_on];
  return (
    <Sheet open onOpenChange={(open) => !open && router.push(closeHref, { scroll: false })}>
      <SheetContent className="w-full gap-0 overflow-y-auto sm:max-w-xl" data-test="job-detail">
        <SheetHeader className="border-b">
          <div className="flex items-start justify-between gap-3 pr-8">
            <div className="space-y-1">
              <SheetTitle className="text-lg" data-test="job-detail-title">
                {job.title}
              </SheetTitle>
              <SheetDescription>
                {job.company} · {locationLabel(job)}
              </SheetDescription>
            </div>
            <ScoreBreakdown score={job.match_score} breakdown={job.match_breakdown} />
          </div>
        </SheetHeader>
        <div className="grid gap-5 p-4">
          <dl className="grid grid-cols-2 gap-3 text-sm">
            <div>
              <dt className="text-muted-foreground">Salary</dt>
              <dd className="font-medium">{salaryLabel(job)}</dd>
              {job.salary_text ? (
                <dd className="text-xs text-muted-foreground">“{job.salary_text}”</dd>
              ) : null}
            </div>
            <div>
              <dt className="text-muted-foreground">Experience</dt>
              <dd className="font-medium">{experienceLabel(job) ?? "Not given"}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Status</dt>
              <dd className="font-medium" data-test="job-detail-status">
                {STATUS_LABELS[job.status]}
              </dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Posted</dt>
              <dd className="font-medium">
                {job.posted_text ??
                  (job.posted_at ? new Date(job.posted_at).toLocaleDateString("en-IN") : "—")}
              </dd>
            </div>
          </dl>
          <div className="grid gap-2">
            <p className="text-sm font-medium">Open on</p>
            <div className="flex flex-wrap gap-2" data-test="job-detail-portals">
              {copies.map((c) => (
                <Button key={c.id} asChild variant="outline" size="sm">
                  <a href={c.job_url} target="_blank" rel="noopener noreferrer">
                    {PORTAL_LABELS[c.portal]}
                    <ExternalLink />
                  </a>
                </Button>
              ))}
            </div>
            {job.also_on.length ? (
              <p className="text-xs text-muted-foreground">
                The same job is listed on {copies.length} portals; it is shown once and keeps one status.
              </p>
            ) : null}
          </div>
          <StatusActions job={job} size="default" />
          {job.skills.length ? (
            <div className="flex flex-wrap gap-1.5">
              {job.skills.map((s) => (
                <Badge key={s} variant="secondary">
                  {s}
                </Badge>
              ))}
            </div>
          ) : null}
          <div className="grid gap-2">
            <p className="text-sm font-medium">Description</p>
            <div
              className="whitespace-pre-line text-sm leading-relaxed text-foreground/90"
              data-test="job-detail-description"
            >
              {job.description ?? job.description_snippet ?? "The portal gave no description."}
            </div>
          </div>
        </div>
      </SheetContent>
    </Sheet>
  );
}
