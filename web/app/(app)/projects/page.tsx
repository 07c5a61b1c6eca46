import { CircleAlert, FolderGit2, SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { DemoBadge } from "@/components/demo-badge";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  errorMessage,
  type Integration,
  type Project,
  type ProjectList,
  type ProjectSyncRun,
} from "@/lib/api";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { EmptyState } from "../_components/empty-state";
import { GithubConnect } from "../_components/github-connect";
import { PageHeader } from "../_components/page-header";
import { Pagination } from "./_components/pagination";
import { ProjectsToolbar } from "./_components/projects-toolbar";
import { RepoCard } from "./_components/repo-card";

export const metadata: Metadata = { title: "Projects" };

/** Repositories per page. */
const PAGE_SIZE = 12;

type Search = { q?: string | string[]; page?: string | string[]; repo?: string | string[]; github?: string };

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

function Empty(props: { kind: string; icon: typeof FolderGit2; title: string; children?: React.ReactNode }) {
  return <EmptyState test="projects-empty" {...props} />;
}

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const q = one(sp.q).trim().slice(0, 200);
  const page = Math.max(1, Number.parseInt(one(sp.page), 10) || 1);
  const repoId = one(sp.repo) || null;
  const api = serverApi(user.accessToken);

  let list: ProjectList | null = null;
  let loadError: string | null = null;
  try {
    list = await api.projects.list({ page, page_size: PAGE_SIZE, q: q || undefined });
  } catch (err) {
    loadError = errorMessage(err);
  }

  const header = (
    <PageHeader
      title="Projects"
      description="Your GitHub repositories, described for recruiters."
      badges={
        <>
          <DemoBadge service="github" />
          <DemoBadge service="gemini" />
        </>
      }
    />
  );
  if (!list) {
    return (
      <>
        {header}
        <Alert variant="destructive" data-test="projects-unavailable">
          <CircleAlert />
          <AlertTitle>Your projects could not be loaded</AlertTitle>
          <AlertDescription>{loadError} Refresh the page to try again.</AlertDescription>
        </Alert>
      </>
    );
  }

  // A deep link (`?repo=<id>`, from a notification) to a repository that is not on this page:
  // show it first so the link always lands on its card.
  let pinned: Project | null = null;
  if (repoId && !list.items.some((p) => p.id === repoId)) {
    pinned = await api.projects.get(repoId).catch(() => null);
  }

  const github = list.github;
  const integration: Pick<Integration, "status" | "external_login"> = {
    status: github.status,
    external_login: github.login ?? null,
  };
  const connected = github.status === "connected";
  // A sync still going (another tab, the import after connecting, the daily one): the toolbar follows it.
  let activeRun: ProjectSyncRun | null = null;
  if (connected) {
    const latest = await api.projects.syncRun("latest").catch(() => null);
    if (latest && (latest.status === "queued" || latest.status === "running")) activeRun = latest;
  }
  const neverSynced = !list.last_synced_at && list.total === 0 && !q;
  const totalPages = Math.max(1, Math.ceil(list.total / list.page_size));
  const items = pinned ? [pinned, ...list.items] : list.items;

  if (!connected && github.status !== "needs_reconnect" && list.total === 0 && !q) {
    return (
      <>
        {header}
        <Empty kind="github-not-connected" icon={FolderGit2} title="Connect GitHub to see your projects">
          <p>
            CareerPilot imports your repositories (private ones too, if you allow it), writes a short
            description of each from its README and code, and lets you add a 20–30 second intro video.
          </p>
          <div className="w-full text-left" data-test="projects-github-connect">
            <GithubConnect integration={integration} redirectTo="/projects" />
          </div>
        </Empty>
      </>
    );
  }

  return (
    <>
      {header}
      {github.status === "needs_reconnect" || (!connected && list.total > 0) ? (
        <Alert className="mb-6 border-amber-300 bg-amber-50 text-amber-900" data-test="projects-reconnect">
          <CircleAlert />
          <AlertTitle>
            {github.status === "needs_reconnect" ? "GitHub access expired" : "GitHub is disconnected"}
          </AlertTitle>
          <AlertDescription className="text-amber-900/90">
            <p>
              GitHub no longer accepts CareerPilot&apos;s access, so these repositories cannot be synced or
              described. Reconnect to pick up where you left off.
            </p>
            <div className="mt-2 w-full text-foreground">
              <GithubConnect integration={integration} redirectTo="/projects" />
            </div>
          </AlertDescription>
        </Alert>
      ) : null}

      <ProjectsToolbar
        q={q}
        lastSyncedAt={list.last_synced_at ?? null}
        canSync={connected}
        login={github.login ?? null}
        autoSync={sp.github === "connected" && connected && list.total === 0}
        githubResult={sp.github}
        activeRun={activeRun}
      />

      {neverSynced ? (
        <Empty kind="never-synced" icon={FolderGit2} title="No repositories yet">
          <p>Press Sync to import your repositories from GitHub. It takes a few seconds.</p>
        </Empty>
      ) : list.total === 0 && q ? (
        <Empty kind="no-match" icon={SearchX} title={`No repositories match “${q}”`}>
          <p>Search looks at names, descriptions, languages and topics.</p>
          <Button asChild variant="outline" data-test="projects-clear-search">
            <Link href="/projects">Clear search</Link>
          </Button>
        </Empty>
      ) : list.total === 0 ? (
        <Empty kind="no-repos" icon={FolderGit2} title="No repositories on GitHub yet">
          <p>
            {github.login ? `@${github.login} has` : "Your GitHub account has"} no repositories CareerPilot
            can see. Create one on GitHub, then press Sync.
          </p>
        </Empty>
      ) : list.items.length === 0 && !pinned ? (
        <Empty kind="page-out-of-range" icon={SearchX} title="This page is empty">
          <p>
            There are {list.total} repositories on {totalPages} {totalPages === 1 ? "page" : "pages"}.
          </p>
          <Button asChild variant="outline">
            <Link href={q ? `/projects?q=${encodeURIComponent(q)}` : "/projects"}>Go to the first page</Link>
          </Button>
        </Empty>
      ) : (
        <>
          <p className="mb-3 text-sm text-muted-foreground" data-test="projects-count">
            {q
              ? `${list.total} ${list.total === 1 ? "repository matches" : "repositories match"} “${q}”`
              : `${list.total} ${list.total === 1 ? "repository" : "repositories"}`}
          </p>
          <ul className="grid gap-4 lg:grid-cols-2" data-test="projects-list">
            {items.map((p) => (
              <li key={p.id} className="min-w-0">
                <RepoCard project={p} highlighted={p.id === repoId} canDescribe={connected} />
              </li>
            ))}
          </ul>
          {totalPages > 1 ? (
            <Pagination page={page} totalPages={totalPages} total={list.total} q={q} />
          ) : null}
        </>
      )}
    </>
  );
}
