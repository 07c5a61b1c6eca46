import { CircleAlert, CircleHelp, ClipboardList, KanbanSquare, SearchX, Table2 } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  errorMessage,
  type JobApplicationDetail,
  type JobApplicationPage,
  type JobApplyUsage,
} from "@/lib/api";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { cn } from "@/lib/utils";
import { EmptyState } from "../_components/empty-state";
import { PageHeader } from "../_components/page-header";
import { ApplicationDetail } from "./_components/application-detail";
import { ApplicationsBoard } from "./_components/applications-board";
import { ApplicationsFilters } from "./_components/applications-filters";
import { ApplicationsTable } from "./_components/applications-table";
import { ApplyRuns } from "./_components/apply-runs";
import { ApprovalQueue } from "./_components/approval-queue";
import { ApplicationsPagination } from "./_components/pagination";
import { PauseBanner } from "./_components/pause-banner";
import {
  type ApplicationsSearch,
  type ApplicationsState,
  applicationsHref,
  filtered,
  listQuery,
  readSearch,
} from "./_lib/query";

export const metadata: Metadata = { title: "Applications" };

/** The queue shows every waiting application at once (approve all acts on all of them). */
const QUEUE_PAGE_SIZE = 100;
const RUNS_PAGE_SIZE = 20;

function Empty({ kind, title, children }: { kind: string; title: string; children?: React.ReactNode }) {
  return (
    <EmptyState
      test="applications-empty"
      kind={kind}
      title={title}
      icon={kind === "no-match" ? SearchX : ClipboardList}
    >
      {children}
    </EmptyState>
  );
}

export default async function ApplicationsPage({
  searchParams,
}: {
  searchParams: Promise<ApplicationsSearch>;
}) {
  const user = await requireUser();
  const state = readSearch(await searchParams);
  const api = serverApi(user.accessToken);
  const [list, queue, usage, detail, runs] = await Promise.all([
    state.tab === "tracker"
      ? api.jobApply.applications(listQuery(state)).catch((err: unknown) => errorMessage(err))
      : Promise.resolve(null),
    api.jobApply
      .approvals({ page_size: QUEUE_PAGE_SIZE, sort: "created_at" })
      .catch((err: unknown) => errorMessage(err)),
    api.jobApply.usage().catch((): JobApplyUsage | null => null),
    state.app
      ? api.jobApply.application(state.app).catch((): JobApplicationDetail | null => null)
      : Promise.resolve(null),
    state.tab === "runs"
      ? api.jobApply
          .runs({ page: state.page, page_size: RUNS_PAGE_SIZE })
          .catch((err: unknown) => errorMessage(err))
      : Promise.resolve(null),
  ]);
  const queueCount = typeof queue === "string" ? null : queue.total;

  return (
    <>
      <PageHeader
        title="Applications"
        description="Every application CareerPilot sent or prepared for you, with the documents and the employer's response."
      />
      <div className="grid gap-4">
        {usage ? <PauseBanner pause={usage.pause} /> : null}
        {usage && usage.needs_input > 0 ? (
          <Alert data-test="needs-input-callout">
            <CircleHelp />
            <AlertTitle>
              {usage.needs_input === 1
                ? "1 application needs your answer"
                : `${usage.needs_input} applications need your answers`}
            </AlertTitle>
            <AlertDescription>
              <p>
                An employer asked something your answer bank does not cover. CareerPilot stopped rather than
                guess.
              </p>
              <Link
                href={applicationsHref(state, { tab: undefined, status: "needs_input", response: undefined })}
                className="font-medium text-primary underline-offset-4 hover:underline"
                data-test="needs-input-link"
              >
                Answer them
              </Link>
            </AlertDescription>
          </Alert>
        ) : null}
        <nav aria-label="Applications sections" className="flex flex-wrap items-center justify-between gap-3">
          <ul className="inline-flex rounded-lg bg-muted p-1 text-sm" data-test="applications-tabs">
            {(
              [
                ["tracker", "Tracker", null],
                ["queue", "Approval queue", queueCount],
                ["runs", "Runs", null],
              ] as const
            ).map(([tab, label, count]) => (
              <li key={tab}>
                <Link
                  href={applicationsHref(state, { tab })}
                  aria-current={state.tab === tab ? "page" : undefined}
                  className={cn(
                    "inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 font-medium text-muted-foreground hover:text-foreground",
                    state.tab === tab && "bg-background text-foreground shadow-sm",
                  )}
                  data-test={`tab-${tab}`}
                >
                  {label}
                  {count ? (
                    <span
                      className="rounded-full bg-primary px-1.5 text-xs text-primary-foreground"
                      data-test="queue-badge"
                    >
                      {count}
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
          {state.tab === "tracker" ? (
            <ul className="inline-flex rounded-lg border p-1 text-sm" data-test="view-switch">
              {(
                [
                  ["table", "Table", Table2],
                  ["board", "Board", KanbanSquare],
                ] as const
              ).map(([view, label, Icon]) => (
                <li key={view}>
                  <Link
                    href={applicationsHref(state, { view })}
                    aria-current={state.view === view ? "true" : undefined}
                    className={cn(
                      "inline-flex items-center gap-1.5 rounded-md px-3 py-1 text-muted-foreground hover:text-foreground",
                      state.view === view && "bg-muted text-foreground",
                    )}
                    data-test={`view-${view}`}
                  >
                    <Icon className="size-4" aria-hidden />
                    {label}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </nav>

        {state.tab === "queue" ? (
          typeof queue === "string" ? (
            <Unavailable message={queue} />
          ) : (
            <ApprovalQueue items={queue.items} total={queue.total} state={state} />
          )
        ) : state.tab === "runs" ? (
          typeof runs === "string" || runs === null ? (
            <Unavailable message={runs ?? ""} />
          ) : (
            <>
              <ApplyRuns runs={runs.items} state={state} />
              {runs.total > RUNS_PAGE_SIZE ? (
                <ApplicationsPagination
                  state={state}
                  totalPages={Math.ceil(runs.total / RUNS_PAGE_SIZE)}
                  total={runs.total}
                />
              ) : null}
            </>
          )
        ) : (
          <>
            <ApplicationsFilters state={state} />
            {typeof list === "string" || list === null ? (
              <Unavailable message={list ?? ""} />
            ) : (
              <Tracker list={list} state={state} />
            )}
          </>
        )}
      </div>
      {detail ? (
        <ApplicationDetail application={detail} closeHref={applicationsHref(state, { app: undefined })} />
      ) : null}
    </>
  );
}

function Unavailable({ message }: { message: string }) {
  return (
    <Alert variant="destructive" data-test="applications-unavailable">
      <CircleAlert />
      <AlertTitle>Your applications could not be loaded</AlertTitle>
      <AlertDescription>{message} Refresh the page to try again.</AlertDescription>
    </Alert>
  );
}

function Tracker({ list, state }: { list: JobApplicationPage; state: ApplicationsState }) {
  const totalPages = Math.max(1, Math.ceil(list.total / list.page_size));
  if (list.total === 0 && filtered(state)) {
    return (
      <Empty kind="no-match" title="No applications match these filters">
        <p>Try fewer filters or a wider date range.</p>
        <Button asChild variant="outline" data-test="applications-clear">
          <Link
            href={applicationsHref(state, {
              q: undefined,
              portal: undefined,
              status: undefined,
              response: undefined,
              from: undefined,
              to: undefined,
              run: undefined,
            })}
          >
            Clear filters
          </Link>
        </Button>
      </Empty>
    );
  }
  if (list.total === 0) {
    return (
      <Empty kind="no-applications" title="No applications yet">
        <p>Apply to a job from your matches, or turn on auto-apply in Job Control.</p>
        <div className="flex flex-wrap justify-center gap-2">
          <Button asChild>
            <Link href="/jobs">Find jobs to apply to</Link>
          </Button>
          <Button asChild variant="outline">
            <Link href="/job-control">Open Job Control</Link>
          </Button>
        </div>
      </Empty>
    );
  }
  if (list.items.length === 0) {
    return (
      <Empty kind="page-out-of-range" title="This page is empty">
        <Button asChild variant="outline">
          <Link href={applicationsHref(state, { page: 1 })}>Go to the first page</Link>
        </Button>
      </Empty>
    );
  }
  return (
    <>
      {state.run ? (
        <p className="flex flex-wrap items-center gap-2 text-sm" data-test="applications-run-filter">
          <span className="rounded-md bg-muted px-2 py-0.5">One run’s applications</span>
          <Link
            href={applicationsHref(state, { run: undefined })}
            className="font-medium text-primary underline-offset-4 hover:underline"
          >
            Show all
          </Link>
        </p>
      ) : null}
      <p className="text-sm text-muted-foreground" data-test="applications-count">
        {list.total} {list.total === 1 ? "application" : "applications"}
        {state.view === "board" && list.total > list.items.length
          ? ` (the newest ${list.items.length} on the board)`
          : ""}
      </p>
      {state.view === "board" ? (
        <ApplicationsBoard items={list.items} state={state} />
      ) : (
        <ApplicationsTable items={list.items} state={state} />
      )}
      {state.view === "table" && totalPages > 1 ? (
        <ApplicationsPagination state={state} totalPages={totalPages} total={list.total} />
      ) : null}
    </>
  );
}
