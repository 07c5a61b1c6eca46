import { type NextRequest, NextResponse } from "next/server";
import { safeLocalPath } from "@/lib/safe-path";
import { createClient } from "@/lib/supabase/server";

/**
 * A relative redirect: `next dev` reports its origin as localhost, which would drop the session
 * cookie set for the host the browser actually used (e.g. 127.0.0.1).
 */
function redirectTo(path: string) {
  return new NextResponse(null, { status: 307, headers: { location: path, "cache-control": "no-store" } });
}

/** OAuth and email-confirmation return: exchanges the code for a session cookie, then redirects. */
export async function GET(request: NextRequest) {
  const { searchParams } = request.nextUrl;
  const code = searchParams.get("code");
  // Only same-site paths may be returned to after OAuth or an email link (no open redirect).
  const next = safeLocalPath(searchParams.get("next"), "/auth/continue");
  if (code) {
    const supabase = await createClient();
    const { error } = await supabase.auth.exchangeCodeForSession(code);
    if (!error) return redirectTo(next);
  }
  return redirectTo("/auth?error=oauth");
}
