"use client";

import dynamic from "next/dynamic";

/** The space a chart takes while recharts loads, so nothing jumps when it arrives. */
function ChartSkeleton() {
  return <div className="h-[260px] w-full animate-pulse rounded-lg bg-muted/60" data-test="chart-loading" />;
}

/**
 * The charts, loaded on demand: recharts (about 100 kB gzipped) is fetched after the page shows
 * and only by the routes that render one of these, keeping every route's first-load JavaScript
 * within budget. Charts measure their container, so they render in the browser only.
 */
export const SeriesChart = dynamic(() => import("./series-chart"), {
  ssr: false,
  loading: ChartSkeleton,
});

export const BarListChart = dynamic(() => import("./bar-list-chart"), {
  ssr: false,
  loading: ChartSkeleton,
});
