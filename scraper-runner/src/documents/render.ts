/**
 * A resume's PDF, in Node: pdf-lib + @pdf-lib/fontkit with embedded, subset Noto Sans Devanagari
 * (₹, Latin and Devanagari; `fonts.ts`). Two templates, both one column with one reading order
 * (content-stream order = the outline's order, so text extraction and ATS parsers read it as
 * written):
 *   - `ats`: plain headings with a rule, black text, no graphics beyond rules;
 *   - `modern`: an accent-coloured header band with the name, accent headings and links.
 * Text is real text (Identity-H with a ToUnicode map), wrapped at word boundaries (long unbroken
 * tokens at grapheme boundaries), with page breaks that keep a heading with its first lines and
 * repeat the margins; links (contact, repositories, intro videos) are URI link annotations.
 * Indic runs carry their logical text as `/ActualText`, since their glyphs are in visual order.
 *
 * What prints, and in which order, comes from the contract's outline (`resume-outline.ts`), shared
 * with the HTML preview (`resume-html.ts`) and the parse-back check (`parse-back.ts`).
 */
import {
  PDFOperatorNames as Ops,
  PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  PDFOperator,
  type PDFPage,
  PDFString,
  type RGB,
  rgb,
} from "pdf-lib";
import type { ResumeDocument, ResumeTemplate } from "../../../supabase/functions/_shared/contract/resume.ts";
import { RESUME_ACCENT } from "../../../supabase/functions/_shared/contract/resume-html.ts";
import {
  type OutlineEntry,
  type OutlineSection,
  type OutlineSpan,
  outlineLines,
  resumeOutline,
} from "../../../supabase/functions/_shared/contract/resume-outline.ts";
import {
  cachingFontkit,
  type FontKey,
  faceFor,
  faceRuns,
  textWidth as faceWidth,
  fontFace,
  fontMetrics,
  type Weight,
} from "./fonts.ts";

export { resumeHtml } from "../../../supabase/functions/_shared/contract/resume-html.ts";

/** A4 in points. */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { x: 46, top: 42, bottom: 46 };
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN.x;
const LINE = 1.32;

const hex = (h: string): RGB => {
  const n = Number.parseInt(h.replace("#", ""), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
};

interface Theme {
  text: RGB;
  muted: RGB;
  heading: RGB;
  rule: RGB;
  ruleWidth: number;
  link: RGB;
  band?: { fill: RGB; text: RGB; muted: RGB };
}

const THEMES: Record<ResumeTemplate, Theme> = {
  ats: {
    text: hex("#111111"),
    muted: hex("#444444"),
    heading: hex("#111111"),
    rule: hex("#888888"),
    ruleWidth: 0.6,
    link: hex("#111111"),
  },
  modern: {
    text: hex("#1b1f24"),
    muted: hex("#4a5563"),
    heading: hex(RESUME_ACCENT),
    rule: hex(RESUME_ACCENT),
    ruleWidth: 1.1,
    link: hex(RESUME_ACCENT),
    band: { fill: hex(RESUME_ACCENT), text: hex("#ffffff"), muted: hex("#dbe7f1") },
  },
};

interface Style {
  /** The weight; each character is drawn by the face of this weight that has it (`faceRuns`). */
  font: Weight;
  size: number;
  color: RGB;
}

interface Run {
  text: string;
  style: Style;
  url?: string;
}

/** A laid-out piece of a line: one drawText call (and a link annotation when `url`). */
interface Fragment {
  text: string;
  style: Style;
  url?: string;
  dx: number;
  width: number;
}

interface Line {
  fragments: Fragment[];
  width: number;
  /** The largest font size on the line. */
  size: number;
}

/** Characters outside the font, mapped to what prints instead (else "?"), so nothing renders as a blank box. */
const SUBSTITUTES: Record<string, string> = {
  "→": "->",
  "←": "<-",
  "⇒": "=>",
  "✓": "+",
  "✔": "+",
  "★": "*",
  "●": "•",
  "▪": "•",
  "◦": "•",
  "\u2009": " ",
  "\u202f": " ",
  "\t": " ",
};

/** `text` with every character neither family can draw replaced (see SUBSTITUTES). */
export function printable(text: string, weight: Weight = "regular"): string {
  let out = "";
  let changed = false;
  for (const ch of text) {
    if (faceFor(weight, ch) !== undefined && ch !== "\t") out += ch;
    else {
      out += SUBSTITUTES[ch] ?? "?";
      changed = true;
    }
  }
  return changed ? out : text;
}

const RUN_CACHE_LIMIT = 20_000;
const runCache: Record<Weight, Map<string, { face: FontKey; text: string }[]>> = {
  regular: new Map(),
  bold: new Map(),
};

/** `faceRuns`, memoised: the same words are measured and drawn over and over. */
function runsOf(weight: Weight, text: string) {
  const cache = runCache[weight];
  let runs = cache.get(text);
  if (!runs) {
    runs = faceRuns(weight, text);
    if (cache.size >= RUN_CACHE_LIMIT) cache.clear();
    cache.set(text, runs);
  }
  return runs;
}

/** The width of `text` in a weight, each part in the face that draws it. */
function textWidth(weight: Weight, text: string, size: number): number {
  const runs = runsOf(weight, text);
  if (runs.length === 1 && runs[0]) return faceWidth(runs[0].face, text, size);
  return runs.reduce((w, r) => w + faceWidth(r.face, r.text, size), 0);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Splits a token wider than `max` (a long URL, a hash): after the last `/ - _ . ? & =` that fits,
 * else at a grapheme boundary, so the pieces stay whole words where possible.
 */
function splitLong(word: string, style: Style, max: number): string[] {
  const parts: string[] = [];
  let cur = "";
  let lastBreak = -1;
  for (const { segment } of segmenter.segment(word)) {
    if (cur && textWidth(style.font, cur + segment, style.size) > max) {
      const cut = lastBreak > 0 ? lastBreak : cur.length;
      parts.push(cur.slice(0, cut));
      cur = cur.slice(cut);
      lastBreak = -1;
    }
    cur += segment;
    if (/[/\-_.?&=]/.test(segment)) lastBreak = cur.length;
  }
  if (cur) parts.push(cur);
  return parts;
}

/** Whitespace that allows a line break (a no-break space does not). */
const BREAKING_SPACE = /([ \t\r\n]+)/;

interface Word {
  text: string;
  style: Style;
  url?: string;
  /** Whitespace before this word (drawn as one space, and a place to break). */
  space: boolean;
  /** No break before this word: it continues the previous one (a run boundary inside a word). */
  glue: boolean;
  width: number;
}

/**
 * Greedy wrap of styled runs into lines no wider than `max`: breaks at whitespace only (a word made
 * of several runs stays whole), tokens wider than a line are split (`splitLong`).
 */
function wrap(runs: Run[], max: number): Line[] {
  const words: Word[] = [];
  let pendingSpace = false;
  for (const run of runs) {
    const text = printable(run.text, run.style.font);
    for (const piece of text.split(BREAKING_SPACE)) {
      if (piece === "") continue;
      if (BREAKING_SPACE.test(piece)) {
        pendingSpace = true;
        continue;
      }
      const parts =
        textWidth(run.style.font, piece, run.style.size) > max ? splitLong(piece, run.style, max) : [piece];
      parts.forEach((part, i) => {
        words.push({
          text: part,
          style: run.style,
          ...(run.url ? { url: run.url } : {}),
          space: pendingSpace,
          glue: i === 0 && !pendingSpace && words.length > 0,
          width: textWidth(run.style.font, part, run.style.size),
        });
        pendingSpace = false;
      });
    }
  }

  // Boxes: a word and the glued words after it, placed on one line together.
  const boxes: Word[][] = [];
  for (const w of words) {
    const last = boxes[boxes.length - 1];
    if (w.glue && last) last.push(w);
    else boxes.push([w]);
  }

  const lines: Line[] = [];
  let line: Line = { fragments: [], width: 0, size: 0 };
  const spaceWidth = (w: Word) => textWidth(w.style.font, " ", w.style.size);
  for (const box of boxes) {
    const head = box[0] as Word;
    const boxWidth = box.reduce((sum, w, i) => sum + w.width + (i && w.space ? spaceWidth(w) : 0), 0);
    const lead = line.fragments.length && head.space ? spaceWidth(head) : 0;
    if (line.fragments.length && line.width + lead + boxWidth > max) {
      lines.push(line);
      line = { fragments: [], width: 0, size: 0 };
    }
    for (const w of box) {
      const gap = line.fragments.length && w.space ? spaceWidth(w) : 0;
      const last = line.fragments[line.fragments.length - 1];
      if (last && last.style === w.style && last.url === w.url) {
        last.text += (gap ? " " : "") + w.text;
        last.width += gap + w.width;
      } else {
        if (last && gap) {
          // The space goes with the previous fragment, so extracted text keeps the word break.
          last.text += " ";
          last.width += gap;
        }
        line.fragments.push({
          text: w.text,
          style: w.style,
          ...(w.url ? { url: w.url } : {}),
          dx: line.width + gap,
          width: w.width,
        });
      }
      line.width += gap + w.width;
      line.size = Math.max(line.size, w.style.size);
    }
  }
  if (line.fragments.length) lines.push(line);
  return lines;
}

/**
 * Lays out a list of items ("a  |  b  |  c") into lines: items stay whole (an item wider than a
 * line is wrapped on its own), a separator stands between two items on one line and disappears at
 * a line break, so no line starts or ends with one.
 */
function wrapItems(items: Run[], separator: Run, max: number): Line[] {
  const pad = textWidth(separator.style.font, " ", separator.style.size) * 1.6;
  const sepWidth = textWidth(separator.style.font, separator.text, separator.style.size) + 2 * pad;
  const lines: Line[] = [];
  let line: Line | undefined;
  for (const item of items) {
    const [single, ...more] = wrap([item], max);
    if (!single) continue;
    if (line && !more.length && line.width + sepWidth + single.width <= max) {
      const at = line.width + sepWidth;
      line.fragments.push(
        { text: separator.text, style: separator.style, dx: line.width + pad, width: sepWidth - 2 * pad },
        ...single.fragments.map((f) => ({ ...f, dx: f.dx + at })),
      );
      line.width += sepWidth + single.width;
      line.size = Math.max(line.size, single.size, separator.style.size);
      continue;
    }
    if (line) lines.push(line);
    if (more.length) {
      lines.push(single, ...more.slice(0, -1));
      line = more[more.length - 1];
    } else line = single;
  }
  if (line) lines.push(line);
  return lines;
}

const lineHeight = (size: number) => size * LINE;

/** Scripts whose shaped glyphs are not in logical order (pre-base matras, reph): Devanagari to Sinhala. */
const INDIC = /[\u0900-\u0dff]/;

/** Lays out and draws the outline, page after page. */
class Writer {
  page!: PDFPage;
  /** The top of the next line (PDF coordinates, from the bottom). */
  y = 0;
  readonly fonts: Partial<Record<FontKey, PDFFont>>;

  constructor(
    readonly pdf: PDFDocument,
    fonts: Partial<Record<FontKey, PDFFont>>,
    readonly theme: Theme,
  ) {
    this.fonts = fonts;
    this.newPage();
  }

  newPage() {
    this.page = this.pdf.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - MARGIN.top;
    if (this.theme.band && this.pdf.getPageCount() > 1) {
      // Continuation pages of the modern template: a thin accent strip instead of the band.
      this.page.drawRectangle({
        x: 0,
        y: PAGE.height - 8,
        width: PAGE.width,
        height: 8,
        color: this.theme.band.fill,
      });
    }
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  ensure(height: number) {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  space(points: number) {
    this.y -= points;
  }

  /** Draws one laid-out line with its top at `top`, left at `x`. */
  drawLine(line: Line, x: number, top: number) {
    const h = lineHeight(line.size);
    const { ascent, descent } = fontMetrics("regular");
    // Centre the font's ascent–descent box in the line box.
    const baseline = top - (h - (ascent - descent) * line.size) / 2 - ascent * line.size;
    for (const f of line.fragments) this.drawText(f.text, f.style, x + f.dx, baseline, f.url, f.width);
  }

  drawText(text: string, style: Style, x: number, baseline: number, url?: string, width?: number) {
    const trimmed = text.replace(/\s+$/, "");
    if (!trimmed) return;
    const indic = INDIC.test(trimmed);
    if (indic) {
      // The glyphs of Indic text are in visual order; ActualText gives extractors the logical text.
      const props = this.pdf.context.obj({ ActualText: PDFHexString.fromText(trimmed) });
      this.page.pushOperators(
        PDFOperator.of(Ops.BeginMarkedContentSequence, [PDFName.of("Span"), props as unknown as PDFName]),
      );
    }
    let at = x;
    for (const run of runsOf(style.font, trimmed)) {
      const font = this.fonts[run.face];
      if (!font) throw new Error(`font ${run.face} was not embedded`);
      this.page.drawText(run.text, { x: at, y: baseline, size: style.size, font, color: style.color });
      at += faceWidth(run.face, run.text, style.size);
    }
    if (indic) this.page.pushOperators(PDFOperator.of(Ops.EndMarkedContent));
    if (url) {
      const w = width ?? textWidth(style.font, trimmed, style.size);
      const { ascent, descent } = fontMetrics(style.font);
      this.link(url, [x, baseline + descent * style.size, x + w, baseline + ascent * style.size]);
    }
  }

  link(url: string, rect: [number, number, number, number]) {
    const ctx = this.pdf.context;
    const annot = ctx.register(
      ctx.obj({
        Type: "Annot",
        Subtype: "Link",
        Rect: rect.map((n) => Math.round(n * 100) / 100),
        Border: [0, 0, 0],
        F: 4,
        A: { Type: "Action", S: "URI", URI: PDFString.of(encodeUri(url)) },
      }),
    );
    this.page.node.addAnnot(annot);
  }

  /** Draws a laid-out line at the cursor, on a new page if it does not fit. */
  line(line: Line, x = MARGIN.x) {
    const h = lineHeight(line.size);
    this.ensure(h);
    this.drawLine(line, x, this.y);
    this.y -= h;
  }

  /**
   * Draws the lines of one paragraph, breaking pages between lines with no widows or orphans: a
   * page never ends with the first line of a paragraph nor starts with its last one alone.
   * `onFirst` draws beside the first line (a bullet) once its position is known.
   */
  paragraph(lines: Line[], x = MARGIN.x, onFirst?: (top: number, line: Line) => void) {
    let i = 0;
    while (i < lines.length) {
      // How many of the remaining lines fit on this page.
      let fit = 0;
      let y = this.y;
      for (let j = i; j < lines.length; j++) {
        const h = lineHeight((lines[j] as Line).size);
        if (y - h < MARGIN.bottom) break;
        y -= h;
        fit++;
      }
      const rest = lines.length - i;
      if (fit < rest) {
        const fits = fit;
        // Leave at least two lines on each side of the break (a 3-line paragraph moves whole).
        if (rest - fit < 2) fit = rest - 2;
        if (fit < 2 || rest <= 3) fit = 0;
        const freshPage = this.y >= PAGE.height - MARGIN.top - 1;
        if (fit === 0 && !freshPage) {
          this.newPage();
          continue;
        }
        if (fit === 0) fit = Math.max(fits, 1); // longer than a page: fill this one
      }
      for (const line of lines.slice(i, i + fit)) {
        if (i === 0 && onFirst) onFirst(this.y, line);
        this.drawLine(line, x, this.y);
        this.y -= lineHeight(line.size);
        i++;
      }
      if (i < lines.length) this.newPage();
    }
  }

  /** Wraps runs into the column at `x` (width `max`) and draws them as one paragraph. */
  flow(runs: Run[], x = MARGIN.x, max = CONTENT_WIDTH) {
    this.paragraph(wrap(runs, max), x);
  }

  rule(color: RGB, thickness: number) {
    this.page.drawLine({
      start: { x: MARGIN.x, y: this.y },
      end: { x: PAGE.width - MARGIN.x, y: this.y },
      thickness,
      color,
    });
  }
}

/** Link targets are ASCII in the PDF: anything else percent-encoded (already-encoded input kept). */
function encodeUri(url: string): string {
  return url.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
}

const S = (font: Weight, size: number, color: RGB): Style => ({ font, size, color });

function header(w: Writer, name: string, label: string | undefined, contact: OutlineSpan[], theme: Theme) {
  const band = theme.band;
  const nameStyle = S("bold", band ? 23 : 21, band ? band.text : theme.text);
  const labelStyle = S("regular", 11.5, band ? band.text : theme.muted);
  const contactStyle = S("regular", 9, band ? band.muted : theme.text);
  const blocks: { lines: Line[]; after: number }[] = [
    { lines: wrap([{ text: name, style: nameStyle }], CONTENT_WIDTH), after: 1 },
  ];
  if (label) blocks.push({ lines: wrap([{ text: label, style: labelStyle }], CONTENT_WIDTH), after: 3 });
  if (contact.length) {
    const items = contact.map(
      (c): Run => ({ text: c.text, style: contactStyle, ...(c.url ? { url: c.url } : {}) }),
    );
    blocks.push({ lines: wrapItems(items, { text: "|", style: contactStyle }, CONTENT_WIDTH), after: 0 });
  }
  const height = blocks.reduce(
    (h, b) => h + b.lines.reduce((s, l) => s + lineHeight(l.size), 0) + b.after,
    0,
  );
  if (band) {
    const padTop = 26;
    const padBottom = 16;
    w.page.drawRectangle({
      x: 0,
      y: PAGE.height - padTop - height - padBottom,
      width: PAGE.width,
      height: padTop + height + padBottom,
      color: band.fill,
    });
    w.y = PAGE.height - padTop;
  }
  for (const b of blocks) {
    for (const l of b.lines) {
      w.drawLine(l, MARGIN.x, w.y);
      w.y -= lineHeight(l.size);
    }
    w.space(b.after);
  }
  w.space(band ? 16 + 14 : 6);
}

const INLINE_SECTIONS = new Set(["skills", "languages"]);

function section(w: Writer, s: OutlineSection, theme: Theme) {
  const headingStyle = S("bold", 11.5, theme.heading);
  const body = S("regular", 9.8, theme.text);
  const muted = S("regular", 9, theme.muted);
  const titleStyle = S("bold", 10.3, theme.text);
  const linkStyle = S("regular", 9, theme.link);

  // Keep the heading with the start of what follows it (see `keepLines`).
  const firstEntry = s.entries[0];
  const follow = s.paragraph
    ? linesHeight(keepLines(wrap([{ text: s.paragraph, style: body }], CONTENT_WIDTH)))
    : firstEntry && INLINE_SECTIONS.has(s.key)
      ? linesHeight(
          keepLines(
            wrap([{ text: `${firstEntry.title}: ${firstEntry.text ?? ""}`, style: body }], CONTENT_WIDTH),
          ),
        )
      : firstEntry
        ? entryKeepHeight(firstEntry, { body, muted, titleStyle, linkStyle })
        : 0;
  w.ensure(8 + lineHeight(headingStyle.size) + 5.5 + follow);
  w.space(8);
  w.flow([{ text: s.heading, style: headingStyle }]);
  w.space(1.5);
  w.rule(theme.rule, theme.ruleWidth);
  w.space(4);

  if (s.paragraph) w.flow([{ text: s.paragraph, style: body }]);

  for (const [i, e] of s.entries.entries()) {
    if (INLINE_SECTIONS.has(s.key)) {
      const runs: Run[] = [
        { text: e.text ? `${e.title}:` : e.title, style: S("bold", body.size, theme.text) },
      ];
      if (e.text) runs.push({ text: ` ${e.text}`, style: body });
      w.space(i ? 1.5 : 0);
      w.flow(runs);
      continue;
    }
    entry(w, e, { body, muted, titleStyle, linkStyle }, i === 0);
  }
}

type EntryStyles = { body: Style; muted: Style; titleStyle: Style; linkStyle: Style };

const BULLET_INDENT = 11;
const linesHeight = (lines: Line[]) => lines.reduce((h, l) => h + lineHeight(l.size), 0);
/** The lines of a paragraph that must share a page with what precedes it: all of a short one, else two. */
const keepLines = (lines: Line[]) => (lines.length <= 3 ? lines : lines.slice(0, 2));

function titleLines(e: OutlineEntry, st: EntryStyles): Line[] {
  const datesWidth = e.dates ? textWidth(st.muted.font, printable(e.dates), st.muted.size) + 14 : 0;
  return wrap([{ text: e.title, style: st.titleStyle }], CONTENT_WIDTH - datesWidth);
}

/** The height an entry's title needs below it on the same page: its subtitle and its first paragraph's start. */
function entryKeepHeight(e: OutlineEntry, st: EntryStyles): number {
  let h = e.title ? linesHeight(titleLines(e, st)) : e.dates ? lineHeight(st.muted.size) : 0;
  if (e.subtitle) h += linesHeight(wrap([{ text: e.subtitle, style: st.muted }], CONTENT_WIDTH));
  const first = e.text
    ? wrap([{ text: e.text, style: st.body }], CONTENT_WIDTH)
    : e.bullets[0]
      ? wrap([{ text: e.bullets[0], style: st.body }], CONTENT_WIDTH - BULLET_INDENT)
      : [];
  return h + linesHeight(keepLines(first)) + 2;
}

function entry(w: Writer, e: OutlineEntry, st: EntryStyles, first: boolean) {
  if (!first) w.space(5);
  // The title (with the dates on its right) stays with the start of what is under it.
  w.ensure(entryKeepHeight(e, st));
  if (e.title) {
    const lines = titleLines(e, st);
    const top = w.y;
    for (const l of lines) {
      w.ensure(lineHeight(l.size));
      w.drawLine(l, MARGIN.x, w.y);
      w.y -= lineHeight(l.size);
    }
    if (e.dates) {
      const first = lines[0];
      const h = lineHeight(first?.size ?? st.titleStyle.size);
      const { ascent, descent } = fontMetrics("regular");
      const size = first?.size ?? st.titleStyle.size;
      const baseline = top - (h - (ascent - descent) * size) / 2 - ascent * size;
      const text = printable(e.dates);
      const dw = textWidth(st.muted.font, text, st.muted.size);
      w.drawText(text, st.muted, PAGE.width - MARGIN.x - dw, baseline);
    }
  } else if (e.dates) {
    w.flow([{ text: e.dates, style: st.muted }]);
  }
  if (e.subtitle) w.flow([{ text: e.subtitle, style: st.muted }]);
  if (e.text) {
    w.space(1);
    w.flow([{ text: e.text, style: st.body }]);
  }
  const indent = BULLET_INDENT;
  for (const b of e.bullets) {
    w.space(1.5);
    const lines = wrap([{ text: b, style: st.body }], CONTENT_WIDTH - indent);
    w.paragraph(lines, MARGIN.x + indent, (top, l) => {
      const { ascent, descent } = fontMetrics("regular");
      const h = lineHeight(l.size);
      const baseline = top - (h - (ascent - descent) * l.size) / 2 - ascent * l.size;
      w.drawText("•", st.body, MARGIN.x + 2, baseline);
    });
  }
  if (e.links.length) {
    w.space(1.5);
    const items = e.links.map(
      (l): Run => ({ text: l.text, style: st.linkStyle, ...(l.url ? { url: l.url } : {}) }),
    );
    for (const line of wrapItems(items, { text: "|", style: st.muted }, CONTENT_WIDTH)) w.line(line);
  }
}

function footers(pdf: PDFDocument, fonts: Partial<Record<FontKey, PDFFont>>, theme: Theme) {
  const pages = pdf.getPages();
  if (pages.length < 2) return;
  const style = S("regular", 8, theme.muted);
  pages.forEach((p, i) => {
    const text = `Page ${i + 1} of ${pages.length}`;
    const width = textWidth(style.font, text, style.size);
    p.drawText(text, {
      x: PAGE.width - MARGIN.x - width,
      y: MARGIN.bottom / 2 - 2,
      size: style.size,
      font: fonts[style.font],
      color: style.color,
    });
  });
}

/** The main family's two weights, plus the fallback's when some text needs it. */
function facesNeeded(text: string): FontKey[] {
  const faces = new Set<FontKey>(["regular", "bold"]);
  for (const weight of ["regular", "bold"] as const) {
    for (const r of runsOf(weight, printable(text, weight))) faces.add(r.face);
  }
  return [...faces];
}

export interface RenderOptions {
  template: ResumeTemplate;
  /** Stamped as the PDF's creation and modification dates (default: now). */
  date?: Date;
}

/** Renders a resume to PDF bytes (A4, fonts embedded and subset). */
export async function renderResumePdf(doc: ResumeDocument, opts: RenderOptions): Promise<Uint8Array> {
  const outline = resumeOutline(doc);
  const theme = THEMES[opts.template];
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(cachingFontkit);
  const fonts: Partial<Record<FontKey, PDFFont>> = {};
  for (const face of facesNeeded(outlineLines(outline).join("\n"))) {
    fonts[face] = await pdf.embedFont(fontFace(face).bytes, { subset: true });
  }
  const date = opts.date ?? new Date();
  const title = outline.name ? `${outline.name} – Resume` : "Resume";
  pdf.setTitle(title, { showInWindowTitleBar: true });
  if (outline.name) pdf.setAuthor(outline.name);
  pdf.setCreator("CareerPilot");
  pdf.setProducer("CareerPilot (pdf-lib)");
  pdf.setLanguage("en");
  pdf.setCreationDate(date);
  pdf.setModificationDate(date);

  const w = new Writer(pdf, fonts, theme);
  header(w, outline.name, outline.label, outline.contact, theme);
  for (const s of outline.sections) section(w, s, theme);
  footers(pdf, fonts, theme);
  return pdf.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
