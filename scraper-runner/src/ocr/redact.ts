/**
 * Redacting government ID numbers in the uploaded file itself: the stored image or PDF must not
 * show a full Aadhaar or PAN number either, not even to the admin who reviews it. Only what the
 * masked text shows stays visible: an Aadhaar's last 4 digits (`XXXX XXXX 1234`), a PAN's last 4
 * characters (`XXXXXX234F`).
 *
 * How: tesseract.js reads the page with word and symbol bounding boxes; the Aadhaar/PAN patterns
 * that mask the text (fields.ts) are matched on each line's characters; every character to be
 * hidden is covered by a black box (sharp composites an SVG of the boxes onto the page). Tesseract
 * reads the page in the orientation that made sense (turned by the angle `ocrImage` found, small
 * skews straightened, about the centre on the same canvas); the boxes are turned back into the
 * uploaded page's coordinates, so the stored page is the uploaded one, nothing cropped, with black
 * polygons over the hidden characters. PDFs are rasterised (pdftoppm, 200 dpi) and come back as a
 * PDF of the redacted page images (pdf-lib): no text layer survives, so the number cannot be
 * copied out of it either.
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
    // Matched without spaces and hyphens: OCR splits numbers where the print has none
    // ("ABCDE1 234F", "23 45 6789 0123"), and the print groups them (Aadhaar 4-4-4). The
    // patterns are those of fields.ts without separators; covering a little too much is fine.
    const kept = chars.filter((c) => c.ch !== " " && c.ch !== "-");
    const compact = kept.map((c) => c.ch).join("");
    const hide = (from: number, to: number) => {
      for (const c of kept.slice(from, to)) boxes.push(c.box);
    };
    // Aadhaar: 12 digits, first 2–9; the first 8 are hidden.
    for (const m of compact.matchAll(/(?<![0-9])[2-9][0-9]{11}(?![0-9])/g)) hide(m.index, m.index + 8);
    // PAN: 5 letters, 4 digits, 1 letter; all but the last 4 hidden. No look-behind: "PAN" may
    // run into it once the spaces are gone.
    for (const m of compact.matchAll(/[A-Za-z]{5}[0-9]{4}[A-Za-z](?![A-Za-z0-9])/g))
      hide(m.index, m.index + 6);
  }
  return boxes;
}

/**
 * The corners of a box tesseract found on the page it turned by `angle` radians (about the centre,
 * same canvas: Leptonica's pixRotate, clockwise positive), padded, in the coordinates of the page
 * as it was given.
 */
export function unrotate(b: Bbox, angle: number, width: number, height: number): [number, number][] {
  const cx = width / 2;
  const cy = height / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const corners: [number, number][] = [
    [b.x0 - PAD_X, b.y0 - PAD_Y],
    [b.x1 + PAD_X, b.y0 - PAD_Y],
    [b.x1 + PAD_X, b.y1 + PAD_Y],
    [b.x0 - PAD_X, b.y1 + PAD_Y],
  ];
  return corners.map(([x, y]) => {
    const dx = x - cx;
    const dy = y - cy;
    return [cx + dx * cos + dy * sin, cy - dx * sin + dy * cos];
  });
}

/** A page image with the polygons painted black, in `format`. */
async function paint(
  image: Buffer,
  polygons: [number, number][][],
  format: "png" | "jpeg" | "webp",
): Promise<Buffer> {
  const meta = await sharp(image).metadata();
  const shapes = polygons
    .map(
      (p) =>
        `<polygon points="${p.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ")}" fill="#000"/>`,
    )
    .join("");
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${meta.width}" height="${meta.height}">${shapes}</svg>`,
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
 * `ocrImage` found it; 0 = straighten small skews), the ID numbers' hidden characters covered
 * on the page as it was uploaded (turned upright by its EXIF orientation, otherwise unchanged).
 * Returns null when the page holds no ID number (the file is kept as it is).
 */
export async function redactImage(
  worker: Worker,
  image: Buffer,
  rotated: number,
  format: "png" | "jpeg" | "webp",
  opts: ReadOptions,
): Promise<{ image: Buffer; covered: number } | null> {
  // The EXIF orientation applied (and dropped), so tesseract and the painting see the same pixels.
  const page = await sharp(image).rotate().toBuffer();
  const { width = 0, height = 0 } = await sharp(page).metadata();
  const { data } = await worker.recognize(
    page,
    rotated ? { rotateRadians: (rotated * Math.PI) / 180 } : { rotateAuto: true },
    { text: true, blocks: true },
  );
  if (opts.signal?.aborted) throw opts.signal.reason;
  const lines = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
  const boxes = idNumberBoxes(lines);
  if (boxes.length === 0) return null;
  const angle = data.rotateRadians ?? 0;
  const polygons = boxes.map((b) => unrotate(b, angle, width, height));
  return { image: await paint(page, polygons, format), covered: boxes.length };
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
