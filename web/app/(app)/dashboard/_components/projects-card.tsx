import { ArrowRight, FolderGit2, Github, Sparkles, Video } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { ApiClient, GithubState } from "@/lib/api";

export interface ProjectCounts {
  repositories: number;
  described: number;
  withVideo: number;
  github: GithubState;
}

/** The user's repository, AI description and intro video counts: one `GET /v1/projects` (its `summary`). */
export async function projectCounts(api: ApiClient): Promise<ProjectCounts> {
  const first = await api.projects.list({ page: 1, page_size: 1 });
  return {
    repositories: first.summary.repositories,
    described: first.summary.described,
    withVideo: first.summary.with_video,
    github: first.github.status,
  };
}

function Stat({
  icon: Icon,
  value,
  label,
  dataTest,
}: {
  icon: typeof FolderGit2;
  value: number;
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

/** The dashboard's Projects card: repositories, AI descriptions and intro videos, or Connect GitHub. */
export function ProjectsCard({ counts }: { counts: ProjectCounts | null }) {
  const notConnected = counts !== null && counts.repositories === 0 && counts.github !== "connected";
  return (
    <Card className="md:col-span-2" data-test="dashboard-projects">
      <CardHeader>
        <CardTitle className="text-base">Projects</CardTitle>
        <CardDescription>Your GitHub repositories, described for recruiters.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {counts === null ? (
          <p className="text-sm text-muted-foreground">Projects could not be loaded. Refresh to try again.</p>
        ) : notConnected ? (
          <div
            className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between"
            data-test="dashboard-projects-empty"
          >
            <p className="text-sm text-muted-foreground">
              Connect GitHub to import your repositories and get AI descriptions of them.
            </p>
            <Button
              asChild
              size="sm"
              className="self-start sm:self-auto"
              data-test="dashboard-projects-connect"
            >
              <Link href="/projects">
                <Github />
                Connect GitHub
              </Link>
            </Button>
          </div>
        ) : (
          <>
            <div className="grid gap-3 sm:grid-cols-3">
              <Stat
                icon={FolderGit2}
                value={counts.repositories}
                label={counts.repositories === 1 ? "repository" : "repositories"}
                dataTest="dashboard-projects-count"
              />
              <Stat
                icon={Sparkles}
                value={counts.described}
                label="with AI descriptions"
                dataTest="dashboard-projects-described"
              />
              <Stat
                icon={Video}
                value={counts.withVideo}
                label="with intro videos"
                dataTest="dashboard-projects-videos"
              />
            </div>
            <Button
              asChild
              variant="outline"
              className="justify-self-start"
              data-test="dashboard-projects-link"
            >
              <Link href="/projects">
                {counts.repositories === 0 ? "Sync your repositories" : "Open Projects"}
                <ArrowRight />
              </Link>
            </Button>
          </>
        )}
      </CardContent>
    </Card>
  );
}
