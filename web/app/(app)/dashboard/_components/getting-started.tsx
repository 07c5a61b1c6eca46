import { ArrowRight, Circle, CircleCheck } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { DashboardSummary } from "@/lib/api";
import { cn } from "@/lib/utils";

export interface StartStep {
  id: string;
  title: string;
  body: string;
  href: string;
  done: boolean;
}

/** A new user's first steps, in the order that makes the next one useful. */
export function startSteps(summary: DashboardSummary, githubConnected: boolean): StartStep[] {
  return [
    {
      id: "github",
      title: "Connect GitHub",
      body: "Your repositories become described projects, and their languages count as your skills.",
      href: "/projects",
      done: githubConnected || summary.projects_synced_count > 0,
    },
    {
      id: "resume",
      title: "Build a resume",
      body: "Written from your projects and career record; every line traceable.",
      href: "/resumes",
      done: summary.resumes_count > 0,
    },
    {
      id: "search",
      title: "Start the job search",
      body: "Pick portals, roles and a minimum salary; CareerPilot fetches matching jobs every 6 hours.",
      href: "/job-control",
      done: summary.job_search_status === "active",
    },
  ];
}

/**
 * "Get started": what a new user does first, with the next step highlighted. Hidden once every
 * step is done (the page does not mount it).
 */
export function GettingStartedCard({ steps }: { steps: StartStep[] }) {
  const next = steps.find((s) => !s.done);
  const done = steps.filter((s) => s.done).length;
  return (
    <Card className="mb-6" data-test="dashboard-getting-started">
      <CardHeader>
        <CardTitle className="text-base">Get started</CardTitle>
        <CardDescription>
          {done} of {steps.length} done. {next ? `Next: ${next.title}.` : ""}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-3 md:grid-cols-3">
          {steps.map((s) => {
            const isNext = s === next;
            return (
              <li key={s.id}>
                <Link
                  href={s.href}
                  className={cn(
                    "flex h-full gap-3 rounded-lg border bg-background p-3 outline-none hover:border-primary/50 focus-visible:ring-[3px] focus-visible:ring-ring/50",
                    isNext && "border-primary bg-brand-soft/60",
                  )}
                  data-test={`start-step-${s.id}`}
                  data-done={s.done ? "true" : "false"}
                  aria-current={isNext ? "step" : undefined}
                >
                  {s.done ? (
                    <CircleCheck className="mt-0.5 size-5 shrink-0 text-emerald-600" aria-label="Done" />
                  ) : (
                    <Circle className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-label="To do" />
                  )}
                  <span className="min-w-0 flex-1">
                    <span
                      className={cn(
                        "block text-sm font-medium",
                        s.done && "text-muted-foreground line-through",
                      )}
                    >
                      {s.title}
                    </span>
                    <span className="block text-xs text-muted-foreground">{s.body}</span>
                  </span>
                  {isNext ? <ArrowRight className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden /> : null}
                </Link>
              </li>
            );
          })}
        </ol>
      </CardContent>
    </Card>
  );
}
