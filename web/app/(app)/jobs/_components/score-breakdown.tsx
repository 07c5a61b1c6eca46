"use client";

import { Info } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import type { JobMatchBreakdownItem } from "@/lib/api";
import { cn } from "@/lib/utils";

/** The score's colour: green from 70, amber from 45, grey below. */
export function scoreTone(score: number): string {
  if (score >= 70) return "bg-emerald-100 text-emerald-800 ring-emerald-300";
  if (score >= 45) return "bg-amber-100 text-amber-800 ring-amber-300";
  return "bg-zinc-100 text-zinc-700 ring-zinc-300";
}

/**
 * The match score as a button; pressing it opens a popover with the breakdown the score was
 * computed from (one line per factor, its points out of its maximum, and why). Escape or a click
 * elsewhere closes it.
 */
export function ScoreBreakdown({ score, breakdown }: { score: number; breakdown: JobMatchBreakdownItem[] }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onClick = (e: MouseEvent) =>
      ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);
  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className={cn(
          "flex items-center gap-1 rounded-full px-2.5 py-1 text-sm font-semibold ring-1 tabular-nums",
          scoreTone(score),
        )}
        data-test="job-score"
        title="Why this score?"
      >
        {score}
        <span className="sr-only">% match. Show why.</span>
        <Info className="size-3.5 opacity-70" aria-hidden />
      </button>
      {open ? (
        <div
          id={id}
          role="dialog"
          aria-label="Match score breakdown"
          className="absolute right-0 z-30 mt-2 w-80 rounded-lg border bg-popover p-3 text-popover-foreground shadow-lg"
          data-test="job-score-breakdown"
        >
          <p className="mb-2 text-sm font-medium">Match score {score} / 100</p>
          <ul className="grid gap-2">
            {breakdown.map((b) => (
              <li key={b.factor} className="grid gap-0.5" data-test={`breakdown-${b.factor}`}>
                <div className="flex items-center justify-between gap-2 text-sm">
                  <span>{b.label}</span>
                  <span
                    className={cn("tabular-nums", b.points < 0 ? "text-red-700" : "text-muted-foreground")}
                  >
                    {b.points > 0 ? "+" : ""}
                    {b.points}
                    {b.max > 0 ? ` / ${b.max}` : ""}
                  </span>
                </div>
                {b.max > 0 ? (
                  <div className="h-1.5 overflow-hidden rounded-full bg-muted" aria-hidden>
                    <div
                      className={cn("h-full rounded-full", b.points < 0 ? "bg-red-500" : "bg-primary")}
                      style={{ width: `${Math.max(0, Math.min(100, (Math.abs(b.points) / b.max) * 100))}%` }}
                    />
                  </div>
                ) : null}
                <p className="text-xs text-muted-foreground">{b.detail}</p>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
