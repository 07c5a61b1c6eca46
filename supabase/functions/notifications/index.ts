/**
 * Notifications stack: `/functions/v1/notifications/v1/notifications...` — the caller's in-app
 * notifications, their read state and the unread count for the shell's bell. The notifications
 * themselves are written by the `notifications` queue's SQL consumer
 * (`supabase/migrations/20261125000250_notifications.sql`) from the templates each stack registers.
 */
import { createApp, serve } from "../_shared/app.ts";
import { notifications } from "./routes.ts";
import { unsubscribe } from "./unsubscribe.ts";

const app = createApp("notifications");
// The unsubscribe routes first: they need no session (their signed token authorises).
app.route("/", unsubscribe);
app.route("/", notifications);

if (import.meta.main) serve(app);
export { app };
