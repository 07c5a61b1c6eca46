"use client";

import { useEffect, useState } from "react";

/** CareerPilot's users are mostly in India: the server, which cannot know the browser's zone, says IST. */
export const SERVER_TIME_ZONE = "Asia/Kolkata";

/** "Mon, 30 Nov, 2:30 pm IST" in `timeZone` (the zone's short name says which clock it is). */
export function formatLocalTime(iso: string, timeZone?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return new Intl.DateTimeFormat("en-IN", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(at);
}

/**
 * A moment as a wall-clock time: rendered on the server in IST, then (after hydration) in the
 * browser's own zone, so a user abroad reads their local time and one in India never sees a change.
 */
export function LocalTime({ iso, ...props }: { iso: string } & React.HTMLAttributes<HTMLTimeElement>) {
  const [text, setText] = useState(() => formatLocalTime(iso, SERVER_TIME_ZONE));
  useEffect(() => setText(formatLocalTime(iso)), [iso]);
  return (
    <time dateTime={iso} {...props}>
      {text}
    </time>
  );
}
