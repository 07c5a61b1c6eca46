import Link from "next/link";
import type { JobApplication } from "@/lib/api";
import { PORTAL_LABELS } from "../../_lib/forms";
import { relativeTime } from "../../notifications/_lib/relative-time";
import { type ApplicationsState, applicationsHref } from "../_lib/query";
import { ResponseBadge, StateBadge } from "./state-badges";

/** When it went out, or when it was created while it has not yet. */
export function whenLabel(a: Pick<JobApplication, "applied_at" | "created_at">): string {
  return a.applied_at ? `Applied ${relativeTime(a.applied_at)}` : `Created ${relativeTime(a.created_at)}`;
}

/**
 * The tracker as a table: job (opens the detail), portal, status, response, when. On a phone the
 * portal, response and date move under the job's name instead of into columns of their own.
 */
export function ApplicationsTable({ items, state }: { items: JobApplication[]; state: ApplicationsState }) {
  return (
    <div className="overflow-hidden rounded-xl border bg-card">
      <table className="w-full text-left text-sm" data-test="applications-table">
        <caption className="sr-only">Your applications, newest first</caption>
        <thead className="border-b bg-muted/50 text-muted-foreground">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Job
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Portal
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
              Response
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
              When
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr
              key={a.id}
              className={`border-b align-top last:border-0 ${a.id === state.app ? "bg-brand-soft/50" : ""}`}
              data-test="application-row"
              data-application-id={a.id}
            >
              <td className="min-w-0 px-3 py-2.5">
                <Link
                  href={applicationsHref(state, { app: a.id })}
                  scroll={false}
                  className="font-medium [overflow-wrap:anywhere] hover:underline"
                  data-test="application-title"
                >
                  {a.job.title}
                </Link>
                <span
                  className="block text-muted-foreground [overflow-wrap:anywhere]"
                  data-test="application-company"
                >
                  {a.job.company}
                  <span className="md:hidden"> · {PORTAL_LABELS[a.portal]}</span>
                </span>
                <span className="mt-1 flex flex-wrap items-center gap-1.5 sm:hidden">
                  <ResponseBadge response={a.response_status} />
                </span>
                <span className="mt-0.5 block text-xs text-muted-foreground lg:hidden">{whenLabel(a)}</span>
              </td>
              <td className="hidden px-3 py-2.5 md:table-cell">{PORTAL_LABELS[a.portal]}</td>
              <td className="px-3 py-2.5">
                <StateBadge status={a.status} />
              </td>
              <td className="hidden px-3 py-2.5 sm:table-cell">
                <ResponseBadge response={a.response_status} />
              </td>
              <td className="hidden px-3 py-2.5 whitespace-nowrap text-muted-foreground lg:table-cell">
                {whenLabel(a)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
