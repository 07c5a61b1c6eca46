/**
 * The Gemini fake's answers to resume builds (the `resumes` function's prompt: a
 * `=== CAREER SOURCES ===` JSON block, optionally a `=== JOB DESCRIPTION ===` block), in the
 * structured shape the function asks for: every field a claim `{text, sources}`.
 *
 * - {@link groundedResume}: what a well-behaved model writes — only facts of the sources, each
 *   citing them. Untailored it keeps the first 6 skills and 3 projects; with a job description it
 *   prefers the skills and projects whose words the description uses, and names them in the summary.
 * - {@link fabricatedResume}: a model that lies in every field it can — an invented employer,
 *   title, dates, numbers, durations, skills, keywords, an unknown source ref, a foreign one —
 *   mixed into the grounded answer. Nothing invented may reach a resume.
 */

interface StatedSource {
  ref: string;
  kind: string;
  label: string;
  fields: Record<string, unknown>;
}

/** Every made-up fact of {@link fabricatedResume} (tests assert none reaches content_json or the PDF). */
export const FABRICATED_FACTS = [
  "Quantexa Dynamics",
  "Principal Architect",
  "2011-02",
  "97%",
  "14 engineers",
  "12 years",
  "Zorblax",
  "Hyperflux",
  "Stanbridge University",
  "Turing Medal",
  "Google",
] as const;

export function sourcesOf(prompt: string): StatedSource[] | undefined {
  const start = prompt.indexOf("=== CAREER SOURCES ===");
  const end = prompt.indexOf("=== END OF SOURCES ===");
  if (start < 0 || end < start) return undefined;
  try {
    return JSON.parse(prompt.slice(start + "=== CAREER SOURCES ===".length, end)) as StatedSource[];
  } catch {
    return undefined;
  }
}

function jobOf(prompt: string): string | undefined {
  const start = prompt.indexOf("=== JOB DESCRIPTION ===");
  const end = prompt.indexOf("=== END OF JOB DESCRIPTION ===");
  return start >= 0 && end > start ? prompt.slice(start + "=== JOB DESCRIPTION ===".length, end) : undefined;
}

const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
const claim = (text: string | undefined, ...sources: string[]) => (text ? { text, sources } : undefined);
const words = (s: string) => new Set(s.toLowerCase().match(/[a-z0-9+#.]+/g) ?? []);

type Answer = Record<string, unknown> & {
  work: Record<string, unknown>[];
  skills: Record<string, unknown>[];
  projects: Record<string, unknown>[];
  education: Record<string, unknown>[];
  awards: Record<string, unknown>[];
};

/** A grounded answer built only from the stated sources. */
export function groundedResume(prompt: string): Answer | undefined {
  const sources = sourcesOf(prompt);
  if (!sources) return undefined;
  const jd = jobOf(prompt);
  const jdWords = jd ? words(jd) : undefined;
  const matches = (s: StatedSource) =>
    jdWords ? [...words(JSON.stringify(s.fields))].filter((w) => w.length > 1 && jdWords.has(w)).length : 0;
  const byKind = (k: string) => sources.filter((s) => s.kind === k);
  const rank = (list: StatedSource[]) => (jdWords ? [...list].sort((a, b) => matches(b) - matches(a)) : list);

  const work = byKind("work").map((s) => {
    const f = s.fields;
    return {
      name: claim(str(f.organization), s.ref),
      position: claim(str(f.title), s.ref),
      location: claim(str(f.location), s.ref),
      startDate: claim(str(f.start_date), s.ref),
      endDate: claim(str(f.end_date), s.ref),
      summary: claim(str(f.summary), s.ref),
      highlights: (Array.isArray(f.highlights) ? f.highlights : []).map((h) => claim(String(h), s.ref)),
    };
  });
  const skillSources = rank(byKind("skill")).slice(0, jdWords ? 12 : 6);
  const skills = skillSources.map((s) => ({
    name: claim(str(s.fields.name), s.ref),
    level: claim(str(s.fields.level), s.ref),
    keywords: (Array.isArray(s.fields.keywords) ? s.fields.keywords : []).map((k) => claim(String(k), s.ref)),
  }));
  const repos = rank(byKind("repository").filter((s) => !jdWords || matches(s) > 0 || true)).slice(0, 3);
  const projects = repos.map((s) => {
    const f = s.fields;
    const langs = Array.isArray(f.languages) ? (f.languages as string[]) : [];
    return {
      name: claim(str(f.name), s.ref),
      description: claim(str(f.description_ai) ?? str(f.description), s.ref),
      highlights: [],
      keywords: langs.slice(0, 4).map((l) => claim(l, s.ref)),
    };
  });
  const education = byKind("education").map((s) => ({
    institution: claim(str(s.fields.institution), s.ref),
    area: claim(str(s.fields.area), s.ref),
    studyType: claim(str(s.fields.study_type), s.ref),
    startDate: claim(str(s.fields.start_date), s.ref),
    endDate: claim(str(s.fields.end_date), s.ref),
  }));
  const awards = byKind("achievement").map((s) => ({
    title: claim(str(s.fields.title), s.ref),
    date: claim(str(s.fields.date), s.ref),
    awarder: claim(str(s.fields.awarder), s.ref),
  }));
  const certificates = byKind("certificate").map((s) => ({
    name: claim(str(s.fields.name), s.ref),
    issuer: claim(str(s.fields.issuer), s.ref),
    date: claim(str(s.fields.date), s.ref),
  }));
  const firstWork = byKind("work")[0];
  const answer: Answer = { work, skills, projects, education, awards, certificates };
  if (firstWork) {
    answer.label = claim(str(firstWork.fields.title), firstWork.ref);
    const named = skillSources.slice(0, jdWords ? 6 : 3);
    const skillPart = named.length ? ` Skilled in ${named.map((s) => str(s.fields.name)).join(", ")}.` : "";
    answer.summary = claim(
      `${str(firstWork.fields.title)} at ${str(firstWork.fields.organization)}.${skillPart}`,
      firstWork.ref,
      ...named.map((s) => s.ref),
    );
  }
  return answer;
}

/** The grounded answer with fabrications in every field it can (see the module comment). */
export function fabricatedResume(prompt: string): Answer | undefined {
  const a = groundedResume(prompt);
  if (!a) return undefined;
  const sources = sourcesOf(prompt) ?? [];
  const anyRef = sources.find((s) => s.kind === "work")?.ref ?? sources[0]?.ref ?? "profile:x";
  a.label = { text: "Principal Architect", sources: [anyRef] };
  a.summary = {
    text: "Principal Architect with 12 years at Google, leading 14 engineers.",
    sources: [anyRef],
  };
  for (const w of a.work) {
    w.position = { text: "Principal Architect", sources: [anyRef] };
    w.startDate = { text: "2011-02", sources: [anyRef] };
    (w.highlights as unknown[]).push(
      { text: "Cut cloud costs by 97% across Zorblax clusters.", sources: [anyRef] },
      { text: "Led a team of 14 engineers.", sources: [] },
    );
  }
  a.work.push({
    name: { text: "Quantexa Dynamics", sources: [anyRef] },
    position: { text: "Staff Engineer", sources: [anyRef] },
    startDate: { text: "2011-02", sources: [anyRef] },
    highlights: [{ text: "Built payments at scale.", sources: [anyRef] }],
  });
  a.work.push({
    name: { text: "Hyperflux Labs", sources: ["record:00000000-0000-4000-8000-000000000000"] },
    highlights: [],
  });
  a.skills.push({
    name: { text: "Zorblax", sources: [anyRef] },
    keywords: [{ text: "Hyperflux", sources: [anyRef] }],
  });
  for (const s of a.skills) (s.keywords as unknown[]).push({ text: "Hyperflux", sources: [anyRef] });
  for (const p of a.projects) {
    p.description = {
      text: "Serves 97% of Google traffic through Zorblax.",
      sources: (p.name as { sources: string[] }).sources,
    };
    (p.keywords as unknown[]).push({ text: "Zorblax", sources: (p.name as { sources: string[] }).sources });
    (p.highlights as unknown[]).push({
      text: "Scaled to 14 regions in 12 years.",
      sources: (p.name as { sources: string[] }).sources,
    });
  }
  a.education.push({
    institution: { text: "Stanbridge University", sources: [anyRef] },
    area: { text: "Physics", sources: [anyRef] },
  });
  a.awards.push({
    title: { text: "Turing Medal", sources: [anyRef] },
    date: { text: "2011-02", sources: [anyRef] },
  });
  (a.certificates as unknown[]).push({ name: { text: "Zorblax Certified Professional", sources: [anyRef] } });
  return a;
}

// ------------------------------------------------------------------ imports

/** What the import fake makes up on top of the text (the runner's guard must drop both). */
export const IMPORT_INVENTED = { skill: "Kubernetes", employer: "Globex Corporation" } as const;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const isoOf = (monthYear: string | undefined) => {
  const m = /^([A-Za-z]{3})\w* (\d{4})$/.exec(monthYear ?? "");
  const i = m ? MONTHS.indexOf(m[1]!.toLowerCase()) : -1;
  return m && i >= 0 ? `${m[2]}-${String(i + 1).padStart(2, "0")}` : undefined;
};

/**
 * The answer to an import prompt (a `=== RESUME TEXT ===` block): the text's sections structured
 * the way CareerPilot's own PDFs print them, plus one invented skill and one invented employer.
 */
export function importedResume(prompt: string): Record<string, unknown[]> | undefined {
  const start = prompt.indexOf("=== RESUME TEXT ===");
  const end = prompt.indexOf("=== END OF RESUME TEXT ===");
  if (start < 0 || end < start) return undefined;
  const lines = prompt
    .slice(start + "=== RESUME TEXT ===".length, end)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const headings = new Set([
    "Summary",
    "Experience",
    "Projects",
    "Education",
    "Skills",
    "Achievements",
    "Certificates",
    "Languages",
  ]);
  const sections = new Map<string, string[]>();
  let current = "";
  for (const l of lines) {
    if (headings.has(l)) {
      current = l;
      sections.set(l, []);
    } else if (current) sections.get(current)?.push(l);
  }
  const work: Record<string, unknown>[] = [];
  for (const l of sections.get("Experience") ?? []) {
    const m = /^(.+?), (.+?)(?: ([A-Z][a-z]{2} \d{4}) – ([A-Z][a-z]{2} \d{4}|Present))?$/.exec(l);
    if (m && !l.startsWith("•")) {
      work.push({
        title: m[1],
        organization: m[2],
        start_date: isoOf(m[3]),
        end_date: isoOf(m[4]),
        highlights: [],
      });
    } else if (l.startsWith("•") && work.length) {
      (work[work.length - 1]!.highlights as string[]).push(l.replace(/^•\s*/, ""));
    }
  }
  work.push({ title: "Director", organization: IMPORT_INVENTED.employer, start_date: "2010-01" });
  const education: Record<string, unknown>[] = [];
  const edu = sections.get("Education") ?? [];
  for (let i = 0; i < edu.length; i++) {
    const [studyType, area] = (edu[i + 1] ?? "").split(" in ");
    education.push({ institution: edu[i], study_type: studyType || undefined, area: area || undefined });
    i += 1;
  }
  const skills: Record<string, unknown>[] = (sections.get("Skills") ?? []).map((l) => ({
    name: l.split(":")[0]!.trim(),
  }));
  skills.push({ name: IMPORT_INVENTED.skill });
  return { work, education, skills, achievements: [], links: [] };
}
