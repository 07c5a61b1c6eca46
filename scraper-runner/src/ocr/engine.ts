/**
 * Reading a document's text: images with tesseract.js (WebAssembly Tesseract 5, English data
 * from `@tesseract.js-data/eng`, offline: no CDN, no cache directory), PDFs by their text layer
 * (`pdftotext`, poppler-utils) and, when a PDF has none (a scan), by rasterising its pages
 * (`pdftoppm`, 200 dpi PNG) and OCRing them.
 *
 * Why poppler for PDFs: it is already a system package of the devstack (checking generated PDFs),
 * runs out of process with a timeout like ffmpeg does for videos, and the maintained JS parsers
 * (pdfjs-dist 5+, unpdf) need Node 22.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { createWorker, type Worker } from "tesseract.js";

const require = createRequire(import.meta.url);
/** `{code, gzip, langPath}` of the installed English traineddata. */
const ENG = require("@tesseract.js-data/eng") as { langPath: string; gzip: boolean };

/** At most this many pages of a PDF are read (certificates are one or two pages). */
export const MAX_PAGES = 5;
/** A text with fewer letters than this is "no text" (a PDF without a text layer, an empty scan). */
export const MIN_LETTERS = 20;
/** OCR confidence (0–100) under which a page is tried in the other three orientations. */
const LOW_CONFIDENCE = 60;

/** What was read from one document. */
export interface ReadResult {
  text: string;
  /** 0…1: tesseract's mean word confidence; 1 for a PDF text layer. */
  confidence: number;
  method: "image_ocr" | "pdf_text_layer" | "pdf_ocr";
  pages: number;
  /** Degrees the best orientation was turned by (images and scanned pages), when not 0. */
  rotated?: number;
}

/** How long one external tool or one page's OCR may take, and the shutdown signal. */
export interface ReadOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;

/** One tesseract worker for the duration of `fn` (created and terminated around it). */
export async function withOcrWorker<T>(fn: (worker: Worker) => Promise<T>): Promise<T> {
  const worker = await createWorker("eng", 1, {
    langPath: ENG.langPath,
    gzip: ENG.gzip,
    cacheMethod: "none",
    // Without a handler tesseract.js rethrows a failed job (an undecodable image) outside any
    // promise, which would end the runner; the job's own promise is rejected either way.
    errorHandler: () => {},
  });
  try {
    return await fn(worker);
  } finally {
    await worker.terminate();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * OCRs one image (PNG, JPEG, WebP, as bytes). Tesseract straightens small skews itself
 * (`rotateAuto`); a page read with low confidence is tried turned by 90°, 180° and 270° too, and
 * the reading with the most confident words wins.
 */
export async function ocrImage(
  worker: Worker,
  image: Buffer,
  opts: ReadOptions,
): Promise<{ text: string; confidence: number; rotated: number }> {
  const read = async (radians: number) => {
    const { data } = await withTimeout(
      worker.recognize(image, radians === 0 ? { rotateAuto: true } : { rotateRadians: radians }),
      opts.timeoutMs,
      "OCR of a page",
    );
    return { text: data.text ?? "", confidence: data.confidence ?? 0 };
  };
  let best = { ...(await read(0)), rotated: 0 };
  if (best.confidence >= LOW_CONFIDENCE && letters(best.text) >= MIN_LETTERS) return best;
  for (const degrees of [90, 180, 270]) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const r = await read((degrees * Math.PI) / 180);
    const score = (x: { text: string; confidence: number }) => x.confidence * Math.min(letters(x.text), 400);
    if (score(r) > score(best)) best = { ...r, rotated: degrees };
  }
  return best;
}

function run(cmd: string, args: string[], opts: ReadOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { timeout: opts.timeoutMs, signal: opts.signal, encoding: "buffer", maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          const detail = stderr.toString().trim().split("\n").slice(-2).join(" ");
          reject(new DocumentError(`${cmd} failed: ${detail || err.message}`));
        } else resolve(stdout);
      },
    );
  });
}

/** The file is not a readable document (a broken PDF, an image tesseract cannot decode). */
export class DocumentError extends Error {
  override name = "DocumentError";
}

/** The text layer of each page of a PDF (`pdftotext -layout`, pages split on form feeds). */
export async function pdfTextLayer(file: string, opts: ReadOptions): Promise<string[]> {
  const out = await run("pdftotext", ["-layout", "-enc", "UTF-8", "-l", String(MAX_PAGES), file, "-"], opts);
  const pages = out.toString("utf8").split("\f");
  if (pages.length > 1 && pages.at(-1)?.trim() === "") pages.pop();
  return pages;
}

/** The first pages of a PDF as 200 dpi PNGs (`pdftoppm`), in page order. */
export async function rasterisePdf(file: string, dir: string, opts: ReadOptions): Promise<Buffer[]> {
  await run("pdftoppm", ["-png", "-r", "200", "-l", String(MAX_PAGES), file, path.join(dir, "page")], opts);
  const names = (await readdir(dir)).filter((n) => /^page-\d+\.png$/.test(n));
  names.sort((a, b) => Number(a.replace(/\D/g, "")) - Number(b.replace(/\D/g, "")));
  return Promise.all(names.map((n) => readFile(path.join(dir, n))));
}

/**
 * Reads a document: a PDF by its text layer, or OCR of its rasterised pages when the layer holds
 * no text; an image by OCR. Throws {@link DocumentError} for a file that cannot be decoded.
 */
export async function readDocument(
  bytes: Buffer,
  contentType: string,
  opts: ReadOptions,
): Promise<ReadResult> {
  if (contentType !== "application/pdf") {
    return withOcrWorker(async (worker) => {
      let r: Awaited<ReturnType<typeof ocrImage>>;
      try {
        r = await ocrImage(worker, bytes, opts);
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        throw new DocumentError(`the image could not be decoded: ${(err as Error).message ?? String(err)}`);
      }
      return {
        text: r.text,
        confidence: r.confidence / 100,
        method: "image_ocr",
        pages: 1,
        ...(r.rotated ? { rotated: r.rotated } : {}),
      };
    });
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "cp-ocr-"));
  try {
    const file = path.join(dir, "document.pdf");
    await writeFile(file, bytes);
    const layer = await pdfTextLayer(file, opts);
    const text = layer.join("\n\n");
    if (letters(text) >= MIN_LETTERS) {
      return { text, confidence: 1, method: "pdf_text_layer", pages: layer.length };
    }
    const images = await rasterisePdf(file, dir, opts);
    if (images.length === 0) throw new DocumentError("the PDF has no pages");
    return await withOcrWorker(async (worker) => {
      const pages: Awaited<ReturnType<typeof ocrImage>>[] = [];
      for (const image of images) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        pages.push(await ocrImage(worker, image, opts));
      }
      const rotated = pages.find((p) => p.rotated)?.rotated;
      return {
        text: pages.map((p) => p.text).join("\n\n"),
        confidence: pages.reduce((s, p) => s + p.confidence, 0) / pages.length / 100,
        method: "pdf_ocr",
        pages: pages.length,
        ...(rotated ? { rotated } : {}),
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
