/**
 * supabase-js clients for the few service paths that must go through Supabase's own APIs
 * (Auth admin, Storage) instead of SQL.
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { AppError } from "./errors.ts";
import { getEnv } from "./env.ts";

let service: { key: string; client: SupabaseClient } | undefined;

/**
 * A client holding the service-role key: it bypasses RLS and may administer users. Use it
 * only for work the caller is entitled to and scope every call to the caller explicitly.
 */
export function serviceClient(): SupabaseClient {
  const env = getEnv();
  const key = env.SUPABASE_SERVICE_ROLE_KEY;
  if (!key) throw new AppError("internal_error", "The service is not configured for this operation.");
  const cacheKey = `${env.SUPABASE_URL} ${key}`;
  if (service?.key !== cacheKey) {
    service = {
      key: cacheKey,
      client: createClient(env.SUPABASE_URL, key, {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      }),
    };
  }
  return service.client;
}
