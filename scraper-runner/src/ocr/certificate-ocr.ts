/**
 * Queue `certificate_ocr`: reads an uploaded certificate, degree or government ID and records
 * what it says for the admin who reviews it.
 *
 *   certificate.uploaded {user_id, certificate_id, storage_path, content_type, document_type}
 *     1. `private.certificate_begin_ocr(id)` (own transaction: the user sees `processing`);
 *        already extracted / unreadable / failed → skipped (a redelivery); deleted → skipped
 *     2. download the file from Storage (bucket `certificates`, service key)
 *     3. read it (engine.ts): images by OCR, PDFs by their text layer or OCR of their pages
 *     4. mask government ID numbers (Aadhaar, PAN) in the text at once — nothing unmasked is
 *        kept, logged or sent anywhere after this line
 *     4b. a government ID (or any file where such a number was read): the file itself is
 *        redacted (redact.ts: the hidden digits blacked out, PDFs become page images) and
 *        replaces the stored object at the same path, before anything is recorded — a failed
 *        replacement throws and is retried, so the extract is never recorded beside a file
 *        that still shows the number
 *     5. guess the fields, compare the holder name with the profile name (fields.ts)
 *     6. commit `private.certificate_record_ocr(id, extracted | unreadable, extract)` with the
 *        receipt and the archive (the database masks again). The review status stays `pending`:
 *        only an admin decides.
 *
 * A file that cannot be decoded, or holds no text, is recorded as `unreadable` with a reason;
 * infrastructure trouble (Storage or database down, a timeout) throws and is retried, and when
 * the attempts run out `giveUp` records `unreadable` with a generic reason, so the certificate
 * never stays `processing`.
 */
import { type ConsumerDeps, defineConsumer, type Outcome } from "../consumer.js";
import { asService, type Tx } from "../db.js";
import { DocumentError, MIN_LETTERS, type ReadResult, readDocument } from "./engine.js";
import {
  findGovernmentIds,
  guessFields,
  looksLikeCertificate,
  maskGovernmentIds,
  nameMatch,
} from "./fields.js";
import { redactDocument } from "./redact.js";

/** Queue name. */
export const CERTIFICATE_OCR_QUEUE = "certificate_ocr";
/** The private bucket of certificate files. */
export const CERTIFICATE_BUCKET = "certificates";
/** Upper bound of one external tool run or one page's OCR. */
const READ_TIMEOUT_MS = 120_000;
/** At most this much text is stored (a certificate is a page or two). */
const MAX_TEXT = 20_000;

export const UNREADABLE_REASON =
  "No readable text was found in this file. An admin will review the file itself.";
export const GIVE_UP_REASON =
  "The file could not be read automatically. An admin will review the file itself.";
export const UNREDACTED_GIVE_UP_REASON =
  "The ID document could not be read, so its number could not be blacked out: the file was deleted. Upload a clearer scan.";
export const UNREDACTED_FILE_REASON =
  "An ID number was read but could not be located in the image to black it out, so the file was deleted; the masked text remains.";

interface Begun {
  certificate_id: string;
  user_id: string;
  storage_path: string;
  content_type: string;
  document_type: string;
  ocr_status: string;
  profile_name: string | null;
}

async function record(
  tx: Tx,
  id: string,
  status: "extracted" | "unreadable",
  extract: Record<string, unknown>,
) {
  await tx`select private.certificate_record_ocr(${id}::uuid, ${status}, ${tx.json(extract as never)})`;
}

/** The stored extract of what was read (every string already masked). */
export function buildExtract(
  read: ReadResult,
  profileName: string | null,
): {
  status: "extracted" | "unreadable";
  extract: Record<string, unknown>;
} {
  const text = maskGovernmentIds(read.text).slice(0, MAX_TEXT);
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const base = {
    method: read.method,
    pages: read.pages,
    confidence: Math.round(read.confidence * 100) / 100,
    ...(read.rotated ? { rotated: read.rotated } : {}),
  };
  if (letters < MIN_LETTERS) {
    return { status: "unreadable", extract: { ...base, text, reason: UNREADABLE_REASON } };
  }
  const fields = guessFields(text);
  const looksLike = looksLikeCertificate(text);
  return {
    status: "extracted",
    extract: {
      ...base,
      text,
      fields,
      name_match: nameMatch(profileName, fields.holder_name, text),
      government_ids: findGovernmentIds(read.text),
      looks_like_certificate: looksLike,
      ...(looksLike ? {} : { reason: "The text does not read like a certificate, degree or ID document." }),
    },
  };
}

/**
 * Replaces the stored file with its redacted version (same path and content type, so the row and
 * the preview stay as they are). Null when no number was located in the file's pixels.
 */
async function redactStored(
  deps: ConsumerDeps,
  begun: Begun,
  bytes: Buffer,
  rotated: number,
  signal: AbortSignal | undefined,
): Promise<{ covered: number; pages: number } | null> {
  const r = await redactDocument(bytes, begun.content_type, rotated, {
    timeoutMs: READ_TIMEOUT_MS,
    signal,
  });
  if (!r) return null;
  const { error } = await deps.supabase.storage
    .from(CERTIFICATE_BUCKET)
    .update(begun.storage_path, r.bytes, { contentType: begun.content_type, upsert: true });
  if (error) throw new Error(`storage replacement of ${begun.storage_path} failed: ${error.message}`);
  return { covered: r.covered, pages: r.pages };
}

/** Deletes the stored file (a full ID number in it could not be covered). */
async function deleteStored(deps: ConsumerDeps, begun: Begun): Promise<void> {
  const { error } = await deps.supabase.storage.from(CERTIFICATE_BUCKET).remove([begun.storage_path]);
  if (error) throw new Error(`storage deletion of ${begun.storage_path} failed: ${error.message}`);
}

/** The certificate_ocr consumer. */
export function certificateOcrConsumer(deps: ConsumerDeps) {
  return defineConsumer({
    queue: CERTIFICATE_OCR_QUEUE,
    events: ["certificate.uploaded"],

    async handle(d, ctx): Promise<Outcome> {
      const id = d.payload.certificate_id;
      const begun = await asService(ctx.db, async (tx) => {
        const [row] = await tx<{ c: Begun | null }[]>`select private.certificate_begin_ocr(${id}::uuid) as c`;
        return row?.c ?? null;
      });
      if (!begun)
        return { status: "skipped", reason: "certificate no longer exists", fields: { certificate_id: id } };
      if (begun.ocr_status !== "processing") {
        return {
          status: "skipped",
          reason: `certificate OCR is ${begun.ocr_status}`,
          fields: { certificate_id: id },
        };
      }
      const unreadable = (reason: string, detail?: string): Outcome => {
        ctx.log.info("certificate unreadable", { certificate_id: id, detail });
        return {
          status: "done",
          finalize: (tx) => record(tx, id, "unreadable", { reason }),
          fields: { certificate_id: id, ocr_status: "unreadable" },
        };
      };

      const { data, error } = await deps.supabase.storage
        .from(CERTIFICATE_BUCKET)
        .download(begun.storage_path);
      if (error || !data) {
        const status = (error as { status?: number } | null)?.status;
        if (status === 404 || /not.?found/i.test(error?.message ?? "")) {
          return unreadable("The uploaded file could not be found.");
        }
        throw new Error(`storage download of ${begun.storage_path} failed: ${error?.message ?? "no data"}`);
      }
      const bytes = Buffer.from(await data.arrayBuffer());
      const t0 = Date.now();
      let read: ReadResult;
      try {
        read = await readDocument(bytes, begun.content_type, {
          timeoutMs: READ_TIMEOUT_MS,
          signal: ctx.signal,
        });
      } catch (err) {
        if (err instanceof DocumentError && !ctx.isStopping())
          return unreadable(UNREADABLE_REASON, err.message);
        throw err;
      }
      const { status, extract } = buildExtract(read, begun.profile_name);
      let redacted: { covered: number; pages: number } | null = null;
      if (begun.document_type === "government_id" || findGovernmentIds(read.text).length > 0) {
        redacted = await redactStored(deps, begun, bytes, read.rotated ?? 0, ctx.signal);
        if (redacted) {
          extract.file_redaction = {
            status: "redacted",
            characters: redacted.covered,
            pages: redacted.pages,
          };
        } else if (findGovernmentIds(read.text).length > 0) {
          // The text shows a number the pixels did not give away where it is: the file would show
          // it in full, so it is deleted; the masked extract stays for the review.
          await deleteStored(deps, begun);
          extract.file_redaction = { status: "deleted" };
          extract.reason ??= UNREDACTED_FILE_REASON;
        } else {
          // A government ID document without a number in its text or pixels: kept as uploaded.
          extract.file_redaction = { status: "no_number_located" };
        }
      }
      // Logged: sizes, timings and scores only — never the text (it may hold personal data).
      return {
        status: "done",
        finalize: (tx) => record(tx, id, status, extract),
        fields: {
          certificate_id: id,
          ocr_status: status,
          method: read.method,
          pages: read.pages,
          confidence: extract.confidence,
          read_ms: Date.now() - t0,
          bytes: bytes.length,
          name_match: (extract.name_match as { verdict?: string } | undefined)?.verdict ?? null,
          redacted_boxes: redacted?.covered ?? 0,
        },
      };
    },

    async giveUp(tx, d) {
      // A government ID that could not be read could not be redacted either: its file goes (the
      // storage cleanup consumer deletes it), so no full number stays behind in it. Only while
      // its reading is open: a recorded (perhaps redacted) file is never touched.
      const [gov] = await tx<{ user_id: string; storage_path: string }[]>`
        select user_id, storage_path from public.certificates
         where id = ${d.payload.certificate_id}::uuid and document_type = 'government_id'
           and ocr_status = 'processing'
           for update`;
      if (gov) {
        await tx`select private.emit('storage.object.rejected', ${tx.json({
          user_id: gov.user_id,
          bucket: CERTIFICATE_BUCKET,
          path: gov.storage_path,
          reason: "government ID not redacted",
        })})`;
      }
      await record(tx, d.payload.certificate_id, "unreadable", {
        reason: gov ? UNREDACTED_GIVE_UP_REASON : GIVE_UP_REASON,
        ...(gov ? { file_redaction: { status: "deleted" } } : {}),
      });
    },
  });
}
