import { type NextRequest, NextResponse } from "next/server";
import { ApiError } from "@/lib/api";
import { localPathWith } from "@/lib/safe-path";
import { getCurrentUser, serverApi } from "@/lib/supabase/server";

/** What GitHub adds to its redirect; nothing else is forwarded. */
const FORWARDED = ["code", "state", "error", "error_description", "error_uri"] as const;

/**
 * A relative redirect: `next dev` reports its origin as localhost, which would drop the session
 * cookie set for the host the browser actually used (e.g. 127.0.0.1).
 */
function redirectTo(path: string) {
  return new NextResponse(null, { status: 307, headers: { location: path, "cache-control": "no-store" } });
}

/**
 * GitHub's OAuth redirect target (the OAuth app's callback URL). Forwards GitHub's `code` and
 * `state` to the integrations stack with the SIGNED-IN user's own token: the stack connects
 * GitHub only when that user is the one who started the connection, so a connect link started
 * by someone else connects nothing. Then back to the page the connection started from, with
 * `?github=connected` or `?github=error&reason=<code>`.
 */
export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return redirectTo("/auth");

  const query: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = request.nextUrl.searchParams.get(name);
    if (value !== null) query[name] = value;
  }
  try {
    const result = await serverApi(user.accessToken).integrations.finishGithub(query);
    return redirectTo(localPathWith(result.redirect_to, { github: "connected" }, "/settings"));
  } catch (err) {
    const details =
      err instanceof ApiError ? (err.details as { reason?: unknown; redirect_to?: unknown }) : undefined;
    const back = typeof details?.redirect_to === "string" ? details.redirect_to : "/settings";
    const reason =
      typeof details?.reason === "string"
        ? details.reason
        : err instanceof ApiError
          ? err.code
          : "server_error";
    return redirectTo(localPathWith(back, { github: "error", reason }, "/settings"));
  }
}
