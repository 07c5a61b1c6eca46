/**
 * Job Fetcher stack: `/functions/v1/job-fetcher/v1/...` — fetch runs (the runner fetches the
 * portals), the caller's fetched jobs with their match scores, and the internal ingest route
 * every source of jobs posts to (service key only).
 */
import { createApp, serve } from "../_shared/app.ts";
import { ingest } from "./ingest.ts";
import { jobFetcher } from "./routes.ts";

const app = createApp("job-fetcher");
app.route("/", jobFetcher);
app.route("/", ingest);

if (import.meta.main) serve(app);
export { app };
