import { NextResponse } from "next/server";
import { homePathFor } from "@/lib/onboarding";
import { getCurrentUser } from "@/lib/supabase/server";

/**
 * After sign-in, sign-up or an OAuth return: the wizard for users who have not finished
 * onboarding, the dashboard for everyone else. Decided server-side with the session cookie.
 */
export async function GET() {
  const user = await getCurrentUser();
  const target = user ? await homePathFor(user) : "/auth";
  // A relative Location: `next dev` reports its origin as localhost, which would drop the
  // session cookie set for the host the browser actually used (e.g. 127.0.0.1).
  return new NextResponse(null, { status: 307, headers: { location: target, "cache-control": "no-store" } });
}
