/**
 * Job Application stack: `/functions/v1/job-apply/v1/...` — apply to fetched jobs manually (a
 * preview, then the submit), in batches and automatically after each fetch; the approval queue;
 * the applications tracker with its timeline and employer responses; apply settings, the answer
 * bank and today's usage against the caps; and the admins' per-user pause and emergency stop.
 * The runner applies (queue job_apply); these routes answer at once.
 */
import { createApp, serve } from "../_shared/app.ts";
import { adminRoutes } from "./admin.ts";
import { applicationRoutes } from "./applications.ts";
import { applyRoutes } from "./routes.ts";
import { settingsRoutes } from "./settings.ts";

const app = createApp("job-apply");
app.route("/", applyRoutes);
app.route("/", applicationRoutes);
app.route("/", settingsRoutes);
app.route("/", adminRoutes);

if (import.meta.main) serve(app);
export { app };
