/**
 * Who is calling: Supabase access-token verification and the `requireUser` / `requireAdmin`
 * middleware.
 *
 * User tokens are ES256/RS256, checked against the project's JWKS
 * (`${SUPABASE_URL}/auth/v1/.well-known/jwks.json`), or legacy HS256 over `SUPABASE_JWT_SECRET`
 * when that is set. Every user token must carry `iss = ${SUPABASE_URL}/auth/v1`,
 * `aud = "authenticated"`, `role = "authenticated"`, a uuid `sub` and an unexpired `exp`; a
 * `session_id`, when present, must be a uuid. The anon and service-role API keys verify but are
 * not users.
 *
 * The JWKS is cached per process by jose's remote key set: kept for 10 minutes, refetched at
 * once when a token names a `kid` the cache does not hold (a rotation), and at most once per 30 s
 * for unknown kids, so forged kids cannot make every request fetch.
 *
 * After the signature, {@link requireUser} opens the request's one database transaction (db.ts
 * `RequestTx`), whose first statement also returns the caller's profile role and whether the
 * token's session still exists in `auth.sessions` (a signed-out session's token is refused at
 * once, not when it expires).
 */
import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyGetKey,
} from "jose";
import { AppError } from "./errors.ts";
import { getEnv } from "./env.ts";
import { RequestTx, type Timing } from "./db.ts";

/** The claims of a verified user access token (Supabase's shape; extra claims are kept). */
export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  exp: number;
  role: "authenticated";
  email?: string;
  session_id?: string;
  is_anonymous?: boolean;
}

export type ProfileRole = "user" | "admin";

/** The signed-in caller, set by {@link requireUser} as `c.var.user`. */
export interface AuthUser {
  id: string;
  email: string;
  /** From `public.profiles.role`, never from the token. */
  role: ProfileRole;
  claims: AccessTokenClaims;
  /** The raw bearer token, for calling Supabase APIs as this user. Never log it. */
  token: string;
}

/** Hono environment shared by every function. */
export type AppEnv = {
  Variables: {
    user: AuthUser;
    requestId: string;
    /** The error `onError` rendered, for the request log line. */
    error?: unknown;
    /** The request's transaction as the caller, opened by {@link requireUser} (db.ts). */
    requestTx?: RequestTx;
    /** Milliseconds per phase (verify, pool, ctx, tx, commit, …) for the `Server-Timing` header. */
    timing?: Timing;
  };
};

/** What a token is checked against. */
export interface VerifierConfig {
  /** Required `iss`: `${SUPABASE_URL}/auth/v1`. */
  issuer: string;
  /** Key source for ES256/RS256 tokens. */
  jwks: JWTVerifyGetKey;
  /** When set, HS256 tokens signed with it are accepted. */
  hs256Secret?: string;
}

const AUDIENCE = "authenticated";
const ASYMMETRIC_ALGS = ["ES256", "RS256"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const API_KEY_ROLES = new Set(["anon", "service_role"]);

const invalid = (message: string) => new AppError("invalid_token", message);

function fromJoseError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof joseErrors.JWTExpired) {
    return new AppError("token_expired", "The access token has expired.");
  }
  if (
    err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid || err instanceof TypeError
  ) {
    return new AppError("upstream_unavailable", "The signing keys could not be fetched.", undefined, {
      cause: err,
    });
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey) return invalid("The token was not signed by a known key.");
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return invalid("The token signature is invalid.");
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return invalid("The token algorithm is not accepted.");
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    return invalid(`The token claim "${err.claim}" is invalid.`);
  }
  if (err instanceof joseErrors.JOSEError && /JSON Web Key Set/.test(err.message)) {
    return new AppError("upstream_unavailable", "The signing keys could not be fetched.", undefined, {
      cause: err,
    });
  }
  return invalid("The token is malformed.");
}

/**
 * Verifies a user access token and returns its claims.
 * @throws AppError `invalid_token` (malformed, forged, unsigned, wrong iss/aud/role),
 *   `token_expired`, `unauthorized` (an API key instead of a user token), or
 *   `upstream_unavailable` (JWKS unreachable).
 */
export async function verifyAccessToken(token: string, config: VerifierConfig): Promise<AccessTokenClaims> {
  if (token.split(".").length !== 3) throw invalid("The token is malformed.");
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw invalid("The token is malformed.");
  }
  if (!alg || alg.toLowerCase() === "none") throw invalid("Unsigned tokens are not accepted.");

  let payload: JWTPayload;
  try {
    if (alg === "HS256") {
      if (!config.hs256Secret) throw invalid("HS256 tokens are not accepted here.");
      ({ payload } = await jwtVerify(token, new TextEncoder().encode(config.hs256Secret), {
        algorithms: ["HS256"],
        requiredClaims: ["exp"],
      }));
    } else if (ASYMMETRIC_ALGS.includes(alg)) {
      ({ payload } = await jwtVerify(token, config.jwks, {
        algorithms: ASYMMETRIC_ALGS,
        requiredClaims: ["exp"],
      }));
    } else {
      throw invalid(`Tokens signed with ${alg} are not accepted.`);
    }
  } catch (err) {
    throw fromJoseError(err);
  }

  if (typeof payload.role === "string" && API_KEY_ROLES.has(payload.role)) {
    throw new AppError(
      "unauthorized",
      "An API key is not a user session: send a signed-in user's access token.",
    );
  }
  if (payload.iss !== config.issuer) throw invalid('The token claim "iss" is invalid.');
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.includes(AUDIENCE)) throw invalid('The token claim "aud" is invalid.');
  if (payload.role !== "authenticated") throw invalid('The token claim "role" is invalid.');
  if (typeof payload.sub !== "string" || !UUID.test(payload.sub)) {
    throw invalid('The token claim "sub" is invalid.');
  }
  if (
    payload.session_id !== undefined &&
    (typeof payload.session_id !== "string" || !UUID.test(payload.session_id))
  ) {
    throw invalid('The token claim "session_id" is invalid.');
  }
  return payload as AccessTokenClaims;
}

const jwksByUrl = new Map<string, JWTVerifyGetKey>();

/** The verifier for this deployment: JWKS cached per URL, HS256 only when the secret is set. */
export function verifierFromEnv(): VerifierConfig {
  const env = getEnv();
  const url = `${env.SUPABASE_URL}/auth/v1/.well-known/jwks.json`;
  let jwks = jwksByUrl.get(url);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    jwksByUrl.set(url, jwks);
  }
  return { issuer: `${env.SUPABASE_URL}/auth/v1`, jwks, hs256Secret: env.SUPABASE_JWT_SECRET };
}

/**
 * Recently verified tokens → their claims, so a client's repeated requests skip the signature
 * check (the largest CPU cost of a request). Safe because verification is a pure function of the
 * token and the key set: an entry lives at most {@link VERIFIED_TTL_MS} (so a key removed from
 * the JWKS stops being honoured within a minute) and never past the token's `exp`. Nothing a
 * token's holder can change is cached: sessions and profiles are read in every request's
 * transaction.
 */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;
const verified = new Map<
  string,
  { claims: AccessTokenClaims; until: number; config: VerifierConfig["jwks"] }
>();

/** {@link verifyAccessToken} through the verified-token cache. */
export async function verifyAccessTokenCached(
  token: string,
  config: VerifierConfig,
): Promise<AccessTokenClaims> {
  const key = `${config.issuer} ${config.hs256Secret ?? ""} ${token}`;
  const now = Date.now();
  const hit = verified.get(key);
  if (hit && hit.config === config.jwks && now < hit.until) return hit.claims;
  if (hit) verified.delete(key);
  const claims = await verifyAccessToken(token, config);
  if (verified.size >= VERIFIED_MAX) {
    // Evict the oldest tenth (a Map iterates in insertion order).
    let n = Math.ceil(VERIFIED_MAX / 10);
    for (const k of verified.keys()) {
      if (n-- <= 0) break;
      verified.delete(k);
    }
  }
  verified.set(key, {
    claims,
    until: Math.min(now + VERIFIED_TTL_MS, claims.exp * 1000),
    config: config.jwks,
  });
  return claims;
}

/** The bearer token of a request. @throws AppError `unauthorized` when absent. */
export function bearerToken(c: Context): string {
  const header = c.req.header("authorization");
  if (!header) throw new AppError("unauthorized", "Sign in first: the Authorization header is missing.");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new AppError("unauthorized", 'The Authorization header must be "Bearer <access token>".');
  }
  return match[1];
}

async function authenticate(c: Context<AppEnv>, writes = false): Promise<AuthUser> {
  const existing = c.get("user") as AuthUser | undefined;
  if (existing) return existing;
  const token = bearerToken(c);
  const timing = c.get("timing");
  const started = performance.now();
  const claims = await verifyAccessTokenCached(token, verifierFromEnv());
  if (timing) timing.verify = performance.now() - started;
  const method = c.req.method;
  const { tx, context } = await RequestTx.open(
    claims,
    claims.session_id ?? null,
    timing,
    !writes && (method === "GET" || method === "HEAD"),
  );
  if (!context.role) {
    tx.close();
    throw new AppError(
      "account_missing",
      "No CareerPilot account exists for this token; it may have been deleted.",
    );
  }
  if (!context.session_alive) {
    tx.close();
    throw new AppError(
      "session_ended",
      "This session has ended (signed out, possibly on another device): sign in again.",
    );
  }
  c.set("requestTx", tx);
  const user: AuthUser = {
    id: claims.sub,
    email: claims.email ?? context.email ?? "",
    role: context.role,
    claims,
    token,
  };
  c.set("user", user);
  return user;
}

/** Runs the rest of the request, then ends its transaction if the handler left it unused. */
async function withRequestTx(c: Context<AppEnv>, next: () => Promise<void>): Promise<void> {
  try {
    await next();
  } finally {
    (c.get("requestTx") as RequestTx | undefined)?.close();
  }
}

/** Requires a signed-in user; sets `c.var.user`. Any `user_id` the caller sends is ignored. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  await authenticate(c);
  await withRequestTx(c, next);
});

/**
 * {@link requireUser} for a GET that must write: its transaction is read-write. Only for a GET
 * the spec fixes although it changes state (an OAuth callback consuming its state and storing the
 * token); every other GET runs READ ONLY.
 */
export const requireUserWriting = createMiddleware<AppEnv>(async (c, next) => {
  await authenticate(c, true);
  await withRequestTx(c, next);
});

/**
 * Requires a signed-in admin (`profiles.role = 'admin'`). SQL the admin route calls re-checks
 * with `private.is_admin()`.
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const user = await authenticate(c);
  if (user.role !== "admin") {
    (c.get("requestTx") as RequestTx | undefined)?.close();
    throw new AppError("forbidden", "This needs an admin account.");
  }
  await withRequestTx(c, next);
});

/** The signed-in caller; for handlers behind {@link requireUser}. */
export function currentUser(c: Context<AppEnv>): AuthUser {
  const user = c.get("user") as AuthUser | undefined;
  if (!user) throw new AppError("unauthorized", "Sign in first.");
  return user;
}
