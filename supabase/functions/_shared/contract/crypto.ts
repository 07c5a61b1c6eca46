/**
 * Secrets at rest and signed values, with WebCrypto only (`globalThis.crypto.subtle`, no
 * dependency): the same code runs in the Edge Functions (Deno), the runner and scripts (Node 20).
 *
 * Keyring: `TOKEN_ENCRYPTION_KEYS = "<kid>:<base64 32 bytes>[,<kid>:<base64 32 bytes>…]"`; the
 * first entry is the ACTIVE key (new encryptions), the others stay readable until
 * `npm run keys:rotate` has moved every row to the active key. A kid is 1..32 of `[A-Za-z0-9_-]`.
 *
 * Token envelope (AES-256-GCM, 12-byte random IV, 16-byte tag), one ASCII string:
 *
 *     v1.<kid>.<base64url IV>.<base64url ciphertext‖tag>
 *
 * The additional authenticated data binds a ciphertext to its row ({@link tokenAad}): moved to
 * another user or provider it no longer decrypts. `crypto_vectors.ts` holds known-answer vectors
 * (made with node:crypto) that `crypto_test.ts` (Deno) and `tests/api/contract.test.ts` (Node,
 * plus Deno ↔ Node round trips) check.
 *
 * Signed values ({@link signValue}): `<kid>.<base64url JSON>.<base64url HMAC-SHA256>`, the MAC key
 * derived per purpose from the keyring entry with HKDF-SHA256, so no separate secret is needed
 * and a signature made for one purpose is worthless for another.
 */

/** The first envelope segment: bump it when the format changes. */
export const ENVELOPE_VERSION = "v1";

const KID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;
const KEY_BYTES = 32;
const HKDF_SALT = new TextEncoder().encode("careerpilot.hkdf.v1");

/** A parsed `TOKEN_ENCRYPTION_KEYS`: the active key id and every key by id. */
export interface Keyring {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Uint8Array>;
}

/** A keyring that cannot be used; the message names the problem, never a key. */
export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyringError";
  }
}

/** A ciphertext that cannot be opened (unknown key id, malformed, tampered, wrong row). */
export class DecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptError";
  }
}

// ------------------------------------------------------------------------------ base64url

/** Bytes → base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** base64 or base64url (padding optional) → bytes. @throws TypeError when not base64. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) throw new TypeError("not base64");
  const std = text.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  const padded = std + "=".repeat((4 - (std.length % 4)) % 4);
  const binary = atob(padded);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

// ------------------------------------------------------------------------------ keyring

/**
 * Parses a keyring string. @throws KeyringError when empty, a kid is invalid or repeated, or a
 * key is not base64 of exactly 32 bytes.
 */
export function parseKeyring(raw: string | undefined): Keyring {
  const entries = (raw ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) throw new KeyringError("TOKEN_ENCRYPTION_KEYS is not set");
  const keys = new Map<string, Uint8Array>();
  for (const [i, entry] of entries.entries()) {
    const sep = entry.indexOf(":");
    const kid = sep > 0 ? entry.slice(0, sep) : "";
    if (!KID.test(kid)) {
      throw new KeyringError(
        `TOKEN_ENCRYPTION_KEYS entry ${i + 1}: expected "<kid>:<base64 key>" (kid: 1-32 of A-Z a-z 0-9 _ -)`,
      );
    }
    if (keys.has(kid)) throw new KeyringError(`TOKEN_ENCRYPTION_KEYS: key id "${kid}" appears twice`);
    let key: Uint8Array;
    try {
      key = fromBase64Url(entry.slice(sep + 1).trim());
    } catch {
      throw new KeyringError(`TOKEN_ENCRYPTION_KEYS: key "${kid}" is not base64`);
    }
    if (key.length !== KEY_BYTES) {
      throw new KeyringError(`TOKEN_ENCRYPTION_KEYS: key "${kid}" must be 32 bytes (got ${key.length})`);
    }
    keys.set(kid, key);
  }
  return { activeKeyId: entries[0]!.slice(0, entries[0]!.indexOf(":")), keys };
}

let lastParsed: { raw: string; keyring: Keyring } | undefined;

/**
 * The keyring of a `TOKEN_ENCRYPTION_KEYS` value, parsed once per distinct value (each runtime
 * passes its own environment: `Deno.env.get(...)` in functions, `process.env` in Node).
 * @throws KeyringError when unset or invalid
 */
export function keyringFrom(raw: string | undefined): Keyring {
  const value = raw ?? "";
  if (lastParsed?.raw === value) return lastParsed.keyring;
  const keyring = parseKeyring(value);
  lastParsed = { raw: value, keyring };
  return keyring;
}

// Imported CryptoKeys, per keyring and purpose (a keyring object is immutable once parsed).
const keyCache = new WeakMap<Keyring, Map<string, Promise<CryptoKey>>>();

function cachedKey(keyring: Keyring, cacheKey: string, make: () => Promise<CryptoKey>): Promise<CryptoKey> {
  let perRing = keyCache.get(keyring);
  if (!perRing) {
    perRing = new Map();
    keyCache.set(keyring, perRing);
  }
  let key = perRing.get(cacheKey);
  if (!key) {
    key = make();
    perRing.set(cacheKey, key);
  }
  return key;
}

function rawKey(keyring: Keyring, kid: string): Uint8Array {
  const key = keyring.keys.get(kid);
  if (!key) throw new DecryptError(`no key "${kid}" in TOKEN_ENCRYPTION_KEYS`);
  return key;
}

function aesKey(keyring: Keyring, kid: string): Promise<CryptoKey> {
  const raw = rawKey(keyring, kid);
  return cachedKey(
    keyring,
    `aes:${kid}`,
    () => crypto.subtle.importKey("raw", raw as BufferSource, "AES-GCM", false, ["encrypt", "decrypt"]),
  );
}

// ------------------------------------------------------------------------------ tokens

/** The AAD binding a token ciphertext to its `api_tokens` row (user and provider). */
export function tokenAad(userId: string, provider: string): string {
  return `careerpilot.api_tokens.v1:${userId}:${provider}`;
}

/** The AAD binding a platform key ciphertext to its `platform_api_keys` row (the service). */
export function platformKeyAad(service: string): string {
  return `careerpilot.platform_api_keys.v1:${service}`;
}

/** The last four characters of a token, the only part ever shown again. */
export function maskedSuffix(token: string): string {
  return token.slice(-4);
}

/** The key id an envelope names, or undefined when it is not a v1 envelope. */
export function envelopeKeyId(envelope: string): string | undefined {
  const parts = envelope.split(".");
  return parts.length === 4 && parts[0] === ENVELOPE_VERSION && KID.test(parts[1]!) ? parts[1] : undefined;
}

/**
 * Encrypts `plaintext` under the active key. `iv` is for known-answer tests only; never pass it
 * otherwise (a repeated IV under one key breaks GCM).
 */
export async function encryptToken(
  keyring: Keyring,
  plaintext: string,
  aad: string,
  iv: Uint8Array = crypto.getRandomValues(new Uint8Array(IV_BYTES)),
): Promise<{ envelope: string; keyId: string }> {
  if (iv.length !== IV_BYTES) throw new TypeError("the IV must be 12 bytes");
  const kid = keyring.activeKeyId;
  const sealed = await crypto.subtle.encrypt(
    {
      name: "AES-GCM",
      iv: iv as BufferSource,
      additionalData: new TextEncoder().encode(aad),
      tagLength: 128,
    },
    await aesKey(keyring, kid),
    new TextEncoder().encode(plaintext),
  );
  return {
    envelope: `${ENVELOPE_VERSION}.${kid}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`,
    keyId: kid,
  };
}

/**
 * Opens an envelope with the key it names. @throws DecryptError when malformed, the key id is
 * not in the keyring, or authentication fails (tampered, or another row's AAD).
 */
export async function decryptToken(keyring: Keyring, envelope: string, aad: string): Promise<string> {
  const kid = envelopeKeyId(envelope);
  if (!kid) throw new DecryptError("not a v1 token envelope");
  const [, , ivText, sealedText] = envelope.split(".") as [string, string, string, string];
  let iv: Uint8Array, sealed: Uint8Array;
  try {
    iv = fromBase64Url(ivText);
    sealed = fromBase64Url(sealedText);
  } catch {
    throw new DecryptError("token envelope is not base64url");
  }
  if (iv.length !== IV_BYTES || sealed.length < 17) throw new DecryptError("token envelope is truncated");
  const key = await aesKey(keyring, kid);
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: iv as BufferSource,
        additionalData: new TextEncoder().encode(aad),
        tagLength: 128,
      },
      key,
      sealed as BufferSource,
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new DecryptError("token envelope failed authentication");
  }
}

// ------------------------------------------------------------------------------ signed values

function macKey(keyring: Keyring, kid: string, purpose: string): Promise<CryptoKey> {
  const raw = rawKey(keyring, kid);
  return cachedKey(keyring, `hmac:${kid}:${purpose}`, async () => {
    const base = await crypto.subtle.importKey("raw", raw as BufferSource, "HKDF", false, ["deriveKey"]);
    return crypto.subtle.deriveKey(
      {
        name: "HKDF",
        hash: "SHA-256",
        salt: HKDF_SALT,
        info: new TextEncoder().encode(`careerpilot.hmac.v1:${purpose}`),
      },
      base,
      { name: "HMAC", hash: "SHA-256", length: 256 },
      false,
      ["sign", "verify"],
    );
  });
}

/**
 * Signs a JSON value for `purpose` with the active key: `<kid>.<base64url JSON>.<base64url MAC>`.
 * Not encrypted: anyone holding it can read the JSON.
 */
export async function signValue(keyring: Keyring, purpose: string, value: unknown): Promise<string> {
  const kid = keyring.activeKeyId;
  const body = `${kid}.${toBase64Url(new TextEncoder().encode(JSON.stringify(value)))}`;
  const mac = await crypto.subtle.sign(
    "HMAC",
    await macKey(keyring, kid, purpose),
    new TextEncoder().encode(body),
  );
  return `${body}.${toBase64Url(new Uint8Array(mac))}`;
}

/**
 * The JSON value of a {@link signValue} result for the same `purpose`, or `null` when it is
 * malformed, signed by a key no longer in the keyring, or its MAC does not verify.
 */
export async function verifyValue(keyring: Keyring, purpose: string, signed: string): Promise<unknown> {
  const parts = signed.split(".");
  if (parts.length !== 3) return null;
  const [kid, payload, macText] = parts as [string, string, string];
  if (!KID.test(kid) || !keyring.keys.has(kid)) return null;
  try {
    const ok = await crypto.subtle.verify(
      "HMAC",
      await macKey(keyring, kid, purpose),
      fromBase64Url(macText) as BufferSource,
      new TextEncoder().encode(`${kid}.${payload}`),
    );
    if (!ok) return null;
    return JSON.parse(new TextDecoder().decode(fromBase64Url(payload)));
  } catch {
    return null;
  }
}
