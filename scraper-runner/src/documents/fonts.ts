/**
 * The resume fonts: Noto Sans Devanagari (Regular and Bold) from `@expo-google-fonts/noto-sans-devanagari`,
 * which covers Latin (with Latin-1 and Latin Extended-A), the rupee sign ₹, general punctuation
 * (• – — “ ” …) and Devanagari. Read from disk and parsed by fontkit once per process; every
 * document gets the same parsed font through a caching fontkit (pdf-lib calls `fontkit.create` on
 * each `embedFont`, which would otherwise re-parse 220 KB of TrueType per font per render), and
 * widths of words are memoised across documents.
 *
 * fontkit shapes Devanagari (reph, conjuncts, pre-base matras) with its Indic shaper, whose
 * generators need regenerator-runtime in Node: imported here, before fontkit.
 */
import "regenerator-runtime/runtime.js";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";

export type FontKey = "regular" | "bold";

const FILES: Record<FontKey, string> = {
  regular: "@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf",
  bold: "@expo-google-fonts/noto-sans-devanagari/700Bold/NotoSansDevanagari_700Bold.ttf",
};

/** The subset of fontkit's font object the renderer uses. */
interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string): { glyphs: { advanceWidth: number }[] };
}

interface LoadedFont {
  bytes: Uint8Array;
  font: FontkitFont;
  /** word → advance width at size 1 (points). */
  widths: Map<string, number>;
}

const WIDTH_CACHE_LIMIT = 50_000;
let loaded: Record<FontKey, LoadedFont> | undefined;

/** The resume fonts, read and parsed on first use and then kept. */
export function resumeFonts(): Record<FontKey, LoadedFont> {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const load = (key: FontKey): LoadedFont => {
      const bytes = new Uint8Array(readFileSync(require.resolve(FILES[key])));
      return { bytes, font: fontkit.create(bytes) as unknown as FontkitFont, widths: new Map() };
    };
    loaded = { regular: load("regular"), bold: load("bold") };
  }
  return loaded;
}

/**
 * The fontkit to register with each PDFDocument: `create` hands back the already parsed font for
 * our own font files (by identity), and parses anything else as fontkit would.
 */
export const cachingFontkit = {
  create(data: Uint8Array, postscriptName?: string) {
    const fonts = resumeFonts();
    for (const f of Object.values(fonts)) if (f.bytes === data) return f.font;
    return fontkit.create(data, postscriptName);
  },
} as unknown as typeof fontkit;

/** The advance width of `text` (one shaped run, kerning included) at `size` points. */
export function textWidth(key: FontKey, text: string, size: number): number {
  const f = resumeFonts()[key];
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
  const f = resumeFonts()[key].font;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x20 && !isFormatChar(cp) && !f.hasGlyphForCodePoint(cp)) return false;
  }
  return true;
}

/** Zero-width joiners and friends: shaping controls with no glyph of their own. */
export function isFormatChar(cp: number): boolean {
  return cp === 0x200c || cp === 0x200d || cp === 0x200b || cp === 0xfeff || cp === 0x00ad;
}

/** The font's ascent and descent at size 1 (points; descent negative). */
export function fontMetrics(key: FontKey): { ascent: number; descent: number } {
  const f = resumeFonts()[key].font;
  return { ascent: f.ascent / f.unitsPerEm, descent: f.descent / f.unitsPerEm };
}
