/**
 * What the reports' sections show, as the page hands it to them (mapped from the insights API by
 * `adapt.ts`): sections stay free of API details and are rendered the same way in tests.
 */
import type { FunnelStage, SeriesKey, SeriesPoint } from "@/components/charts/types";
import type { RateWithInterval } from "../_components/rate-interval";

export interface ApplicationsView {
  series: SeriesPoint[];
  portals: SeriesKey[];
  total: number;
  byPortal: { key: string; label: string; count: number }[];
  funnel: FunnelStage[];
  /** Applications with any employer response (viewed or further, or a rejection). */
  responded: number;
}

export interface ResumePerformanceRow {
  key: string;
  resume: string;
  version: string | null;
  applications: number;
  viewed: number;
  shortlisted: number;
  interview: number;
  offer: number;
  response: RateWithInterval;
  /** The admin console links each resume's row to its owner. */
  ownerHref?: string;
}

export type GapSeverity = "high" | "medium" | "low";

export interface SkillGapView {
  id: string;
  skill: string;
  severity: GapSeverity;
  /** How many of the user's matching jobs ask for it, out of how many. */
  jobs: number;
  ofJobs: number | null;
  examples: { id: string; title: string; company: string | null }[];
  /** What would close the gap, in words. */
  close: string | null;
}
