"use client";

import { ChartColumn, Table2 } from "lucide-react";
import { useId, useState } from "react";
import { cn } from "@/lib/utils";
import { CHART_PALETTE_CLASS } from "./palette";
import { ScrollRegion } from "./scroll-region";

/**
 * A chart with its numbers as a table. The table is always in the page: screen readers read it
 * (the drawing is `aria-hidden`), and anyone can switch to it with the Chart / Table toggle; in
 * chart view it is visually hidden, not removed. `summary` says in one sentence what the chart
 * shows, for everyone.
 */
export function ChartFigure({
  title,
  summary,
  chart,
  table,
  dataTest,
  empty,
}: {
  title: string;
  summary?: string;
  chart: React.ReactNode;
  table: React.ReactNode;
  dataTest: string;
  /** Shown instead of chart and table when there is nothing to draw. */
  empty?: React.ReactNode;
}) {
  const [view, setView] = useState<"chart" | "table">("chart");
  const titleId = useId();
  return (
    <figure className="grid min-w-0 gap-3" data-test={dataTest} data-view={view} aria-labelledby={titleId}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <figcaption className="min-w-0">
          <span id={titleId} className="block font-semibold">
            {title}
          </span>
          {summary ? (
            <span className="block text-sm text-muted-foreground" data-test={`${dataTest}-summary`}>
              {summary}
            </span>
          ) : null}
        </figcaption>
        {empty ? null : (
          <fieldset className="inline-flex rounded-md border p-0.5" data-test={`${dataTest}-view`}>
            <legend className="sr-only">Show {title.toLowerCase()} as</legend>
            {(["chart", "table"] as const).map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={view === v}
                onClick={() => setView(v)}
                data-test={`${dataTest}-view-${v}`}
                className={cn(
                  "inline-flex items-center gap-1.5 rounded px-2.5 py-1 text-xs font-medium text-muted-foreground outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
                  view === v && "bg-muted text-foreground",
                )}
              >
                {v === "chart" ? <ChartColumn className="size-3.5" /> : <Table2 className="size-3.5" />}
                {v === "chart" ? "Chart" : "Table"}
              </button>
            ))}
          </fieldset>
        )}
      </div>
      {empty ?? (
        <>
          {view === "chart" ? (
            <div aria-hidden className={cn("min-w-0", CHART_PALETTE_CLASS)} data-test={`${dataTest}-chart`}>
              {chart}
            </div>
          ) : null}
          {view === "chart" ? (
            <div className="sr-only" data-test={`${dataTest}-table`}>
              {table}
            </div>
          ) : (
            <ScrollRegion label={`${title}: table`} data-test={`${dataTest}-table`}>
              {table}
            </ScrollRegion>
          )}
        </>
      )}
    </figure>
  );
}
