import type { JobApplicationDetail } from "@/lib/api";
import { exactTime, relativeTime } from "../../notifications/_lib/relative-time";
import { BY_LABELS, timelineSentence } from "../_lib/labels";

type Entry = JobApplicationDetail["timeline"][number];

/** What a timeline entry's detail adds for a person: who did it and the reason or message given. */
function extra(e: Entry): string | null {
  const d = e.detail as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.by === "string" && BY_LABELS[d.by]) parts.push(`by ${BY_LABELS[d.by]}`);
  const why = [d.message, d.reason].find((v) => typeof v === "string" && v.trim() !== "");
  if (typeof why === "string") parts.push(why);
  return parts.length ? parts.join(" · ") : null;
}

/** The application's timeline, oldest first: every status, review and response change. */
export function ApplicationTimeline({ timeline }: { timeline: Entry[] }) {
  if (timeline.length === 0) {
    return <p className="text-sm text-muted-foreground">Nothing has happened yet.</p>;
  }
  return (
    <ol className="grid gap-3 border-l pl-4" data-test="application-timeline">
      {timeline.map((e) => {
        const more = extra(e);
        return (
          <li key={e.id} className="relative text-sm" data-test="timeline-entry" data-kind={e.kind}>
            <span
              aria-hidden
              className="absolute top-1.5 -left-[1.3rem] size-2 rounded-full bg-primary ring-4 ring-background"
            />
            <p className="font-medium">{timelineSentence(e)}</p>
            {more ? <p className="text-muted-foreground [overflow-wrap:anywhere]">{more}</p> : null}
            <p className="text-xs text-muted-foreground">
              <time dateTime={e.at} title={exactTime(e.at)}>
                {relativeTime(e.at)}
              </time>
            </p>
          </li>
        );
      })}
    </ol>
  );
}
