import { createBrowserClient } from "@supabase/ssr";
import { createApiClient } from "@/lib/api";
import { env } from "@/lib/env";

/** The browser's Supabase client (a singleton); the session lives in cookies the server can read. */
export function createClient() {
  return createBrowserClient(env.supabaseUrl, env.supabaseAnonKey);
}

/** The stack API client for client components, authorised with the browser session. */
export function browserApi() {
  const supabase = createClient();
  return createApiClient({
    getAccessToken: async () => (await supabase.auth.getSession()).data.session?.access_token ?? null,
  });
}
