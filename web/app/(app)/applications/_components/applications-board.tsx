import Link from "next/link";
import type { JobApplication } from "@/lib/api";
import { PORTAL_LABELS } from "../../_lib/forms";
import { RESPONSE_LABELS, RESPONSES } from "../_lib/labels";
import { type ApplicationsState, applicationsHref } from "../_lib/query";
import { whenLabel } from "./applications-table";
import { StateBadge } from "./state-badges";

/**
 * The tracker as a board: one column per employer response (no response yet, viewed,
 * shortlisted, interview, offer, rejected). A card opens the application, where the response is
 * changed; columns stack on a phone.
 */
export function ApplicationsBoard({ items, state }: { items: JobApplication[]; state: ApplicationsState }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-6" data-test="applications-board">
      {RESPONSES.map((response) => {
        const column = items.filter((a) => a.response_status === response);
        const headingId = `board-${response}`;
        return (
          <section
            key={response}
            aria-labelledby={headingId}
            className="grid min-w-0 content-start gap-2 rounded-xl border bg-muted/40 p-2"
            data-test="board-column"
            data-response={response}
          >
            <h2 id={headingId} className="flex items-center justify-between px-1 text-sm font-semibold">
              {RESPONSE_LABELS[response]}
              <span className="rounded-full bg-background px-2 text-xs font-medium text-muted-foreground">
                {column.length}
              </span>
            </h2>
            {column.length === 0 ? (
              <p className="px-1 pb-2 text-xs text-muted-foreground">None</p>
            ) : (
              <ul className="grid gap-2">
                {column.map((a) => (
                  <li key={a.id}>
                    <article
                      className="grid gap-1.5 rounded-lg border bg-card p-3 text-sm shadow-xs"
                      data-test="board-card"
                      data-application-id={a.id}
                    >
                      <Link
                        href={applicationsHref(state, { app: a.id })}
                        scroll={false}
                        className="font-medium leading-snug [overflow-wrap:anywhere] hover:underline"
                        data-test="application-title"
                      >
                        {a.job.title}
                      </Link>
                      <span className="text-muted-foreground [overflow-wrap:anywhere]">
                        {a.job.company} · {PORTAL_LABELS[a.portal]}
                      </span>
                      <span className="flex flex-wrap items-center justify-between gap-1.5">
                        <StateBadge status={a.status} />
                        <span className="text-xs text-muted-foreground">{whenLabel(a)}</span>
                      </span>
                    </article>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
