import { createClient } from "@/lib/supabase/client";

/**
 * Ends the session: asks Auth to revoke it, and clears the local cookies even if that call fails
 * (for example when the account no longer exists).
 */
export async function signOut() {
  const supabase = createClient();
  const { error } = await supabase.auth.signOut();
  if (error) await supabase.auth.signOut({ scope: "local" });
}
