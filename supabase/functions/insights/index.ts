/**
 * Insights & Reports stack: `/functions/v1/insights/v1/...` — the dashboard's cards,
 * applications over time and their summary, resume performance, skill gaps, exports (CSV here,
 * PDF and large CSV by the runner), the report email schedule, and the admin's platform reports.
 * Aggregations are SQL functions (supabase/migrations/20261130005*_insights*.sql).
 */
import { createApp, serve } from "../_shared/app.ts";
import { insightsAdmin } from "./admin.ts";
import { exportRoutes } from "./exports.ts";
import { insights } from "./routes.ts";

const app = createApp("insights");
app.route("/", insights);
app.route("/", exportRoutes);
app.route("/", insightsAdmin);

if (import.meta.main) serve(app);
export { app };
