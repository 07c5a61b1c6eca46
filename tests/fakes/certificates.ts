/**
 * Certificate files generated in the test, the way a user's uploads look: text rendered to an
 * image (an SVG drawn by sharp/librsvg with the machine's fonts — no canvas), straight, slightly
 * rotated or faint grey on grey, as PNG, JPEG or WebP; PDFs with a text layer (pdf-lib) and
 * "scanned" PDFs holding only a page image; and files that are no certificate at all.
 */
import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";

export interface RenderOptions {
  /** Degrees the whole page is turned by (a photo taken askew). */
  rotate?: number;
  /** Text colour (default near-black) and background (default white). */
  ink?: string;
  paper?: string;
  format?: "png" | "jpeg" | "webp";
  width?: number;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Lines of text rendered to an image file; a line starting with `# ` is drawn large (a heading). */
export async function renderTextImage(lines: string[], opts: RenderOptions = {}): Promise<Buffer> {
  const width = opts.width ?? 1400;
  let y = 90;
  const texts = lines.map((line) => {
    const heading = line.startsWith("# ");
    const size = heading ? 54 : 34;
    const out = `<text x="${width / 2}" y="${y}" font-family="Noto Sans, DejaVu Sans, sans-serif" font-size="${size}" ${
      heading ? 'font-weight="bold"' : ""
    } text-anchor="middle" fill="${opts.ink ?? "#111"}">${escapeXml(heading ? line.slice(2) : line)}</text>`;
    y += size + 30;
    return out;
  });
  const height = y + 60;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="${opts.paper ?? "#fff"}"/>${texts.join("")}</svg>`;
  let img = sharp(Buffer.from(svg));
  if (opts.rotate)
    img = sharp(await img.png().toBuffer()).rotate(opts.rotate, { background: opts.paper ?? "#fff" });
  const format = opts.format ?? "png";
  return format === "jpeg"
    ? img.jpeg({ quality: 85 }).toBuffer()
    : format === "webp"
      ? img.webp().toBuffer()
      : img.png().toBuffer();
}

/** A one-page PDF whose text is a real text layer (Helvetica). */
export async function textPdf(lines: string[], opts: { invisible?: RegExp } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([842, 595]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  let y = 520;
  for (const line of lines) {
    const heading = line.startsWith("# ");
    const text = heading ? line.slice(2) : line;
    const size = heading ? 28 : 16;
    // `invisible` lines are in the text layer but not in the pixels (opacity 0).
    const opacity = opts.invisible?.test(line) ? 0 : 1;
    page.drawText(text, { x: (842 - font.widthOfTextAtSize(text, size)) / 2, y, size, font, opacity });
    y -= size + 18;
  }
  return Buffer.from(await doc.save());
}

/** A one-page PDF holding only an image of the text (a scan: no text layer). */
export async function scannedPdf(lines: string[]): Promise<Buffer> {
  const png = await renderTextImage(lines);
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(png);
  const page = doc.addPage([image.width * 0.5, image.height * 0.5]);
  page.drawImage(image, { x: 0, y: 0, width: image.width * 0.5, height: image.height * 0.5 });
  return Buffer.from(await doc.save());
}

/** A photo-like image with no text at all (a gradient with shapes). */
export async function noTextImage(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="600">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#7ab"/><stop offset="1" stop-color="#fc8"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="300" cy="300" r="140" fill="#385"/>
    <rect x="520" y="180" width="220" height="260" fill="#a45"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The sample certificate the tests read back. */
export const COURSE_CERTIFICATE = [
  "# CERTIFICATE OF COMPLETION",
  "This is to certify that",
  "Priya Sharma",
  "has successfully completed the course",
  "Machine Learning Foundations",
  "Issued by Coursera Inc.",
  "Issued on 12 March 2024",
  "Credential ID: ML-2024-88341",
  "Verify at https://coursera.org/verify/ML88341",
];

/** A government ID card's text: the full numbers must never be stored. */
export const AADHAAR_NUMBER = "2345 6789 0123";
export const PAN_NUMBER = "ABCDE1234F";
export const GOVERNMENT_ID_CARD = [
  "# GOVERNMENT OF INDIA",
  "Priya Sharma",
  "DOB: 14/08/1996",
  "Female",
  `Aadhaar No: ${AADHAAR_NUMBER}`,
  `PAN: ${PAN_NUMBER}`,
];

/** A text document that is not a certificate (a shopping list). */
export const NOT_A_CERTIFICATE = [
  "# Weekly groceries",
  "Two litres of milk and a dozen eggs",
  "Brown bread, butter and tomatoes",
  "Rice, lentils and green chillies",
];
