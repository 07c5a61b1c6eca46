import { AuthClient, type GoTrueClient } from "@supabase/auth-js";
// The cookie storage @supabase/ssr's createBrowserClient uses (not re-exported by its index).
import { createStorageFromOptions } from "@supabase/ssr/dist/module/cookies";
import { publicEnv as env } from "@/lib/public-env";

/**
 * The browser's Supabase Auth client, set up exactly as `createBrowserClient` from @supabase/ssr
 * sets up supabase-js's (same URL, headers, storage key, PKCE and cookie storage, so the server
 * reads the same session). Only Auth: the data goes through the stack functions, so the Realtime,
 * PostgREST, Storage and Functions clients supabase-js bundles are not shipped. Loaded on demand
 * through `browserAuth()` (client.ts), never in a page's first-load JavaScript.
 */
export function newBrowserAuthClient(): GoTrueClient {
  const base = new URL(`${env.supabaseUrl}/`);
  const inBrowser = typeof window !== "undefined";
  const { storage } = createStorageFromOptions({ cookieEncoding: "base64url" }, false);
  return new AuthClient({
    url: new URL("auth/v1", base).href,
    headers: { Authorization: `Bearer ${env.supabaseAnonKey}`, apikey: env.supabaseAnonKey },
    // supabase-js's default key, which the server client (createServerClient) reads too.
    storageKey: `sb-${base.hostname.split(".")[0]}-auth-token`,
    flowType: "pkce",
    autoRefreshToken: inBrowser,
    detectSessionInUrl: inBrowser,
    persistSession: true,
    storage,
  });
}
