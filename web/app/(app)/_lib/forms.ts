/**
 * The signed-in app's form schemas: one per form, shared by the form (messages beside fields)
 * and mirroring what the onboarding stack's zod accepts (it re-validates every request).
 */
import { z } from "zod";
import {
  COMPANY_TYPES,
  MAX_ITEM_LENGTH,
  MAX_ITEMS,
  MAX_LPA,
  type NotificationPreferences,
  PORTALS,
  ProfileUpdate,
} from "@/lib/api";

/** GitHub's login rule: 1–39 letters, digits or hyphens, not starting with a hyphen. */
const GITHUB_LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
/** A LinkedIn profile address: https://www.linkedin.com/in/<handle>. */
const LINKEDIN_URL =
  /^https?:\/\/([a-z]{2,3}\.)?linkedin\.com\/(in|pub)\/[^\s/?#\p{Cc}]+\/?(\?[^\s\p{Cc}]*)?$/iu;

/** A salary typed in LPA: empty (none) or 0..1000 with at most two decimals. */
export const LpaText = z
  .string()
  .trim()
  .refine(
    (v) => v === "" || /^\d+(\.\d{1,2})?$/.test(v),
    "Enter an amount in LPA, like 12.5 (up to two decimals).",
  )
  .transform((v) => (v === "" ? null : Number(v)))
  .refine((v) => v === null || v <= MAX_LPA, `At most ${MAX_LPA} LPA.`);

/** Parses typed LPA text without throwing: the number, null for empty, undefined when invalid. */
export function parseLpa(text: string): number | null | undefined {
  const r = LpaText.safeParse(text);
  return r.success ? r.data : undefined;
}

const list = (noun: string) =>
  z
    .array(z.string().max(MAX_ITEM_LENGTH, `Each ${noun} has at most ${MAX_ITEM_LENGTH} characters.`))
    .max(MAX_ITEMS, `At most ${MAX_ITEMS} ${noun}s.`);

/** Onboarding step 1: profile. */
export const ProfileStepForm = z.object({
  display_name: ProfileUpdate.shape.display_name,
  linkedin_url: z
    .string()
    .trim()
    .refine(
      (v) => v === "" || LINKEDIN_URL.test(v),
      "Enter your LinkedIn profile URL, like https://www.linkedin.com/in/your-name",
    ),
  github_username: z
    .string()
    .trim()
    .refine(
      (v) => v === "" || GITHUB_LOGIN.test(v),
      "A GitHub username has 1–39 letters, digits or hyphens and does not start with a hyphen.",
    ),
});
export type ProfileStepInput = z.input<typeof ProfileStepForm>;

/** Onboarding step 2 and Settings › Career preferences. */
export const CareerPrefsForm = z.object({
  roles: list("role").min(1, "Add at least one role you are targeting."),
  min_lpa: LpaText,
  locations: list("location"),
});
export type CareerPrefsInput = z.input<typeof CareerPrefsForm>;

/** Job Control. Portal and role rules for an active search are the server's (422 → beside the field). */
export const JobControlForm = z.object({
  search_active: z.boolean(),
  auto_apply: z.boolean(),
  portals: z.array(z.enum(PORTALS)),
  roles: list("role"),
  locations: list("location"),
  min_lpa: LpaText,
  company_types: z.array(z.enum(COMPANY_TYPES)),
});
export type JobControlInput = z.input<typeof JobControlForm>;

/** Settings › Notifications & privacy (saved through `PUT /v1/notifications/preferences`). */
export const NotificationPrefsForm = z.object({
  email_digest: z.enum(["off", "daily", "weekly"]),
  in_app: z.boolean(),
  product_updates: z.boolean(),
  email_notifications: z.boolean(),
  email_muted_types: z.array(z.string()),
}) satisfies z.ZodType<NotificationPreferences>;
export type NotificationPrefs = z.infer<typeof NotificationPrefsForm>;

/** The first message per top-level field of a failed parse. */
export function issuesByField(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
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
