/**
 * Test-only helpers for the kit's `deno test` suites: local signing keys, a loopback JWKS
 * server and token builders. Not imported by any function.
 */
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";

export const TEST_SUPABASE_URL_PLACEHOLDER = "http://127.0.0.1:9";

export interface TestKeys {
  es256: CryptoKey;
  es256Public: CryptoKey;
  rs256: CryptoKey;
  /** An EC key the JWKS does not publish: tokens signed with it are forged. */
  rogue: CryptoKey;
  jwks: { keys: Record<string, unknown>[] };
}

export async function makeKeys(): Promise<TestKeys> {
  const es = await generateKeyPair("ES256", { extractable: true });
  const rs = await generateKeyPair("RS256", { extractable: true });
  const rogue = await generateKeyPair("ES256", { extractable: true });
  const esJwk = { ...(await exportJWK(es.publicKey)), kid: "es-key", alg: "ES256", use: "sig" };
  const rsJwk = { ...(await exportJWK(rs.publicKey)), kid: "rs-key", alg: "RS256", use: "sig" };
  return {
    es256: es.privateKey,
    es256Public: es.publicKey,
    rs256: rs.privateKey,
    rogue: rogue.privateKey,
    jwks: { keys: [esJwk, rsJwk] },
  };
}

/** Serves `jwks` at `/auth/v1/.well-known/jwks.json` on a free loopback port. */
export function serveJwks(jwks: unknown): { url: string; server: Deno.HttpServer; hits: () => number } {
  let hits = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    if (new URL(req.url).pathname === "/auth/v1/.well-known/jwks.json") {
      hits++;
      return Response.json(jwks);
    }
    return new Response("not found", { status: 404 });
  });
  const { port } = server.addr as Deno.NetAddr;
  return { url: `http://127.0.0.1:${port}`, server, hits: () => hits };
}

export const USER_ID = "3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a7b";

/** Claims of a normal Supabase user access token for `supabaseUrl`, valid for an hour. */
export function userClaims(supabaseUrl: string, overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: `${supabaseUrl}/auth/v1`,
    aud: "authenticated",
    role: "authenticated",
    sub: USER_ID,
    email: "asha@example.test",
    iat: now,
    exp: now + 3600,
    session_id: crypto.randomUUID(),
    ...overrides,
  };
}

/** Signs `claims` with `key` as `alg` (kid set when given). */
export function sign(
  claims: JWTPayload,
  key: CryptoKey | Uint8Array,
  alg: "ES256" | "RS256" | "HS256",
  kid?: string,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: "JWT", ...(kid ? { kid } : {}) }).sign(key);
}

const b64url = (v: unknown) =>
  btoa(JSON.stringify(v)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

/** An unsigned token (`alg: none`), as an attacker would send it. */
export function unsignedToken(claims: JWTPayload): string {
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url(claims)}.`;
}

/** Replaces the payload of a signed token, keeping its original signature (a tampered token). */
export function tamper(token: string, claims: JWTPayload): string {
  const [header, , signature] = token.split(".");
  return `${header}.${b64url(claims)}.${signature}`;
}

export const textKey = (secret: string) => new TextEncoder().encode(secret);
