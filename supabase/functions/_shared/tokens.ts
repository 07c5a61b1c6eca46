/**
 * The internal, service-only way for other stacks to use a user's provider token (GitHub for
 * repository sync, Gemini for the LLM, portal and Gmail tokens for applying).
 *
 *     const gh = await getUserToken(userId, "github");
 *     if (!gh || gh.expired) throw new AppError("conflict", "Connect GitHub in Settings first.");
 *     const res = await fetch(..., { headers: { authorization: `token ${gh.token}` } });
 *     if (res.status === 401) await markTokenRejected(userId, "github"); // asks the user to reconnect
 *
 * Service path: runs as the pool's role (SQL functions granted to service_role only), so call it
 * only for the user the request or job is about. Every call records `api_tokens.last_used_at`.
 * The plaintext is never logged; keep it in a local variable and never put it in a response,
 * an error message or an event payload.
 */
import { decryptToken, KeyringError, keyringFrom, tokenAad } from "./contract/crypto.ts";
import type { Provider } from "./contract/enums.ts";
import { asService } from "./db.ts";
import { AppError } from "./errors.ts";

export { type Provider, PROVIDERS } from "./contract/enums.ts";

/** A decrypted user token. */
export interface UserToken {
  /** The secret itself. Never log or return it. */
  token: string;
  /** When it stops working, if known. */
  expiresAt: Date | null;
  /** True when `expiresAt` has passed (the integration list shows it as needs_reconnect). */
  expired: boolean;
}

/**
 * The user's decrypted token for `provider`, or `null` when none is stored (never connected,
 * or revoked). Records the use (`last_used_at`).
 * @throws AppError `service_unavailable` when TOKEN_ENCRYPTION_KEYS is unset or invalid;
 *   `internal_error` when the stored ciphertext cannot be opened (e.g. its key was removed from
 *   the keyring before `npm run keys:rotate` ran).
 */
export async function getUserToken(userId: string, provider: Provider): Promise<UserToken | null> {
  let keyring;
  try {
    keyring = keyringFrom(Deno.env.get("TOKEN_ENCRYPTION_KEYS"));
  } catch (err) {
    if (err instanceof KeyringError) {
      throw new AppError(
        "service_unavailable",
        "Token storage is not configured on this server.",
        undefined,
        {
          cause: err,
        },
      );
    }
    throw err;
  }
  // Service path: private.token_for_service is service-only; scoped to the given user and provider.
  const [row] = await asService((tx) =>
    tx<{ token_encrypted: string; key_id: string; expires_at: Date | null }[]>`
      select token_encrypted, key_id, expires_at from private.token_for_service(${userId}::uuid, ${provider})`
  );
  if (!row) return null;
  let token: string;
  try {
    token = await decryptToken(keyring, row.token_encrypted, tokenAad(userId, provider));
  } catch (err) {
    throw new AppError("internal_error", "A stored token could not be decrypted.", undefined, {
      cause: new Error(`${provider} token of ${userId} (key ${row.key_id}): ${(err as Error).message}`),
    });
  }
  const expiresAt = row.expires_at;
  return { token, expiresAt, expired: expiresAt !== null && expiresAt.getTime() <= Date.now() };
}

/**
 * Records that the provider refused the user's stored token (HTTP 401, revoked at the
 * provider, expired): a connected integration becomes `needs_reconnect`, which the user sees.
 */
export async function markTokenRejected(userId: string, provider: Provider): Promise<void> {
  // Service path: private.mark_token_rejected is service-only; scoped to the given user.
  await asService((tx) => tx`select private.mark_token_rejected(${userId}::uuid, ${provider})`);
}
