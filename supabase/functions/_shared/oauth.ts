/**
 * The one rule for every OAuth connection a user makes (GitHub today; Gmail, LinkedIn… later):
 * **the flow is finished by the user who started it, with that user's own bearer token.**
 *
 * ```
 *  browser ─POST …/connect (Bearer)─► function: beginOAuthFlow → auth_url (state = signed {nonce, user, provider, expiry})
 *  browser ─► provider's consent page ─► redirect to the WEB APP's callback page (?code&state)
 *  web page ─GET …/callback?code&state (Bearer of the signed-in user)─► function: finishOAuthFlow → exchange the code
 * ```
 *
 * The provider redirects to a page of the web app, not to the function: a browser following a
 * redirect sends no Authorization header, and a callback that acted on the state alone would act
 * for whoever the state names. That is the OAuth login-CSRF / account-linking attack: an attacker
 * starts a connection, sends the authorize link to a victim, and the victim's provider account
 * lands on the attacker's. Here the callback requires the bearer, and refuses — before anything
 * is consumed, exchanged or written — a state that is malformed or forged (`oauth_state_invalid`),
 * expired (`oauth_state_expired`) or another user's (`oauth_state_foreign`, 403); a used or
 * unknown nonce is refused in SQL (`oauth_state_used`, 409). The reverse attack (the attacker's
 * code and state delivered into the victim's session) is the same foreign-state case.
 *
 * State format: `signValue` (HMAC-SHA256 under an HKDF key derived from the active
 * token-encryption key) over `{n: nonce, u: user id, p: provider, e: expiry (unix s)}`. The
 * signature makes it unforgeable and bound to the user; `e` makes it expire (10 minutes); the
 * nonce row in `private.oauth_states` makes it single-use (`private.consume_oauth_state`).
 */
import type { Context } from "hono";
import { z } from "zod";
import { type AppEnv, currentUser } from "./auth.ts";
import { type Keyring, signValue, verifyValue } from "./contract/crypto.ts";
import { asUser } from "./db.ts";
import { AppError } from "./errors.ts";
import { type Provider, PROVIDERS } from "./tokens.ts";

const PURPOSE = "integrations.oauth-state";

const Payload = z.object({
  n: z.uuid(),
  u: z.uuid(),
  p: z.enum(PROVIDERS),
  e: z.number().int().positive(),
});

export interface OAuthState {
  nonce: string;
  userId: string;
  provider: Provider;
  expiresAt: Date;
}

/** Signs the state for a nonce row. */
export function signState(keyring: Keyring, state: OAuthState): Promise<string> {
  return signValue(keyring, PURPOSE, {
    n: state.nonce,
    u: state.userId,
    p: state.provider,
    e: Math.floor(state.expiresAt.getTime() / 1000),
  });
}

/**
 * The state a callback carries: `invalid` (missing, malformed, forged, tampered, signed by a key
 * no longer in the keyring), `expired`, or the verified state. Single use is checked in SQL.
 */
export async function readState(
  keyring: Keyring,
  raw: string | undefined,
): Promise<{ ok: true; state: OAuthState } | { ok: false; reason: "invalid_state" | "expired_state" }> {
  if (!raw || raw.length > 1024) return { ok: false, reason: "invalid_state" };
  const parsed = Payload.safeParse(await verifyValue(keyring, PURPOSE, raw));
  if (!parsed.success) return { ok: false, reason: "invalid_state" };
  const { n, u, p, e } = parsed.data;
  if (e * 1000 <= Date.now()) return { ok: false, reason: "expired_state" };
  return { ok: true, state: { nonce: n, userId: u, provider: p, expiresAt: new Date(e * 1000) } };
}

/**
 * Starts an OAuth flow for the signed-in caller (after `requireUser`): a single-use nonce row
 * valid 10 minutes, remembering `redirectTo` (a path on the web app), and its signed state to put
 * in the provider's authorize URL.
 */
export async function beginOAuthFlow(
  c: Context<AppEnv>,
  keyring: Keyring,
  provider: Provider,
  redirectTo: string,
): Promise<{ state: string; expiresAt: Date }> {
  const user = currentUser(c);
  const [row] = await asUser(c, (tx) =>
    tx<{ nonce: string; expires_at: Date }[]>`
      select nonce, expires_at from private.create_oauth_state(${provider}, ${redirectTo})`);
  if (!row) throw new Error("create_oauth_state returned no row");
  const state = await signState(keyring, {
    nonce: row.nonce,
    userId: user.id,
    provider,
    expiresAt: row.expires_at,
  });
  return { state, expiresAt: row.expires_at };
}

/**
 * The callback's gate (after `requireUser`): verifies the state, requires that it names the
 * bearer's user, and consumes its nonce. Returns where the browser goes back to. Call it before
 * exchanging the code or writing anything.
 * @throws AppError `oauth_state_invalid` | `oauth_state_expired` (400), `oauth_state_foreign`
 *   (403), `oauth_state_used` (409).
 */
export async function finishOAuthFlow(
  c: Context<AppEnv>,
  keyring: Keyring,
  provider: Provider,
  rawState: string | undefined,
): Promise<{ redirectTo: string }> {
  const user = currentUser(c);
  const read = await readState(keyring, rawState);
  if (!read.ok && read.reason === "expired_state") {
    throw new AppError("oauth_state_expired", "This connection link has expired. Start connecting again.");
  }
  if (!read.ok || read.state.provider !== provider) {
    throw new AppError("oauth_state_invalid", "This connection link is invalid. Start connecting again.");
  }
  if (read.state.userId !== user.id) {
    // Nothing is consumed: the state stays usable by the user who started the flow.
    throw new AppError(
      "oauth_state_foreign",
      "This connection was started by another account. Start connecting from your own account.",
    );
  }
  try {
    const redirectTo = await asUser(c, async (tx) => {
      const [row] = await tx<{ redirect_to: string }[]>`
        select private.consume_oauth_state(${read.state.nonce}::uuid, ${provider}) as redirect_to`;
      return row!.redirect_to;
    });
    return { redirectTo };
  } catch (err) {
    if ((err as { code?: unknown })?.code === "PT400") {
      throw new AppError(
        "oauth_state_used",
        "This connection link was already used or has expired. Start connecting again.",
      );
    }
    throw err;
  }
}
