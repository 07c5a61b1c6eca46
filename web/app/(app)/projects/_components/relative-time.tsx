"use client";

import { useEffect, useState } from "react";
import { formatDate, timeAgo } from "../_lib/time";

/** "5 min ago", kept current while the page is open; the exact date in the tooltip. */
export function RelativeTime({
  iso,
  className,
  dataTest,
}: {
  iso: string;
  className?: string;
  dataTest?: string;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time
      dateTime={iso}
      title={formatDate(iso)}
      className={className}
      data-test={dataTest}
      suppressHydrationWarning
    >
      {timeAgo(iso, now)}
    </time>
  );
}
