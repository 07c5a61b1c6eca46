/**
 * The ATS score of a resume version against a job description (formula in docs/resumes.md).
 *
 * Keywords of the job description: its words, and capitalised two-word phrases it repeats, that are not ordinary English
 * ({@link COMMON_WORDS} and {@link JD_FILLER}), ranked by frequency (capitalised/symbol-bearing terms
 * first), at most 25. Then, out of 100:
 *   keywords 50 × (keywords found anywhere in the resume text ÷ keywords)
 *   skills   20 × (keywords found in the skills section ÷ keywords)
 *   sections 20 × (of summary, experience-or-projects, education, skills: present ÷ 4)
 *   contact  10 × (of name, email, a profile link: present ÷ 3)
 * Without a job description the keyword and skill parts are left out and the rest is scaled to 100.
 * Every missing keyword is marked `in_sources` when the user's sources contain it (safe to add by
 * building again) or not (a gap: never suggested as a claim). Pure.
 */
import { COMMON_WORDS, evidenceOf, normalisePhrase, phraseIn } from "../_shared/contract/grounding.ts";
import type { ResumeDocument } from "../_shared/contract/resume.ts";

/** Words job descriptions are full of that are no keyword. */
export const JD_FILLER: ReadonlySet<string> = new Set(
  (
    "job role position candidate candidates ideal looking seeking hiring join company about us we you will " +
    "responsibilities requirements required preferred qualifications plus bonus nice have must should strong " +
    "good great excellent solid proven ability able abilities years year experience experienced knowledge " +
    "understanding familiarity working work environment fast paced paced ownership passion passionate " +
    "opportunity opportunities benefits salary location remote hybrid office apply applicants etc e g i e " +
    "other others related relevant including like such well within across based day days per least " +
    "skills skill team teams communication written verbal collaborate collaborative self motivated " +
    "degree equivalent field computer science bachelor bachelors master masters minimum maximum"
  ).split(/\s+/),
);

const WORD_RE = /[\p{L}\p{N}]+(?:[.+#'’\-/][\p{L}\p{N}]+)*[+#]*/gu;

function isKeywordWord(raw: string): boolean {
  const w = raw.toLowerCase();
  if (w.length < 2 && !/[+#]/.test(w)) return false;
  if (/^\d+$/.test(w)) return false;
  return !COMMON_WORDS.has(w) && !JD_FILLER.has(w);
}

/** The job description's keywords, most important first (≤ 25). */
export function jobKeywords(jd: string, max = 25): string[] {
  const counts = new Map<string, { n: number; shown: string; strong: boolean }>();
  const bump = (key: string, shown: string, strong: boolean) => {
    const c = counts.get(key) ?? { n: 0, shown, strong };
    c.n += 1;
    c.strong ||= strong;
    counts.set(key, c);
  };
  for (const sentence of jd.normalize("NFKC").split(/[,;:!?\n•()]+|\.(?=\s|$)/)) {
    const words = [...sentence.matchAll(WORD_RE)].map((m) => m[0]);
    words.forEach((w, i) => {
      if (!isKeywordWord(w)) return;
      const strong = /\p{Lu}/u.test(w.slice(1)) || /[+#.]/.test(w) || (i > 0 && /^\p{Lu}/u.test(w));
      bump(w.toLowerCase(), w, strong);
      const next = words[i + 1];
      if (next && isKeywordWord(next) && /^\p{Lu}/u.test(w) && /^\p{Lu}/u.test(next)) {
        bump(`${w} ${next}`.toLowerCase(), `${w} ${next}`, true);
      }
    });
  }
  // A two-word phrase counts only when the description repeats it; then it replaces its words.
  for (const [k, v] of counts) {
    if (!k.includes(" ")) continue;
    if (v.n < 2) {
      counts.delete(k);
      continue;
    }
    for (const part of k.split(" ")) if ((counts.get(part)?.n ?? 0) <= v.n) counts.delete(part);
  }
  return [...counts.values()]
    .sort((a, b) => Number(b.strong) - Number(a.strong) || b.n - a.n || a.shown.localeCompare(b.shown))
    .slice(0, max)
    .map((c) => c.shown);
}

/** Every text of the document except `meta`, one per line. */
export function resumeText(doc: ResumeDocument): string {
  const { meta: _meta, $schema: _schema, ...rest } = doc;
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(rest);
  return out.join("\n");
}

export interface AtsResult {
  score: number;
  breakdown: { keywords: number | null; skills: number | null; sections: number; contact: number };
  keywords: string[];
  matched_keywords: string[];
  missing_keywords: { keyword: string; in_sources: boolean }[];
  missing_sections: string[];
}

/** Scores `doc` against `jobDescription` (see the module comment); `sourcesText` = all the user's sources. */
export function atsScore(
  doc: ResumeDocument,
  jobDescription: string | undefined,
  sourcesText: string,
): AtsResult {
  const sectionsPresent = {
    summary: Boolean(doc.basics.summary),
    experience: Boolean(doc.work?.length || doc.projects?.length),
    education: Boolean(doc.education?.length),
    skills: Boolean(doc.skills?.length),
  };
  const missing_sections = Object.entries(sectionsPresent).filter(([, v]) => !v).map(([k]) => k);
  const sections = Math.round((20 * (4 - missing_sections.length)) / 4);
  const contactHits = [
    Boolean(doc.basics.name),
    Boolean(doc.basics.email),
    Boolean(doc.basics.profiles?.length),
  ];
  const contact = Math.round((10 * contactHits.filter(Boolean).length) / 3);

  const keywords = jobDescription ? jobKeywords(jobDescription) : [];
  if (!keywords.length) {
    return {
      score: Math.round(((sections + contact) / 30) * 100),
      breakdown: { keywords: null, skills: null, sections, contact },
      keywords,
      matched_keywords: [],
      missing_keywords: [],
      missing_sections,
    };
  }
  const text = evidenceOf(resumeText(doc));
  const skillText = evidenceOf(
    (doc.skills ?? []).flatMap((s) => [s.name, ...(s.keywords ?? [])]).join("\n"),
  );
  const sources = evidenceOf(sourcesText);
  const has = (ev: ReturnType<typeof evidenceOf>, k: string) =>
    phraseIn(k, ev) || ev.words.has(normalisePhrase(k));
  const matched = keywords.filter((k) => has(text, k));
  const inSkills = keywords.filter((k) => has(skillText, k));
  const kw = Math.round((50 * matched.length) / keywords.length);
  const sk = Math.round((20 * inSkills.length) / keywords.length);
  return {
    score: Math.min(100, kw + sk + sections + contact),
    breakdown: { keywords: kw, skills: sk, sections, contact },
    keywords,
    matched_keywords: matched,
    missing_keywords: keywords.filter((k) => !matched.includes(k)).map((keyword) => ({
      keyword,
      in_sources: has(sources, keyword),
    })),
    missing_sections,
  };
}
