/**
 * Text of any PDF, page by page, with pdf.js (`pdfjs-dist` legacy build, the one that supports
 * Node 20): the parse-back of rendered resumes, resume-PDF import and certificate PDFs. A PDF whose
 * pages carry no text (a scan, a photo of a certificate) is reported as such (`hasTextLayer: false`)
 * so the caller can OCR it instead; a damaged or password-protected file is a `PdfReadError`.
 *
 * Text comes in content-stream order, which is reading order for PDFs made by a renderer that
 * writes in reading order (ours). Items on one line are joined with a space where there is a visible
 * gap between them; line ends become "\n".
 *
 * pdf.js ignores `/ActualText`, so scripts whose glyphs are stored in visual order (Devanagari's
 * pre-base matras and reph) come out in that order ("अर्जुन" → "अजुर्न"): callers comparing text
 * account for it (`parse-back.ts`).
 */
import { createRequire } from "node:module";
import path from "node:path";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

export interface ExtractedPdf {
  /** Each page's text, in content order ("\n" between lines). */
  pages: string[];
  /** True when at least one page has text (not only whitespace). */
  hasTextLayer: boolean;
}

export interface ExtractOptions {
  /** Read at most this many pages (default 50); `pages` then holds only those. */
  maxPages?: number;
}

export type PdfReadFailure = "encrypted" | "invalid";

/** The file is not a readable PDF. `reason` says whether it is password-protected or damaged. */
export class PdfReadError extends Error {
  constructor(
    readonly reason: PdfReadFailure,
    message: string,
  ) {
    super(message);
    this.name = "PdfReadError";
  }
}

let pdfjs: Promise<PdfJs> | undefined;
const loadPdfJs = () => {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
};

/** pdf.js' data folders (standard fonts, CMaps), for PDFs that use non-embedded fonts or CJK CMaps. */
const dataDir = (() => {
  const root = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  // pdf.js in Node reads these with fs: a directory path with a trailing slash.
  const dir = (name: string) => `${path.join(root, name)}/`;
  return { standardFonts: dir("standard_fonts"), cMaps: dir("cmaps"), wasm: dir("wasm") };
})();

interface TextItemLike {
  str: string;
  hasEOL: boolean;
  transform: number[];
  width: number;
  height: number;
}

/** Joins a page's text items: "\n" at line ends, a space where two items on a line have a gap. */
export function joinTextItems(items: TextItemLike[]): string {
  let out = "";
  let prev: TextItemLike | undefined;
  for (const item of items) {
    if (prev && !prev.hasEOL && item.str !== "") {
      const prevEnd = (prev.transform[4] ?? 0) + prev.width;
      const x = item.transform[4] ?? 0;
      const sameLine =
        Math.abs((item.transform[5] ?? 0) - (prev.transform[5] ?? 0)) < Math.max(1, item.height * 0.5);
      const gap = x - prevEnd;
      const size = Math.max(1, item.height || prev.height);
      if (!sameLine) out += "\n";
      else if (gap > size * 0.15 && !/\s$/.test(out) && !/^\s/.test(item.str)) out += " ";
    }
    out += item.str;
    if (item.hasEOL) out += "\n";
    if (item.str !== "" || item.hasEOL) prev = item;
  }
  return out
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Extracts the text of every page of a PDF (see the module comment). */
export async function extractPdfText(pdf: Uint8Array, opts: ExtractOptions = {}): Promise<ExtractedPdf> {
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
    data: pdf.slice(),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    standardFontDataUrl: dataDir.standardFonts,
    cMapUrl: dataDir.cMaps,
    cMapPacked: true,
    wasmUrl: dataDir.wasm,
    verbosity: lib.VerbosityLevel.ERRORS,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    const name = (err as { name?: string }).name;
    if (name === "PasswordException") throw new PdfReadError("encrypted", "The PDF is password-protected.");
    throw new PdfReadError("invalid", `The file is not a readable PDF (${(err as Error).message}).`);
  }
  try {
    const count = Math.min(doc.numPages, opts.maxPages ?? 50);
    const pages: string[] = [];
    for (let n = 1; n <= count; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      // Marked-content markers have no `str`.
      pages.push(joinTextItems(content.items.filter((i) => "str" in i) as TextItemLike[]));
      page.cleanup();
    }
    return { pages, hasTextLayer: pages.some((p) => p.trim() !== "") };
  } catch (err) {
    throw new PdfReadError("invalid", `The PDF could not be read (${(err as Error).message}).`);
  } finally {
    await doc.destroy();
  }
}
