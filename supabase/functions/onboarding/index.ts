/**
 * Onboarding Profile stack: `/functions/v1/onboarding/v1/onboarding` and
 * `/functions/v1/onboarding/v1/settings/job`.
 */
import { createApp, serve } from "../_shared/app.ts";
import { onboarding } from "./routes.ts";

const app = createApp("onboarding");
app.route("/", onboarding);

if (import.meta.main) serve(app);
export { app };
