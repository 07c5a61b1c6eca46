/**
 * Colours of chart series. Each is a CSS custom property set by {@link CHART_PALETTE_CLASS} on the
 * chart's wrapper, with a light and a dark value, so one chart reads in both themes and the
 * series keep at least 3:1 against the card behind them (WCAG 1.4.11, graphical objects).
 */
export const CHART_PALETTE_CLASS = [
  "[--series-1:oklch(0.488_0.217_264.4)] [--series-2:oklch(0.55_0.14_163)] [--series-3:oklch(0.6_0.16_55)]",
  "[--series-4:oklch(0.55_0.2_330)] [--series-5:oklch(0.5_0.03_257)]",
  "dark:[--series-1:oklch(0.7_0.16_268)] dark:[--series-2:oklch(0.74_0.14_163)] dark:[--series-3:oklch(0.78_0.14_70)]",
  "dark:[--series-4:oklch(0.72_0.17_330)] dark:[--series-5:oklch(0.72_0.03_256)]",
].join(" ");

/** The n-th series colour (wrapping after five). */
export function seriesColor(index: number): string {
  return `var(--series-${(index % 5) + 1})`;
}
