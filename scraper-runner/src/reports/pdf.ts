/**
 * Report PDFs drawn with pdf-lib (the library the resume PDFs use): a title block, key numbers,
 * charts drawn as vector shapes in the document (stacked bars over time, horizontal bars with an
 * optional interval whisker), and the export's rows as a table across as many A4 pages as they
 * need. Text uses the resume fonts (Noto Sans Devanagari: Latin, ₹, Devanagari), embedded as
 * subsets; a character no face covers is drawn as "?".
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import { cachingFontkit, fontCovers, fontFace } from "../documents/fonts.js";

export interface Kpi {
  label: string;
  value: string;
  note?: string;
}

export interface StackedChart {
  kind: "stacked";
  title: string;
  labels: string[];
  series: { name: string; color: [number, number, number]; values: number[] }[];
}

export interface BarChart {
  kind: "bars";
  title: string;
  bars: { label: string; value: number; low?: number; high?: number; color?: [number, number, number] }[];
  /** The axis maximum (default: the largest value or high end). */
  max?: number;
  format?: (v: number) => string;
}

export type Chart = StackedChart | BarChart;

export interface ReportTable {
  title: string;
  columns: { key: string; label: string; width: number }[];
  rows: Record<string, string>[];
  /** Rows left out (the PDF shows at most this many; the CSV has them all). */
  omitted?: number;
}

export interface ReportPdfInput {
  title: string;
  subtitle: string;
  generatedAt: Date;
  kpis: Kpi[];
  charts: Chart[];
  table: ReportTable | null;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 40;
const INK = rgb(0.09, 0.09, 0.11);
const MUTED = rgb(0.44, 0.44, 0.48);
const RULE = rgb(0.85, 0.85, 0.88);
const BRAND = rgb(0.31, 0.27, 0.9);

export const PORTAL_COLORS: Record<string, [number, number, number]> = {
  linkedin: [0.04, 0.4, 0.76],
  naukri: [0.29, 0.56, 0.89],
  indeed: [0.15, 0.66, 0.55],
};

/** Text the embedded faces can draw (anything else becomes "?"), on one line. */
function drawable(text: string): string {
  let out = "";
  for (const ch of text.replace(/\s+/g, " ")) out += ch === " " || fontCovers("regular", ch) ? ch : "?";
  return out;
}

/** `text` cut with "…" to fit `width` points. */
function fit(font: PDFFont, text: string, size: number, width: number): string {
  let t = drawable(text);
  if (font.widthOfTextAtSize(t, size) <= width) return t;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}…`, size) > width) t = t.slice(0, -1);
  return `${t}…`;
}

class Writer {
  page!: PDFPage;
  y = 0;
  constructor(
    readonly pdf: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  newPage() {
    this.page = this.pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Starts a new page unless `height` points fit below the cursor. */
  need(height: number) {
    if (this.y - height < MARGIN) this.newPage();
  }

  text(
    s: string,
    x: number,
    y: number,
    size: number,
    opts: { bold?: boolean; color?: ReturnType<typeof rgb>; width?: number } = {},
  ) {
    const font = opts.bold ? this.bold : this.regular;
    const t = opts.width ? fit(font, s, size, opts.width) : drawable(s);
    this.page.drawText(t, { x, y, size, font, color: opts.color ?? INK });
  }
}

function drawKpis(w: Writer, kpis: Kpi[]) {
  if (kpis.length === 0) return;
  const width = (A4[0] - 2 * MARGIN - (kpis.length - 1) * 8) / kpis.length;
  w.need(62);
  kpis.forEach((k, i) => {
    const x = MARGIN + i * (width + 8);
    w.page.drawRectangle({
      x,
      y: w.y - 56,
      width,
      height: 56,
      borderColor: RULE,
      borderWidth: 1,
      color: rgb(0.98, 0.98, 1),
    });
    w.text(k.label, x + 8, w.y - 16, 8, { color: MUTED, width: width - 16 });
    w.text(k.value, x + 8, w.y - 36, 16, { bold: true, width: width - 16 });
    if (k.note) w.text(k.note, x + 8, w.y - 49, 7, { color: MUTED, width: width - 16 });
  });
  w.y -= 72;
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** The smallest of 1, 2, 5 × 10^k (at least 1) that is ≥ v. */
function niceStep(v: number): number {
  if (v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function drawStacked(w: Writer, c: StackedChart) {
  const height = 170;
  w.need(height + 50);
  w.text(c.title, MARGIN, w.y - 12, 11, { bold: true });
  const top = w.y - 24;
  const left = MARGIN + 28;
  const right = A4[0] - MARGIN;
  const bottom = top - height;
  const totals = c.labels.map((_, i) => c.series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  // Counts: four whole-number steps (1, 2, 5 × 10^k each), so the ticks read 0 1 2 3 4, never 1.3.
  const step = niceStep(Math.max(0, ...totals) / 4);
  const max = step * 4;
  for (let t = 0; t <= 4; t++) {
    const v = step * t;
    const y = bottom + (height * t) / 4;
    w.page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.5, color: RULE });
    w.text(String(v), MARGIN, y - 3, 7, { color: MUTED });
  }
  const n = Math.max(1, c.labels.length);
  const slot = (right - left) / n;
  const barW = Math.max(1, Math.min(28, slot * 0.7));
  const every = Math.max(1, Math.ceil(n / 10));
  c.labels.forEach((label, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let y = bottom;
    for (const s of c.series) {
      const v = s.values[i] ?? 0;
      if (v <= 0) continue;
      const h = (height * v) / max;
      w.page.drawRectangle({ x, y, width: barW, height: h, color: rgb(...s.color) });
      y += h;
    }
    if (i % every === 0)
      w.text(label, left + i * slot, bottom - 11, 6.5, { color: MUTED, width: slot * every });
  });
  let lx = left;
  for (const s of c.series) {
    w.page.drawRectangle({ x: lx, y: bottom - 26, width: 8, height: 8, color: rgb(...s.color) });
    w.text(s.name, lx + 11, bottom - 25, 8);
    lx += 20 + w.regular.widthOfTextAtSize(s.name, 8);
  }
  w.y = bottom - 44;
}

function drawBars(w: Writer, c: BarChart) {
  const rowH = 16;
  w.need(30 + rowH * Math.min(c.bars.length, 6));
  w.text(c.title, MARGIN, w.y - 12, 11, { bold: true });
  w.y -= 24;
  const labelW = 150;
  const left = MARGIN + labelW + 6;
  const right = A4[0] - MARGIN - 60;
  const max = c.max ?? niceMax(Math.max(0, ...c.bars.map((b) => Math.max(b.value, b.high ?? 0))));
  const fmt = c.format ?? ((v: number) => String(v));
  for (const b of c.bars) {
    w.need(rowH);
    const y = w.y - rowH + 4;
    w.text(b.label, MARGIN, y + 2, 8, { width: labelW });
    w.page.drawRectangle({ x: left, y, width: right - left, height: rowH - 6, color: rgb(0.95, 0.95, 0.97) });
    const bw = ((right - left) * Math.max(0, b.value)) / max;
    if (bw > 0)
      w.page.drawRectangle({
        x: left,
        y,
        width: bw,
        height: rowH - 6,
        color: b.color ? rgb(...b.color) : BRAND,
      });
    if (b.low !== undefined && b.high !== undefined) {
      const x0 = left + ((right - left) * b.low) / max;
      const x1 = left + ((right - left) * b.high) / max;
      const mid = y + (rowH - 6) / 2;
      w.page.drawLine({ start: { x: x0, y: mid }, end: { x: x1, y: mid }, thickness: 1, color: INK });
      w.page.drawLine({ start: { x: x0, y: mid - 3 }, end: { x: x0, y: mid + 3 }, thickness: 1, color: INK });
      w.page.drawLine({ start: { x: x1, y: mid - 3 }, end: { x: x1, y: mid + 3 }, thickness: 1, color: INK });
    }
    w.text(fmt(b.value), right + 6, y + 2, 8);
    w.y -= rowH;
  }
  w.y -= 14;
}

function drawTable(w: Writer, t: ReportTable) {
  const total = t.columns.reduce((a, c) => a + c.width, 0);
  const scale = (A4[0] - 2 * MARGIN) / total;
  const cols = t.columns.map((c) => ({ ...c, width: c.width * scale }));
  const header = () => {
    let x = MARGIN;
    w.page.drawRectangle({
      x: MARGIN,
      y: w.y - 14,
      width: A4[0] - 2 * MARGIN,
      height: 14,
      color: rgb(0.94, 0.94, 0.97),
    });
    for (const c of cols) {
      w.text(c.label, x + 3, w.y - 10, 7.5, { bold: true, width: c.width - 6 });
      x += c.width;
    }
    w.y -= 16;
  };
  w.need(50);
  w.text(t.title, MARGIN, w.y - 12, 11, { bold: true });
  w.y -= 20;
  header();
  if (t.rows.length === 0) {
    w.text("No rows in this range.", MARGIN + 3, w.y - 10, 8, { color: MUTED });
    w.y -= 16;
  }
  for (const r of t.rows) {
    if (w.y - 13 < MARGIN) {
      w.newPage();
      header();
    }
    let x = MARGIN;
    for (const c of cols) {
      w.text(r[c.key] ?? "", x + 3, w.y - 9, 7.5, { width: c.width - 6 });
      x += c.width;
    }
    w.page.drawLine({
      start: { x: MARGIN, y: w.y - 13 },
      end: { x: A4[0] - MARGIN, y: w.y - 13 },
      thickness: 0.3,
      color: RULE,
    });
    w.y -= 13;
  }
  if (t.omitted) {
    w.need(16);
    w.text(`${t.omitted} more rows are in the CSV export.`, MARGIN + 3, w.y - 10, 8, { color: MUTED });
    w.y -= 16;
  }
}

/** The report as PDF bytes. */
export async function renderReportPdf(input: ReportPdfInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(cachingFontkit);
  pdf.setTitle(`${input.title} — ${input.subtitle}`);
  pdf.setProducer("CareerPilot");
  pdf.setCreationDate(input.generatedAt);
  const regular = await pdf.embedFont(fontFace("regular").bytes, { subset: true });
  const bold = await pdf.embedFont(fontFace("bold").bytes, { subset: true });
  const w = new Writer(pdf, regular, bold);

  w.text("CareerPilot", MARGIN, w.y - 12, 10, { bold: true, color: BRAND });
  w.text(input.title, MARGIN, w.y - 34, 18, { bold: true });
  w.text(input.subtitle, MARGIN, w.y - 50, 9, { color: MUTED });
  w.y -= 70;
  drawKpis(w, input.kpis);
  for (const c of input.charts) (c.kind === "stacked" ? drawStacked : drawBars)(w, c as never);
  if (input.table) drawTable(w, input.table);

  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    p.drawText(
      drawable(
        `Made ${input.generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC · page ${i + 1} of ${pages.length}`,
      ),
      {
        x: MARGIN,
        y: 20,
        size: 7,
        font: regular,
        color: MUTED,
      },
    );
  });
  return await pdf.save();
}
