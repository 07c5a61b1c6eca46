/**
 * One-click email unsubscribe, reachable without signing in: the signed token in the link IS the
 * authorisation (it names one user, one notification type and the email channel, and only the
 * platform keyring can make one). See `_shared/contract/unsubscribe.ts`.
 *
 * - `POST /v1/notifications/unsubscribe?token=…` — RFC 8058's one-click target (mail clients send
 *   `List-Unsubscribe=One-Click` as a form body; the web page sends nothing): turns that type's
 *   email off for that user (`private.unsubscribe_email`), idempotently.
 * - `GET  /v1/notifications/unsubscribe?token=…` — what the token would do, changing nothing (a
 *   link scanner's GET must never unsubscribe anyone): the web page shows it before the user confirms.
 *
 * A token that is malformed, altered, for another purpose or signed by a retired key is
 * 400 `unsubscribe_token_invalid`; nothing is written.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { KeyringError, keyringFrom } from "../_shared/contract/crypto.ts";
import { readUnsubscribeToken, type UnsubscribeClaim } from "../_shared/contract/unsubscribe.ts";
import { createRouter } from "../_shared/app.ts";
import { asService } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";

export const unsubscribe = createRouter();

const TokenQuery = z.object({
  token: z.string().min(1).max(2000).openapi({
    description: "The signed token from the email's List-Unsubscribe header or footer link.",
  }),
});

const UnsubscribeResult = z
  .object({
    notification_type: z.string().openapi({ example: "integrations.token.rejected" }),
    channel: z.literal("email"),
    unsubscribed: z.boolean().openapi({
      description: "True once that type's emails are off (POST); on GET, whether they are off already.",
    }),
  })
  .openapi("UnsubscribeResult");

async function claimOf(token: string): Promise<UnsubscribeClaim> {
  let keyring;
  try {
    keyring = keyringFrom(Deno.env.get("TOKEN_ENCRYPTION_KEYS"));
  } catch (err) {
    if (err instanceof KeyringError) {
      throw new AppError("service_unavailable", "Unsubscribe links are not configured on this server.");
    }
    throw err;
  }
  const claim = await readUnsubscribeToken(keyring, token);
  if (!claim) {
    throw new AppError(
      "unsubscribe_token_invalid",
      "This unsubscribe link is not valid. Use the link from the latest email, or change your email settings in CareerPilot.",
    );
  }
  return claim;
}

const previewRoute = createRoute({
  method: "get",
  path: "/v1/notifications/unsubscribe",
  tags: ["notifications"],
  summary:
    "What an unsubscribe link would turn off (changes nothing; no sign-in: the signed token authorises)",
  request: { query: TokenQuery },
  responses: {
    200: {
      description: "The link's type and channel",
      content: { "application/json": { schema: UnsubscribeResult } },
    },
    ...errorResponses(400, 422),
  },
});

unsubscribe.openapi(previewRoute, async (c) => {
  const claim = await claimOf(c.req.valid("query").token);
  // Service path: no session; scoped to the user the verified token names.
  const [row] = await asService((tx) =>
    tx<{ off: boolean }[]>`
      select exists (select 1 from public.notification_channel_preferences
                      where user_id = ${claim.user_id} and notification_type = ${claim.notification_type}
                        and channel = 'email' and not enabled) as off`
  );
  return c.json({
    notification_type: claim.notification_type,
    channel: claim.channel,
    unsubscribed: !!row?.off,
  }, 200);
});

const unsubscribeRoute = createRoute({
  method: "post",
  path: "/v1/notifications/unsubscribe",
  tags: ["notifications"],
  summary: "One-click unsubscribe (RFC 8058): turns the link's notification type's emails off (no sign-in)",
  request: { query: TokenQuery },
  responses: {
    200: { description: "Unsubscribed", content: { "application/json": { schema: UnsubscribeResult } } },
    ...errorResponses(400, 422),
  },
});

unsubscribe.openapi(unsubscribeRoute, async (c) => {
  const claim = await claimOf(c.req.valid("query").token);
  // Service path: no session; private.unsubscribe_email writes only the verified token's user's row.
  await asService((tx) =>
    tx`select private.unsubscribe_email(${claim.user_id}::uuid, ${claim.notification_type})`
  );
  return c.json(
    { notification_type: claim.notification_type, channel: claim.channel, unsubscribed: true },
    200,
  );
});
