import { createServerClient } from "@supabase/ssr";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type AuthSession, createApiClient } from "@/lib/api";
import { env } from "@/lib/env";

/** A Supabase client for one server render, reading (and where allowed, writing) the session cookies. */
export async function createClient() {
  const cookieStore = await cookies();
  return createServerClient(env.supabaseUrl, env.supabaseAnonKey, {
    cookies: {
      getAll() {
        return cookieStore.getAll();
      },
      setAll(cookiesToSet) {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
        } catch {
          // Called from a Server Component, where cookies are read-only: the proxy refreshes them.
        }
      },
    },
  });
}

/** The signed-in user as the server sees it. */
export interface CurrentUser {
  id: string;
  email: string | null;
  displayName: string | null;
  role: "user" | "admin";
  accessToken: string;
}

/**
 * The verified user for this request, or null when signed out. The token's signature is checked
 * (`getClaims`); the profile comes from the auth-identity stack, falling back to the token's claims
 * if that call fails. Cached per request, so the layout and the page share one lookup.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const supabase = await createClient();
  const { data: claimsData, error } = await supabase.auth.getClaims();
  if (error || !claimsData?.claims?.sub) return null;
  const { data } = await supabase.auth.getSession();
  const accessToken = data.session?.access_token;
  if (!accessToken) return null;

  const claims = claimsData.claims;
  const fallback: CurrentUser = {
    id: claims.sub,
    email: typeof claims.email === "string" ? claims.email : null,
    displayName: null,
    role: "user",
    accessToken,
  };
  let session: AuthSession;
  try {
    session = await serverApi(accessToken).authIdentity.session();
  } catch {
    return fallback;
  }
  return {
    id: session.user_id,
    email: session.email ?? fallback.email,
    displayName: session.display_name,
    role: session.role,
    accessToken,
  };
});

/** The stack API client for server code, authorised with the given access token. */
export function serverApi(accessToken: string) {
  return createApiClient({ getAccessToken: async () => accessToken });
}

/** The signed-in user, or a redirect to `/auth` when there is no valid session. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/auth");
  return user;
}
