/**
 * GitHub Projects stack: `/functions/v1/projects/v1/projects/...` — the user's synced GitHub
 * repositories, sync requests and their runs (the runner crawls GitHub), grounded AI descriptions
 * and intro videos.
 */
import { createApp, serve } from "../_shared/app.ts";
import { projects } from "./routes.ts";

const app = createApp("projects");
app.route("/", projects);

if (import.meta.main) serve(app);
export { app };
