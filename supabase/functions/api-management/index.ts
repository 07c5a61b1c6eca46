/**
 * API Management stack: `/functions/v1/api-management/v1/admin/api-management...` — the platform's
 * keys for the services the runner uses (masked list, rotation). Admins only; keys are encrypted
 * here before SQL sees them and never returned. The runner reads a key server-to-server
 * (scraper-runner/src/platform-keys.ts, service role), never through this API.
 */
import { createApp, serve } from "../_shared/app.ts";
import { apiManagement } from "./routes.ts";

const app = createApp("api-management");
app.route("/", apiManagement);

if (import.meta.main) serve(app);
export { app };
