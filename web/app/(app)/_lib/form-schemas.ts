/**
 * The signed-in app's form schemas: one per form, shared by the form (messages beside fields)
 * and mirroring what the onboarding stack's zod accepts (it re-validates every request).
 * The forms import this module when they submit (`await import(...)`), so zod is not in any
 * page's first-load JavaScript; labels, suggestions and the LPA rule live in forms.ts.
 */
import * as z from "zod/mini";
import { COMPANY_TYPES, MAX_ITEM_LENGTH, MAX_ITEMS, type NotificationPreferences, PORTALS } from "@/lib/api";
import { lpaIssue } from "./forms";

/** The display-name rule of `PATCH /v1/auth/profile`, for the forms that edit it. */
export const ProfileUpdate = z.object({
  display_name: z
    .string()
    .check(z.trim(), z.minLength(1, "Enter a display name"), z.maxLength(80, "Keep it under 80 characters")),
});

/** GitHub's login rule: 1–39 letters, digits or hyphens, not starting with a hyphen. */
const GITHUB_LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
/** A LinkedIn profile address: https://www.linkedin.com/in/<handle>. */
const LINKEDIN_URL =
  /^https?:\/\/([a-z]{2,3}\.)?linkedin\.com\/(in|pub)\/[^\s/?#\p{Cc}]+\/?(\?[^\s\p{Cc}]*)?$/iu;

/** A salary typed in LPA: empty (none) or 0..1000 with at most two decimals (rules in forms.ts). */
export const LpaText = z.pipe(
  z.string().check(
    z.trim(),
    z.refine((v) => lpaIssue(v) === null, { error: (issue) => lpaIssue(String(issue.input)) ?? "" }),
  ),
  z.transform((v: string) => (v === "" ? null : Number(v))),
);

const list = (noun: string) =>
  z
    .array(
      z
        .string()
        .check(z.maxLength(MAX_ITEM_LENGTH, `Each ${noun} has at most ${MAX_ITEM_LENGTH} characters.`)),
    )
    .check(z.maxLength(MAX_ITEMS, `At most ${MAX_ITEMS} ${noun}s.`));

/** Onboarding step 1: profile. */
export const ProfileStepForm = z.object({
  display_name: ProfileUpdate.shape.display_name,
  linkedin_url: z.string().check(
    z.trim(),
    z.refine(
      (v) => v === "" || LINKEDIN_URL.test(v),
      "Enter your LinkedIn profile URL, like https://www.linkedin.com/in/your-name",
    ),
  ),
  github_username: z.string().check(
    z.trim(),
    z.refine(
      (v) => v === "" || GITHUB_LOGIN.test(v),
      "A GitHub username has 1–39 letters, digits or hyphens and does not start with a hyphen.",
    ),
  ),
});

/** Onboarding step 2 and Settings › Career preferences. */
export const CareerPrefsForm = z.object({
  roles: list("role").check(z.minLength(1, "Add at least one role you are targeting.")),
  min_lpa: LpaText,
  locations: list("location"),
});

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

/** Settings › Notifications & privacy (saved through `PUT /v1/notifications/preferences`). */
export const NotificationPrefsForm = z.object({
  email_digest: z.enum(["off", "daily", "weekly"]),
  in_app: z.boolean(),
  product_updates: z.boolean(),
  email_notifications: z.boolean(),
  email_muted_types: z.array(z.string()),
}) satisfies z.ZodMiniType<NotificationPreferences>;

/** The first message per top-level field of a failed parse. */
export function issuesByField(error: z.core.$ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}
