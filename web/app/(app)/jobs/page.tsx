import { BriefcaseBusiness, CircleAlert, SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  errorMessage,
  type FetchedJobDetail,
  type FetchedJobPage,
  type JobFetchRun,
  type JobSettings,
} from "@/lib/api";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { EmptyState } from "../_components/empty-state";
import { PageHeader } from "../_components/page-header";
import { BatchSelection, SelectPage } from "./_components/batch-apply";
import { FetchNow } from "./_components/fetch-now";
import { JobCard } from "./_components/job-card";
import { JobDetail } from "./_components/job-detail";
import { JobsFilters } from "./_components/jobs-filters";
import { JobsPagination } from "./_components/jobs-pagination";
import { RunHistory } from "./_components/run-history";
import { filtered, type JobsSearch, jobsHref, listQuery, readSearch } from "./_lib/query";

export const metadata: Metadata = { title: "Jobs" };

function Empty({ kind, title, children }: { kind: string; title: string; children?: React.ReactNode }) {
  return (
    <EmptyState
      test="jobs-empty"
      kind={kind}
      title={title}
      icon={kind === "no-match" ? SearchX : BriefcaseBusiness}
    >
      {children}
    </EmptyState>
  );
}

export default async function JobsPage({ searchParams }: { searchParams: Promise<JobsSearch> }) {
  const user = await requireUser();
  const state = readSearch(await searchParams);
  const api = serverApi(user.accessToken);
  const [list, runs, settings, detail] = await Promise.all([
    api.jobs.list(listQuery(state)).catch((err: unknown) => errorMessage(err)),
    api.jobs.runs({ page_size: 8 }).catch(() => null),
    api.onboarding.jobSettings().catch((): JobSettings | null => null),
    state.job ? api.jobs.get(state.job).catch((): FetchedJobDetail | null => null) : Promise.resolve(null),
  ]);
  const running: JobFetchRun[] = runs?.items.filter((r) => r.status === "running") ?? [];
  const canFetch = Boolean(settings && settings.portals.length > 0 && settings.roles.length > 0);

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Jobs from LinkedIn, Naukri and Indeed, ranked by how well they match you."
      />
      <BatchSelection>
        <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
          <div className="grid min-w-0 content-start gap-4">
            <JobsFilters state={state} />
            {typeof list === "string" ? (
              <Alert variant="destructive" data-test="jobs-unavailable">
                <CircleAlert />
                <AlertTitle>Your jobs could not be loaded</AlertTitle>
                <AlertDescription>{list} Refresh the page to try again.</AlertDescription>
              </Alert>
            ) : (
              <JobList list={list} state={state} canFetch={canFetch} />
            )}
          </div>
          <aside className="grid content-start gap-4">
            <section className="grid gap-3 rounded-xl border bg-card p-4">
              <h2 className="font-semibold">Fetch jobs</h2>
              <p className="text-sm text-muted-foreground">
                {canFetch
                  ? "CareerPilot fetches every 6 hours while your search is active. Fetch now to look right away."
                  : "Choose portals and a target role in Job Control first."}
              </p>
              <FetchNow running={running} canFetch={canFetch} />
              {!canFetch ? (
                <Button asChild variant="outline" size="sm">
                  <Link href="/job-control">Open Job Control</Link>
                </Button>
              ) : null}
            </section>
            <section className="grid gap-3" data-test="run-history">
              <h2 className="font-semibold">Recent fetches</h2>
              {runs ? (
                <RunHistory runs={runs.items} />
              ) : (
                <p className="text-sm text-muted-foreground">The history could not be loaded.</p>
              )}
            </section>
          </aside>
        </div>
      </BatchSelection>
      {detail ? <JobDetail job={detail} closeHref={jobsHref(state, { job: undefined })} /> : null}
    </>
  );
}

function JobList({
  list,
  state,
  canFetch,
}: {
  list: FetchedJobPage;
  state: ReturnType<typeof readSearch>;
  canFetch: boolean;
}) {
  const totalPages = Math.max(1, Math.ceil(list.total / list.page_size));
  if (list.total === 0 && filtered(state)) {
    return (
      <Empty kind="no-match" title="No jobs match these filters">
        <p>Try fewer filters or a lower minimum salary.</p>
        <Button asChild variant="outline" data-test="jobs-clear">
          <Link href="/jobs">Clear filters</Link>
        </Button>
      </Empty>
    );
  }
  if (list.total === 0) {
    return (
      <Empty kind="no-jobs" title="No jobs yet">
        <p>
          {canFetch
            ? "Press Fetch now to search your portals, or wait for the next scheduled fetch."
            : "Tell CareerPilot what to look for: pick portals and roles in Job Control, then fetch."}
        </p>
      </Empty>
    );
  }
  if (list.items.length === 0) {
    return (
      <Empty kind="page-out-of-range" title="This page is empty">
        <Button asChild variant="outline">
          <Link href={jobsHref(state, { page: 1 })}>Go to the first page</Link>
        </Button>
      </Empty>
    );
  }
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted-foreground" data-test="jobs-count">
          {list.total} {list.total === 1 ? "job" : "jobs"}
          {state.run ? " from this fetch" : ""}
        </p>
        <SelectPage jobs={list.items} />
      </div>
      <ul className="grid gap-3" data-test="jobs-list">
        {list.items.map((job) => (
          <li key={job.id}>
            <JobCard job={job} href={jobsHref(state, { job: job.id })} highlighted={job.id === state.job} />
          </li>
        ))}
      </ul>
      {totalPages > 1 ? <JobsPagination state={state} totalPages={totalPages} total={list.total} /> : null}
    </>
  );
}
