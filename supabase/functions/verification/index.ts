/**
 * Identity & Document Verification stack: `/functions/v1/verification/v1/certificates...` — a
 * user's certificates, degrees and government IDs (upload URL, list, signed preview, delete) and
 * the admin review (`/v1/admin/certificates...`: queue, per user, approve / reject with notes).
 * The OCR runs in the runner (certificate.uploaded → queue certificate_ocr).
 */
import { createApp, serve } from "../_shared/app.ts";
import { verification } from "./routes.ts";

const app = createApp("verification");
app.route("/", verification);

if (import.meta.main) serve(app);
export { app };
