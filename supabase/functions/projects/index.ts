/**
 * GitHub Projects stack: `/functions/v1/projects/v1/projects/...` — the user's synced GitHub
 * repositories, grounded AI descriptions and intro videos; plus the internal sync route the
 * runner calls (`/v1/internal/projects/sync`, service key only).
 */
import { createApp, serve } from "../_shared/app.ts";
import { projects } from "./routes.ts";

const app = createApp("projects");
app.route("/", projects);

if (import.meta.main) serve(app);
export { app };
