/**
 * Admin stack: `/functions/v1/admin/v1/admin/...` — the console's own endpoints: the dashboard
 * counts, the users list and a user's page, broadcasts and the audit log. Certificate review is
 * the verification function's (`/v1/admin/certificates`), platform keys the api-management one's.
 * Every route is behind `requireAdmin`; the SQL re-checks the role (RLS admin policies, definer
 * functions) and writes its audit row in the transaction of the write.
 */
import { createApp, serve } from "../_shared/app.ts";
import { admin } from "./routes.ts";

const app = createApp("admin");
app.route("/", admin);

if (import.meta.main) serve(app);
export { app };
