/**
 * What the chart components draw: presentation data, not API shapes, so one chart serves the
 * user's reports and the admin console (each page maps its API response to these).
 */

/** One series of a stacked chart (a portal, a status …). */
export interface SeriesKey {
  key: string;
  label: string;
}

/** One bucket of a time series: its label on the axis and a count per series key. */
export interface SeriesPoint {
  /** ISO date of the bucket's start (a day, a week's Monday, a month's first day). */
  bucket: string;
  /** How the axis names it ("2 Nov", "Nov 2026"). */
  label: string;
  values: Record<string, number>;
}

/** One stage of a funnel, in order. */
export interface FunnelStage {
  key: string;
  label: string;
  count: number;
}

/** One bar of a ranked list (top portals, top skills …). */
export interface RankedBar {
  key: string;
  label: string;
  value: number;
}
