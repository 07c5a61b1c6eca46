import { browserAuth } from "@/lib/supabase/client";

/**
 * Ends the session: asks Auth to revoke it, and clears the local cookies even if that call fails
 * (for example when the account no longer exists).
 */
export async function signOut() {
  const auth = await browserAuth();
  const { error } = await auth.signOut();
  if (error) await auth.signOut({ scope: "local" });
}
