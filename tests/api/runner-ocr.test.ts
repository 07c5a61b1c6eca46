/**
 * Certificate OCR end to end through the runner: files generated here (tests/fakes/certificates.ts:
 * text rendered to PNG/JPEG/WebP, straight, askew, turned 90°, faint grey on grey; a PDF with a
 * text layer and a scanned one; a government ID card; a shopping list; a picture without text; bytes
 * that are no image) are uploaded the way the page does it, a runner started here (queue
 * certificate_ocr) reads them, and the owner reads the extract through the API. Afterwards the
 * government ID's full numbers appear nowhere in the database (pg_dump of everything) nor in the
 * runner's log, and the stored files themselves (the preview an admin opens) no longer show them:
 * the preview is downloaded and read again, and only the last 4 characters are left.
 *
 * Needs the stack without its own runner (tests/run.ts starts it with --no-runner).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import type { ConsumerDeps } from "../../scraper-runner/src/consumer.js";
import { certificateOcrConsumer } from "../../scraper-runner/src/ocr/certificate-ocr.js";
import { readDocument } from "../../scraper-runner/src/ocr/engine.js";
import {
  AADHAAR_NUMBER,
  COURSE_CERTIFICATE,
  GOVERNMENT_ID_CARD,
  NOT_A_CERTIFICATE,
  noTextImage,
  PAN_NUMBER,
  renderTextImage,
  scannedPdf,
  textPdf,
} from "../fakes/certificates.js";
import { callFunction, env, newUser, type TestUser, withSql } from "../support/env.js";
import { assertNoStackRunner, killRunner, type RunnerProcess, startRunner } from "../support/runner.js";

const QUEUE = "certificate_ocr";
let user: TestUser;
let runner: RunnerProcess | null = null;

interface Extract {
  method?: string;
  confidence?: number;
  text?: string;
  rotated?: number;
  reason?: string;
  looks_like_certificate?: boolean;
  fields?: Record<string, string | null>;
  name_match?: { verdict: string; score: number };
  government_ids?: { kind: string; masked: string }[];
  file_redaction?: { status: string; characters?: number; pages?: number };
}
interface Detail {
  status: string;
  preview_url: string | null;
  ocr_status: string;
  ocr_extract: Extract | null;
}

const files: Record<string, { bytes: Buffer; type: string; documentType?: string }> = {};
const ids: Record<string, string> = {};

async function upload(name: string): Promise<void> {
  const f = files[name]!;
  const res = await callFunction("verification/v1/certificates", {
    method: "POST",
    token: user.accessToken,
    body: { document_type: f.documentType ?? "course", content_type: f.type, size: f.bytes.length },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const t = res.body as { certificate_id: string; storage_path: string; token: string };
  const up = await user.client.storage
    .from("certificates")
    .uploadToSignedUrl(t.storage_path, t.token, new Blob([new Uint8Array(f.bytes)], { type: f.type }), {
      contentType: f.type,
    });
  assert.equal(up.error, null, JSON.stringify(up.error));
  ids[name] = t.certificate_id;
}

async function detail(name: string): Promise<Detail> {
  const res = await callFunction(`verification/v1/certificates/${ids[name]}`, { token: user.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as Detail;
}

async function waitAllRead(timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(
      Object.keys(ids).map(async (n) => [n, (await detail(n)).ocr_status] as const),
    );
    const open = states.filter(([, s]) => s === "queued" || s === "processing");
    if (open.length === 0) return;
    if (Date.now() > deadline) assert.fail(`still being read after ${timeoutMs} ms: ${JSON.stringify(open)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

before(async () => {
  await assertNoStackRunner();
  user = await newUser("ocr");
  const named = await callFunction("auth-identity/v1/auth/profile", {
    method: "PATCH",
    token: user.accessToken,
    body: { display_name: "Priya Sharma" },
  });
  assert.equal(named.status, 200);
  files.png = { bytes: await renderTextImage(COURSE_CERTIFICATE), type: "image/png" };
  files.askew = {
    bytes: await renderTextImage(COURSE_CERTIFICATE, { rotate: 4, format: "jpeg" }),
    type: "image/jpeg",
  };
  files.sideways = { bytes: await renderTextImage(COURSE_CERTIFICATE, { rotate: 90 }), type: "image/png" };
  files.faint = {
    bytes: await renderTextImage(COURSE_CERTIFICATE, { ink: "#9a9a9a", paper: "#c8c8c8", format: "webp" }),
    type: "image/webp",
  };
  files.pdf = {
    bytes: await textPdf(COURSE_CERTIFICATE),
    type: "application/pdf",
    documentType: "professional",
  };
  files.scan = {
    bytes: await scannedPdf(COURSE_CERTIFICATE),
    type: "application/pdf",
    documentType: "degree",
  };
  files.other = {
    bytes: await renderTextImage(COURSE_CERTIFICATE.map((l) => l.replace("Priya Sharma", "Rahul Verma"))),
    type: "image/png",
  };
  files.gov = {
    bytes: await renderTextImage(GOVERNMENT_ID_CARD),
    type: "image/png",
    documentType: "government_id",
  };
  // The same card as a scanned PDF, as a PDF whose text layer holds the numbers, askew, and
  // photographed sideways (the boxes found upright must land on the sideways pixels).
  files.govscan = {
    bytes: await scannedPdf(GOVERNMENT_ID_CARD),
    type: "application/pdf",
    documentType: "government_id",
  };
  files.govtext = {
    bytes: await textPdf(GOVERNMENT_ID_CARD),
    type: "application/pdf",
    documentType: "government_id",
  };
  files.govaskew = {
    bytes: await renderTextImage(GOVERNMENT_ID_CARD, { rotate: 4, format: "jpeg" }),
    type: "image/jpeg",
    documentType: "government_id",
  };
  files.govside = {
    bytes: await renderTextImage(GOVERNMENT_ID_CARD, { rotate: 90 }),
    type: "image/png",
    documentType: "government_id",
  };
  // Numbers in the text layer that no pixel shows: the redaction cannot find where to cover them.
  files.govhidden = {
    bytes: await textPdf(GOVERNMENT_ID_CARD, { invisible: /[0-9]{4}/ }),
    type: "application/pdf",
    documentType: "government_id",
  };
  files.list = { bytes: await renderTextImage(NOT_A_CERTIFICATE), type: "image/png" };
  files.blank = { bytes: await noTextImage(), type: "image/png" };
  files.garbage = {
    bytes: Buffer.from("this is not an image at all, just text bytes ".repeat(20)),
    type: "image/png",
  };
  for (const name of Object.keys(files)) await upload(name);
  // Two readings the runner gives up on (its retries exhausted): begun as the runner begins them,
  // then its giveUp, before any runner runs; the runner later skips them (no longer open).
  files.gaveupgov = files.govaskew!;
  files.gaveuppng = files.png!;
  for (const name of ["gaveupgov", "gaveuppng"]) {
    await upload(name);
    await withSql((sql) =>
      sql.begin(async (tx) => {
        await tx`set local role service_role`;
        await tx`select private.certificate_begin_ocr(${ids[name]!}::uuid)`;
        await certificateOcrConsumer({} as ConsumerDeps).giveUp?.(
          tx as never,
          { payload: { certificate_id: ids[name]! } } as never,
          "retries exhausted",
        );
      }),
    );
  }
  const t0 = Date.now();
  runner = await startRunner({ queues: [QUEUE] });
  await waitAllRead();
  console.log(`# ${Object.keys(ids).length} documents read in ${Date.now() - t0} ms (runner start included)`);
});

after(async () => {
  await killRunner(runner);
});

const EXPECTED_FIELDS = {
  holder_name: "Priya Sharma",
  issuer: "Coursera Inc",
  title: "Machine Learning Foundations",
  issue_date: "2024-03-12",
  credential_id: "ML-2024-88341",
  credential_url: "https://coursera.org/verify/ML88341",
};

describe("certificate OCR (runner)", () => {
  for (const [name, method] of [
    ["png", "image_ocr"],
    ["askew", "image_ocr"],
    ["sideways", "image_ocr"],
    ["faint", "image_ocr"],
    ["pdf", "pdf_text_layer"],
    ["scan", "pdf_ocr"],
  ] as const) {
    test(`${name}: every field guessed, the holder matches the profile name`, async () => {
      const d = await detail(name);
      assert.equal(d.ocr_status, "extracted");
      assert.equal(d.status, "pending", "reading decides nothing");
      assert.equal(d.ocr_extract?.method, method);
      assert.deepEqual(d.ocr_extract?.fields, EXPECTED_FIELDS);
      assert.equal(d.ocr_extract?.name_match?.verdict, "match");
      assert.equal(d.ocr_extract?.looks_like_certificate, true);
      assert.ok((d.ocr_extract?.confidence ?? 0) >= 0.7, `confidence ${d.ocr_extract?.confidence}`);
    });
  }

  test("a page turned 90° is read in the orientation that makes sense", async () => {
    const rotated = (await detail("sideways")).ocr_extract?.rotated;
    assert.ok(rotated === 90 || rotated === 270, `rotated ${rotated}`);
  });

  test("someone else's certificate: the names do not match", async () => {
    const d = await detail("other");
    assert.equal(d.ocr_extract?.fields?.holder_name, "Rahul Verma");
    assert.deepEqual(d.ocr_extract?.name_match, {
      profile_name: "Priya Sharma",
      holder_name: "Rahul Verma",
      score: 0,
      verdict: "mismatch",
    });
  });

  test("a text that is no certificate is extracted and says so", async () => {
    const d = await detail("list");
    assert.equal(d.ocr_status, "extracted");
    assert.equal(d.ocr_extract?.looks_like_certificate, false);
    assert.match(d.ocr_extract?.reason ?? "", /does not read like a certificate/);
  });

  test("a picture without text, and bytes that are no image, are unreadable with a reason", async () => {
    for (const name of ["blank", "garbage"]) {
      const d = await detail(name);
      assert.equal(d.ocr_status, "unreadable", name);
      assert.equal(d.status, "pending", "an admin still decides");
      assert.match(d.ocr_extract?.reason ?? "", /No readable text/);
    }
  });

  test("a government ID: numbers masked in the extract, the full numbers nowhere in the database or the log", async () => {
    const d = await detail("gov");
    assert.equal(d.ocr_status, "extracted");
    assert.deepEqual(d.ocr_extract?.government_ids, [
      { kind: "aadhaar", masked: "XXXX XXXX 0123" },
      { kind: "pan", masked: "XXXXXX234F" },
    ]);
    assert.match(d.ocr_extract?.text ?? "", /XXXX XXXX 0123/);
    assert.equal(d.ocr_extract?.fields?.holder_name, "Priya Sharma");
    const { stdout } = await promisify(execFile)("pg_dump", ["--data-only", "--no-owner", env.dbUrl], {
      maxBuffer: 512 * 1024 * 1024,
    });
    assert.ok(stdout.length > 10_000, "the dump has the database's data");
    assert.ok(stdout.includes("XXXX XXXX 0123"), "the masked number is in the dump (the grep works)");
    const compact = stdout.replace(/[\s-]/g, "");
    for (const secret of [AADHAAR_NUMBER, AADHAAR_NUMBER.replace(/\s/g, ""), PAN_NUMBER]) {
      assert.ok(!stdout.includes(secret), `${secret} is in the database dump`);
      assert.ok(
        !compact.includes(secret.replace(/\s/g, "")),
        `${secret} is in the database dump (ignoring spaces)`,
      );
    }
    const log = JSON.stringify(runner?.lines ?? []) + (runner?.stderr() ?? "");
    assert.ok(log.includes(ids.gov!), "the runner logged the certificate it read");
    for (const secret of [AADHAAR_NUMBER, AADHAAR_NUMBER.replace(/\s/g, ""), PAN_NUMBER]) {
      assert.ok(!log.includes(secret), `${secret} is in the runner's log`);
    }
  });

  for (const name of ["gov", "govscan", "govtext", "govaskew", "govside"]) {
    test(`${name}: the stored file (the preview) shows only the last 4 characters of each number`, async () => {
      const d = await detail(name);
      assert.equal(d.ocr_status, "extracted");
      assert.deepEqual(d.ocr_extract?.government_ids, [
        { kind: "aadhaar", masked: "XXXX XXXX 0123" },
        { kind: "pan", masked: "XXXXXX234F" },
      ]);
      assert.equal(d.ocr_extract?.file_redaction?.status, "redacted");
      assert.ok(
        (d.ocr_extract?.file_redaction?.characters ?? 0) >= 14,
        "8 Aadhaar digits and 6 PAN characters",
      );
      assert.ok(d.preview_url, "the owner gets a preview");
      const res = await fetch(d.preview_url);
      assert.equal(res.status, 200);
      const stored = Buffer.from(await res.arrayBuffer());
      const uploaded = files[name];
      assert.ok(uploaded);
      // The same reading the runner does: a PDF by its text layer first (a layer that still held
      // the numbers would show here), else by OCR of its pages.
      const { text } = await readDocument(stored, uploaded.type, { timeoutMs: 120_000 });
      // Read again, the card still reads (the redaction is local) and keeps the visible part.
      assert.match(text, /Priya Sharma/);
      const compact = text.replace(/[\s-]/g, "");
      assert.match(compact, /0123/, `the Aadhaar's last 4 digits stay visible (${JSON.stringify(text)})`);
      assert.match(compact, /234F/, `the PAN's last 4 characters stay visible (${JSON.stringify(text)})`);
      for (const hidden of ["2345", "6789", "23456789", "ABCDE", "ABCDE1"]) {
        assert.ok(
          !compact.includes(hidden),
          `${hidden} is readable in the stored ${name} (${JSON.stringify(text)})`,
        );
      }
      assert.ok(!stored.equals(uploaded.bytes), "the stored file was replaced");
    });
  }

  test("a number the text shows but the pixels do not locate: the file is deleted, the masked text stays", async () => {
    const d = await detail("govhidden");
    assert.equal(d.ocr_status, "extracted");
    assert.equal(d.ocr_extract?.file_redaction?.status, "deleted");
    assert.match(d.ocr_extract?.reason ?? "", /could not be located/);
    assert.match(d.ocr_extract?.text ?? "", /XXXX XXXX 0123/);
    assert.equal(d.preview_url, null, "no preview of a file that is gone");
    const [row] = await withSql(
      (sql) => sql<{ n: number }[]>`select count(*)::int as n from storage.objects o
                                     join public.certificates c on c.storage_path = o.name
                                    where c.id = ${ids.govhidden!}::uuid`,
    );
    assert.equal(row?.n, 0, "the stored object is gone");
  });

  const storagePath = async (name: string) =>
    (
      await withSql(
        (sql) =>
          sql<
            { p: string }[]
          >`select storage_path as p from public.certificates where id = ${ids[name]!}::uuid`,
      )
    )[0]?.p;

  test("giving up on a government ID deletes its file (it was never redacted); other documents keep theirs", async () => {
    const events = await withSql(
      (sql) => sql<{ path: string }[]>`select payload ->> 'path' as path from public.event_log
                                        where event_type = 'storage.object.rejected' and payload ->> 'user_id' = ${user.userId}`,
    );
    const [gov, png] = await Promise.all([detail("gaveupgov"), detail("gaveuppng")]);
    assert.deepEqual(
      {
        gov: { status: gov.ocr_status, redaction: gov.ocr_extract?.file_redaction?.status },
        png: { status: png.ocr_status, redaction: png.ocr_extract?.file_redaction },
        deleted: events.map((e) => e.path),
      },
      {
        gov: { status: "unreadable", redaction: "deleted" },
        png: { status: "unreadable", redaction: undefined },
        deleted: [await storagePath("gaveupgov")],
      },
    );
    assert.match(gov.ocr_extract?.reason ?? "", /file was deleted/);
  });
});
