import { type NextRequest, NextResponse } from "next/server";
import { safeLocalPath } from "@/lib/safe-path";
import { createClient } from "@/lib/supabase/server";
import { RESET_PATH } from "../_lib/password-reset";

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
    const { data, error } = await supabase.auth.exchangeCodeForSession(code);
    // A password-reset link signs in only to choose a new password, wherever `next` points.
    // (auth-js returns `redirectType` from the verifier it stored; its 2.109 types omit the field.)
    const recovery = (data as { redirectType?: string | null }).redirectType === "recovery";
    if (!error) return redirectTo(recovery ? RESET_PATH : next);
  }
  // A dead emailed link (used, expired or replaced by a newer one). Auth drops `next` from the
  // URL when it reports the error; the only links this app mails are password resets, so: ask
  // for a new one.
  if (next === RESET_PATH || searchParams.get("error_code") === "otp_expired") {
    return redirectTo("/auth/forgot?error=expired");
  }
  return redirectTo("/auth?error=oauth");
}
