/**
 * The sources a resume may cite, loaded for the caller inside their RLS transaction: the profile,
 * career preferences, CONFIRMED career-record entries, synced repositories (with their grounded
 * descriptions) and verified certificates — nothing else. Each becomes a {@link ResumeSource}:
 * its ref (`kind:id`, what claims cite), its fields (what the prompt shows) and its text (what the
 * no-fabrication guard searches, dates also in words, durations derived).
 *
 * Every query filters by `auth.uid()` as well as RLS (admins' select policies would otherwise
 * hand an admin everyone's rows as "their" sources).
 */
import type { ResumeSourceKind } from "../_shared/contract/resume.ts";
import { dateWords, durationWords, type GroundingSource } from "../_shared/contract/grounding.ts";
// postgres.js's transaction type directly (not _shared/db.ts, which needs Hono): the runner loads
// the same sources for the cover letters of batch and auto applications.
import type postgres from "postgres";

type Tx = postgres.TransactionSql;

export interface ResumeSource extends GroundingSource {
  kind: ResumeSourceKind;
  id: string;
  /** For the record entries: the entry's kind (work, education, …). */
  entryKind?: string;
  /** One line for people ("Acme Payments — Senior Backend Engineer"). */
  label: string;
  fields: Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");
const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** All text of a value, flattened (arrays and objects joined by newlines). */
function flatText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(flatText).join("\n");
  if (typeof v === "object") return Object.values(v as Record<string, unknown>).map(flatText).join("\n");
  return String(v);
}

function source(
  kind: ResumeSourceKind,
  id: string,
  label: string,
  fields: Record<string, unknown>,
  extra: string[] = [],
  entryKind?: string,
): ResumeSource {
  return {
    ref: `${kind}:${id}`,
    kind,
    id,
    entryKind,
    label,
    fields,
    text: [flatText(fields), ...extra].filter(Boolean).join("\n"),
  };
}

interface ProfileRow {
  id: string;
  email: string;
  display_name: string | null;
  github_username: string | null;
  linkedin_url: string | null;
}

/** The profile's fields as a source (name, email, GitHub, LinkedIn). */
export async function loadProfile(tx: Tx): Promise<{ row: ProfileRow; source: ResumeSource }> {
  const [row] = await tx<ProfileRow[]>`
    select id, email, display_name, github_username, linkedin_url from public.profiles where id = auth.uid()`;
  if (!row) throw new Error("profile missing for the signed-in user");
  const fields: Record<string, unknown> = {
    name: row.display_name ?? row.email.split("@")[0],
    email: row.email,
    ...(row.github_username
      ? { github: row.github_username, github_url: `https://github.com/${row.github_username}` }
      : {}),
    ...(row.linkedin_url ? { linkedin_url: row.linkedin_url } : {}),
  };
  return { row, source: source("profile", row.id, "Your profile", fields) };
}

/**
 * Verified certificates as sources (the verification stack's `public.certificates`, status
 * verified, government IDs excluded): the title and issuer the admin verified, else the OCR's
 * guesses. This is the one place the certificate source kind is loaded.
 */
export async function loadCertificateSources(tx: Tx): Promise<ResumeSource[]> {
  // Government IDs verify the person, not a skill: they are never a resume source.
  const rows = await tx<
    {
      id: string;
      document_type: string;
      title: string | null;
      issuer: string | null;
      ocr_extract_json: unknown;
      reviewed_at: Date | null;
    }[]
  >`
    select id, document_type::text, title, issuer, ocr_extract_json, reviewed_at from public.certificates
     where user_id = auth.uid() and status = 'verified' and document_type <> 'government_id'`;
  return rows.map((r) => {
    const ocr = (r.ocr_extract_json && typeof r.ocr_extract_json === "object" ? r.ocr_extract_json : {}) as {
      fields?: Record<string, unknown>;
    };
    const f = (ocr.fields && typeof ocr.fields === "object" ? ocr.fields : {}) as Record<string, unknown>;
    const fields = {
      name: str(r.title) || str(f.title) || "Certificate",
      issuer: str(r.issuer) || str(f.issuer) || undefined,
      date: str(f.issue_date) || (r.reviewed_at ? r.reviewed_at.toISOString().slice(0, 10) : undefined),
      url: str(f.credential_url) || undefined,
      document_type: r.document_type,
    };
    return source("certificate", r.id, `Certificate: ${fields.name}`, fields, [dateWords(fields.date)]);
  });
}

interface EntryRow {
  id: string;
  kind: string;
  data: Record<string, unknown>;
}

interface RepoRow {
  id: string;
  name: string;
  full_name: string;
  html_url: string;
  description: string | null;
  description_ai: string | null;
  /** The user's own edit of the description: their declaration, cited instead of the AI text. */
  description_user: string | null;
  languages: string[];
  topics: string[];
  pushed_at: Date | null;
  has_intro_video: boolean;
}

/** Everything the caller's resume may cite. */
export async function loadSources(tx: Tx, today = new Date()): Promise<ResumeSource[]> {
  const { source: profile } = await loadProfile(tx);
  const out: ResumeSource[] = [profile];

  const [prefs] = await tx<{ roles: string[]; locations: string[]; min_lpa: string | null }[]>`
    select coalesce(o.roles_targeted, '{}') || coalesce(j.roles, '{}') as roles,
           coalesce(o.preferred_locations, '{}') || coalesce(j.locations, '{}') as locations,
           coalesce(o.min_target_lpa, j.min_lpa)::text as min_lpa
      from (select auth.uid() as uid) me
      left join public.onboarding o on o.user_id = me.uid
      left join public.job_settings j on j.user_id = me.uid`;
  if (prefs && (prefs.roles.length || prefs.locations.length)) {
    out.push(
      source("career_prefs", profile.id, "Your career preferences", {
        roles: [...new Set(prefs.roles)],
        locations: [...new Set(prefs.locations)],
      }),
    );
  }

  const entries = await tx<EntryRow[]>`
    select id, kind::text, data from public.career_entries
     where user_id = auth.uid() and status = 'confirmed'
     order by kind, position, created_at`;
  for (const e of entries) {
    const d = e.data;
    const extra = [dateWords(str(d.start_date)), dateWords(str(d.end_date)), dateWords(str(d.date))];
    if (e.kind === "work") extra.push(durationWords(str(d.start_date), str(d.end_date) || null, today));
    const label = e.kind === "work"
      ? `${str(d.organization)} — ${str(d.title)}`
      : e.kind === "education"
      ? `${str(d.institution)}${d.area ? ` — ${str(d.area)}` : ""}`
      : e.kind === "skill"
      ? `Skill: ${str(d.name)}`
      : e.kind === "achievement"
      ? `Achievement: ${str(d.title)}`
      : `Link: ${str(d.label) || str(d.url)}`;
    out.push(source("record", e.id, label, { kind: e.kind, ...d }, extra, e.kind));
  }

  const repos = await tx<RepoRow[]>`
    select r.id, r.name, r.full_name, r.html_url, r.description, r.description_ai, r.description_user,
           array(select l.key from jsonb_each(r.languages) l
                 order by (case when jsonb_typeof(l.value) = 'number' then (l.value)::numeric else 0 end) desc, l.key)
             as languages,
           r.topics, r.pushed_at, r.has_intro_video
      from public.repositories r
     where r.user_id = auth.uid() and not r.fork
     order by r.pushed_at desc nulls last, r.name
     limit 40`;
  for (const r of repos) out.push(repositorySource(r));

  out.push(...(await loadCertificateSources(tx)));
  return out;
}

/** A repository as a source (also used by the auto-update consumer's shape). */
export function repositorySource(r: RepoRow): ResumeSource {
  return source("repository", r.id, `Repository: ${r.full_name}`, {
    name: r.name,
    full_name: r.full_name,
    url: r.html_url,
    description: r.description ?? undefined,
    // An edited description replaces the AI text it corrects: what the user removed is not citable.
    description_ai: r.description_user ? undefined : r.description_ai ?? undefined,
    description_user: r.description_user ?? undefined,
    languages: r.languages,
    topics: r.topics,
    last_push: r.pushed_at ? r.pushed_at.toISOString().slice(0, 10) : undefined,
  }, [r.name.replace(/[-_]/g, " "), ...list(r.topics).map((t) => t.replace(/-/g, " "))]);
}
