/**
 * The platform's keys for external services (scraper APIs, Apify, the proxy, the mail
 * provider), read server-to-server: `private.platform_key_envelope(service)` is granted to
 * service_role only (no user or admin token reaches it, and the API never returns a key), and
 * the envelope is opened here with the runner's `TOKEN_ENCRYPTION_KEYS` — the key ring the
 * api-management function encrypted it with. Consumers call {@link platformKey} when they need a
 * key; never log its result.
 */
import {
  decryptToken,
  keyringFrom,
  platformKeyAad,
} from "../../supabase/functions/_shared/contract/crypto.ts";
import { asService, type Db, sqlState } from "./db.js";

/** A decrypted platform key and what the runner should know about it. */
export interface PlatformKey {
  service: string;
  key: string;
  expiryAt: Date | null;
  /** active, or expired (the caller decides whether to try anyway). */
  status: "active" | "expired";
}

/** The key of `service`, or null when none is stored. @throws DecryptError / KeyringError. */
export async function platformKey(
  db: Db,
  keysRaw: string | undefined,
  service: string,
): Promise<PlatformKey | null> {
  const keyring = keyringFrom(keysRaw);
  let row: { envelope: string; expiry_at: Date | null; status: "active" | "expired" } | undefined;
  try {
    [row] = await asService(
      db,
      (tx) =>
        tx<{ envelope: string; expiry_at: Date | null; status: "active" | "expired" }[]>`
          select envelope, expiry_at, status from private.platform_key_envelope(${service})`,
    );
  } catch (err) {
    if (sqlState(err) === "PT404") return null;
    throw err;
  }
  if (!row) return null;
  return {
    service,
    key: await decryptToken(keyring, row.envelope, platformKeyAad(service)),
    expiryAt: row.expiry_at,
    status: row.status,
  };
}
