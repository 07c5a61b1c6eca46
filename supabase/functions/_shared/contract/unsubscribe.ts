/**
 * One-click email unsubscribe (RFC 8058): the token every notification email carries, signed
 * with the platform keyring ({@link signValue}, purpose `email-unsubscribe/v1`) by the runner
 * that sends the mail and verified by the notifications function's unsubscribe route, and the
 * two URLs built from it — the one-click POST target of the `List-Unsubscribe` header, and the
 * web page a person opens from the mail's footer.
 *
 * The token names a user, a notification type and a channel; it does not expire (a mail may be
 * read months later) and stops working only when its signing key leaves the keyring.
 */
import { z } from "zod";
import { type Keyring, signValue, verifyValue } from "./crypto.ts";

export const UNSUBSCRIBE_PURPOSE = "email-unsubscribe/v1";

/** What an unsubscribe token says: turn `channel` off for `notification_type` for `user_id`. */
export const UnsubscribeClaim = z.object({
  user_id: z.uuid(),
  notification_type: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/),
  channel: z.literal("email"),
});
export type UnsubscribeClaim = z.infer<typeof UnsubscribeClaim>;

/** Signs an unsubscribe token with the keyring's active key. */
export function unsubscribeToken(keyring: Keyring, claim: UnsubscribeClaim): Promise<string> {
  return signValue(keyring, UNSUBSCRIBE_PURPOSE, UnsubscribeClaim.parse(claim));
}

/** The claim of a genuine token, or null (malformed, altered, another purpose, retired key). */
export async function readUnsubscribeToken(
  keyring: Keyring,
  token: string,
): Promise<UnsubscribeClaim | null> {
  if (token.length > 2000) return null;
  const value = await verifyValue(keyring, UNSUBSCRIBE_PURPOSE, token);
  const parsed = UnsubscribeClaim.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The function route that takes the one-click POST (and a GET preview), under the API URL. */
export const UNSUBSCRIBE_ROUTE = "/functions/v1/notifications/v1/notifications/unsubscribe";

/** The `List-Unsubscribe` target (`apiUrl` = SUPABASE_URL) and the web page (`siteUrl` = SITE_URL). */
export function unsubscribeUrls(
  apiUrl: string,
  siteUrl: string,
  token: string,
): { oneClick: string; page: string } {
  const q = `token=${encodeURIComponent(token)}`;
  return {
    oneClick: `${apiUrl.replace(/\/+$/, "")}${UNSUBSCRIBE_ROUTE}?${q}`,
    page: `${siteUrl.replace(/\/+$/, "")}/unsubscribe?${q}`,
  };
}
