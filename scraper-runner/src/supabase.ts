/**
 * The runner's supabase-js client: service-role key (bypasses Storage RLS; keep it to the runner),
 * no session persistence. supabase-js 2.109 on Node 20 needs a WebSocket constructor even though
 * the runner does not use Realtime: `ws`.
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";

/** Creates the service-role client for `url`. */
export function serviceClient(url: string, serviceRoleKey: string): SupabaseClient {
  return createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
    global: { headers: { "x-client-info": "careerpilot-scraper-runner" } },
  });
}
