/**
 * The resume fonts: Noto Sans Devanagari (Regular and Bold) from `@expo-google-fonts/noto-sans-devanagari`,
 * which covers Latin (with Latin-1 and Latin Extended-A), the rupee sign ₹, general punctuation
 * (• – — “ ” …) and Devanagari; and, for what it lacks, Noto Sans (`@expo-google-fonts/noto-sans`:
 * Greek, Cyrillic, Vietnamese and the rest of Latin), only loaded and embedded when a document
 * needs it. Read from disk and parsed by fontkit once per process; every document gets the same
 * parsed font through a caching fontkit (pdf-lib calls `fontkit.create` on each `embedFont`, which
 * would otherwise re-parse the TrueType per font per render), and widths of words are memoised
 * across documents.
 *
 * fontkit shapes Devanagari (reph, conjuncts, pre-base matras) with its Indic shaper, whose
 * generators need regenerator-runtime in Node: imported here, before fontkit.
 */
import "regenerator-runtime/runtime.js";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";

/** A weight, as styles name it. */
export type Weight = "regular" | "bold";
/** A font face: the main family's two weights, and the fallback family's. */
export type FontKey = Weight | "fallbackRegular" | "fallbackBold";
export const FONT_KEYS: readonly FontKey[] = ["regular", "bold", "fallbackRegular", "fallbackBold"];

const FILES: Record<FontKey, string> = {
  regular: "@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf",
  bold: "@expo-google-fonts/noto-sans-devanagari/700Bold/NotoSansDevanagari_700Bold.ttf",
  fallbackRegular: "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf",
  fallbackBold: "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf",
};

const FALLBACK: Record<Weight, FontKey> = { regular: "fallbackRegular", bold: "fallbackBold" };

/**
 * Shaping features per face. Noto Sans' `ccmp` decomposes some precomposed letters (ị → i + a
 * combining dot): the mark glyph then has no Unicode mapping and the base glyph maps to two texts,
 * which garbles extracted text. The fallback faces draw precomposed glyphs (they have them).
 */
const FEATURES: Partial<Record<FontKey, Record<string, boolean>>> = {
  fallbackRegular: { ccmp: false },
  fallbackBold: { ccmp: false },
};

/** The subset of fontkit's font object the renderer uses. */
interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string, features?: unknown): GlyphRun;
}

interface GlyphRun {
  glyphs: { advanceWidth: number }[];
}

/** fontkit's TrueType subset, as far as `alignSubsetGlyphs` touches it. */
interface TtfSubset {
  glyf: Uint8Array[];
  offset: number;
  _addGlyph(gid: number): number;
}

/**
 * Pads each glyph of a TrueType subset to an even length. fontkit writes a subset's `loca` in the
 * short format (offsets ÷ 2) whenever it is small enough, which is only right when every glyph
 * starts at an even offset; a font whose own `loca` is long (Noto Sans) has odd-length glyphs, and
 * its subsets came out with every glyph after the first odd one unreadable (blank in viewers).
 * Padding after a glyph's data is allowed by the format.
 */
function alignSubsetGlyphs(font: FontkitFont & { createSubset(): TtfSubset }) {
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset();
    const addGlyph = subset._addGlyph.bind(subset);
    subset._addGlyph = (gid: number) => {
      const index = addGlyph(gid);
      const data = subset.glyf[index];
      if (data && data.length % 2 === 1) {
        const padded = new (data.constructor as Uint8ArrayConstructor)(data.length + 1);
        padded.set(data);
        subset.glyf[index] = padded;
        subset.offset += 1;
      }
      return index;
    };
    return subset;
  };
}

interface LoadedFont {
  bytes: Uint8Array;
  font: FontkitFont;
  /** word → advance width at size 1 (points). */
  widths: Map<string, number>;
}

const WIDTH_CACHE_LIMIT = 50_000;
const LAYOUT_CACHE_LIMIT = 10_000;
const stats = { parses: 0, reuses: 0 };

/** How often the font files were parsed, and how often a document got an already parsed font. */
export function fontStats(): Readonly<typeof stats> {
  return { ...stats };
}

/**
 * Memoises the font's `layout` (shaping: GSUB/GPOS lookups, most of a render's time) by text, for
 * calls without features (all of pdf-lib's and ours), which get the face's own `features`. pdf-lib
 * lays out every string it draws; a resume's lines and words repeat across renders and versions.
 * The glyph runs are only read.
 */
function memoiseLayout(font: FontkitFont, faceFeatures?: Record<string, boolean>): FontkitFont {
  const layout = font.layout.bind(font);
  const cache = new Map<string, GlyphRun>();
  font.layout = (text: string, features?: unknown) => {
    if (features !== undefined && !(Array.isArray(features) && features.length === 0))
      return layout(text, features);
    let run = cache.get(text);
    if (!run) {
      run = layout(text, faceFeatures);
      if (cache.size >= LAYOUT_CACHE_LIMIT) cache.clear();
      cache.set(text, run);
    }
    return run;
  };
  return font;
}
const loaded = new Map<FontKey, LoadedFont>();

/** A font face, read and parsed on first use and then kept for the life of the process. */
export function fontFace(key: FontKey): LoadedFont {
  let f = loaded.get(key);
  if (!f) {
    const bytes = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(FILES[key])));
    stats.parses++;
    const font = fontkit.create(bytes) as unknown as FontkitFont & { createSubset(): TtfSubset };
    alignSubsetGlyphs(font);
    f = { bytes, font: memoiseLayout(font, FEATURES[key]), widths: new Map() };
    loaded.set(key, f);
  }
  return f;
}

/**
 * The fontkit to register with each PDFDocument: `create` hands back the already parsed font for
 * our own font files (by identity), and parses anything else as fontkit would.
 */
export const cachingFontkit = {
  create(data: Uint8Array, postscriptName?: string) {
    for (const f of loaded.values()) {
      if (f.bytes === data) {
        stats.reuses++;
        return f.font;
      }
    }
    return fontkit.create(data, postscriptName);
  },
} as unknown as typeof fontkit;

const noGlyphNeeded = (cp: number) => cp <= 0x20 || isFormatChar(cp);

/** The face that draws `ch` in this weight: the main family, else the fallback, else none. */
export function faceFor(weight: Weight, ch: string): FontKey | undefined {
  const cp = ch.codePointAt(0) ?? 0;
  const known = coverage[weight].get(cp);
  if (known !== undefined) return known ?? undefined;
  let face: FontKey | null = null;
  if (noGlyphNeeded(cp) || fontFace(weight).font.hasGlyphForCodePoint(cp)) face = weight;
  else if (fontFace(FALLBACK[weight]).font.hasGlyphForCodePoint(cp)) face = FALLBACK[weight];
  coverage[weight].set(cp, face);
  return face ?? undefined;
}

/** Code point → the face that draws it in a weight (null: none), as looked up so far. */
const coverage: Record<Weight, Map<number, FontKey | null>> = { regular: new Map(), bold: new Map() };

/**
 * `text` cut into runs of one face each, for a text every character of which some face draws (see
 * `printable` in render.ts).
 */
export function faceRuns(weight: Weight, text: string): { face: FontKey; text: string }[] {
  const runs: { face: FontKey; text: string }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const last = runs[runs.length - 1];
    // Spaces are drawn by the main face (a fallback face's space extracts as its raw code in
    // pdf.js); joiners stay with the run they join.
    const face = cp <= 0x20 ? weight : isFormatChar(cp) && last ? last.face : (faceFor(weight, ch) ?? weight);
    if (last && last.face === face) last.text += ch;
    else runs.push({ face, text: ch });
  }
  return runs;
}

/** The advance width of `text` (one shaped run, kerning included) at `size` points. */
export function textWidth(key: FontKey, text: string, size: number): number {
  const f = fontFace(key);
  let w = f.widths.get(text);
  if (w === undefined) {
    w = 0;
    for (const g of f.font.layout(text).glyphs) w += g.advanceWidth;
    w /= f.font.unitsPerEm;
    if (f.widths.size >= WIDTH_CACHE_LIMIT) f.widths.clear();
    f.widths.set(text, w);
  }
  return w * size;
}

/** True when every character of `text` has a glyph in the font (whitespace aside). */
export function fontCovers(key: FontKey, text: string): boolean {
  const f = fontFace(key).font;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!noGlyphNeeded(cp) && !f.hasGlyphForCodePoint(cp)) return false;
  }
  return true;
}

/** Zero-width joiners and friends: shaping controls with no glyph of their own. */
export function isFormatChar(cp: number): boolean {
  return cp === 0x200c || cp === 0x200d || cp === 0x200b || cp === 0xfeff || cp === 0x00ad;
}

/** The font's ascent and descent at size 1 (points; descent negative). */
export function fontMetrics(key: FontKey): { ascent: number; descent: number } {
  const f = fontFace(key).font;
  return { ascent: f.ascent / f.unitsPerEm, descent: f.descent / f.unitsPerEm };
}
