/**
 * Onboarding Profile routes: the caller's onboarding answers (`/v1/onboarding`) and job-control
 * settings (`/v1/settings/job`). Every statement runs inside `asUser` (RLS: own row only); the
 * owner is always the token's `sub`, never a `user_id` from the request.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { COMPANY_TYPES, PORTALS } from "../_shared/contract/enums.ts";
import { currentUser, requireUser } from "../_shared/auth.ts";
import { asUser, type Tx } from "../_shared/db.ts";
import { text } from "../_shared/text.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";

export const onboarding = createRouter();

// ---------------------------------------------------------------- shared shapes

/** At most this many roles / locations per list, each at most {@link MAX_ITEM_LENGTH} characters. */
export const MAX_ITEMS = 10;
export const MAX_ITEM_LENGTH = 80;
/** Raw entries accepted before cleaning (bounds the work; the cleaned list must fit MAX_ITEMS). */
const MAX_RAW_ITEMS = 100;
export const MAX_LPA = 1000;

/** Portals and company types a job search can be limited to: the contract's vocabularies. */
export { COMPANY_TYPES, PORTALS };
export const WIZARD_STEPS = ["profile", "career", "integrations", "review"] as const;

/** GitHub's login rule: 1–39 letters, digits or hyphens, not starting with a hyphen. */
const GITHUB_LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;

/**
 * A user-typed list, cleaned: each entry trimmed with inner whitespace collapsed, empty entries
 * dropped, duplicates (ignoring case) dropped keeping the first spelling, order kept.
 */
export function cleanList(items: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of items) {
    const item = raw.trim().replace(/\s+/g, " ");
    const key = item.toLowerCase();
    if (item === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** True when `n` has at most two decimal places (tolerating binary floating-point noise). */
export function hasAtMostTwoDecimals(n: number): boolean {
  const cents = n * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6;
}

/** A list of free-text entries (roles, locations): cleaned, then at most 10 × 80 characters. */
const textList = (noun: string, example: string[]) =>
  z
    .array(text().trim().max(MAX_ITEM_LENGTH, `Each ${noun} has at most ${MAX_ITEM_LENGTH} characters.`))
    .max(MAX_RAW_ITEMS, `At most ${MAX_ITEMS} ${noun}s.`)
    .transform(cleanList)
    .pipe(z.array(z.string()).max(MAX_ITEMS, `At most ${MAX_ITEMS} ${noun}s.`))
    .openapi({
      description:
        `Up to ${MAX_ITEMS} ${noun}s of at most ${MAX_ITEM_LENGTH} characters. Entries are trimmed, ` +
        "empty ones dropped and duplicates (ignoring case) removed, keeping the first spelling.",
      example,
    });

/** A salary in lakh rupees per annum: 0..1000 with at most two decimals, or null (none). */
const lpa = (description: string) =>
  z
    .number()
    .min(0, "Must not be negative.")
    .max(MAX_LPA, `At most ${MAX_LPA} LPA.`)
    .refine(hasAtMostTwoDecimals, "At most two decimal places.")
    .nullable()
    .openapi({ description, example: 12.5 });

/** A set of enum values, duplicates dropped. */
const enumSet = <const T extends readonly [string, ...string[]]>(values: T, description: string) =>
  z
    .array(z.enum(values))
    .max(MAX_RAW_ITEMS)
    .transform((items) => [...new Set(items)])
    .openapi({ description, example: [values[0]] });

const WizardStep = z.enum(WIZARD_STEPS).openapi({
  description: "Where the onboarding wizard resumes.",
  example: "career",
});

const GithubUsername = z
  .string()
  .trim()
  .refine(
    (v) => v === "" || GITHUB_LOGIN.test(v),
    "A GitHub username has 1–39 letters, digits or hyphens and does not start with a hyphen.",
  )
  .transform((v) => (v === "" ? null : v))
  .nullable()
  .openapi({
    description: "GitHub login (1–39 letters, digits or hyphens, not starting with a hyphen); " +
      "`null` or an empty string clears it. Also shown as the profile's GitHub username.",
    example: "asha-rao",
  });

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
const numberOrNull = (v: string | number | null) => (v === null ? null : Number(v));

// ---------------------------------------------------------------- onboarding record

/** The caller's onboarding as the API shows it (`id`, timestamps null until first saved). */
export const Onboarding = z
  .object({
    id: z.uuid().nullable().openapi({ description: "Null until the first save." }),
    user_id: z.uuid(),
    roles_targeted: z.array(z.string()),
    min_target_lpa: z.number().nullable().openapi({ description: "Minimum target salary in LPA." }),
    preferred_locations: z.array(z.string()),
    github_username: z.string().nullable(),
    completed: z.boolean(),
    completed_at: z.iso.datetime().nullable().openapi({
      description: "When onboarding was first completed; kept if `completed` is later set back to false.",
    }),
    current_step: WizardStep,
    created_at: z.iso.datetime().nullable(),
    updated_at: z.iso.datetime().nullable(),
  })
  .openapi("Onboarding");

type OnboardingBody = z.infer<typeof Onboarding>;

interface OnboardingRow {
  id: string;
  user_id: string;
  roles_targeted: string[];
  min_target_lpa: string | null;
  preferred_locations: string[];
  github_username: string | null;
  completed: boolean;
  completed_at: Date | null;
  current_step: (typeof WIZARD_STEPS)[number];
  created_at: Date;
  updated_at: Date;
}

const ONBOARDING_COLUMNS = [
  "id",
  "user_id",
  "roles_targeted",
  "min_target_lpa",
  "preferred_locations",
  "github_username",
  "completed",
  "completed_at",
  "current_step",
  "created_at",
  "updated_at",
] as const;

const toOnboarding = (r: OnboardingRow): OnboardingBody => ({
  ...r,
  min_target_lpa: numberOrNull(r.min_target_lpa),
  completed_at: isoOrNull(r.completed_at),
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

/** What GET answers before the user has saved anything. */
const defaultOnboarding = (userId: string): OnboardingBody => ({
  id: null,
  user_id: userId,
  roles_targeted: [],
  min_target_lpa: null,
  preferred_locations: [],
  github_username: null,
  completed: false,
  completed_at: null,
  current_step: "profile",
  created_at: null,
  updated_at: null,
});

async function ownOnboarding(tx: Tx): Promise<OnboardingRow | undefined> {
  const [row] = await tx<OnboardingRow[]>`
    select ${tx(ONBOARDING_COLUMNS)} from public.onboarding where user_id = auth.uid()`;
  return row;
}

// ---------------------------------------------------------------- GET /v1/onboarding

const getOnboarding = createRoute({
  method: "get",
  path: "/v1/onboarding",
  tags: ["onboarding"],
  summary: "The signed-in user's onboarding answers (an empty, unsaved record before the first save)",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  responses: {
    200: { description: "The onboarding record", content: { "application/json": { schema: Onboarding } } },
    ...errorResponses(401),
  },
});

onboarding.openapi(getOnboarding, async (c) => {
  const user = currentUser(c);
  const row = await asUser(c, ownOnboarding);
  return c.json(row ? toOnboarding(row) : defaultOnboarding(user.id), 200);
});

// ---------------------------------------------------------------- PUT /v1/onboarding

export const OnboardingUpdate = z
  .strictObject({
    roles_targeted: textList("role", ["Backend Engineer", "Data Engineer"]).optional(),
    min_target_lpa: lpa("Minimum target salary in LPA (0..1000, two decimals); null clears it.").optional(),
    preferred_locations: textList("location", ["Bengaluru", "Remote"]).optional(),
    github_username: GithubUsername.optional(),
    completed: z.boolean().optional().openapi({
      description: "True finishes onboarding. The first time, `user.onboarding.completed` is emitted " +
        "(exactly once per user, however often it is saved again).",
    }),
    current_step: WizardStep.optional(),
  })
  .openapi("OnboardingUpdate", {
    description: "Every field is optional: the wizard saves step by step. Fields sent replace the stored " +
      "values; fields left out keep theirs. Unknown fields (including `user_id`) are refused.",
  });

const putOnboarding = createRoute({
  method: "put",
  path: "/v1/onboarding",
  tags: ["onboarding"],
  summary: "Save onboarding answers (partial per-step saves merge into the stored record)",
  description: "Creates the caller's onboarding record on the first save. Only the fields sent change; " +
    "lists are trimmed and de-duplicated (ignoring case). `completed: true` emits " +
    "`user.onboarding.completed` the first time only.",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { body: { required: true, content: { "application/json": { schema: OnboardingUpdate } } } },
  responses: {
    200: { description: "The saved record", content: { "application/json": { schema: Onboarding } } },
    ...errorResponses(401, 422),
  },
});

onboarding.openapi(putOnboarding, async (c) => {
  const input = c.req.valid("json");
  const columns = Object.keys(input) as (keyof typeof input)[];
  const row = await asUser(c, async (tx) => {
    if (columns.length === 0) {
      // Nothing to change: make sure the record exists.
      await tx`insert into public.onboarding (user_id) values (auth.uid()) on conflict (user_id) do nothing`;
    } else {
      // user_id defaults to auth.uid(); RLS refuses any other owner (42501 → 403).
      await tx`
        insert into public.onboarding ${tx(input, columns)}
        on conflict (user_id) do update set ${tx(input, columns)}`;
    }
    return await ownOnboarding(tx);
  });
  if (!row) throw new AppError("internal_error", "The onboarding record could not be saved.");
  return c.json(toOnboarding(row), 200);
});

// ---------------------------------------------------------------- job settings record

/** The caller's job settings as the API shows them (`id`, `updated_at` null until first saved). */
export const JobSettings = z
  .object({
    id: z.uuid().nullable().openapi({ description: "Null until the first save." }),
    user_id: z.uuid(),
    search_active: z.boolean(),
    auto_apply: z.boolean(),
    portals: z.array(z.enum(PORTALS)),
    roles: z.array(z.string()),
    locations: z.array(z.string()),
    min_lpa: z.number().nullable(),
    company_types: z.array(z.enum(COMPANY_TYPES)),
    updated_at: z.iso.datetime().nullable(),
  })
  .openapi("JobSettings");

type JobSettingsBody = z.infer<typeof JobSettings>;

interface JobSettingsRow {
  id: string;
  user_id: string;
  search_active: boolean;
  auto_apply: boolean;
  portals: (typeof PORTALS)[number][];
  roles: string[];
  locations: string[];
  min_lpa: string | null;
  company_types: (typeof COMPANY_TYPES)[number][];
  updated_at: Date;
}

const JOB_SETTINGS_COLUMNS = [
  "id",
  "user_id",
  "search_active",
  "auto_apply",
  "portals",
  "roles",
  "locations",
  "min_lpa",
  "company_types",
  "updated_at",
] as const;

const JOB_SETTINGS_INPUT = [
  "search_active",
  "auto_apply",
  "portals",
  "roles",
  "locations",
  "min_lpa",
  "company_types",
] as const;

const toJobSettings = (r: JobSettingsRow): JobSettingsBody => ({
  ...r,
  min_lpa: numberOrNull(r.min_lpa),
  updated_at: r.updated_at.toISOString(),
});

// ---------------------------------------------------------------- GET /v1/settings/job

const getJobSettings = createRoute({
  method: "get",
  path: "/v1/settings/job",
  tags: ["settings"],
  summary: "The signed-in user's job-control settings",
  description: "Before the first save: search and auto-apply off, no portals or company types, and the " +
    "roles, locations and minimum LPA from the user's onboarding answers as suggested filters.",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  responses: {
    200: { description: "The job settings", content: { "application/json": { schema: JobSettings } } },
    ...errorResponses(401),
  },
});

onboarding.openapi(getJobSettings, async (c) => {
  const user = currentUser(c);
  const body = await asUser(c, async (tx): Promise<JobSettingsBody> => {
    const [row] = await tx<JobSettingsRow[]>`
      select ${tx(JOB_SETTINGS_COLUMNS)} from public.job_settings where user_id = auth.uid()`;
    if (row) return toJobSettings(row);
    const answers = await ownOnboarding(tx);
    return {
      id: null,
      user_id: user.id,
      search_active: false,
      auto_apply: false,
      portals: [],
      roles: answers?.roles_targeted ?? [],
      locations: answers?.preferred_locations ?? [],
      min_lpa: numberOrNull(answers?.min_target_lpa ?? null),
      company_types: [],
      updated_at: null,
    };
  });
  return c.json(body, 200);
});

// ---------------------------------------------------------------- PUT /v1/settings/job

export const JobSettingsUpdate = z
  .strictObject({
    search_active: z.boolean().openapi({ description: "Run the job search (needs a portal and a role)." }),
    auto_apply: z.boolean().openapi({ description: "Apply automatically to matching jobs." }),
    portals: enumSet(PORTALS, `Portals to search: any of ${PORTALS.join(", ")}.`),
    roles: textList("role", ["Backend Engineer"]),
    locations: textList("location", ["Bengaluru"]),
    min_lpa: lpa("Minimum salary in LPA (0..1000, two decimals); null for no minimum."),
    company_types: enumSet(
      COMPANY_TYPES,
      `Company types to limit the search to (empty = any): ${COMPANY_TYPES.join(", ")}.`,
    ),
  })
  .superRefine((v, ctx) => {
    if (!v.search_active) return;
    if (v.portals.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["portals"],
        message: "Choose at least one portal to start the job search.",
      });
    }
    if (v.roles.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["roles"],
        message: "Add at least one role to start the job search.",
      });
    }
  })
  .openapi("JobSettingsUpdate", {
    description: "The whole settings object (PUT replaces it): every field is required. Unknown fields " +
      "(including `user_id`) are refused; `search_active: true` needs at least one portal and one role.",
  });

const putJobSettings = createRoute({
  method: "put",
  path: "/v1/settings/job",
  tags: ["settings"],
  summary: "Replace the signed-in user's job-control settings",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { body: { required: true, content: { "application/json": { schema: JobSettingsUpdate } } } },
  responses: {
    200: { description: "The saved settings", content: { "application/json": { schema: JobSettings } } },
    ...errorResponses(401, 422),
  },
});

onboarding.openapi(putJobSettings, async (c) => {
  const input = c.req.valid("json");
  const row = await asUser(c, async (tx) => {
    const [saved] = await tx<JobSettingsRow[]>`
      insert into public.job_settings ${tx(input, JOB_SETTINGS_INPUT)}
      on conflict (user_id) do update set ${tx(input, JOB_SETTINGS_INPUT)}
      returning ${tx(JOB_SETTINGS_COLUMNS)}`;
    return saved;
  });
  return c.json(toJobSettings(row), 200);
});
