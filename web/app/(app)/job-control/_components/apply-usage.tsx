import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { JobApplyUsage } from "@/lib/api";
import { PORTAL_LABELS } from "../../_lib/forms";
import { portalPauseAdvice } from "../../applications/_lib/labels";
import { ResumePortal } from "./resume-portal";

/**
 * Today's usage against each portal's daily cap (the caps' day is the IST day), what is waiting,
 * when pacing lets the next one go, and each portal CareerPilot paused after a block with what to
 * do and a way to resume.
 */
export function ApplyUsage({ usage }: { usage: JobApplyUsage }) {
  const pauses = new Map(usage.pause.portals.map((p) => [p.portal, p]));
  return (
    <Card id="apply-safety" className="scroll-mt-24" data-test="apply-usage">
      <CardHeader>
        <CardTitle className="text-base">Today’s applications</CardTitle>
        <CardDescription>
          Caps reset at <LocalTime iso={usage.resets_at} />. An application over a cap waits for the next day.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <ul className="grid gap-4 sm:grid-cols-3">
          {usage.portals.map((u) => {
            const pause = pauses.get(u.portal);
            const percent = u.cap > 0 ? Math.min(100, Math.round((u.used / u.cap) * 100)) : 100;
            return (
              <li
                key={u.portal}
                className="grid content-start gap-2"
                data-test="usage-portal"
                data-portal={u.portal}
              >
                <div className="flex items-baseline justify-between gap-2">
                  <span className="font-medium">{PORTAL_LABELS[u.portal]}</span>
                  <span className="text-sm tabular-nums" data-test="usage-count">
                    {u.used} of {u.cap}
                  </span>
                </div>
                <div
                  role="progressbar"
                  aria-label={`${PORTAL_LABELS[u.portal]}: ${u.used} of ${u.cap} today`}
                  aria-valuemin={0}
                  aria-valuemax={u.cap}
                  aria-valuenow={Math.min(u.used, u.cap)}
                  className="h-2 overflow-hidden rounded-full bg-primary/20"
                >
                  <div
                    className={u.remaining === 0 ? "h-full bg-amber-500" : "h-full bg-primary"}
                    style={{ width: `${percent}%` }}
                  />
                </div>
                <p className="text-xs text-muted-foreground">
                  {u.remaining === 0 ? "Cap reached for today." : `${u.remaining} left today.`}
                  {u.queued ? ` ${u.queued} waiting.` : ""}
                  {u.next_submit_at && new Date(u.next_submit_at).getTime() > Date.now() ? (
                    <>
                      {" "}
                      Next not before <LocalTime iso={u.next_submit_at} />.
                    </>
                  ) : null}
                </p>
                {pause?.paused ? (
                  <div
                    className="grid gap-2 rounded-lg border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-50"
                    data-test="usage-paused"
                  >
                    <p>
                      <span className="font-semibold">Paused.</span>{" "}
                      {pause.advice ?? portalPauseAdvice(pause.reason)}
                    </p>
                    <ResumePortal portal={u.portal} />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
        {usage.awaiting_approval || usage.needs_input || usage.held ? (
          <p className="text-sm" data-test="usage-waiting">
            {[
              usage.awaiting_approval ? (
                <Link
                  key="a"
                  href="/applications?tab=queue"
                  className="text-primary underline-offset-4 hover:underline"
                >
                  {usage.awaiting_approval} awaiting your review
                </Link>
              ) : null,
              usage.needs_input ? (
                <Link
                  key="n"
                  href="/applications?status=needs_input"
                  className="text-primary underline-offset-4 hover:underline"
                >
                  {usage.needs_input} {usage.needs_input === 1 ? "needs" : "need"} your answer
                </Link>
              ) : null,
              usage.held ? (
                <Link
                  key="h"
                  href="/applications?status=held"
                  className="text-primary underline-offset-4 hover:underline"
                >
                  {usage.held} on hold
                </Link>
              ) : null,
            ]
              .filter(Boolean)
              .flatMap((el, i) => (i === 0 ? [el] : [" · ", el]))}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
