/**
 * Queue `resume_pdf`: renders a resume version's PDF, stores it, and checks it by reading it back.
 *
 *   resume.version.created {user_id, resume_id, version_id, generated_from, template}
 *     1. `private.resume_version_pdf_started(version_id)` (own transaction: the page shows
 *        "rendering"); a version already ready, or gone (a discarded draft), is skipped;
 *     2. `renderResumePdf` (documents/render.ts: pdf-lib, embedded Noto fonts, ₹ and Devanagari),
 *        with a "Watch intro" link per project whose repository has a transcoded intro video: its
 *        public share page (video-links.ts), never a signed URL the PDF would outlive;
 *     3. upload to the private bucket `resumes` at `<user_id>/<resume_id>/<version_id>.pdf`
 *        (upsert: a refreshed auto-update draft replaces its PDF; a redelivery rewrites the same bytes);
 *     4. `checkResumePdf` (documents/parse-back.ts): the PDF's extracted text against the content —
 *        reading-order fidelity, missing sections, garbled text, embedded fonts;
 *     5. commit: `private.resume_version_pdf_finished(version_id, path, check)` with the receipt.
 * When the attempts run out, `giveUp` marks the version's PDF failed with a reason the page shows.
 */
import { ResumeDocument } from "../../../supabase/functions/_shared/contract/resume.ts";
import { type ConsumerDeps, defineConsumer, type Outcome, PermanentError } from "../consumer.js";
import { asService, sqlState } from "../db.js";
import { checkResumePdf } from "../documents/parse-back.js";
import { renderResumePdf } from "../documents/render.js";
import { withVideoLinks } from "./video-links.js";

/** Queue name. */
export const RESUME_PDF_QUEUE = "resume_pdf";
/** The private bucket of resume PDFs. */
export const RESUMES_BUCKET = "resumes";

interface Begun {
  version_id: string;
  user_id: string;
  resume_id: string;
  pdf_status: string;
  content_json: unknown;
  template: "ats" | "modern";
}

/** The resume_pdf consumer. */
export function resumePdfConsumer(deps: ConsumerDeps) {
  return defineConsumer({
    queue: RESUME_PDF_QUEUE,
    events: ["resume.version.created"],
    async handle(d, ctx): Promise<Outcome> {
      const versionId = d.payload.version_id;
      let begun: Begun;
      try {
        begun = await asService(ctx.db, async (tx) => {
          const [row] = await tx<
            { v: Begun }[]
          >`select private.resume_version_pdf_started(${versionId}::uuid) as v`;
          return row!.v;
        });
      } catch (err) {
        if (sqlState(err) === "PT404") return { status: "skipped", reason: "the version no longer exists" };
        throw err;
      }
      if (begun.pdf_status === "ready") return { status: "skipped", reason: "the PDF is already made" };
      if (begun.user_id !== d.payload.user_id) {
        throw new PermanentError(
          `version ${versionId} does not belong to user ${d.payload.user_id}`,
          "22023",
        );
      }
      const parsed = ResumeDocument.safeParse(begun.content_json);
      if (!parsed.success)
        throw new PermanentError(`version ${versionId} holds no valid ResumeDocument`, "22023");
      const doc = await asService(ctx.db, (tx) =>
        withVideoLinks(tx, begun.user_id, parsed.data, deps.config.siteUrl),
      );

      const started = performance.now();
      const pdf = await renderResumePdf(doc, { template: begun.template });
      const renderMs = Math.round(performance.now() - started);
      const path = `${begun.user_id}/${begun.resume_id}/${versionId}.pdf`;
      const { error } = await deps.supabase.storage
        .from(RESUMES_BUCKET)
        .upload(path, new Blob([pdf as BlobPart], { type: "application/pdf" }), {
          contentType: "application/pdf",
          upsert: true,
        });
      if (error) throw new Error(`upload of ${RESUMES_BUCKET}/${path} failed: ${error.message}`);
      const check = await checkResumePdf(pdf, doc);
      return {
        status: "done",
        fields: {
          version_id: versionId,
          bytes: pdf.byteLength,
          render_ms: renderMs,
          fidelity: check.fidelity,
          pages: check.pages,
        },
        finalize: async (tx) => {
          await tx`select private.resume_version_pdf_finished(${versionId}::uuid, ${path}, ${tx.json(check as never)}, null)`;
        },
      };
    },
    async giveUp(tx, d, error) {
      await tx`select private.resume_version_pdf_finished(${d.payload.version_id}::uuid, null, null,
        ${`The PDF could not be made (${error.slice(0, 200)}).`})`.catch(() => undefined);
    },
  });
}
