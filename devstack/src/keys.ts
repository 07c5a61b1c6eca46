/**
 * keys.json: the JWT secret, the ES256 signing key and the anon / service_role API keys.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

/** Contents of `.devstack/<profile>/keys.json`. */
export interface Keys {
  jwt_secret: string;
  signing_jwk: JWK & { kid: string; alg: "ES256" };
  anon_key: string;
  service_role_key: string;
  /** Keyring for user tokens at rest (`kid:base64-32-bytes`), given to functions as TOKEN_ENCRYPTION_KEYS. */
  token_encryption_keys?: string;
}

/** A fresh one-key keyring for TOKEN_ENCRYPTION_KEYS. */
function newKeyring(): string {
  return `local-${randomBytes(3).toString("hex")}:${randomBytes(32).toString("base64")}`;
}

const TEN_YEARS_S = 10 * 365 * 24 * 60 * 60;

/** Signs a Supabase-style API key (`{iss:"supabase-demo", role, iat, exp:+10y}`) with HS256. */
export async function signApiKey(secret: string, role: "anon" | "service_role"): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: "supabase-demo", role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(iat)
    .setExpirationTime(iat + TEN_YEARS_S)
    .sign(new TextEncoder().encode(secret));
}

/** Generates a fresh set of keys. */
export async function generateKeys(): Promise<Keys> {
  const jwt_secret = randomBytes(48).toString("base64url");
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  const signing_jwk = { ...jwk, kid: randomUUID(), alg: "ES256" as const, use: "sig" };
  return {
    jwt_secret,
    signing_jwk,
    anon_key: await signApiKey(jwt_secret, "anon"),
    service_role_key: await signApiKey(jwt_secret, "service_role"),
    token_encryption_keys: newKeyring(),
  };
}

/** Reads keys.json, or null when it does not exist yet. */
export function readKeys(file: string): Keys | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, "utf8")) as Keys;
}

/** Returns the existing keys.json or creates it (mode 0600) on first use. */
export async function ensureKeys(file: string): Promise<Keys> {
  const existing = readKeys(file);
  if (existing?.token_encryption_keys) return existing;
  if (existing) {
    // keys.json from before token encryption existed: add a keyring, keep everything else.
    const upgraded = { ...existing, token_encryption_keys: newKeyring() };
    writeFileSync(file, `${JSON.stringify(upgraded, null, 2)}\n`, { mode: 0o600 });
    return upgraded;
  }
  const keys = await generateKeys();
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
