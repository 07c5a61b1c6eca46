/**
 * From Gemini's structured answer to a published JSON Resume — through the no-fabrication guard.
 *
 * Gemini answers {@link BuildAnswer}: every field is a claim `{text, sources[]}` citing source refs
 * (`record:<id>`, `repository:<id>`, …) from the prompt. Each claim is checked by
 * `_shared/contract/grounding.ts` against the caller's loaded sources; a claim that passes is
 * published at its JSON pointer with its sources in `meta.provenance`; one that fails goes to
 * `rejected` with the reason. An entry whose key claim fails (an employer, an institution, a
 * skill, a project or award name) is left out whole, and its other claims are listed as
 * `entry_rejected`. Rejected claims' pointers are positions in Gemini's answer; published ones are
 * positions in the document. Contact details (name, email, links) come from the profile and the
 * record directly, not from the model. Pure: no I/O.
 */
import { z } from "zod";
import { checkClaim, type RejectedClaim } from "../_shared/contract/grounding.ts";
import type { ResumeDocument, SourceRef } from "../_shared/contract/resume.ts";
import type { ResumeSource } from "./sources.ts";

const Claim = z.object({
  text: z.string().trim().max(2000),
  sources: z.array(z.string().max(200)).max(20).default([]),
});
type Claim = z.infer<typeof Claim>;
const Opt = Claim.nullish();
const Claims = (max: number) => z.array(Claim).max(max).default([]);

/** Gemini's answer to a build (its JSON schema is {@link BUILD_RESPONSE_SCHEMA}). */
export const BuildAnswer = z.object({
  label: Opt,
  summary: Opt,
  work: z
    .array(z.object({
      name: Claim,
      position: Opt,
      location: Opt,
      startDate: Opt,
      endDate: Opt,
      summary: Opt,
      highlights: Claims(12),
    }))
    .max(20)
    .default([]),
  education: z
    .array(z.object({
      institution: Claim,
      area: Opt,
      studyType: Opt,
      startDate: Opt,
      endDate: Opt,
      score: Opt,
    }))
    .max(10)
    .default([]),
  skills: z.array(z.object({ name: Claim, level: Opt, keywords: Claims(20) })).max(40).default([]),
  projects: z
    .array(z.object({ name: Claim, description: Opt, highlights: Claims(8), keywords: Claims(15) }))
    .max(20)
    .default([]),
  awards: z.array(z.object({ title: Claim, date: Opt, awarder: Opt, summary: Opt })).max(20).default([]),
  certificates: z.array(z.object({ name: Claim, date: Opt, issuer: Opt })).max(20).default([]),
});
export type BuildAnswer = z.infer<typeof BuildAnswer>;

const S = "STRING";
const claimSchema = {
  type: "OBJECT",
  properties: {
    text: { type: S },
    sources: { type: "ARRAY", items: { type: S }, description: "Refs of the sources this rests on." },
  },
  required: ["text", "sources"],
};
const arr = (items: unknown) => ({ type: "ARRAY", items });
const obj = (properties: Record<string, unknown>, required: string[]) => ({
  type: "OBJECT",
  properties,
  required,
});

/** The response schema sent to Gemini (structured output; `@google/genai` Type values are these strings). */
export const BUILD_RESPONSE_SCHEMA = obj({
  label: claimSchema,
  summary: claimSchema,
  work: arr(obj({
    name: claimSchema,
    position: claimSchema,
    location: claimSchema,
    startDate: claimSchema,
    endDate: claimSchema,
    summary: claimSchema,
    highlights: arr(claimSchema),
  }, ["name"])),
  education: arr(obj({
    institution: claimSchema,
    area: claimSchema,
    studyType: claimSchema,
    startDate: claimSchema,
    endDate: claimSchema,
    score: claimSchema,
  }, ["institution"])),
  skills: arr(obj({ name: claimSchema, level: claimSchema, keywords: arr(claimSchema) }, ["name"])),
  projects: arr(obj({
    name: claimSchema,
    description: claimSchema,
    highlights: arr(claimSchema),
    keywords: arr(claimSchema),
  }, ["name"])),
  awards: arr(
    obj({ title: claimSchema, date: claimSchema, awarder: claimSchema, summary: claimSchema }, ["title"]),
  ),
  certificates: arr(obj({ name: claimSchema, date: claimSchema, issuer: claimSchema }, ["name"])),
}, ["work", "education", "skills", "projects"]);

function refOf(ref: string): SourceRef {
  const i = ref.indexOf(":");
  return { kind: ref.slice(0, i) as SourceRef["kind"], id: ref.slice(i + 1) };
}

export interface Assembled {
  doc: ResumeDocument;
  rejected: RejectedClaim[];
  /** Repositories cited by a published claim. */
  sourceRepoIds: string[];
}

/** Builds the document from the answer, publishing only what the guard accepts. */
export function assemble(
  answer: BuildAnswer,
  sources: ResumeSource[],
  opts: { template: "ats" | "modern" },
): Assembled {
  const byRef = new Map(sources.map((s) => [s.ref, s]));
  const provenance: Record<string, SourceRef[]> = {};
  const rejected: RejectedClaim[] = [];
  const cited = new Set<string>();

  /** The claim's text when the guard accepts it (provenance recorded at `published`), else undefined. */
  const take = (claim: Claim | null | undefined, suggested: string, published: string, whole: boolean) => {
    if (!claim || !claim.text) return undefined;
    const refused = checkClaim(
      { pointer: suggested, text: claim.text, sources: claim.sources, whole },
      byRef,
    );
    if (refused) {
      rejected.push(refused);
      return undefined;
    }
    const refs = [...new Set(claim.sources)];
    provenance[published] = refs.map(refOf);
    for (const r of refs) cited.add(r);
    return claim.text;
  };
  /** Lists the claims of an entry left out because its key claim failed. */
  const dropEntry = (claims: (Claim | null | undefined)[], suggested: string, key: string) => {
    for (const c of claims) {
      if (!c?.text) continue;
      rejected.push({
        pointer: suggested,
        text: c.text,
        sources: c.sources,
        reason: "entry_rejected",
        facts: [key],
        message: `Left out with its entry ('${key}'), which is not in your record.`,
      });
    }
  };
  const takeList = (claims: Claim[], suggested: string, published: string, whole: boolean) => {
    const out: string[] = [];
    claims.forEach((c, i) => {
      const t = take(c, `${suggested}/${i}`, `${published}/${out.length}`, whole);
      if (t !== undefined) out.push(t);
    });
    return out;
  };
  const set = <T extends Record<string, unknown>>(o: T, k: string, v: unknown) => {
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) (o as Record<string, unknown>)[k] = v;
  };

  // Basics: from the profile and the record, not from the model.
  const profile = sources.find((s) => s.kind === "profile")!;
  const pf = profile.fields as { name: string; email: string; github_url?: string; linkedin_url?: string };
  const basics: ResumeDocument["basics"] = { name: pf.name, email: pf.email };
  provenance["/basics/name"] = [refOf(profile.ref)];
  provenance["/basics/email"] = [refOf(profile.ref)];
  const label = take(answer.label, "/basics/label", "/basics/label", false);
  if (label) basics.label = label;
  const summary = take(answer.summary, "/basics/summary", "/basics/summary", false);
  if (summary) basics.summary = summary;
  const profiles: NonNullable<ResumeDocument["basics"]["profiles"]> = [];
  const addProfile = (network: string, url: string, ref: string) => {
    provenance[`/basics/profiles/${profiles.length}`] = [refOf(ref)];
    profiles.push({ network, url });
  };
  if (pf.github_url) addProfile("GitHub", pf.github_url, profile.ref);
  if (pf.linkedin_url) addProfile("LinkedIn", pf.linkedin_url, profile.ref);
  for (const l of sources.filter((s) => s.entryKind === "link")) {
    const f = l.fields as { url: string; network?: string; label?: string };
    addProfile(f.network ?? f.label ?? "Web", f.url, l.ref);
  }
  if (profiles.length) basics.profiles = profiles;

  const work: NonNullable<ResumeDocument["work"]> = [];
  answer.work.forEach((w, i) => {
    const at = `/work/${work.length}`;
    const name = take(w.name, `/work/${i}/name`, `${at}/name`, true);
    if (!name) {
      return dropEntry(
        [w.position, w.location, w.startDate, w.endDate, w.summary, ...w.highlights],
        `/work/${i}`,
        w.name.text,
      );
    }
    const e: NonNullable<ResumeDocument["work"]>[number] = { name };
    for (const k of ["position", "location", "startDate", "endDate"] as const) {
      set(e, k, take(w[k], `/work/${i}/${k}`, `${at}/${k}`, true));
    }
    set(e, "summary", take(w.summary, `/work/${i}/summary`, `${at}/summary`, false));
    set(e, "highlights", takeList(w.highlights, `/work/${i}/highlights`, `${at}/highlights`, false));
    work.push(e);
  });

  const education: NonNullable<ResumeDocument["education"]> = [];
  answer.education.forEach((ed, i) => {
    const at = `/education/${education.length}`;
    const institution = take(ed.institution, `/education/${i}/institution`, `${at}/institution`, true);
    if (!institution) {
      return dropEntry(
        [ed.area, ed.studyType, ed.startDate, ed.endDate, ed.score],
        `/education/${i}`,
        ed.institution.text,
      );
    }
    const e: NonNullable<ResumeDocument["education"]>[number] = { institution };
    for (const k of ["area", "studyType", "startDate", "endDate", "score"] as const) {
      set(e, k, take(ed[k], `/education/${i}/${k}`, `${at}/${k}`, true));
    }
    education.push(e);
  });

  const skills: NonNullable<ResumeDocument["skills"]> = [];
  answer.skills.forEach((s, i) => {
    const at = `/skills/${skills.length}`;
    const name = take(s.name, `/skills/${i}/name`, `${at}/name`, true);
    if (!name) return dropEntry([s.level, ...s.keywords], `/skills/${i}`, s.name.text);
    const e: NonNullable<ResumeDocument["skills"]>[number] = { name };
    set(e, "level", take(s.level, `/skills/${i}/level`, `${at}/level`, true));
    set(e, "keywords", takeList(s.keywords, `/skills/${i}/keywords`, `${at}/keywords`, true));
    skills.push(e);
  });

  const projects: NonNullable<ResumeDocument["projects"]> = [];
  answer.projects.forEach((p, i) => {
    const at = `/projects/${projects.length}`;
    const name = take(p.name, `/projects/${i}/name`, `${at}/name`, true);
    if (!name) {
      return dropEntry([p.description, ...p.highlights, ...p.keywords], `/projects/${i}`, p.name.text);
    }
    const e: NonNullable<ResumeDocument["projects"]>[number] = { name };
    set(e, "description", take(p.description, `/projects/${i}/description`, `${at}/description`, false));
    set(e, "highlights", takeList(p.highlights, `/projects/${i}/highlights`, `${at}/highlights`, false));
    set(e, "keywords", takeList(p.keywords, `/projects/${i}/keywords`, `${at}/keywords`, true));
    // The repository's own address, when the name cites one.
    const repo = p.name.sources.map((r) => byRef.get(r)).find((s) => s?.kind === "repository");
    if (repo && typeof repo.fields.url === "string") {
      e.url = repo.fields.url;
      provenance[`${at}/url`] = [refOf(repo.ref)];
    }
    projects.push(e);
  });

  const awards: NonNullable<ResumeDocument["awards"]> = [];
  answer.awards.forEach((a, i) => {
    const at = `/awards/${awards.length}`;
    const title = take(a.title, `/awards/${i}/title`, `${at}/title`, true);
    if (!title) return dropEntry([a.date, a.awarder, a.summary], `/awards/${i}`, a.title.text);
    const e: NonNullable<ResumeDocument["awards"]>[number] = { title };
    set(e, "date", take(a.date, `/awards/${i}/date`, `${at}/date`, true));
    set(e, "awarder", take(a.awarder, `/awards/${i}/awarder`, `${at}/awarder`, true));
    set(e, "summary", take(a.summary, `/awards/${i}/summary`, `${at}/summary`, false));
    awards.push(e);
  });

  const certificates: NonNullable<ResumeDocument["certificates"]> = [];
  answer.certificates.forEach((c, i) => {
    const at = `/certificates/${certificates.length}`;
    const name = take(c.name, `/certificates/${i}/name`, `${at}/name`, true);
    if (!name) return dropEntry([c.date, c.issuer], `/certificates/${i}`, c.name.text);
    const e: NonNullable<ResumeDocument["certificates"]>[number] = { name };
    set(e, "date", take(c.date, `/certificates/${i}/date`, `${at}/date`, true));
    set(e, "issuer", take(c.issuer, `/certificates/${i}/issuer`, `${at}/issuer`, true));
    certificates.push(e);
  });

  const doc: ResumeDocument = {
    $schema: "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    basics,
    meta: { provenance, template: opts.template, version: "v1.0.0", lastModified: new Date().toISOString() },
  };
  if (work.length) doc.work = work;
  if (education.length) doc.education = education;
  if (skills.length) doc.skills = skills;
  if (projects.length) doc.projects = projects;
  if (awards.length) doc.awards = awards;
  if (certificates.length) doc.certificates = certificates;

  const sourceRepoIds = [...cited].filter((r) => r.startsWith("repository:")).map((r) =>
    r.slice("repository:".length)
  );
  return { doc, rejected, sourceRepoIds };
}
