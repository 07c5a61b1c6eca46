/**
 * What the signed-in app's forms show: suggestions, labels, the LPA rule, and the input types
 * of their schemas. No zod here (pages import this at first load); the schemas themselves are in
 * form-schemas.ts, imported when a form is submitted.
 */
import type * as z from "zod/mini";
import { type COMPANY_TYPES, MAX_LPA, type PORTALS } from "@/lib/api";
import type { CareerPrefsForm, JobControlForm, NotificationPrefsForm, ProfileStepForm } from "./form-schemas";

export type ProfileStepInput = z.input<typeof ProfileStepForm>;
export type CareerPrefsInput = z.input<typeof CareerPrefsForm>;
export type JobControlInput = z.input<typeof JobControlForm>;
export type NotificationPrefs = z.infer<typeof NotificationPrefsForm>;

const LPA_FORMAT = /^\d+(\.\d{1,2})?$/;

/**
 * What is wrong with typed LPA text (empty means no minimum), or null when it is fine: one
 * sentence naming the actual problem (sign, decimals, range, not a number).
 */
export function lpaIssue(text: string): string | null {
  const v = text.trim();
  if (v === "") return null;
  if (LPA_FORMAT.test(v)) return Number(v) > MAX_LPA ? `Must be at most ${MAX_LPA} LPA.` : null;
  const n = Number(v);
  if (!Number.isFinite(n)) return "Enter a number of lakhs per year, like 12.5.";
  if (n < 0) return "Must be 0 or more.";
  if (/\.\d{3,}$/.test(v)) return "Use at most two decimals, like 12.75.";
  return "Enter a number of lakhs per year, like 12.5.";
}

/** Parses typed LPA text without throwing: the number, null for empty, undefined when invalid. */
export function parseLpa(text: string): number | null | undefined {
  if (lpaIssue(text) !== null) return undefined;
  const v = text.trim();
  return v === "" ? null : Number(v);
}

/** Suggestions offered as chips. */
export const ROLE_SUGGESTIONS = [
  "Frontend Engineer",
  "Backend Engineer",
  "Full Stack Developer",
  "Data Scientist",
  "DevOps Engineer",
  "Android Developer",
];
export const LOCATION_SUGGESTIONS = [
  "Bengaluru",
  "Hyderabad",
  "Pune",
  "Chennai",
  "Mumbai",
  "Delhi NCR",
  "Remote",
];

export const PORTAL_LABELS: Record<(typeof PORTALS)[number], string> = {
  linkedin: "LinkedIn",
  naukri: "Naukri",
  indeed: "Indeed",
};

export const COMPANY_TYPE_LABELS: Record<(typeof COMPANY_TYPES)[number], string> = {
  product: "Product",
  service: "Service",
  startup: "Startup",
  mnc: "MNC",
  government: "Government",
  consulting: "Consulting",
  non_profit: "Non-profit",
};
