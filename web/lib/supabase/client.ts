import type { GoTrueClient } from "@supabase/auth-js";
import { createApiClient } from "@/lib/api";

let browserAuthClient: Promise<GoTrueClient> | undefined;

/**
 * The browser's Supabase Auth (one per page): sign in, sign up, OAuth, sign out and the session's
 * access token; the session lives in cookies the server can read. Its code is fetched on first
 * use (a sign-in, an API call), so it is not part of any page's first-load JavaScript.
 */
export function browserAuth(): Promise<GoTrueClient> {
  browserAuthClient ??= import("./auth-client").then((m) => m.newBrowserAuthClient());
  return browserAuthClient;
}

/** The stack API client for client components, authorised with the browser session. */
export function browserApi() {
  return createApiClient({
    getAccessToken: async () => (await (await browserAuth()).getSession()).data.session?.access_token ?? null,
  });
}
