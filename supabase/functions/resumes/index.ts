/**
 * Resume & Documents stack: `/functions/v1/resumes/v1/...` — the career record, resumes built by
 * Gemini through the no-fabrication guard, versions with diffs, the ATS score and PDF downloads
 * (the runner renders the PDFs: scraper-runner/src/resumes/).
 */
import { createApp, serve } from "../_shared/app.ts";
import { record } from "./record.ts";
import { resumes } from "./routes.ts";

const app = createApp("resumes");
app.route("/", record);
app.route("/", resumes);

if (import.meta.main) serve(app);
export { app };
