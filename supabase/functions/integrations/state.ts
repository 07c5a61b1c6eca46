/**
 * The OAuth `state` parameter: `signValue` (HMAC-SHA256 under an HKDF key derived from the
 * active token-encryption key) over `{n: nonce, u: user id, p: provider, e: expiry (unix s)}`.
 *
 * The signature makes it unforgeable and bound to the user; `e` makes it expire (10 minutes);
 * the nonce row in `private.oauth_states` makes it single-use (`private.consume_oauth_state`).
 */
import { z } from "zod";
import { type Keyring, signValue, verifyValue } from "../_shared/contract/crypto.ts";

const PURPOSE = "integrations.oauth-state";

const Payload = z.object({
  n: z.uuid(),
  u: z.uuid(),
  p: z.literal("github"),
  e: z.number().int().positive(),
});

export interface OAuthState {
  nonce: string;
  userId: string;
  provider: "github";
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
 * The state a callback carries: `invalid` (malformed, forged, tampered, signed by a key no
 * longer in the keyring), `expired`, or the verified state. Single use is checked in SQL.
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
