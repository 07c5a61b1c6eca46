/**
 * Auth & Identity stack: `/functions/v1/auth-identity/v1/auth/...`.
 * The JWT middleware every stack uses lives in `../_shared/auth.ts`.
 */
import { createApp, serve } from "../_shared/app.ts";
import { authIdentity } from "./routes.ts";

const app = createApp("auth-identity");
app.route("/", authIdentity);

if (import.meta.main) serve(app);
export { app };
