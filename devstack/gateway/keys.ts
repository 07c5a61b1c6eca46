/**
 * Configuration and key material of the devstack gateway.
 *
 * Reads the Supabase environment (`SUPABASE_URL`, keys, `SUPABASE_DB_URL`, `SUPABASE_JWT_SECRET`)
 * plus `DEVSTACK_API_PORT` / `DEVSTACK_STATE_DIR`, and `keys.json` from the state dir:
 * `{ jwt_secret, signing_jwk, anon_key, service_role_key }`.
 *
 * Token kinds:
 * - API keys (`anon`, `service_role`): HS256 over `jwt_secret`, issued by the devstack CLI.
 * - User access tokens: ES256 with `signing_jwk` (its `kid` in the header), as Supabase Auth issues.
 * - Storage URL tokens: HS256 over `jwt_secret`, as Supabase Storage signs them.
 */
import * as jose from "jose";

export interface GatewayConfig {
  /** Public base URL of the API (`SUPABASE_URL`), e.g. `http://127.0.0.1:54321`. */
  apiUrl: string;
  port: number;
  hostname: string;
  stateDir: string;
  storageDir: string;
  functionsDir: string;
  dbUrl: string;
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  /** Seconds in which a just-rotated refresh token may be used again (GoTrue's reuse interval). */
  refreshReuseInterval: number;
}

export interface KeysFile {
  jwt_secret: string;
  signing_jwk: jose.JWK & { kid: string };
  anon_key: string;
  service_role_key: string;
}

/** Claims of any token the gateway accepts (API keys, user access tokens). */
export interface Claims extends jose.JWTPayload {
  role?: string;
  email?: string;
  session_id?: string;
  is_anonymous?: boolean;
}

const ACCESS_TOKEN_TTL = 3600;

export class Keys {
  readonly config: GatewayConfig;
  readonly accessTokenTtl = ACCESS_TOKEN_TTL;
  readonly #secret: Uint8Array;
  readonly #kid: string;
  readonly #privateKey: CryptoKey;
  readonly #publicKey: CryptoKey;
  readonly #publicJwk: jose.JWK;

  private constructor(
    config: GatewayConfig,
    kid: string,
    privateKey: CryptoKey,
    publicKey: CryptoKey,
    publicJwk: jose.JWK,
  ) {
    this.config = config;
    this.#secret = new TextEncoder().encode(config.jwtSecret);
    this.#kid = kid;
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    this.#publicJwk = publicJwk;
  }

  /** Loads the environment and `keys.json`; throws with a readable message when something is missing. */
  static async load(env: Record<string, string | undefined> = Deno.env.toObject()): Promise<Keys> {
    const stateDir = env.DEVSTACK_STATE_DIR;
    if (!stateDir) throw new Error("DEVSTACK_STATE_DIR is not set");
    const file = JSON.parse(await Deno.readTextFile(`${stateDir}/keys.json`)) as KeysFile;
    const port = Number(env.DEVSTACK_API_PORT ?? "54321");
    const config: GatewayConfig = {
      apiUrl: (env.SUPABASE_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, ""),
      port,
      hostname: env.DEVSTACK_API_HOST ?? "127.0.0.1",
      stateDir,
      storageDir: `${stateDir}/storage`,
      functionsDir: env.DEVSTACK_FUNCTIONS_DIR ??
        new URL("../../supabase/functions", import.meta.url).pathname,
      dbUrl: required(env, "SUPABASE_DB_URL"),
      jwtSecret: env.SUPABASE_JWT_SECRET || file.jwt_secret,
      anonKey: env.SUPABASE_ANON_KEY || file.anon_key,
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY || file.service_role_key,
      refreshReuseInterval: Number(env.DEVSTACK_REFRESH_TOKEN_REUSE_INTERVAL ?? "0"),
    };
    const jwk = file.signing_jwk;
    if (!jwk?.kid || !jwk.d) throw new Error("keys.json: signing_jwk must be a private EC JWK with a kid");
    const privateKey = await jose.importJWK({ ...jwk, alg: "ES256" }, "ES256") as CryptoKey;
    const { d: _d, key_ops: _ops, ext: _ext, ...pub } = jwk;
    const publicJwk: jose.JWK = { ...pub, alg: "ES256", use: "sig", key_ops: ["verify"], ext: true };
    const publicKey = await jose.importJWK({ ...pub, alg: "ES256" }, "ES256") as CryptoKey;
    return new Keys(config, jwk.kid, privateKey, publicKey, publicJwk);
  }

  /** The JWKS document published at `/auth/v1/.well-known/jwks.json`. */
  jwks(): { keys: jose.JWK[] } {
    return { keys: [this.#publicJwk] };
  }

  /** Signs a user access token (ES256, `kid` of the signing key). */
  signAccessToken(claims: Record<string, unknown>): Promise<string> {
    return new jose.SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: this.#kid, typ: "JWT" })
      .sign(this.#privateKey);
  }

  /**
   * Verifies a token issued by this stack: ES256 user tokens (our kid) or HS256 tokens over the JWT
   * secret (API keys, legacy tokens). Rejects `alg: none`, unknown kids, bad signatures and expiry.
   */
  async verify(token: string): Promise<Claims> {
    const header = jose.decodeProtectedHeader(token);
    if (header.alg === "ES256") {
      if (header.kid !== this.#kid) throw new jose.errors.JWKSNoMatchingKey();
      const { payload } = await jose.jwtVerify(token, this.#publicKey, { algorithms: ["ES256"] });
      return payload as Claims;
    }
    if (header.alg === "HS256") {
      const { payload } = await jose.jwtVerify(token, this.#secret, { algorithms: ["HS256"] });
      return payload as Claims;
    }
    throw new jose.errors.JOSEAlgNotAllowed(`unsupported alg ${String(header.alg)}`);
  }

  /** Role of a valid API key (`anon` / `service_role`), or null when the key is not one of ours. */
  async apiKeyRole(key: string | null | undefined): Promise<string | null> {
    if (!key) return null;
    if (key === this.config.serviceRoleKey) return "service_role";
    if (key === this.config.anonKey) return "anon";
    try {
      const claims = await this.verify(key);
      return typeof claims.role === "string" ? claims.role : null;
    } catch {
      return null;
    }
  }

  /** Signs a Storage URL token (HS256 over the JWT secret), as Supabase Storage does. */
  signUrlToken(claims: Record<string, unknown>, expiresIn: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new jose.SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt(now)
      .setExpirationTime(now + Math.max(1, Math.floor(expiresIn)))
      .sign(this.#secret);
  }

  /** Verifies a Storage URL token; throws jose errors (expired, bad signature, malformed). */
  async verifyUrlToken(token: string): Promise<Record<string, unknown>> {
    const { payload } = await jose.jwtVerify(token, this.#secret, { algorithms: ["HS256"] });
    return payload as Record<string, unknown>;
  }
}

/** Maps a jose verification failure to the message jsonwebtoken (used by Supabase) gives. */
export function jwtErrorMessage(e: unknown): string {
  if (e instanceof jose.errors.JWTExpired) return "jwt expired";
  if (e instanceof jose.errors.JWSSignatureVerificationFailed) return "invalid signature";
  if (e instanceof jose.errors.JWTClaimValidationFailed) return `jwt ${e.claim} invalid`;
  if (e instanceof jose.errors.JOSEAlgNotAllowed) return "invalid algorithm";
  if (e instanceof jose.errors.JWKSNoMatchingKey) return "no matching key";
  return "jwt malformed";
}

function required(env: Record<string, string | undefined>, name: string): string {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}
