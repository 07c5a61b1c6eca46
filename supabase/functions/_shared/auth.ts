/**
 * Who is calling: Supabase access-token verification and the `requireUser` / `requireAdmin`
 * middleware.
 *
 * User tokens are ES256/RS256, checked against the project's JWKS
 * (`${SUPABASE_URL}/auth/v1/.well-known/jwks.json`, fetched once and cached by jose), or legacy
 * HS256 over `SUPABASE_JWT_SECRET` when that is set. Every user token must carry
 * `iss = ${SUPABASE_URL}/auth/v1`, `aud = "authenticated"`, `role = "authenticated"`, a uuid
 * `sub` and an unexpired `exp`. The anon and service-role API keys verify but are not users.
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
import { db } from "./db.ts";

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

/**
 * The caller's profile role and email. Service path, scoped explicitly to the verified `sub`:
 * the role decides what the caller may do, so it is read before any user-context query runs.
 */
async function loadProfile(userId: string): Promise<{ role: ProfileRole; email: string } | undefined> {
  const rows = await db()<{ role: ProfileRole; email: string }[]>`
    select role, email from public.profiles where id = ${userId}`;
  return rows[0];
}

async function authenticate(c: Context<AppEnv>): Promise<AuthUser> {
  const existing = c.get("user") as AuthUser | undefined;
  if (existing) return existing;
  const token = bearerToken(c);
  const claims = await verifyAccessToken(token, verifierFromEnv());
  const profile = await loadProfile(claims.sub);
  if (!profile) {
    throw new AppError(
      "account_missing",
      "No CareerPilot account exists for this token; it may have been deleted.",
    );
  }
  const user: AuthUser = {
    id: claims.sub,
    email: claims.email ?? profile.email,
    role: profile.role,
    claims,
    token,
  };
  c.set("user", user);
  return user;
}

/** Requires a signed-in user; sets `c.var.user`. Any `user_id` the caller sends is ignored. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  await authenticate(c);
  await next();
});

/**
 * Requires a signed-in admin (`profiles.role = 'admin'`). SQL the admin route calls re-checks
 * with `private.is_admin()`.
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const user = await authenticate(c);
  if (user.role !== "admin") throw new AppError("forbidden", "This needs an admin account.");
  await next();
});

/** The signed-in caller; for handlers behind {@link requireUser}. */
export function currentUser(c: Context<AppEnv>): AuthUser {
  const user = c.get("user") as AuthUser | undefined;
  if (!user) throw new AppError("unauthorized", "Sign in first.");
  return user;
}

/** Constant-time string comparison (lengths leak, contents do not). */
function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * Requires the project's service-role key as the bearer: internal routes that other parts of
 * the platform (the runner, pg_cron) call on a user's behalf, with the user id in the body.
 * User tokens, even admins', get 403 `forbidden`; no key configured → 503.
 * Compared with the configured key itself, so it works for legacy JWT keys and `sb_secret_…` keys.
 */
export const requireService = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c);
  const key = getEnv().SUPABASE_SERVICE_ROLE_KEY;
  if (!key) throw new AppError("service_unavailable", "Internal routes are not configured on this server.");
  if (!sameSecret(token, key)) {
    throw new AppError(
      "forbidden",
      "This is an internal route: only the platform's service key may call it.",
    );
  }
  await next();
});
