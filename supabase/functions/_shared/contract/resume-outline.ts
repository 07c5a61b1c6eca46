/**
 * The one reading order of a resume: which sections a `ResumeDocument` shows, under which headings,
 * in which order, and the text of each line. The HTML preview (`resume-html.ts`), the runner's PDF
 * renderer and its parse-back check all walk this outline, so the preview, the PDF and the check can
 * never disagree about what a resume says or in which order.
 *
 * Pure: no runtime APIs, no imports beyond the contract's own types.
 */
import type { ResumeDocument } from "./resume.ts";

/** A piece of inline text, a link when `url` is set. */
export interface OutlineSpan {
  text: string;
  url?: string;
}

/** One entry of a section: a job, a project, a degree, a skill group… */
export interface OutlineEntry {
  /** The entry's main line: position and employer, project name, institution… */
  title: string;
  /** A secondary line (degree and field, issuer, location…). */
  subtitle?: string;
  /** The date range or date, already formatted ("Mar 2021 – Present"). */
  dates?: string;
  /** A paragraph under the title (summary, description, keywords). */
  text?: string;
  /** Bullet points, in order. */
  bullets: string[];
  /** Links shown after the entry (the repository, the intro video's share page). */
  links: OutlineSpan[];
}

export const OUTLINE_SECTION_KEYS = [
  "summary",
  "work",
  "projects",
  "skills",
  "education",
  "certificates",
  "awards",
  "languages",
] as const;
export type OutlineSectionKey = (typeof OUTLINE_SECTION_KEYS)[number];

/** Each section's heading, exactly as the preview and the PDF print it (and the check looks for). */
export const OUTLINE_HEADINGS: Record<OutlineSectionKey, string> = {
  summary: "Summary",
  work: "Experience",
  projects: "Projects",
  skills: "Skills",
  education: "Education",
  certificates: "Certifications",
  awards: "Awards",
  languages: "Languages",
};

export interface OutlineSection {
  key: OutlineSectionKey;
  heading: string;
  /** A section that is one paragraph (the summary). */
  paragraph?: string;
  entries: OutlineEntry[];
}

export interface ResumeOutline {
  name: string;
  label?: string;
  /** Email, phone, location, website and profiles, in this order. */
  contact: OutlineSpan[];
  /** Only sections with something in them, in `OUTLINE_SECTION_KEYS` order. */
  sections: OutlineSection[];
}

/** The link text of a project's intro video (its share page). */
export const VIDEO_LINK_TEXT = "Watch intro";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2021`, `2021-03`, `2021-03-14` → `2021`, `Mar 2021`, `Mar 2021`; anything else as given. */
export function formatResumeDate(value: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-\d{2})?)?$/.exec(value.trim());
  if (!m) return value.trim();
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : undefined;
  return month ? `${month} ${m[1]}` : (m[1] ?? value);
}

/** A start–end range; a start without an end is ongoing ("Present"). */
export function formatDateRange(start?: string, end?: string): string | undefined {
  const s = tidyText(start);
  const e = tidyText(end);
  if (s && e) return `${formatResumeDate(s)} – ${formatResumeDate(e)}`;
  if (s) return `${formatResumeDate(s)} – Present`;
  if (e) return formatResumeDate(e);
  return undefined;
}

/** Collapses whitespace (newlines and tabs included) and drops control characters; "" → undefined. */
export function tidyText(value: string | undefined | null): string | undefined {
  if (value == null) return undefined;
  const kept = Array.from(value).filter((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c !== 0x7f);
  });
  const v = kept.join("").replace(/\s+/g, " ").trim();
  return v === "" ? undefined : v;
}

/** A URL as shown in text: without the scheme, `www.` or a trailing slash. */
export function displayUrl(url: string): string {
  return url
    .trim()
    .replace(/^(https?:\/\/|mailto:|tel:)/i, "")
    .replace(/^www\./i, "")
    .replace(/\/$/, "");
}

/** Only web and mail links become link annotations / anchors (no `javascript:` and friends). */
export function safeUrl(url: string | undefined): string | undefined {
  const u = tidyText(url);
  if (!u) return undefined;
  if (/^(https?:\/\/|mailto:|tel:)/i.test(u)) return u;
  if (/^[a-z][a-z0-9+.-]*:/i.test(u)) return undefined;
  // A bare host ("github.com/arjun") is a web link.
  return /^[\w-]+(\.[\w-]+)+(\/|$)/.test(u) ? `https://${u}` : undefined;
}

const nonEmpty = (xs: (string | undefined)[] | undefined): string[] =>
  (xs ?? []).map(tidyText).filter((x): x is string => x !== undefined);

const join = (parts: (string | undefined)[], sep: string): string | undefined => {
  const kept = parts.map(tidyText).filter((p): p is string => p !== undefined);
  return kept.length ? kept.join(sep) : undefined;
};

/** The outline of a resume: what each renderer prints, in order. */
export function resumeOutline(doc: ResumeDocument): ResumeOutline {
  const b = doc.basics;
  const contact: OutlineSpan[] = [];
  const email = tidyText(b.email);
  if (email) contact.push({ text: email, url: `mailto:${email}` });
  const phone = tidyText(b.phone);
  if (phone) contact.push({ text: phone, url: `tel:${phone.replace(/[^\d+]/g, "")}` });
  const place = join([b.location?.city, b.location?.region, b.location?.countryCode], ", ");
  if (place) contact.push({ text: place });
  const site = safeUrl(b.url);
  if (site) contact.push({ text: displayUrl(site), url: site });
  for (const p of b.profiles ?? []) {
    const url = safeUrl(p.url);
    const text = url ? displayUrl(url) : join([p.network, p.username], ": ");
    if (text) contact.push(url ? { text, url } : { text });
  }

  const sections: OutlineSection[] = [];
  const add = (key: OutlineSectionKey, entries: OutlineEntry[], paragraph?: string) => {
    if (entries.length || paragraph) {
      sections.push({ key, heading: OUTLINE_HEADINGS[key], entries, ...(paragraph ? { paragraph } : {}) });
    }
  };
  const entry = (e: Partial<OutlineEntry> & { title: string | undefined }): OutlineEntry | undefined => {
    const title = tidyText(e.title);
    const bullets = e.bullets ?? [];
    const text = tidyText(e.text);
    const subtitle = tidyText(e.subtitle);
    if (!title && !text && !bullets.length) return undefined;
    return {
      title: title ?? "",
      ...(subtitle ? { subtitle } : {}),
      ...(e.dates ? { dates: e.dates } : {}),
      ...(text ? { text } : {}),
      bullets,
      links: e.links ?? [],
    };
  };
  const defined = <T>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);

  add("summary", [], tidyText(b.summary));

  add(
    "work",
    defined(
      (doc.work ?? []).map((w) => {
        const url = safeUrl(w.url);
        return entry({
          title: join([w.position, w.name], ", "),
          subtitle: tidyText(w.location),
          dates: formatDateRange(w.startDate, w.endDate),
          text: w.summary,
          bullets: nonEmpty(w.highlights),
          links: url ? [{ text: displayUrl(url), url }] : [],
        });
      }),
    ),
  );

  const videos = doc.meta.videoLinks ?? {};
  add(
    "projects",
    defined(
      (doc.projects ?? []).map((p) => {
        const links: OutlineSpan[] = [];
        const url = safeUrl(p.url);
        if (url) links.push({ text: displayUrl(url), url });
        const video = safeUrl(videos[p.name]);
        if (video) links.push({ text: VIDEO_LINK_TEXT, url: video });
        const keywords = nonEmpty(p.keywords);
        return entry({
          title: p.name,
          subtitle: join([nonEmpty(p.roles).join(", "), p.entity], ", "),
          dates: formatDateRange(p.startDate, p.endDate),
          text: join([p.description, keywords.length ? `Stack: ${keywords.join(", ")}` : undefined], " "),
          bullets: nonEmpty(p.highlights),
          links,
        });
      }),
    ),
  );

  add(
    "skills",
    defined(
      (doc.skills ?? []).map((s) =>
        entry({
          title: join([s.name, tidyText(s.level) ? `(${tidyText(s.level)})` : undefined], " "),
          text: nonEmpty(s.keywords).join(", "),
        })
      ),
    ),
  );

  add(
    "education",
    defined(
      (doc.education ?? []).map((e) => {
        const courses = nonEmpty(e.courses);
        return entry({
          title: e.institution,
          subtitle: join([
            join([e.studyType, e.area], " in "),
            tidyText(e.score) ? `Score: ${tidyText(e.score)}` : undefined,
          ], ", "),
          dates: formatDateRange(e.startDate, e.endDate),
          text: courses.length ? `Courses: ${courses.join(", ")}` : undefined,
        });
      }),
    ),
  );

  add(
    "certificates",
    defined(
      (doc.certificates ?? []).map((c) => {
        const url = safeUrl(c.url);
        return entry({
          title: c.name,
          subtitle: tidyText(c.issuer),
          dates: tidyText(c.date) ? formatResumeDate(c.date ?? "") : undefined,
          links: url ? [{ text: displayUrl(url), url }] : [],
        });
      }),
    ),
  );

  add(
    "awards",
    defined(
      (doc.awards ?? []).map((a) =>
        entry({
          title: a.title,
          subtitle: tidyText(a.awarder),
          dates: tidyText(a.date) ? formatResumeDate(a.date ?? "") : undefined,
          text: a.summary,
        })
      ),
    ),
  );

  add(
    "languages",
    defined((doc.languages ?? []).map((l) => entry({ title: l.language, text: l.fluency }))),
  );

  return {
    name: tidyText(b.name) ?? "",
    ...(tidyText(b.label) ? { label: tidyText(b.label) } : {}),
    contact,
    sections,
  };
}

/**
 * The outline's text as lines, in reading order: exactly the words a renderer prints (links by
 * their text), which is what a parse-back of the PDF must find in the same order.
 */
export function outlineLines(outline: ResumeOutline): string[] {
  const lines: string[] = [outline.name];
  if (outline.label) lines.push(outline.label);
  if (outline.contact.length) lines.push(outline.contact.map((c) => c.text).join(" | "));
  for (const s of outline.sections) {
    lines.push(s.heading);
    if (s.paragraph) lines.push(s.paragraph);
    for (const e of s.entries) {
      if (e.title) lines.push(e.title);
      if (e.dates) lines.push(e.dates);
      if (e.subtitle) lines.push(e.subtitle);
      if (e.text) lines.push(e.text);
      lines.push(...e.bullets);
      if (e.links.length) lines.push(e.links.map((l) => l.text).join(" | "));
    }
  }
  return lines;
}
