/**
 * A resume as a standalone HTML document: the `preview_html` of a build, and what Chromium prints in
 * the PDF benchmark. The same outline (sections, order, text) as the runner's PDF, with the same two
 * templates: `ats` (plain single column) and `modern` (accent colour, header band, still one column).
 *
 * Pure and runtime-free (Deno, Node, the browser). Every piece of user text is escaped, and only
 * http(s)/mailto/tel links become anchors (`safeUrl` in the outline).
 */
import type { ResumeDocument, ResumeTemplate } from "./resume.ts";
import { type OutlineEntry, type OutlineSection, type OutlineSpan, resumeOutline } from "./resume-outline.ts";

/** The modern template's accent colour (the PDF uses the same). */
export const RESUME_ACCENT = "#1f5c8b";

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const span = (s: OutlineSpan): string =>
  s.url
    ? `<a href="${escapeHtml(s.url)}" rel="noopener noreferrer">${escapeHtml(s.text)}</a>`
    : escapeHtml(s.text);

const INLINE_SECTIONS = new Set(["skills", "languages"]);

function entryHtml(section: OutlineSection, e: OutlineEntry): string {
  if (INLINE_SECTIONS.has(section.key)) {
    const text = e.text ? `: ${escapeHtml(e.text)}` : "";
    return `<p class="inline"><strong>${escapeHtml(e.title)}</strong>${text}</p>`;
  }
  const parts: string[] = ['<div class="entry">'];
  parts.push(
    `<div class="entry-head"><h3>${escapeHtml(e.title)}</h3>${
      e.dates ? `<span class="dates">${escapeHtml(e.dates)}</span>` : ""
    }</div>`,
  );
  if (e.subtitle) parts.push(`<p class="subtitle">${escapeHtml(e.subtitle)}</p>`);
  if (e.text) parts.push(`<p>${escapeHtml(e.text)}</p>`);
  if (e.bullets.length) parts.push(`<ul>${e.bullets.map((b) => `<li>${escapeHtml(b)}</li>`).join("")}</ul>`);
  if (e.links.length) parts.push(`<p class="links">${e.links.map(span).join(" | ")}</p>`);
  parts.push("</div>");
  return parts.join("");
}

const CSS_COMMON = `
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Noto Sans", "Noto Sans Devanagari", sans-serif; font-size: 10pt; line-height: 1.35; color: #1a1a1a; }
.page { padding: 40pt 46pt; }
header h1 { margin: 0; font-size: 20pt; line-height: 1.2; }
header .label { margin: 2pt 0 0; font-size: 11pt; }
header .contact { margin: 4pt 0 0; font-size: 9pt; }
.contact a { white-space: nowrap; }
section { margin-top: 12pt; }
h2 { margin: 0 0 4pt; font-size: 11.5pt; padding-bottom: 2pt; border-bottom: 0.75pt solid #999; }
h3 { margin: 0; font-size: 10.5pt; }
p { margin: 2pt 0; }
.entry { margin-top: 6pt; break-inside: avoid; }
.entry-head { display: flex; justify-content: space-between; gap: 12pt; align-items: baseline; }
.dates { font-size: 9pt; color: #555; white-space: nowrap; }
.subtitle { color: #555; font-size: 9.5pt; }
ul { margin: 2pt 0 0; padding-left: 14pt; }
li { margin: 1pt 0; }
.links { font-size: 9pt; }
a { color: inherit; }
`;

const CSS_MODERN = `
header { background: ${RESUME_ACCENT}; color: #fff; padding: 26pt 46pt 18pt; }
header a { color: #fff; }
.page { padding-top: 8pt; }
h2 { color: ${RESUME_ACCENT}; border-bottom: 1.25pt solid ${RESUME_ACCENT}; }
.links a { color: ${RESUME_ACCENT}; }
`;

/** The resume as a complete HTML document (UTF-8), in the given template. */
export function resumeHtml(doc: ResumeDocument, template: ResumeTemplate): string {
  const o = resumeOutline(doc);
  const header = [
    `<h1>${escapeHtml(o.name)}</h1>`,
    o.label ? `<p class="label">${escapeHtml(o.label)}</p>` : "",
    o.contact.length ? `<p class="contact">${o.contact.map(span).join(" | ")}</p>` : "",
  ].join("");
  const sections = o.sections
    .map(
      (s) =>
        `<section class="${s.key}"><h2>${escapeHtml(s.heading)}</h2>${
          s.paragraph ? `<p>${escapeHtml(s.paragraph)}</p>` : ""
        }${s.entries.map((e) => entryHtml(s, e)).join("")}</section>`,
    )
    .join("");
  const css = template === "modern" ? CSS_COMMON + CSS_MODERN : CSS_COMMON;
  const body = template === "modern"
    ? `<header>${header}</header><main class="page">${sections}</main>`
    : `<main class="page"><header>${header}</header>${sections}</main>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${
    escapeHtml(o.name)
  } – Resume</title><style>${css}</style></head><body class="${template}">${body}</body></html>`;
}
