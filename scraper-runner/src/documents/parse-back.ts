/**
 * The parse-back check of a rendered resume (`resume_versions.pdf_check`): extract the PDF's text as
 * an ATS would (`extract.ts`) and compare it with what the resume says (the contract's outline,
 * the same one the renderer printed):
 *   - fidelity: the longest common subsequence of the content's normalised word tokens and the
 *     extracted ones, over the content's token count (1 = every word found, in order; target ≥ 0.9);
 *   - missing_sections: headings of non-empty sections that are not a line of the extracted text;
 *   - garbled: replacement characters, private-use or control characters, mojibake, a font with
 *     no way to map its glyphs to text (a composite font without /ToUnicode), or an embedded
 *     TrueType program whose glyphs cannot be read (a viewer draws them blank);
 *   - fonts_embedded: every font dictionary has its program (FontFile, FontFile2 or FontFile3),
 *     read with pdf-lib;
 *   - pages.
 *
 * Tokens are NFKC, lower-cased runs of letters, marks and digits. A token in an Indic script is
 * compared by its multiset of code points: pdf.js extracts such words in glyph (visual) order, so
 * "अर्जुन" comes back as "अजुर्न"; the letters must all be there, their order within the word is the
 * shaper's business (poppler, which honours /ActualText, reads the logical order).
 */
import fontkit from "@pdf-lib/fontkit";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
} from "pdf-lib";
import type { ResumeDocument, ResumePdfCheck } from "../../../supabase/functions/_shared/contract/resume.ts";
import { outlineLines, resumeOutline } from "../../../supabase/functions/_shared/contract/resume-outline.ts";
import { extractPdfText } from "./extract.ts";

const INDIC = /[\u0900-\u0dff]/u;

/** Normalised word tokens of `text`, in order (see the module comment). */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text
    .normalize("NFKC")
    .toLowerCase()
    .matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
    const t = m[0];
    out.push(INDIC.test(t) ? Array.from(t).sort().join("") : t);
  }
  return out;
}

/** Length of the longest common subsequence of two token lists (two rolling rows). */
export function lcsLength(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  // Intern tokens so the inner loop compares integers.
  const ids = new Map<string, number>();
  const id = (t: string) => {
    let v = ids.get(t);
    if (v === undefined) {
      v = ids.size;
      ids.set(t, v);
    }
    return v;
  };
  const A = Int32Array.from(a, id);
  const B = Int32Array.from(b, id);
  let prev = new Uint32Array(B.length + 1);
  let cur = new Uint32Array(B.length + 1);
  for (let i = 1; i <= A.length; i++) {
    const ai = A[i - 1];
    for (let j = 1; j <= B.length; j++) {
      cur[j] = ai === B[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[B.length] ?? 0;
}

/** Characters that never belong in extracted resume text. */
const BAD_CHARS = /[\uFFFD\uE000-\uF8FF]|(?![\n\r\t])\p{Cc}/u;
/** UTF-8 read as Latin-1/Windows-1252 ("Ã©", "â€™", "Â "). */
const MOJIBAKE = /Ã[\u0080-\u00BF]|â€|Â[\u0080-\u00BF ]/u;

/** True when extracted text shows replacement, private-use or control characters, or mojibake not in `source`. */
export function looksGarbled(text: string, source = ""): boolean {
  if (BAD_CHARS.test(text)) return true;
  return MOJIBAKE.test(text) && !MOJIBAKE.test(source);
}

export interface FontReport {
  name: string;
  subtype: string;
  embedded: boolean;
  /** The font can map its glyphs to Unicode (a /ToUnicode map, or a simple font's encoding). */
  mapped: boolean;
  /** The embedded program, when TrueType, parses and every glyph's outline decodes (others: true). */
  readable: boolean;
}

/** True when a TrueType font program parses and every glyph outline in it decodes. */
export function trueTypeReadable(program: Uint8Array): boolean {
  try {
    const font = fontkit.create(program) as unknown as {
      numGlyphs: number;
      getGlyph(id: number): { path: unknown };
    };
    for (let i = 0; i < font.numGlyphs; i++) void font.getGlyph(i).path;
    return true;
  } catch {
    return false;
  }
}

const FONT_FILES = ["FontFile", "FontFile2", "FontFile3"].map((n) => PDFName.of(n));

/** Every font dictionary of a PDF (indirect ones and those inline in resources), with what it embeds. */
export function pdfFonts(pdf: PDFDocument): FontReport[] {
  const ctx = pdf.context;
  const seen = new Set<PDFDict>();
  const deref = (o: PDFObject | undefined): PDFObject | undefined =>
    o instanceof PDFRef ? ctx.lookup(o) : o;
  const fonts: PDFDict[] = [];
  const consider = (o: PDFObject | undefined) => {
    const d = deref(o);
    if (!(d instanceof PDFDict) || seen.has(d)) return;
    if (d.get(PDFName.of("Type")) === PDFName.of("Font") && d.has(PDFName.of("Subtype"))) {
      seen.add(d);
      fonts.push(d);
    }
  };
  for (const [, obj] of ctx.enumerateIndirectObjects()) consider(obj);
  // Fonts written inline in a resource dictionary (no object of their own).
  for (const [, obj] of ctx.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    const res = deref(obj.get(PDFName.of("Resources")));
    const fontDict = res instanceof PDFDict ? deref(res.get(PDFName.of("Font"))) : undefined;
    if (fontDict instanceof PDFDict) for (const [, f] of fontDict.entries()) consider(f);
  }

  const hasProgram = (descriptor: PDFObject | undefined) => {
    const d = deref(descriptor);
    return d instanceof PDFDict && FONT_FILES.some((n) => d.has(n));
  };
  const readable = (descriptor: PDFObject | undefined) => {
    const d = deref(descriptor);
    const program = d instanceof PDFDict ? deref(d.get(PDFName.of("FontFile2"))) : undefined;
    if (!(program instanceof PDFRawStream)) return true;
    try {
      return trueTypeReadable(decodePDFRawStream(program).decode());
    } catch {
      return false;
    }
  };
  // Descendant CIDFonts are reported through their Type0 parent.
  const descendants = new Set<PDFDict>();
  for (const f of fonts) {
    const arr = deref(f.get(PDFName.of("DescendantFonts")));
    if (arr instanceof PDFArray) {
      for (const o of arr.asArray()) {
        const d = deref(o);
        if (d instanceof PDFDict) descendants.add(d);
      }
    }
  }
  return fonts
    .filter((f) => !descendants.has(f))
    .map((f) => {
      const subtype = String(f.get(PDFName.of("Subtype")) ?? "").replace(/^\//, "");
      const name = String(f.get(PDFName.of("BaseFont")) ?? "").replace(/^\//, "");
      const toUnicode = f.has(PDFName.of("ToUnicode"));
      if (subtype === "Type0") {
        const arr = deref(f.get(PDFName.of("DescendantFonts")));
        const cid = arr instanceof PDFArray ? deref(arr.get(0)) : undefined;
        const descriptor = cid instanceof PDFDict ? cid.get(PDFName.of("FontDescriptor")) : undefined;
        // Identity-encoded CID fonts say nothing about text without a ToUnicode map.
        return {
          name,
          subtype,
          embedded: hasProgram(descriptor),
          mapped: toUnicode,
          readable: readable(descriptor),
        };
      }
      if (subtype === "Type3") {
        return {
          name,
          subtype,
          embedded: true,
          mapped: toUnicode || f.has(PDFName.of("Encoding")),
          readable: true,
        };
      }
      const descriptor = f.get(PDFName.of("FontDescriptor"));
      return {
        name,
        subtype,
        embedded: hasProgram(descriptor),
        mapped: true,
        readable: readable(descriptor),
      };
    });
}

/** The most content tokens the fidelity measure compares (see `analyseResumePdf`). */
export const MAX_CONTENT_TOKENS = 5000;

export interface ResumePdfAnalysis {
  check: ResumePdfCheck;
  /** The extracted text, page by page. */
  text: string[];
  fonts: FontReport[];
  /** Content tokens the extracted text lacks (in order, at most 50), for a reviewer. */
  missingTokens: string[];
}

/** The parse-back check with what it rests on (text, fonts, missing words). */
export async function analyseResumePdf(pdf: Uint8Array, doc: ResumeDocument): Promise<ResumePdfAnalysis> {
  const outline = resumeOutline(doc);
  const contentText = outlineLines(outline).join("\n");
  const extracted = await extractPdfText(pdf, { maxPages: 100 });
  const text = extracted.pages.join("\n");

  const want = tokens(contentText);
  const got = tokens(text);
  // The LCS is quadratic: an outsized document is measured on its first MAX_CONTENT_TOKENS words
  // (about fifteen pages; a two-page resume has ~700) against at most twice as many extracted ones.
  const fidelity = want.length
    ? lcsLength(want.slice(0, MAX_CONTENT_TOKENS), got.slice(0, 2 * MAX_CONTENT_TOKENS)) /
      Math.min(want.length, MAX_CONTENT_TOKENS)
    : 1;
  const have = new Map<string, number>();
  for (const t of got) have.set(t, (have.get(t) ?? 0) + 1);
  const missingTokens: string[] = [];
  for (const t of want) {
    const n = have.get(t) ?? 0;
    if (n > 0) have.set(t, n - 1);
    else if (missingTokens.length < 50) missingTokens.push(t);
  }

  const lines = new Set(text.split("\n").map((l) => tokens(l).join(" ")));
  const missing_sections = outline.sections
    .filter((s) => !lines.has(tokens(s.heading).join(" ")))
    .map((s) => s.heading);

  const parsed = await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false });
  const fonts = pdfFonts(parsed);
  const garbled = looksGarbled(text, contentText) || fonts.some((f) => !f.mapped || !f.readable);

  return {
    check: {
      fidelity: Math.round(fidelity * 1000) / 1000,
      missing_sections,
      garbled,
      fonts_embedded: fonts.every((f) => f.embedded),
      pages: Math.max(1, parsed.getPageCount()),
    },
    text: extracted.pages,
    fonts,
    missingTokens,
  };
}

/** The parse-back check stored on the version (`ResumePdfCheck`). */
export async function checkResumePdf(pdf: Uint8Array, doc: ResumeDocument): Promise<ResumePdfCheck> {
  return (await analyseResumePdf(pdf, doc)).check;
}
