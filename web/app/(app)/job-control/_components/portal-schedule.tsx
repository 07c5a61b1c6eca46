import { CalendarClock } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { JobFetchPortalSchedule } from "@/lib/api";
import { PORTAL_LABELS } from "../../_lib/forms";
import { exactTime, relativeTime } from "../../notifications/_lib/relative-time";

const inFuture = (iso: string) => {
  const ms = Date.parse(iso) - Date.now();
  if (ms <= 60_000) return "within the next few minutes";
  const h = Math.floor(ms / 3_600_000);
  const m = Math.round((ms % 3_600_000) / 60_000);
  return `in ${h ? `${h} h ` : ""}${m} min`;
};

/** Each enabled portal's last fetch (when, how it ended) and the next scheduled one. */
export function PortalSchedule({ portals }: { portals: JobFetchPortalSchedule[] | null }) {
  return (
    <Card className="mt-6" data-test="portal-schedule">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          <CalendarClock className="size-4" />
          Fetch schedule
        </CardTitle>
        <CardDescription>
          While the search is on, each portal is fetched every 6 hours.{" "}
          <Link href="/jobs" className="underline">
            See the jobs and every fetch
          </Link>
          .
        </CardDescription>
      </CardHeader>
      <CardContent>
        {portals === null ? (
          <p className="text-sm text-muted-foreground">The schedule could not be loaded.</p>
        ) : portals.length === 0 ? (
          <p className="text-sm text-muted-foreground">Choose a portal above to see its schedule.</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className="py-1 font-medium">Portal</th>
                <th className="py-1 font-medium">Last fetch</th>
                <th className="py-1 font-medium">Next fetch</th>
              </tr>
            </thead>
            <tbody>
              {portals.map((p) => (
                <tr key={p.portal} className="border-t" data-test={`schedule-${p.portal}`}>
                  <td className="py-2 font-medium">{PORTAL_LABELS[p.portal]}</td>
                  <td className="py-2" data-test="schedule-last">
                    {p.last_started_at ? (
                      <span title={exactTime(p.last_started_at)}>
                        {relativeTime(p.last_started_at)}
                        {p.last_status === "failed" ? (
                          <span className="text-destructive"> · failed</span>
                        ) : null}
                        {p.last_status === "running" ? (
                          <span className="text-primary"> · running</span>
                        ) : null}
                      </span>
                    ) : (
                      "Never"
                    )}
                  </td>
                  <td className="py-2" data-test="schedule-next">
                    {p.next_run_at === null ? (
                      <span className="text-muted-foreground">Search stopped</span>
                    ) : (
                      <span title={exactTime(p.next_run_at)}>
                        {inFuture(p.next_run_at)}
                        {p.blocked_until && Date.parse(p.blocked_until) > Date.now() ? (
                          <span className="block text-xs text-amber-700">
                            paused after {PORTAL_LABELS[p.portal]} refused a fetch
                          </span>
                        ) : null}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardContent>
    </Card>
  );
}
