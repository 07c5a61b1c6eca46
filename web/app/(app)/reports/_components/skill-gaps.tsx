import { Lightbulb } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";
import type { GapSeverity, SkillGapView } from "../_lib/view";

const SEVERITY: Record<GapSeverity, { label: string; className: string }> = {
  high: {
    label: "High",
    className: "bg-red-50 text-red-800 border-red-200 dark:bg-red-950 dark:text-red-200 dark:border-red-900",
  },
  medium: {
    label: "Medium",
    className:
      "bg-amber-100 text-amber-900 border-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:border-amber-800",
  },
  low: { label: "Low", className: "bg-muted text-muted-foreground" },
};

export function SeverityBadge({ severity }: { severity: GapSeverity }) {
  const s = SEVERITY[severity];
  return (
    <Badge
      variant="outline"
      className={cn("shrink-0", s.className)}
      data-test="gap-severity"
      data-severity={severity}
    >
      {s.label}
      <span className="sr-only"> severity</span>
    </Badge>
  );
}

/**
 * Skills the user's matching jobs ask for that none of their sources shows: severity, how many
 * jobs need it, example jobs, and what would close the gap.
 */
export function SkillGaps({ gaps }: { gaps: SkillGapView[] }) {
  if (gaps.length === 0) {
    return (
      <p
        className="rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground"
        data-test="skill-gaps-empty"
      >
        No skill gaps: your repositories, career record and verified certificates cover what your matching
        jobs ask for. Gaps appear here as new jobs are fetched.
      </p>
    );
  }
  return (
    <ul className="grid gap-3" data-test="skill-gaps">
      {gaps.map((g) => (
        <li key={g.id} className="grid gap-2 rounded-lg border bg-background p-4" data-test="skill-gap">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="font-semibold" data-test="gap-skill">
              {g.skill}
            </h3>
            <SeverityBadge severity={g.severity} />
          </div>
          <p className="text-sm text-muted-foreground" data-test="gap-jobs">
            {g.ofJobs
              ? `${Math.round((g.jobs / g.ofJobs) * 100)} % of your matching jobs (${g.jobs} of ${g.ofJobs})`
              : `${g.jobs} matching ${g.jobs === 1 ? "job" : "jobs"}`}
          </p>
          {g.examples.length ? (
            <ul className="flex flex-wrap gap-1.5 text-sm" aria-label={`Example jobs asking for ${g.skill}`}>
              {g.examples.map((j) => (
                <li key={j.id}>
                  <Link
                    href={`/jobs?job=${encodeURIComponent(j.id)}`}
                    className="inline-block rounded-md border px-2 py-0.5 text-xs hover:bg-muted focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
                    data-test="gap-example"
                  >
                    {j.title}
                    {j.company ? ` · ${j.company}` : ""}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          {g.close ? (
            <p className="flex gap-2 text-sm" data-test="gap-close">
              <Lightbulb className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
              <span>{g.close}</span>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
