/**
 * A resume version as a small, self-contained HTML page (the build's `preview_html`): escaped text
 * only, no scripts, no external resources. The PDF is rendered by the runner; this is the instant
 * preview shown while it renders.
 */
import type { ResumeDocument } from "../_shared/contract/resume.ts";

const esc = (s: string | undefined) =>
  (s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
const range = (a?: string, b?: string) => (a || b ? `${esc(a)} – ${b ? esc(b) : "present"}` : "");
const list = (
  items?: string[],
) => (items?.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join("")}</ul>` : "");

/** The preview HTML of `doc`. */
export function previewHtml(doc: ResumeDocument): string {
  const b = doc.basics;
  const parts: string[] = [
    `<header><h1>${esc(b.name)}</h1>${b.label ? `<p class="label">${esc(b.label)}</p>` : ""}`,
    `<p class="contact">${
      [b.email, ...(b.profiles ?? []).map((p) => p.url ?? p.username ?? p.network)].filter(Boolean).map(esc)
        .join(" · ")
    }</p></header>`,
  ];
  if (b.summary) parts.push(`<section><h2>Summary</h2><p>${esc(b.summary)}</p></section>`);
  if (doc.work?.length) {
    parts.push(
      `<section><h2>Experience</h2>${
        doc.work.map((w) =>
          `<article><h3>${esc(w.position)}${w.position ? " — " : ""}${esc(w.name)}</h3><p class="dates">${
            range(w.startDate, w.endDate)
          }</p>${w.summary ? `<p>${esc(w.summary)}</p>` : ""}${list(w.highlights)}</article>`
        ).join("")
      }</section>`,
    );
  }
  if (doc.projects?.length) {
    parts.push(
      `<section><h2>Projects</h2>${
        doc.projects.map((p) =>
          `<article><h3>${esc(p.name)}</h3>${p.description ? `<p>${esc(p.description)}</p>` : ""}${
            list(p.highlights)
          }${p.keywords?.length ? `<p class="keywords">${p.keywords.map(esc).join(", ")}</p>` : ""}</article>`
        ).join("")
      }</section>`,
    );
  }
  if (doc.education?.length) {
    parts.push(
      `<section><h2>Education</h2>${
        doc.education.map((e) =>
          `<article><h3>${esc(e.institution)}</h3><p>${
            [e.studyType, e.area].filter(Boolean).map(esc).join(", ")
          } ${range(e.startDate, e.endDate)}</p></article>`
        ).join("")
      }</section>`,
    );
  }
  if (doc.skills?.length) {
    parts.push(
      `<section><h2>Skills</h2><ul>${
        doc.skills.map((s) =>
          `<li>${esc(s.name)}${s.keywords?.length ? `: ${s.keywords.map(esc).join(", ")}` : ""}</li>`
        ).join("")
      }</ul></section>`,
    );
  }
  if (doc.awards?.length) {
    parts.push(
      `<section><h2>Achievements</h2><ul>${
        doc.awards.map((a) =>
          `<li>${esc(a.title)}${a.awarder ? ` — ${esc(a.awarder)}` : ""}${
            a.date ? ` (${esc(a.date)})` : ""
          }</li>`
        ).join("")
      }</ul></section>`,
    );
  }
  if (doc.certificates?.length) {
    parts.push(
      `<section><h2>Certificates</h2><ul>${
        doc.certificates.map((c) => `<li>${esc(c.name)}${c.issuer ? ` — ${esc(c.issuer)}` : ""}</li>`).join(
          "",
        )
      }</ul></section>`,
    );
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${
    esc(b.name)
  }</title></head><body class="resume resume-${esc(doc.meta.template ?? "ats")}">${
    parts.join("")
  }</body></html>`;
}
