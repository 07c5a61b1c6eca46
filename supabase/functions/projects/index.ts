/**
 * GitHub Projects stack: `/functions/v1/projects/v1/projects/...` — the user's synced GitHub
 * repositories, sync requests and their runs (the runner crawls GitHub), grounded AI descriptions
 * and intro videos, with their public share links (`/v1/video-shares/{slug}`: no sign-in).
 */
import { createApp, serve } from "../_shared/app.ts";
import { projects } from "./routes.ts";
import { shares } from "./shares.ts";

const app = createApp("projects");
app.route("/", projects);
app.route("/", shares);

if (import.meta.main) serve(app);
export { app };
