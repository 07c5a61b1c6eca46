import { FileText, Inbox, Mail } from "lucide-react";
import Link from "next/link";
import type { JobApplication } from "@/lib/api";
import { EmptyState } from "../../_components/empty-state";
import { PORTAL_LABELS } from "../../_lib/forms";
import { MODE_LABELS } from "../_lib/labels";
import { type ApplicationsState, applicationsHref } from "../_lib/query";
import { whenLabel } from "./applications-table";
import { ApprovalActions } from "./approval-actions";
import { ApproveAll } from "./approve-all";

/**
 * Review before submit: batch and auto-apply applications wait here with their tailored résumé
 * and cover letter until the user approves them (one by one or all) or rejects them. Open one to
 * read its documents in full.
 */
export function ApprovalQueue({
  items,
  total,
  state,
}: {
  items: JobApplication[];
  total: number;
  state: ApplicationsState;
}) {
  if (total === 0) {
    return (
      <EmptyState test="queue-empty" icon={Inbox} title="Nothing to review">
        <p>
          When a batch or auto-apply prepares an application and review before submit is on, it waits here
          until you approve it.
        </p>
      </EmptyState>
    );
  }
  return (
    <div className="grid gap-4" data-test="approval-queue">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted-foreground" data-test="queue-count">
          {total === 1 ? "1 application waits" : `${total} applications wait`} for your review. Nothing is
          sent until you approve.
        </p>
        <ApproveAll count={total} />
      </div>
      <ul className="grid gap-3">
        {items.map((a) => (
          <li key={a.id}>
            <article
              className="grid gap-3 rounded-xl border bg-card p-4 shadow-xs sm:grid-cols-[1fr_auto] sm:items-start"
              data-test="queue-item"
              data-application-id={a.id}
            >
              <div className="grid min-w-0 gap-1">
                <h3 className="font-semibold leading-snug [overflow-wrap:anywhere]">
                  <Link
                    href={applicationsHref(state, { app: a.id })}
                    scroll={false}
                    className="hover:underline"
                    data-test="application-title"
                  >
                    {a.job.title}
                  </Link>
                </h3>
                <p className="text-sm text-muted-foreground [overflow-wrap:anywhere]">
                  {a.job.company} · {PORTAL_LABELS[a.portal]} · match {a.job.match_score}
                </p>
                <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
                  <li className="flex items-center gap-1" data-test="queue-resume">
                    <FileText className="size-3.5" aria-hidden />
                    {a.resume.resume_name
                      ? `${a.resume.resume_name}${a.resume.ats_score !== null ? ` (ATS ${a.resume.ats_score})` : ""}`
                      : "Résumé being prepared"}
                  </li>
                  <li className="flex items-center gap-1">
                    <Mail className="size-3.5" aria-hidden />
                    {a.has_cover_letter ? "With a cover letter" : "No cover letter"}
                  </li>
                  <li>
                    {MODE_LABELS[a.mode] ?? a.mode} · {whenLabel(a)}
                  </li>
                </ul>
              </div>
              <ApprovalActions applicationId={a.id} title={a.job.title} />
            </article>
          </li>
        ))}
      </ul>
    </div>
  );
}
