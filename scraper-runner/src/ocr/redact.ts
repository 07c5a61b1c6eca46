/**
 * Redacting government ID numbers in the uploaded file itself: the stored image or PDF must not
 * show a full Aadhaar or PAN number either, not even to the admin who reviews it. Only what the
 * masked text shows stays visible: an Aadhaar's last 4 digits (`XXXX XXXX 1234`), a PAN's last 4
 * characters (`XXXXXX234F`).
 *
 * How: tesseract.js reads the page with word and symbol bounding boxes; the same Aadhaar/PAN
 * patterns that mask the text (fields.ts) are matched on each line's words; every character to be
 * hidden is covered by a black box (sharp composites an SVG of the boxes onto the page). Tesseract
 * reads the page in the orientation that made sense (turned by the angle `ocrImage` found, small
 * skews straightened), and the boxes are in that page's coordinates, so the redacted file is that
 * page, upright. PDFs are rasterised (pdftoppm, 200 dpi) and come back as a PDF of the redacted
 * page images (pdf-lib): no text layer survives, so the number cannot be copied out of it either.
 *
 * Why sharp: libvips, already used to generate test images, composites and re-encodes PNG, JPEG
 * and WebP in one call; pdf-lib already builds the resume PDFs.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import type { Bbox, Worker } from "tesseract.js";
import { type ReadOptions, rasterisePdf, withOcrWorker } from "./engine.js";
import { AADHAAR, PAN } from "./fields.js";

/**
 * Pixels added around each covered character box (anti-aliased edges, OCR's tight boxes): less
 * sideways, where the next character (maybe a visible one) is a few pixels away.
 */
const PAD_X = 2;
const PAD_Y = 4;

interface Char {
  ch: string;
  box: Bbox;
}

/** The boxes to black out on one OCR'd page: the hidden characters of every ID number found. */
export function idNumberBoxes(
  lines: { words: { text: string; bbox: Bbox; symbols?: { text: string; bbox: Bbox }[] }[] }[],
): Bbox[] {
  const boxes: Bbox[] = [];
  for (const line of lines) {
    // The line as text with one space between words, and each character's box.
    const chars: Char[] = [];
    for (const word of line.words) {
      if (chars.length) chars.push({ ch: " ", box: word.bbox });
      const text = word.text;
      const symbols = word.symbols ?? [];
      const bySymbol = symbols.length > 0 && symbols.map((s) => s.text).join("") === text;
      if (bySymbol) {
        for (const s of symbols) for (const ch of s.text) chars.push({ ch, box: s.bbox });
      } else {
        // No usable symbol boxes: split the word's box evenly over its characters.
        const n = Math.max(text.length, 1);
        const w = (word.bbox.x1 - word.bbox.x0) / n;
        for (const [i, ch] of [...text].entries()) {
          const x0 = word.bbox.x0 + w * i;
          chars.push({ ch, box: { x0, x1: x0 + w, y0: word.bbox.y0, y1: word.bbox.y1 } });
        }
      }
    }
    const text = chars.map((c) => c.ch).join("");
    const hide = (from: number, to: number) => {
      for (const c of chars.slice(from, to)) if (c.ch !== " ") boxes.push(c.box);
    };
    for (const m of text.matchAll(new RegExp(AADHAAR.source, "g"))) {
      // Everything before the last group of 4 digits.
      const last = m[3] ?? "";
      hide(m.index, m.index + m[0].length - last.length);
    }
    for (const m of text.matchAll(new RegExp(PAN.source, "g"))) {
      // The 5 letters and the first digit: the last 4 characters stay.
      hide(m.index, m.index + m[0].length - 4);
    }
  }
  return boxes;
}

/** A page image with the boxes painted black, in `format`. */
async function paint(image: Buffer, boxes: Bbox[], format: "png" | "jpeg" | "webp"): Promise<Buffer> {
  const meta = await sharp(image).metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const rects = boxes
    .map((b) => {
      const x = Math.max(0, Math.floor(b.x0 - PAD_X));
      const y = Math.max(0, Math.floor(b.y0 - PAD_Y));
      const w = Math.min(width, Math.ceil(b.x1 + PAD_X)) - x;
      const h = Math.min(height, Math.ceil(b.y1 + PAD_Y)) - y;
      return w > 0 && h > 0 ? `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#000"/>` : "";
    })
    .join("");
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects}</svg>`,
  );
  // Flattened onto white: transparency must not let anything through either.
  const out = sharp(image)
    .composite([{ input: svg, top: 0, left: 0 }])
    .flatten({ background: "#fff" });
  return format === "jpeg"
    ? out.jpeg({ quality: 90 }).toBuffer()
    : format === "webp"
      ? out.webp({ quality: 90 }).toBuffer()
      : out.png().toBuffer();
}

/**
 * One page image redacted: read with boxes in the orientation given (`rotated` degrees, as
 * `ocrImage` found it; 0 = straighten small skews), the ID numbers' hidden characters covered.
 * Returns null when the page holds no ID number (the file is kept as it is).
 */
export async function redactImage(
  worker: Worker,
  image: Buffer,
  rotated: number,
  format: "png" | "jpeg" | "webp",
  opts: ReadOptions,
): Promise<{ image: Buffer; covered: number } | null> {
  const { data } = await worker.recognize(
    image,
    rotated ? { rotateRadians: (rotated * Math.PI) / 180 } : { rotateAuto: true },
    { text: true, blocks: true, imageColor: true },
  );
  if (opts.signal?.aborted) throw opts.signal.reason;
  const lines = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
  const boxes = idNumberBoxes(lines);
  if (boxes.length === 0) return null;
  // The page as tesseract read it (turned, straightened): the boxes are in its coordinates.
  const page = data.imageColor
    ? Buffer.from(data.imageColor.replace(/^data:image\/\w+;base64,/, ""), "base64")
    : image;
  return { image: await paint(page, boxes, format), covered: boxes.length };
}

const FORMATS: Record<string, "png" | "jpeg" | "webp"> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/webp": "webp",
};

/**
 * The document with every Aadhaar/PAN number redacted, in its own content type; null when no
 * number was located on any page (nothing to replace).
 */
export async function redactDocument(
  bytes: Buffer,
  contentType: string,
  rotated: number,
  opts: ReadOptions,
): Promise<{ bytes: Buffer; covered: number; pages: number } | null> {
  if (contentType !== "application/pdf") {
    const format = FORMATS[contentType] ?? "png";
    const r = await withOcrWorker((w) => redactImage(w, bytes, rotated, format, opts));
    return r ? { bytes: r.image, covered: r.covered, pages: 1 } : null;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "cp-redact-"));
  try {
    const file = path.join(dir, "document.pdf");
    await writeFile(file, bytes);
    const images = await rasterisePdf(file, dir, opts);
    if (images.length === 0) return null;
    let covered = 0;
    const pages = await withOcrWorker(async (worker) => {
      const out: Buffer[] = [];
      for (const image of images) {
        const r = await redactImage(worker, image, rotated, "png", opts);
        covered += r?.covered ?? 0;
        out.push(r?.image ?? image);
      }
      return out;
    });
    if (covered === 0) return null;
    // Every page as an image (200 dpi → 72 pt per inch), and no text layer.
    const doc = await PDFDocument.create();
    for (const png of pages) {
      const img = await doc.embedPng(png);
      const w = (img.width * 72) / 200;
      const h = (img.height * 72) / 200;
      doc.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
    }
    return { bytes: Buffer.from(await doc.save()), covered, pages: pages.length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
