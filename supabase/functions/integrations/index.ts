/**
 * Integrations stack: `/functions/v1/integrations/v1/integrations/...` — GitHub OAuth and the
 * user's encrypted provider tokens. Other stacks read tokens through `../_shared/tokens.ts`.
 */
import { createApp, serve } from "../_shared/app.ts";
import { integrations } from "./routes.ts";

const app = createApp("integrations");
app.route("/", integrations);

if (import.meta.main) serve(app);
export { app };
