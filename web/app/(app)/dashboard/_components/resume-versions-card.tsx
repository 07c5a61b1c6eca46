import { ArrowRight, FileText, History, Inbox } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { ApiClient } from "@/lib/api";

export interface ResumeCounts {
  resumes: number;
  limit: number;
  versions: number;
  drafts: number;
}

/** Resumes (of the limit), versions and drafts waiting for review: one `GET /v1/resumes`. */
export async function resumeCounts(api: ApiClient): Promise<ResumeCounts> {
  const list = await api.resumes.list();
  return {
    resumes: list.count,
    limit: list.limit,
    versions: list.items.reduce((n, r) => n + r.version_count, 0),
    drafts: list.items.reduce((n, r) => n + r.draft_count, 0),
  };
}

function Stat({
  icon: Icon,
  value,
  label,
  dataTest,
}: {
  icon: typeof FileText;
  value: string;
  label: string;
  dataTest: string;
}) {
  return (
    <div className="flex items-center gap-3 rounded-lg border bg-background p-3">
      <Icon className="size-5 shrink-0 text-primary" />
      <p className="min-w-0">
        <span className="block text-xl font-semibold tabular-nums" data-test={dataTest}>
          {value}
        </span>
        <span className="block text-xs text-muted-foreground">{label}</span>
      </p>
    </div>
  );
}

/** The dashboard's "resume versions" card. */
export function ResumeVersionsCard({ counts }: { counts: ResumeCounts | null }) {
  return (
    <Card className="md:col-span-2" data-test="dashboard-resumes">
      <CardHeader>
        <CardTitle className="text-base">Resumes</CardTitle>
        <CardDescription>Built from your career record; every line traceable.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {counts === null ? (
          <p className="text-sm text-muted-foreground">Resumes could not be loaded. Refresh to try again.</p>
        ) : (
          <>
            <div className="grid gap-3 sm:grid-cols-3">
              <Stat
                icon={FileText}
                value={`${counts.resumes} of ${counts.limit}`}
                label="resumes"
                dataTest="dashboard-resumes-count"
              />
              <Stat
                icon={History}
                value={String(counts.versions)}
                label="versions"
                dataTest="dashboard-resume-versions"
              />
              <Stat
                icon={Inbox}
                value={String(counts.drafts)}
                label="updates to review"
                dataTest="dashboard-resume-drafts"
              />
            </div>
            <Button
              asChild
              variant="outline"
              className="justify-self-start"
              data-test="dashboard-resumes-link"
            >
              <Link href="/resumes">
                {counts.resumes === 0
                  ? "Create your first resume"
                  : counts.drafts
                    ? "Review updates"
                    : "Open Resumes"}
                <ArrowRight />
              </Link>
            </Button>
          </>
        )}
      </CardContent>
    </Card>
  );
}
