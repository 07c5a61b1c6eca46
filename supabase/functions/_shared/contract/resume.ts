/**
 * A resume's content: the JSON Resume schema (https://jsonresume.org/schema, v1.0.0) as stored in
 * `resume_versions.content_json`, with CareerPilot's provenance in `meta.provenance`. The content
 * stays plain JSON Resume (any JSON Resume tool can read it); every published claim's JSON pointer
 * maps to the source entries it rests on, so a renderer, a diff or a reviewer can trace each line.
 *
 * Shared by the `resumes` function (builds and guards it), the runner (renders the PDF and parses it
 * back) and the web app (preview, diff, provenance popovers).
 */
import { z } from "zod";

/** What a claim may rest on: the user's own rows, nothing else. */
export const RESUME_SOURCE_KINDS = [
  "profile",
  "career_prefs",
  "record",
  "repository",
  "certificate",
] as const;
export type ResumeSourceKind = (typeof RESUME_SOURCE_KINDS)[number];

/** One source entry a claim cites: `record` = a confirmed career-record entry's id, `repository` = `repositories.id`, … */
export const SourceRef = z.object({
  kind: z.enum(RESUME_SOURCE_KINDS),
  id: z.string().min(1),
});
export type SourceRef = z.infer<typeof SourceRef>;

/** The templates a resume can be rendered with: single-column ATS-safe, and a modern two-tone one. */
export const RESUME_TEMPLATES = ["ats", "modern"] as const;
export type ResumeTemplate = (typeof RESUME_TEMPLATES)[number];

/** `resume_versions.generated_from`. */
export const RESUME_GENERATED_FROM = ["ai", "auto_update", "import", "manual"] as const;
export type ResumeGeneratedFrom = (typeof RESUME_GENERATED_FROM)[number];

const Iso = z.string(); // JSON Resume dates: YYYY, YYYY-MM or YYYY-MM-DD
const Url = z.string();

export const JsonResumeLocation = z.object({
  address: z.string().optional(),
  postalCode: z.string().optional(),
  city: z.string().optional(),
  countryCode: z.string().optional(),
  region: z.string().optional(),
});

export const JsonResumeBasics = z.object({
  name: z.string(),
  label: z.string().optional(),
  image: Url.optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  url: Url.optional(),
  summary: z.string().optional(),
  location: JsonResumeLocation.optional(),
  profiles: z
    .array(z.object({ network: z.string(), username: z.string().optional(), url: Url.optional() }))
    .optional(),
});

export const JsonResumeWork = z.object({
  name: z.string(),
  position: z.string().optional(),
  location: z.string().optional(),
  url: Url.optional(),
  startDate: Iso.optional(),
  endDate: Iso.optional(),
  summary: z.string().optional(),
  highlights: z.array(z.string()).optional(),
});

export const JsonResumeEducation = z.object({
  institution: z.string(),
  url: Url.optional(),
  area: z.string().optional(),
  studyType: z.string().optional(),
  startDate: Iso.optional(),
  endDate: Iso.optional(),
  score: z.string().optional(),
  courses: z.array(z.string()).optional(),
});

export const JsonResumeCertificate = z.object({
  name: z.string(),
  date: Iso.optional(),
  issuer: z.string().optional(),
  url: Url.optional(),
});

export const JsonResumeSkill = z.object({
  name: z.string(),
  level: z.string().optional(),
  keywords: z.array(z.string()).optional(),
});

export const JsonResumeProject = z.object({
  name: z.string(),
  description: z.string().optional(),
  highlights: z.array(z.string()).optional(),
  keywords: z.array(z.string()).optional(),
  startDate: Iso.optional(),
  endDate: Iso.optional(),
  /** The repository's URL. */
  url: Url.optional(),
  roles: z.array(z.string()).optional(),
  entity: z.string().optional(),
  type: z.string().optional(),
});

export const JsonResumeAward = z.object({
  title: z.string(),
  date: Iso.optional(),
  awarder: z.string().optional(),
  summary: z.string().optional(),
});

export const JsonResumeLanguage = z.object({
  language: z.string(),
  fluency: z.string().optional(),
});

/** CareerPilot's `meta`: JSON Resume's own fields plus provenance and rendering hints. */
export const ResumeMeta = z.object({
  canonical: Url.optional(),
  version: z.string().optional(),
  lastModified: z.string().optional(),
  /** JSON pointer of a published claim (e.g. `/work/0/highlights/1`, `/skills/2`) → its sources. */
  provenance: z.record(z.string(), z.array(SourceRef)),
  template: z.enum(RESUME_TEMPLATES).optional(),
  /** Project name → a stable, revocable share page for its intro video (the PDF links it). */
  videoLinks: z.record(z.string(), Url).optional(),
});

/** `resume_versions.content_json`. */
export const ResumeDocument = z.object({
  $schema: z.string().optional(),
  basics: JsonResumeBasics,
  work: z.array(JsonResumeWork).optional(),
  education: z.array(JsonResumeEducation).optional(),
  certificates: z.array(JsonResumeCertificate).optional(),
  skills: z.array(JsonResumeSkill).optional(),
  projects: z.array(JsonResumeProject).optional(),
  awards: z.array(JsonResumeAward).optional(),
  languages: z.array(JsonResumeLanguage).optional(),
  meta: ResumeMeta,
});
export type ResumeDocument = z.infer<typeof ResumeDocument>;

/** The runner's parse-back check of a rendered PDF (`resume_versions.pdf_check`). */
export const ResumePdfCheck = z.object({
  /** Share of the content's text tokens found in the PDF's extracted text in the same order (0–1; target ≥ 0.9). */
  fidelity: z.number().min(0).max(1),
  /** Sections present in the content whose heading is not found in the PDF text. */
  missing_sections: z.array(z.string()),
  /** True when the extracted text holds replacement characters, unmapped glyphs or mojibake. */
  garbled: z.boolean(),
  /** Every font in the PDF is embedded (subset allowed). */
  fonts_embedded: z.boolean(),
  pages: z.number().int().min(1),
});
export type ResumePdfCheck = z.infer<typeof ResumePdfCheck>;

// ---------------------------------------------------------------------------------------------
// The career record (`public.career_entries`): what a user declared, by kind.
// ---------------------------------------------------------------------------------------------

/** The kinds of career-record entries (`public.career_entry_kind`). */
export const CAREER_ENTRY_KINDS = ["work", "education", "skill", "achievement", "link"] as const;
export type CareerEntryKind = (typeof CAREER_ENTRY_KINDS)[number];

/** `career_entries.status`: pending (imported, unconfirmed: never cited) or confirmed. */
export const CAREER_ENTRY_STATUSES = ["pending", "confirmed"] as const;
/** `career_entries.origin`. */
export const CAREER_ENTRY_ORIGINS = ["manual", "import"] as const;

/** YYYY, YYYY-MM or YYYY-MM-DD (JSON Resume's date forms). */
export const ResumeDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, "Use YYYY, YYYY-MM or YYYY-MM-DD.");

const line = (max: number) => z.string().trim().min(1).max(max);

export const WorkEntry = z.strictObject({
  organization: line(120),
  title: line(120),
  location: line(120).optional(),
  start_date: ResumeDate.optional(),
  end_date: ResumeDate.optional(),
  summary: line(1000).optional(),
  highlights: z.array(line(400)).max(20).default([]),
});
export const EducationEntry = z.strictObject({
  institution: line(160),
  area: line(120).optional(),
  study_type: line(80).optional(),
  start_date: ResumeDate.optional(),
  end_date: ResumeDate.optional(),
  score: line(40).optional(),
});
export const SkillEntry = z.strictObject({
  name: line(80),
  level: line(40).optional(),
  keywords: z.array(line(60)).max(30).default([]),
});
export const AchievementEntry = z.strictObject({
  title: line(200),
  date: ResumeDate.optional(),
  awarder: line(120).optional(),
  summary: line(1000).optional(),
});
export const LinkEntry = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(500),
  network: line(40).optional(),
  label: line(80).optional(),
});

/** An entry's `data`, by kind. */
export const CAREER_ENTRY_DATA = {
  work: WorkEntry,
  education: EducationEntry,
  skill: SkillEntry,
  achievement: AchievementEntry,
  link: LinkEntry,
} as const satisfies Record<CareerEntryKind, z.ZodType>;

/** `{kind, data}` checked together. */
export const CareerEntryInput = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("work"), data: WorkEntry }),
  z.strictObject({ kind: z.literal("education"), data: EducationEntry }),
  z.strictObject({ kind: z.literal("skill"), data: SkillEntry }),
  z.strictObject({ kind: z.literal("achievement"), data: AchievementEntry }),
  z.strictObject({ kind: z.literal("link"), data: LinkEntry }),
]);
export type CareerEntryInput = z.infer<typeof CareerEntryInput>;

/** One claim the no-fabrication guard refused (`resume_versions.rejected_claims[]`, see `grounding.ts`). */
export const RejectedClaimSchema = z.object({
  pointer: z.string(),
  text: z.string(),
  sources: z.array(z.string()),
  reason: z.enum(["no_sources", "unknown_source", "unsupported_facts", "entry_rejected"]),
  facts: z.array(z.string()),
  message: z.string(),
});
