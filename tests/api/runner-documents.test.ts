/**
 * The runner's document modules, which need no stack: the resume PDF renderer (both templates), the
 * text extraction and the parse-back check, on the sample documents of tests/fixtures/resumes.ts.
 * poppler (`pdftotext`, `pdffonts`, `pdftoppm`) reads the same PDFs as an independent second
 * opinion. The rendered pages are written as PNG to tests/artifacts/pdf/ to be looked at.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  StandardFonts,
} from "pdf-lib";
import { extractPdfText, PdfReadError } from "../../scraper-runner/src/documents/extract.ts";
import { fontStats } from "../../scraper-runner/src/documents/fonts.ts";
import {
  analyseResumePdf,
  checkResumePdf,
  lcsLength,
  looksGarbled,
  tokens,
} from "../../scraper-runner/src/documents/parse-back.ts";
import { printable, renderResumePdf, resumeHtml } from "../../scraper-runner/src/documents/render.ts";
import type { ResumeDocument, ResumeTemplate } from "../../supabase/functions/_shared/contract/resume.ts";
import { OUTLINE_HEADINGS, resumeOutline } from "../../supabase/functions/_shared/contract/resume-outline.ts";
import {
  devanagariResume,
  longBulletResume,
  onePageResume,
  sparseResume,
  twoPageResume,
} from "../fixtures/resumes.ts";

const exec = promisify(execFile);
const TEMPLATES: ResumeTemplate[] = ["ats", "modern"];
const artifacts = path.join(import.meta.dirname, "..", "artifacts", "pdf");
let work = "";

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), "cp-documents-"));
  mkdirSync(artifacts, { recursive: true });
});
after(() => rm(work, { recursive: true, force: true }));

/** Writes the PDF to a temp file and runs a poppler tool on it; poppler's complaints fail the test. */
async function poppler(tool: string, pdf: Uint8Array, ...args: string[]): Promise<string> {
  const file = path.join(work, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const { stdout, stderr } = await exec(tool, [...args, file, ...(tool === "pdffonts" ? [] : ["-"])], {
    encoding: "utf8",
    maxBuffer: 20 << 20,
  });
  assert.equal(stderr.trim(), "", `${tool} complained about the PDF`);
  return stdout;
}

/** Every link annotation's URI and rectangle, page by page. */
async function links(pdf: Uint8Array): Promise<{ page: number; uri: string; rect: number[] }[]> {
  const doc = await PDFDocument.load(pdf);
  const out: { page: number; uri: string; rect: number[] }[] = [];
  doc.getPages().forEach((p, i) => {
    const annots = p.node.Annots();
    for (const ref of annots?.asArray() ?? []) {
      const a = doc.context.lookup(ref, PDFDict);
      if (a.get(PDFName.of("Subtype")) !== PDFName.of("Link")) continue;
      const action = a.lookup(PDFName.of("A"), PDFDict);
      const uri = action.lookup(PDFName.of("URI"), PDFString).decodeText();
      const rect = a
        .lookup(PDFName.of("Rect"), PDFArray)
        .asArray()
        .map((n) => Number(n.toString()));
      out.push({ page: i + 1, uri, rect });
    }
  });
  return out;
}

const SAMPLES: [string, () => ResumeDocument, number][] = [
  ["one-page", onePageResume, 1],
  ["two-page", twoPageResume, 2],
  ["devanagari", devanagariResume, 2],
  ["long-bullets", longBulletResume, 2],
  ["sparse", sparseResume, 1],
];

describe("resume PDF: every sample, both templates, reads back in order", () => {
  for (const [name, make, pages] of SAMPLES) {
    for (const template of TEMPLATES) {
      test(`${name} (${template})`, async () => {
        const doc = make();
        const pdf = await renderResumePdf(doc, { template });
        assert.equal(Buffer.from(pdf.subarray(0, 5)).toString(), "%PDF-");
        const { check, text, missingTokens } = await analyseResumePdf(pdf, doc);
        assert.ok(check.fidelity >= 0.99, `fidelity ${check.fidelity}; missing ${missingTokens.join(" ")}`);
        assert.deepEqual(check.missing_sections, []);
        assert.equal(check.garbled, false);
        assert.equal(check.fonts_embedded, true);
        assert.equal(check.pages, pages);
        assert.equal(text.length, pages);

        // Section headings come in the outline's order, each once.
        const all = text.join("\n").split("\n");
        const headings = resumeOutline(doc).sections.map((s) => s.heading);
        const at = headings.map((h) => all.indexOf(h));
        assert.ok(
          at.every((i, k) => i >= 0 && (k === 0 || i > (at[k - 1] ?? -1))),
          `heading order ${JSON.stringify(at)}`,
        );

        // poppler renders it without complaint (the PNGs are for looking at).
        const png = path.join(artifacts, `${name}-${template}`);
        const file = path.join(work, `${name}-${template}.pdf`);
        writeFileSync(file, pdf);
        const { stderr } = await exec("pdftoppm", ["-png", "-r", "60", file, png], { encoding: "utf8" });
        assert.equal(stderr.trim(), "");
      });
    }
  }

  test("a sparse document prints no empty sections", async () => {
    const pdf = await renderResumePdf(sparseResume(), { template: "ats" });
    const { pages } = await extractPdfText(pdf);
    assert.equal(pages.join("\n").trim(), "Sam Doe");
  });
});

describe("₹ and Devanagari", () => {
  test("the rupee sign and a Devanagari name survive rendering, for pdf.js and for poppler", async () => {
    const doc = devanagariResume();
    for (const template of TEMPLATES) {
      const pdf = await renderResumePdf(doc, { template });
      const [first = ""] = (await extractPdfText(pdf)).pages;
      assert.match(first, /₹18 lakh/);
      assert.match(first, /₹32,00,000 per annum; expected ₹45 LPA/);
      // pdf.js gives the glyphs in visual order; the check compares the letters of such words.
      assert.deepEqual(tokens(first.split("\n")[0] ?? ""), tokens("अर्जुन शर्मा"));
      // poppler honours /ActualText: the exact logical text.
      const poppled = await poppler("pdftotext", pdf, "-layout", "-enc", "UTF-8");
      assert.equal(poppled.split("\n")[0]?.trim(), "अर्जुन शर्मा");
      assert.match(poppled, /₹2\.4 crore/);
    }
  });

  test("Devanagari is shaped: the conjuncts use the font's ligature glyphs, not the letters one by one", async () => {
    const doc = onePageResume();
    doc.basics.name = "अर्जुन शर्मा";
    const shaped = await renderResumePdf(doc, { template: "ats" });
    const text = (await extractPdfText(shaped)).pages[0] ?? "";
    // The reph (र्) is one glyph drawn after the consonant it sits on: visual order "अजुर्न".
    assert.equal(text.split("\n")[0], "अजुर्न शमार्");
  });
});

describe("layout", () => {
  test("long bullets and unbroken URLs stay inside the margins, on every page", async () => {
    for (const template of TEMPLATES) {
      const pdf = await renderResumePdf(longBulletResume(), { template });
      const bbox = await poppler("pdftotext", pdf, "-bbox");
      const words = [
        ...bbox.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ];
      assert.ok(words.length > 500);
      const footer: string[] = [];
      for (const [, xMin, yMin, xMax, yMax, word] of words) {
        assert.ok(Number(xMin) >= 45.5 && Number(xMax) <= 595.28 - 45.5, `x ${xMin}–${xMax} of ${word}`);
        assert.ok(Number(yMin) >= 20, `y ${yMin} of ${word}`);
        // Below the bottom margin (poppler's y runs down) only the page numbers.
        if (Number(yMax) > 841.89 - 46) footer.push(word ?? "");
      }
      assert.equal(footer.join(" "), "Page 1 of 2 Page 2 of 2");
      const { check } = await analyseResumePdf(pdf, longBulletResume());
      assert.equal(check.fidelity, 1);
    }
  });

  test("page breaks leave no widows or orphans: a bullet split across pages keeps two lines on each side", async () => {
    let splits = 0;
    // Shift where the page breaks fall with a summary of growing length.
    for (let words = 0; words <= 120; words += 8) {
      const doc = longBulletResume();
      doc.basics.summary = Array.from({ length: words }, (_, i) => `word${i}`).join(" ");
      for (const template of TEMPLATES) {
        const pdf = await renderResumePdf(doc, { template });
        const pages = (await extractPdfText(pdf)).pages.map((p) =>
          p.split("\n").filter((l) => !/^Page \d+ of \d+$/.test(l)),
        );
        const isStart = (l: string) => /^(•|Platform Engineer, Company|Experience$|Summary$)/.test(l);
        for (let n = 1; n < pages.length; n++) {
          const next = pages[n] ?? [];
          const prev = pages[n - 1] ?? [];
          if (isStart(next[0] ?? "")) continue;
          splits++;
          const carried = next.findIndex(isStart);
          assert.ok(
            (carried === -1 ? next.length : carried) >= 2,
            `${words}/${template}: a lone line on page ${n + 1}`,
          );
          const lastStart = prev.length - 1 - [...prev].reverse().findIndex(isStart);
          assert.ok(prev.length - lastStart >= 2, `${words}/${template}: a lone first line ends page ${n}`);
        }
        // A bullet's first line never ends a page on its own either.
        for (let n = 0; n < pages.length - 1; n++) {
          const last = pages[n]?.at(-1) ?? "";
          assert.ok(
            !/^Platform Engineer, Company/.test(last),
            `${words}/${template}: a title ends page ${n + 1}`,
          );
        }
      }
    }
    assert.ok(splits > 3, `some bullets were split across pages (${splits})`);
  });

  test("links: contact, repositories and the intro video's share page are link annotations over their text", async () => {
    const doc = twoPageResume();
    const pdf = await renderResumePdf(doc, { template: "modern" });
    const found = await links(pdf);
    const uris = found.map((l) => l.uri);
    for (const want of [
      "mailto:arjun.sharma@example.com",
      "tel:+919845012345",
      "https://arjunsharma.dev",
      "https://github.com/arjun-sharma/ledgerline",
      "https://careerpilot.example/v/7f3c9a2e",
    ]) {
      assert.ok(uris.includes(want), `${want} in ${uris.join(", ")}`);
    }
    // The video link sits on the words "Watch intro".
    const video = found.find((l) => l.uri === "https://careerpilot.example/v/7f3c9a2e");
    assert.ok(video);
    const bbox = await poppler("pdftotext", pdf, "-bbox", "-f", String(video.page), "-l", String(video.page));
    const watch = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">Watch<\/word>/.exec(
      bbox,
    );
    assert.ok(watch, "the words 'Watch intro' are on the link's page");
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = video.rect;
    const cx = (Number(watch[1]) + Number(watch[3])) / 2;
    const cy = 841.89 - (Number(watch[2]) + Number(watch[4])) / 2; // poppler's y runs down
    assert.ok(cx > x1 && cx < x2 && cy > y1 && cy < y2, `"Watch" at ${cx},${cy} inside ${video.rect}`);
  });

  test("only web, mail and phone links become annotations (a javascript: URL prints as nothing)", async () => {
    const doc = onePageResume();
    doc.basics.url = "javascript:alert(1)";
    doc.projects = [{ name: "evil", url: "javascript:alert(2)" }];
    doc.meta.videoLinks = { evil: "data:text/html,hi" };
    const pdf = await renderResumePdf(doc, { template: "ats" });
    const uris = (await links(pdf)).map((l) => l.uri);
    assert.deepEqual(uris, ["mailto:priya.nair@example.com"]);
  });

  test("characters outside the font print as a stand-in, never as a blank box", async () => {
    assert.equal(printable("A → B ✓"), "A -> B +");
    assert.equal(printable("漢字 ①"), "?? ?");
    const doc = onePageResume();
    doc.work = [{ name: "Acme", position: "Engineer", highlights: ["Cut build time 40% → 12 min ✓"] }];
    const pdf = await renderResumePdf(doc, { template: "ats" });
    const text = (await extractPdfText(pdf)).pages.join("\n");
    assert.match(text, /Cut build time 40% -> 12 min \+/);
    assert.equal((await checkResumePdf(pdf, doc)).garbled, false);
  });

  test("the font files are read and parsed once per process, then shared by every render", async () => {
    await renderResumePdf(onePageResume(), { template: "ats" });
    const before = fontStats();
    await renderResumePdf(twoPageResume(), { template: "modern" });
    await renderResumePdf(devanagariResume(), { template: "ats" });
    const after = fontStats();
    assert.ok(before.parses >= 2, "regular and bold (and the fallback faces once some text needed them)");
    assert.equal(after.parses, before.parses, "nothing parsed again");
    assert.equal(after.reuses - before.reuses, 4, "each render embeds the two cached fonts");
  });

  test("letters the main font lacks (Vietnamese, Cyrillic, Greek) come from the Noto Sans fallback, and read back exactly", async () => {
    const doc = onePageResume();
    doc.basics.name = "Đặng Thị Hương";
    doc.basics.label = "Алексей Λάμπρος · Zoë Łukasz";
    doc.work = [
      {
        name: "Київ Labs",
        position: "Інженер",
        highlights: ["Shipped Ωmega to production for €2M / ₹16 crore."],
      },
    ];
    for (const template of TEMPLATES) {
      const pdf = await renderResumePdf(doc, { template });
      const { check, text } = await analyseResumePdf(pdf, doc);
      assert.deepEqual(check, {
        fidelity: 1,
        missing_sections: [],
        garbled: false,
        fonts_embedded: true,
        pages: 1,
      });
      const lines = (text[0] ?? "").split("\n");
      // Exactly: a decomposed letter (ị → i + combining dot) would read back with a stray code.
      assert.equal(lines[0], "Đặng Thị Hương");
      assert.equal(lines[1], "Алексей Λάμπρος · Zoë Łukasz");
      assert.ok(lines.includes("Інженер, Київ Labs"));
      const fonts = await poppler("pdffonts", pdf);
      assert.match(fonts, /NotoSans-Regular/);
      assert.match(fonts, /NotoSans-Bold/);
      assert.match(fonts, /NotoSansDevanagari-Regular/);
    }
  });

  test("fonts: poppler sees two embedded Noto fonts with Unicode maps", async () => {
    const pdf = await renderResumePdf(devanagariResume(), { template: "modern" });
    const out = await poppler("pdffonts", pdf);
    const rows = out.split("\n").slice(2).filter(Boolean);
    assert.equal(rows.length, 2);
    for (const r of rows) {
      assert.match(r, /NotoSansDevanagari-(Regular|Bold)/);
      assert.match(r, /CID TrueType\s+Identity-H\s+yes\s+\S+\s+yes/);
    }
  });
});

describe("the parse-back check catches bad PDFs", () => {
  test("a PDF whose fonts lost their Unicode maps is garbled and fails fidelity", async () => {
    const doc = twoPageResume();
    const good = await renderResumePdf(doc, { template: "ats" });
    const broken = await PDFDocument.load(good);
    for (const [, obj] of broken.context.enumerateIndirectObjects()) {
      if (obj instanceof PDFDict && obj.get(PDFName.of("Subtype")) === PDFName.of("Type0")) {
        obj.delete(PDFName.of("ToUnicode"));
      }
    }
    const check = await checkResumePdf(await broken.save(), doc);
    assert.equal(check.garbled, true);
    assert.ok(check.fidelity < 0.5, `fidelity ${check.fidelity}`);
    assert.equal(check.fonts_embedded, true);
  });

  test("a PDF whose embedded font program is damaged (glyphs a viewer cannot draw) is garbled", async () => {
    const doc = onePageResume();
    const broken = await PDFDocument.load(await renderResumePdf(doc, { template: "ats" }));
    let damaged = 0;
    for (const [, obj] of broken.context.enumerateIndirectObjects()) {
      if (!(obj instanceof PDFDict) || obj.get(PDFName.of("Type")) !== PDFName.of("FontDescriptor")) continue;
      const ref = obj.get(PDFName.of("FontFile2"));
      const program = broken.context.lookup(ref);
      assert.ok(program instanceof PDFRawStream);
      const bytes = decodePDFRawStream(program).decode();
      // Cut the glyph data short: the tables still parse, the outlines do not.
      obj.set(
        PDFName.of("FontFile2"),
        broken.context.register(broken.context.flateStream(bytes.slice(0, bytes.length - 400))),
      );
      damaged++;
    }
    assert.equal(damaged, 2);
    const { check, fonts } = await analyseResumePdf(await broken.save(), doc);
    assert.deepEqual(
      fonts.map((f) => f.readable),
      [false, false],
    );
    assert.equal(check.garbled, true);
    assert.equal(check.fidelity, 1, "the text layer itself is intact");
  });

  test("a PDF with a non-embedded font is reported", async () => {
    const doc = onePageResume();
    const pdf = await PDFDocument.create();
    const page = pdf.addPage();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    page.drawText(`${doc.basics.name}\nExperience`, { x: 50, y: 700, size: 12, font, lineHeight: 14 });
    const check = await checkResumePdf(await pdf.save(), doc);
    assert.equal(check.fonts_embedded, false);
    assert.ok(check.fidelity < 0.3);
    assert.deepEqual(check.missing_sections, ["Skills", "Education"]);
  });

  test("text in the wrong order lowers fidelity", async () => {
    const doc = twoPageResume();
    const reversed = twoPageResume();
    reversed.work = [...(reversed.work ?? [])].reverse();
    const pdf = await renderResumePdf(reversed, { template: "ats" });
    const check = await checkResumePdf(pdf, doc);
    assert.ok(check.fidelity < 0.9, `fidelity ${check.fidelity}`);
    assert.equal(check.garbled, false);
  });

  test("an outsized document is checked in bounded time (fidelity over its first words)", async () => {
    const doc = longBulletResume();
    doc.work = Array.from({ length: 8 }, () => doc.work ?? []).flat();
    doc.basics.summary = "lorem ipsum ".repeat(3000);
    const pdf = await renderResumePdf(doc, { template: "ats" });
    const started = performance.now();
    const check = await checkResumePdf(pdf, doc);
    const ms = performance.now() - started;
    assert.ok(check.pages > 15, `${check.pages} pages`);
    assert.ok(check.fidelity > 0.99);
    assert.ok(ms < 10_000, `${ms.toFixed(0)} ms`);
  });

  test("garbled text: replacement, private-use and control characters, mojibake", () => {
    assert.equal(looksGarbled("Arjun Sharma — ₹18 lakh"), false);
    assert.equal(looksGarbled("Arjun \uFFFD Sharma"), true);
    assert.equal(looksGarbled("Arjun \uE012 Sharma"), true);
    assert.equal(looksGarbled("Arjun \u0003 Sharma"), true);
    assert.equal(looksGarbled("Zoë’s café"), false);
    assert.equal(looksGarbled("ZoÃ« Ã¢â‚¬â„¢s cafÃ©"), true);
    assert.equal(looksGarbled("Ã© is in the source", "Ã© is in the source"), false);
  });

  test("tokens and LCS: order matters, case and punctuation do not", () => {
    assert.deepEqual(tokens("Go, TypeScript & PostgreSQL (p99: 180 ms)"), [
      "go",
      "typescript",
      "postgresql",
      "p99",
      "180",
      "ms",
    ]);
    assert.equal(lcsLength(tokens("a b c d"), tokens("a x b c y d")), 4);
    assert.equal(lcsLength(tokens("a b c d"), tokens("d c b a")), 1);
    assert.equal(lcsLength([], ["a"]), 0);
  });
});

describe("text extraction of arbitrary PDFs", () => {
  test("a scanned PDF (page images only) has no text layer", async () => {
    const pdf = await renderResumePdf(onePageResume(), { template: "ats" });
    const file = path.join(work, "scan.pdf");
    writeFileSync(file, pdf);
    await exec("pdftoppm", ["-png", "-r", "100", "-singlefile", file, path.join(work, "scan")]);
    const scan = await PDFDocument.create();
    const image = await scan.embedPng(await readFile(path.join(work, "scan.png")));
    scan.addPage([595.28, 841.89]).drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
    const bytes = await scan.save();

    const extracted = await extractPdfText(bytes);
    assert.deepEqual(extracted, { pages: [""], hasTextLayer: false });
    const check = await checkResumePdf(bytes, onePageResume());
    assert.equal(check.fidelity, 0);
    assert.deepEqual(check.missing_sections, [
      OUTLINE_HEADINGS.work,
      OUTLINE_HEADINGS.skills,
      OUTLINE_HEADINGS.education,
    ]);
    assert.equal(check.fonts_embedded, true); // no fonts at all
  });

  test("a PDF made elsewhere (standard fonts, several text objects per line) is read in order", async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([600, 800]);
    page.drawText("Certificate of Completion", { x: 50, y: 700, size: 20, font });
    page.drawText("Awarded to", { x: 50, y: 650, size: 12, font });
    page.drawText("Priya Nair", { x: 120, y: 650, size: 12, font });
    pdf.addPage([600, 800]).drawText("Page two", { x: 50, y: 700, size: 12, font });
    const { pages, hasTextLayer } = await extractPdfText(await pdf.save());
    assert.equal(hasTextLayer, true);
    assert.deepEqual(pages, ["Certificate of Completion\nAwarded to Priya Nair", "Page two"]);
  });

  test("maxPages limits the pages read", async () => {
    const pdf = await renderResumePdf(twoPageResume(), { template: "ats" });
    assert.equal((await extractPdfText(pdf, { maxPages: 1 })).pages.length, 1);
  });

  test("not a PDF, and a password-protected PDF, are PdfReadErrors that say which", async () => {
    await assert.rejects(extractPdfText(new TextEncoder().encode("%PDF-1.7 nothing else")), (e: unknown) => {
      assert.ok(e instanceof PdfReadError);
      assert.equal(e.reason, "invalid");
      return true;
    });
    // The standard security handler with a user password (its /U does not match the empty one).
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText("secret", { font: await pdf.embedFont(StandardFonts.Helvetica) });
    const ctx = pdf.context;
    const h = (n: number) => PDFHexString.of("ab".repeat(n));
    ctx.trailerInfo.Encrypt = ctx.register(
      ctx.obj({ Filter: "Standard", V: 1, R: 2, O: h(32), U: h(32), P: -4 }),
    );
    ctx.trailerInfo.ID = ctx.obj([h(16), h(16)]);
    await assert.rejects(extractPdfText(await pdf.save({ useObjectStreams: false })), (e: unknown) => {
      assert.ok(e instanceof PdfReadError);
      assert.equal(e.reason, "encrypted");
      return true;
    });
  });
});

describe("HTML preview", () => {
  test("the same sections in the same order as the PDF, escaped, safe links only", async () => {
    const doc = twoPageResume();
    doc.basics.name = `Arjun <script>alert("x")</script> Sharma`;
    doc.projects?.push({
      name: "evil",
      url: "javascript:alert(1)",
      description: `<img src=x onerror=alert(1)>`,
    });
    for (const template of TEMPLATES) {
      const html = resumeHtml(doc, template);
      assert.ok(!html.includes("<script>"));
      assert.ok(!html.includes("<img"));
      assert.ok(!/href="javascript:/i.test(html));
      assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
      assert.match(html, /<a href="https:\/\/careerpilot.example\/v\/7f3c9a2e"[^>]*>Watch intro<\/a>/);
      const order = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
      assert.deepEqual(
        order,
        resumeOutline(doc).sections.map((s) => s.heading),
      );
      // Every word of the PDF's content is in the preview, in the same order.
      const text = html
        .replace(/<style>[\s\S]*?<\/style>/, "")
        .replace(/<title>[\s\S]*?<\/title>/, "")
        .replace(/<[^>]+>/g, " ")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&");
      const pdf = await renderResumePdf(doc, { template });
      const pdfText = (await extractPdfText(pdf)).pages.join("\n");
      const a = tokens(pdfText).filter((t) => !/^(page|of|\d)$/.test(t));
      const b = tokens(text);
      assert.ok(lcsLength(a, b) / a.length > 0.99);
    }
  });
});
