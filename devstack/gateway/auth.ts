/**
 * `/auth/v1`: a GoTrue-compatible subset over GoTrue's own tables (`auth.users`, `auth.identities`,
 * `auth.sessions`, `auth.refresh_tokens`), as `@supabase/auth-js` calls it.
 *
 * - `POST /signup` (email + password; auto-confirmed locally, returns a session)
 * - `POST /token?grant_type=password|refresh_token|pkce` (refresh tokens rotate and are single-use;
 *   a PKCE auth code from `auth.flow_state` is redeemed once with its code verifier)
 * - `GET|PUT /user`, `POST /logout?scope=global|local|others`
 * - `POST /recover`, `GET|POST /verify` (password recovery by mail: recovery.ts)
 * - `GET /.well-known/jwks.json`, `GET /settings`, `GET /health`, `GET /authorize` (no providers)
 * - admin (service_role): `GET|POST /admin/users`, `GET|PUT|DELETE /admin/users/:id`
 *
 * Errors are GoTrue's: with `X-Supabase-Api-Version: 2024-01-01` (auth-js always sends it) the
 * body is `{code: "<error_code>", msg}` and the header is echoed; without it the legacy
 * `{code: <status>, error_code, msg}`.
 */
import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";
import { type Context, Hono } from "hono";
import { isUnstorableText, type Sql, type Tx, UNSTORABLE_TEXT_MESSAGE } from "./db.ts";
import { type Claims, type Keys } from "./keys.ts";
import { type MailConfig, mailConfigFromEnv } from "./mailer.ts";
import { mountRecovery } from "./recovery.ts";

const API_VERSION = "2024-01-01";
const INSTANCE_ID = "00000000-0000-0000-0000-000000000000";
const MIN_PASSWORD_LENGTH = 6;
const BCRYPT_COST = 10;
const EMAIL_RE =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Compared against when the email is unknown, so both paths cost one bcrypt round (password unknown). */
const DUMMY_HASH = "$2b$10$54FSPYGiB50XZPNe3PaUz.fR3zdpVGZRCmS/foNtZQVYTIwOQyyqu";

/** An error rendered the way GoTrue renders it. */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  confirmation_sent_at: Date | null;
  confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  banned_until: Date | null;
  is_anonymous: boolean;
  deleted_at: Date | null;
  identities: IdentityRow[];
}

interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: string | null;
  created_at: string | null;
  updated_at: string | null;
  email: string | null;
}

type Body = Record<string, unknown>;

export interface AuthDeps {
  keys: Keys;
  sql: Sql;
  /** Outgoing mail (recovery links); default: from the environment (GoTrue's variables). */
  mail?: MailConfig;
}

/** The `/auth/v1` app (mount under `/auth/v1`). */
export function authApp({ keys, sql, mail }: AuthDeps): Hono {
  const app = new Hono();
  const { config } = keys;
  const issuer = `${config.apiUrl}/auth/v1`;

  app.onError((err, c) => renderError(c, err));

  // Kong's key-auth: everything but the open routes needs a valid apikey (header or query).
  app.use("*", async (c, next) => {
    const path = c.req.path.replace(/^\/auth\/v1/, "");
    const open = ["/.well-known/jwks.json", "/authorize", "/callback", "/verify"];
    if (!open.includes(path)) {
      const key = c.req.header("apikey") ?? c.req.query("apikey");
      if (!key) {
        return c.json({
          message: "No API key found in request",
          hint: "No `apikey` request header or url param was found.",
        }, 401);
      }
      const role = await keys.apiKeyRole(key);
      if (role !== "anon" && role !== "service_role") {
        return c.json({ message: "Invalid authentication credentials" }, 401);
      }
    }
    await next();
    if (wantsVersion(c)) c.header("X-Supabase-Api-Version", API_VERSION);
  });

  app.get("/health", (c) =>
    c.json({
      version: "devstack",
      name: "GoTrue",
      description: "GoTrue-compatible subset served by the CareerPilot devstack gateway",
    }));

  app.get("/.well-known/jwks.json", (c) => {
    c.header("Cache-Control", "public, max-age=600");
    return c.json(keys.jwks());
  });

  app.get("/settings", (c) =>
    c.json({
      external: Object.fromEntries(
        [
          "anonymous_users",
          "apple",
          "azure",
          "bitbucket",
          "discord",
          "facebook",
          "figma",
          "fly",
          "github",
          "gitlab",
          "google",
          "keycloak",
          "kakao",
          "linkedin_oidc",
          "notion",
          "phone",
          "slack",
          "slack_oidc",
          "spotify",
          "twitch",
          "twitter",
          "workos",
          "zoom",
        ].map((p) => [p, false]).concat([["email", true]]),
      ),
      disable_signup: false,
      mailer_autoconfirm: true,
      phone_autoconfirm: false,
      sms_provider: "",
      saml_enabled: false,
    }));

  app.get("/authorize", (c) => {
    // No OAuth provider is configured locally; GoTrue answers in its legacy error shape here.
    const provider = c.req.query("provider");
    const msg = provider
      ? "Unsupported provider: provider is not enabled"
      : "Unsupported provider: missing provider";
    return c.json({ code: 400, error_code: "validation_failed", msg }, 400);
  });

  // ---------------------------------------------------------------------------------------------
  // sign-up and tokens
  // ---------------------------------------------------------------------------------------------
  app.post("/signup", async (c) => {
    const body = await jsonBody(c);
    if (typeof body.phone === "string" && body.phone && !body.email) {
      throw new AuthError(400, "phone_provider_disabled", "Phone signups are disabled");
    }
    const email = requireEmail(body.email, "To signup, please provide your email");
    const password = typeof body.password === "string" ? body.password : "";
    if (!password) throw new AuthError(400, "validation_failed", "Signup requires a valid password");
    checkPassword(password);
    const data = isObject(body.data) ? body.data : {};
    const hash = await bcrypt.hash(password, BCRYPT_COST);
    const session = await sql.begin(async (tx) => {
      if (await emailTaken(tx, email)) {
        throw new AuthError(422, "user_already_exists", "User already registered");
      }
      const userId = await insertUser(tx, {
        email,
        hash,
        confirmed: true,
        userMetadata: data,
        appMetadata: {},
      });
      await tx`update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${userId}`;
      await tx`update auth.identities set last_sign_in_at = now() where user_id = ${userId}`;
      return issueSession(tx, userId, c);
    });
    return c.json(session);
  });

  app.post("/token", async (c) => {
    const grant = c.req.query("grant_type");
    const body = await jsonBody(c);
    if (grant === "password") return c.json(await passwordGrant(body, c));
    if (grant === "refresh_token") return c.json(await refreshGrant(body));
    if (grant === "pkce") return c.json(await pkceGrant(body, c));
    throw new AuthError(400, "validation_failed", "unsupported_grant_type");
  });

  async function passwordGrant(body: Body, c: Context) {
    const email = typeof body.email === "string" ? body.email.trim().toLowerCase() : "";
    const password = typeof body.password === "string" ? body.password : "";
    if (!email || !password) {
      if (typeof body.phone === "string") {
        throw new AuthError(400, "phone_provider_disabled", "Phone logins are disabled");
      }
      throw new AuthError(400, "validation_failed", "missing email or phone");
    }
    const [row] = await sql<
      {
        id: string;
        encrypted_password: string | null;
        email_confirmed_at: Date | null;
        banned_until: Date | null;
      }[]
    >`
      select id, encrypted_password, email_confirmed_at, banned_until
        from auth.users
       where lower(email) = ${email} and is_sso_user = false and deleted_at is null
       limit 1`;
    const ok = await comparePassword(password, row?.encrypted_password ?? null);
    if (!row || !ok) throw new AuthError(400, "invalid_credentials", "Invalid login credentials");
    if (!row.email_confirmed_at) throw new AuthError(400, "email_not_confirmed", "Email not confirmed");
    if (row.banned_until && row.banned_until.getTime() > Date.now()) {
      throw new AuthError(400, "user_banned", "User is banned");
    }
    return await sql.begin(async (tx) => {
      await tx`update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${row.id}`;
      await tx`update auth.identities set last_sign_in_at = now() where user_id = ${row.id} and provider = 'email'`;
      return issueSession(tx, row.id, c);
    });
  }

  /** GoTrue's PKCE exchange: `{auth_code, code_verifier}` → a session, once, within 5 minutes. */
  async function pkceGrant(body: Body, c: Context) {
    const authCode = typeof body.auth_code === "string" ? body.auth_code : "";
    const verifier = typeof body.code_verifier === "string" ? body.code_verifier : "";
    if (!authCode || !verifier) {
      throw new AuthError(
        400,
        "validation_failed",
        "invalid request: both auth code and code verifier should be non-empty",
      );
    }
    const outcome = await sql.begin(async (tx) => {
      const [flow] = await tx<
        {
          user_id: string | null;
          code_challenge_method: string;
          code_challenge: string;
          authentication_method: string;
          issued_at: Date | null;
          auth_code_issued_at: Date | null;
        }[]
      >`delete from auth.flow_state where auth_code = ${authCode}
        returning user_id, code_challenge_method::text, code_challenge, authentication_method,
                  coalesce(auth_code_issued_at, created_at) as issued_at, auth_code_issued_at`;
      // A recovery flow's code exists only once its emailed link was opened (auth_code_issued_at).
      const notIssued = flow?.authentication_method === "recovery" && !flow.auth_code_issued_at;
      if (!flow || !flow.user_id || notIssued) {
        return new AuthError(404, "flow_state_not_found", "invalid flow state, no valid flow state found");
      }
      if (!flow.issued_at || Date.now() - flow.issued_at.getTime() > 5 * 60 * 1000) {
        return new AuthError(400, "flow_state_expired", "invalid flow state, flow state has expired");
      }
      const computed = flow.code_challenge_method === "s256"
        ? createHash("sha256").update(verifier).digest("base64url")
        : verifier;
      if (computed !== flow.code_challenge) {
        return new AuthError(
          400,
          "bad_code_verifier",
          "code challenge does not match previously saved code verifier",
        );
      }
      const user = await loadUser(tx, flow.user_id);
      if (!user) return new AuthError(404, "user_not_found", "User not found");
      if (user.banned_until && user.banned_until.getTime() > Date.now()) {
        return new AuthError(400, "user_banned", "User is banned");
      }
      await tx`update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${flow.user_id}`;
      return issueSession(tx, flow.user_id, c, flow.authentication_method);
    });
    if (outcome instanceof AuthError) throw outcome;
    return outcome;
  }

  async function refreshGrant(body: Body) {
    const token = typeof body.refresh_token === "string" ? body.refresh_token : "";
    if (!token) throw new AuthError(400, "validation_failed", "refresh_token required");
    const outcome = await sql.begin(async (tx) => {
      const [rt] = await tx<
        { id: string; user_id: string; revoked: boolean; session_id: string | null; updated_at: Date }[]
      >`select id, user_id, revoked, session_id, updated_at from auth.refresh_tokens where token = ${token} for update`;
      if (!rt || !rt.session_id) {
        return new AuthError(
          400,
          "refresh_token_not_found",
          "Invalid Refresh Token: Refresh Token Not Found",
        );
      }
      const [session] = await tx<{ id: string; not_after: Date | null; created_at: Date }[]>`
        select id, not_after, created_at from auth.sessions where id = ${rt.session_id} for update`;
      if (!session) {
        return new AuthError(
          400,
          "refresh_token_not_found",
          "Invalid Refresh Token: Refresh Token Not Found",
        );
      }
      if (session.not_after && session.not_after.getTime() < Date.now()) {
        return new AuthError(400, "session_expired", "Invalid Refresh Token: Session Expired");
      }
      const user = await loadUser(tx, rt.user_id);
      if (!user) {
        return new AuthError(
          400,
          "refresh_token_not_found",
          "Invalid Refresh Token: Refresh Token Not Found",
        );
      }
      if (user.banned_until && user.banned_until.getTime() > Date.now()) {
        return new AuthError(400, "user_banned", "User is banned");
      }
      let next: string;
      if (rt.revoked) {
        const withinReuse = config.refreshReuseInterval > 0 &&
          Date.now() - rt.updated_at.getTime() < config.refreshReuseInterval * 1000;
        const [active] = withinReuse
          ? await tx<{ token: string }[]>`
              select token from auth.refresh_tokens
               where session_id = ${session.id} and revoked = false order by id desc limit 1`
          : [];
        if (!active) {
          // Reuse of a rotated token: treat the session as stolen and end it (tokens cascade).
          await tx`delete from auth.sessions where id = ${session.id}`;
          return new AuthError(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used");
        }
        next = active.token;
      } else {
        await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${rt.id}`;
        next = await insertRefreshToken(tx, rt.user_id, session.id, token);
      }
      await tx`update auth.sessions set refreshed_at = now(), updated_at = now() where id = ${session.id}`;
      return sessionResponse(user, session.id, session.created_at, next);
    });
    if (outcome instanceof AuthError) throw outcome;
    return outcome;
  }

  /** A new session; `method` is the sign-in method the access token's `amr` claim names. */
  async function issueSession(tx: Tx, userId: string, c: Context, method = "password") {
    const sessionId = crypto.randomUUID();
    const ip = forwardedIp(c);
    const [s] = await tx<{ created_at: Date }[]>`
      insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
      values (${sessionId}, ${userId}, now(), now(), 'aal1', ${c.req.header("user-agent") ?? null}, ${ip})
      returning created_at`;
    const refresh = await insertRefreshToken(tx, userId, sessionId, null);
    const user = await loadUser(tx, userId);
    if (!user) throw new AuthError(500, "unexpected_failure", "user vanished");
    return sessionResponse(user, sessionId, s!.created_at, refresh, method);
  }

  async function sessionResponse(
    user: UserRow,
    sessionId: string,
    signedInAt: Date,
    refreshToken: string,
    method = "password",
  ) {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + keys.accessTokenTtl;
    const accessToken = await keys.signAccessToken({
      aud: user.aud || "authenticated",
      exp,
      iat: now,
      iss: issuer,
      sub: user.id,
      email: user.email ?? "",
      phone: user.phone ?? "",
      app_metadata: user.raw_app_meta_data ?? {},
      user_metadata: user.raw_user_meta_data ?? {},
      role: user.role || "authenticated",
      aal: "aal1",
      amr: [{ method, timestamp: Math.floor(signedInAt.getTime() / 1000) }],
      session_id: sessionId,
      is_anonymous: user.is_anonymous,
    });
    return {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: keys.accessTokenTtl,
      expires_at: exp,
      refresh_token: refreshToken,
      user: userJson(user),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // the signed-in user
  // ---------------------------------------------------------------------------------------------
  /** GoTrue's requireAuthentication: a valid user JWT whose session still exists. */
  async function requireUser(c: Context): Promise<{ claims: Claims; user: UserRow }> {
    const claims = await bearerClaims(c);
    if (typeof claims.sub !== "string" || !UUID_RE.test(claims.sub)) {
      throw new AuthError(403, "bad_jwt", "invalid claim: missing sub claim");
    }
    if (claims.session_id) {
      const [s] = await sql`select 1 from auth.sessions where id = ${claims.session_id}`;
      if (!s) {
        throw new AuthError(403, "session_not_found", "Session from session_id claim in JWT does not exist");
      }
    }
    const user = await loadUser(sql, claims.sub);
    if (!user) throw new AuthError(403, "user_not_found", "User from sub claim in JWT does not exist");
    return { claims, user };
  }

  async function bearerClaims(c: Context, apiKeyFallback = false): Promise<Claims> {
    const apikey = c.req.header("apikey");
    const header = c.req.header("authorization") ?? (apiKeyFallback && apikey ? `Bearer ${apikey}` : "");
    const m = /^bearer\s+(\S+)$/i.exec(header.trim());
    if (!m) throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");
    try {
      return await keys.verify(m[1]!);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw new AuthError(403, "bad_jwt", `invalid JWT: unable to parse or verify signature, ${detail}`);
    }
  }

  app.get("/user", async (c) => {
    const { user } = await requireUser(c);
    return c.json(userJson(user));
  });

  app.put("/user", async (c) => {
    const { claims, user } = await requireUser(c);
    const body = await jsonBody(c);
    const updated = await sql.begin(async (tx) => {
      await applyUserUpdate(tx, user, {
        email: body.email,
        password: body.password,
        userMetadata: body.data,
        checkSamePassword: true,
        keepSession: typeof claims.session_id === "string" ? claims.session_id : null,
      });
      return (await loadUser(tx, user.id))!;
    });
    return c.json(userJson(updated));
  });

  app.post("/logout", async (c) => {
    const { claims, user } = await requireUser(c);
    const scope = c.req.query("scope") ?? "global";
    if (!["global", "local", "others"].includes(scope)) {
      throw new AuthError(400, "validation_failed", "Unsupported logout scope");
    }
    const sid = typeof claims.session_id === "string" ? claims.session_id : null;
    if (scope === "global" || !sid) {
      await sql`delete from auth.sessions where user_id = ${user.id}`;
    } else if (scope === "local") {
      await sql`delete from auth.sessions where id = ${sid}`;
    } else {
      await sql`delete from auth.sessions where user_id = ${user.id} and id <> ${sid}`;
    }
    return c.body(null, 204);
  });

  // ---------------------------------------------------------------------------------------------
  // admin (service role)
  // ---------------------------------------------------------------------------------------------
  const admin = new Hono();
  admin.use("*", async (c, next) => {
    // Like the platform gateway: with no Authorization header, the apikey stands in for it.
    const claims = await bearerClaims(c, true);
    if (!["service_role", "supabase_admin"].includes(String(claims.role))) {
      throw new AuthError(403, "not_admin", "User not allowed");
    }
    await next();
  });

  admin.get("/users", async (c) => {
    const page = Math.max(1, Number(c.req.query("page") || "1") || 1);
    const perPage = Math.min(1000, Math.max(1, Number(c.req.query("per_page") || "50") || 50));
    if (!Number.isSafeInteger(page * perPage)) {
      throw new AuthError(400, "validation_failed", "Bad Pagination Parameters");
    }
    const [total] = await sql<{ count: number }[]>`
      select count(*)::int as count from auth.users where deleted_at is null`;
    const count = total?.count ?? 0;
    const rows = await sql<{ id: string }[]>`
      select id from auth.users where deleted_at is null
       order by created_at desc, id limit ${perPage} offset ${(page - 1) * perPage}`;
    const users = [];
    for (const r of rows) {
      const u = await loadUser(sql, r.id);
      if (u) users.push(userJson(u));
    }
    const lastPage = Math.max(1, Math.ceil(count / perPage));
    const links: string[] = [];
    if (page < lastPage) links.push(`</admin/users?page=${page + 1}&per_page=${perPage}>; rel="next"`);
    links.push(`</admin/users?page=${lastPage}&per_page=${perPage}>; rel="last"`);
    c.header("X-Total-Count", String(count));
    c.header("Link", links.join(", "));
    return c.json({ aud: "authenticated", users });
  });

  admin.post("/users", async (c) => {
    const body = await jsonBody(c);
    const email = requireEmail(body.email, "Unable to validate email address: invalid format");
    const password = typeof body.password === "string" ? body.password : "";
    if (password) checkPassword(password);
    const hash = password ? await bcrypt.hash(password, BCRYPT_COST) : "";
    const user = await sql.begin(async (tx) => {
      if (await emailTaken(tx, email)) {
        throw new AuthError(
          422,
          "email_exists",
          "A user with this email address has already been registered",
        );
      }
      const id = await insertUser(tx, {
        id: typeof body.id === "string" && UUID_RE.test(body.id) ? body.id : undefined,
        email,
        hash,
        confirmed: body.email_confirm === true,
        userMetadata: isObject(body.user_metadata) ? body.user_metadata : {},
        appMetadata: isObject(body.app_metadata) ? body.app_metadata : {},
        role: typeof body.role === "string" ? body.role : undefined,
      });
      if (typeof body.ban_duration === "string") await applyBan(tx, id, body.ban_duration);
      return (await loadUser(tx, id))!;
    });
    return c.json(userJson(user));
  });

  admin.get("/users/:id", async (c) => {
    const id = userIdParam(c.req.param("id"));
    const user = await loadUser(sql, id);
    if (!user) throw new AuthError(404, "user_not_found", "User not found");
    return c.json(userJson(user));
  });

  admin.put("/users/:id", async (c) => {
    const id = userIdParam(c.req.param("id"));
    const body = await jsonBody(c);
    const updated = await sql.begin(async (tx) => {
      const user = await loadUser(tx, id);
      if (!user) throw new AuthError(404, "user_not_found", "User not found");
      await applyUserUpdate(tx, user, {
        email: body.email,
        password: body.password,
        userMetadata: body.user_metadata,
        appMetadata: body.app_metadata,
        role: body.role,
        emailConfirm: body.email_confirm,
        checkSamePassword: false,
        keepSession: null,
      });
      if (typeof body.ban_duration === "string") await applyBan(tx, id, body.ban_duration);
      return (await loadUser(tx, id))!;
    });
    return c.json(userJson(updated));
  });

  admin.delete("/users/:id", async (c) => {
    const id = userIdParam(c.req.param("id"));
    const body = await jsonBody(c);
    const rows = body.should_soft_delete === true
      ? await sql`update auth.users set deleted_at = now(), email = null, phone = null,
                    encrypted_password = '', raw_user_meta_data = '{}'::jsonb
                  where id = ${id} and deleted_at is null returning id`
      : await sql`delete from auth.users where id = ${id} returning id`;
    if (rows.length === 0) throw new AuthError(404, "user_not_found", "User not found");
    if (body.should_soft_delete === true) {
      await sql`delete from auth.sessions where user_id = ${id}`;
      await sql`delete from auth.identities where user_id = ${id}`;
    }
    return c.json({});
  });

  mountRecovery(app, {
    sql,
    mail: mail ?? mailConfigFromEnv(Deno.env.toObject()),
    authUrl: issuer,
    issueSession,
  });

  app.route("/admin", admin);
  app.all("*", () => {
    throw new AuthError(404, "not_found", "Not Found");
  });
  return app;
}

// -----------------------------------------------------------------------------------------------
// helpers
// -----------------------------------------------------------------------------------------------
function wantsVersion(c: Context): boolean {
  const v = c.req.header("x-supabase-api-version");
  return !!v && v >= API_VERSION;
}

function renderError(c: Context, err: unknown): Response {
  if (isUnstorableText(err)) err = new AuthError(422, "validation_failed", UNSTORABLE_TEXT_MESSAGE);
  if (!(err instanceof AuthError)) {
    console.error(
      JSON.stringify({ level: "error", msg: "auth error", error: String(err), stack: (err as Error)?.stack }),
    );
    err = new AuthError(
      500,
      "unexpected_failure",
      "Unexpected failure, please check server logs for more information",
    );
  }
  const e = err as AuthError;
  const headers: Record<string, string> = {};
  if (wantsVersion(c)) {
    headers["X-Supabase-Api-Version"] = API_VERSION;
    return c.json({ code: e.errorCode, msg: e.message, ...e.extra }, e.status as 400, headers);
  }
  return c.json({ code: e.status, error_code: e.errorCode, msg: e.message, ...e.extra }, e.status as 400);
}

export async function jsonBody(c: Context): Promise<Body> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text);
    return isObject(v) ? v : {};
  } catch {
    throw new AuthError(400, "bad_json", "Could not parse request body as JSON");
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function requireEmail(value: unknown, missing: string): string {
  const email = typeof value === "string" ? value.trim().toLowerCase() : "";
  if (!email) throw new AuthError(400, "validation_failed", missing);
  if (email.length > 255 || !EMAIL_RE.test(email)) {
    throw new AuthError(400, "validation_failed", "Unable to validate email address: invalid format");
  }
  return email;
}

function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new AuthError(
      422,
      "weak_password",
      `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`,
      {
        weak_password: { reasons: ["length"] },
      },
    );
  }
  if (new TextEncoder().encode(password).length > 72) {
    throw new AuthError(422, "validation_failed", "Password cannot be longer than 72 characters");
  }
}

async function comparePassword(password: string, hash: string | null): Promise<boolean> {
  if (!hash || !hash.startsWith("$2")) {
    await bcrypt.compare(password, DUMMY_HASH);
    return false;
  }
  try {
    return await bcrypt.compare(password, hash.replace(/^\$2y\$/, "$2b$"));
  } catch {
    return false;
  }
}

function userIdParam(id: string): string {
  if (!UUID_RE.test(id)) throw new AuthError(404, "user_not_found", "User not found");
  return id.toLowerCase();
}

function forwardedIp(c: Context): string | null {
  const xff = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  return xff && /^[0-9a-f.:]+$/i.test(xff) ? xff : null;
}

async function emailTaken(tx: Tx | Sql, email: string): Promise<boolean> {
  const rows =
    await tx`select 1 from auth.users where lower(email) = ${email} and is_sso_user = false limit 1`;
  return rows.length > 0;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function insertRefreshToken(tx: Tx, userId: string, sessionId: string, parent: string | null) {
  const token = randomToken();
  await tx`
    insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
    values (${INSTANCE_ID}, ${token}, ${userId}, false, now(), now(), ${parent}, ${sessionId})`;
  return token;
}

async function insertUser(tx: Tx, u: {
  id?: string;
  email: string;
  hash: string;
  confirmed: boolean;
  userMetadata: Record<string, unknown>;
  appMetadata: Record<string, unknown>;
  role?: string;
}): Promise<string> {
  const id = u.id ?? crypto.randomUUID();
  const identityData = { sub: id, email: u.email, email_verified: u.confirmed, phone_verified: false };
  const appMeta = { ...u.appMetadata, provider: "email", providers: ["email"] };
  const userMeta = { ...u.userMetadata, ...identityData };
  await tx`
    insert into auth.users (
      instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, confirmation_token,
      recovery_token, email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data,
      is_super_admin, created_at, updated_at, is_anonymous)
    values (
      ${INSTANCE_ID}, ${id}, 'authenticated', ${u.role ?? "authenticated"}, ${u.email}, ${u.hash},
      case when ${u.confirmed} then now() end, '', '', '', '', ${tx.json(appMeta as never)},
      ${tx.json(userMeta as never)}, false, now(), now(), false)`;
  await tx`
    insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
    values (${id}, ${id}, ${tx.json(identityData as never)}, 'email', now(), now())`;
  return id;
}

async function applyUserUpdate(tx: Tx, user: UserRow, p: {
  email?: unknown;
  password?: unknown;
  userMetadata?: unknown;
  appMetadata?: unknown;
  role?: unknown;
  emailConfirm?: unknown;
  checkSamePassword: boolean;
  /** A password change ends every session of the user but this one (GoTrue's UpdatePassword). */
  keepSession: string | null;
}): Promise<void> {
  if (typeof p.password === "string" && p.password !== "") {
    checkPassword(p.password);
    if (p.checkSamePassword && await comparePassword(p.password, user.encrypted_password)) {
      throw new AuthError(422, "same_password", "New password should be different from the old password.");
    }
    const hash = await bcrypt.hash(p.password, BCRYPT_COST);
    await tx`update auth.users set encrypted_password = ${hash}, updated_at = now() where id = ${user.id}`;
    await tx`delete from auth.sessions where user_id = ${user.id} and id is distinct from ${p.keepSession}::uuid`;
  }
  if (typeof p.email === "string" && p.email.trim().toLowerCase() !== (user.email ?? "")) {
    const email = requireEmail(p.email, "Unable to validate email address: invalid format");
    const [other] =
      await tx`select 1 from auth.users where lower(email) = ${email} and id <> ${user.id} limit 1`;
    if (other) {
      throw new AuthError(422, "email_exists", "A user with this email address has already been registered");
    }
    // Mailer auto-confirm is on locally, so the change applies at once (as GoTrue does then).
    await tx`update auth.users set email = ${email}, email_confirmed_at = coalesce(email_confirmed_at, now()),
               raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || jsonb_build_object('email', ${email}::text),
               updated_at = now() where id = ${user.id}`;
    await tx`update auth.identities set identity_data = identity_data || jsonb_build_object('email', ${email}::text),
               updated_at = now() where user_id = ${user.id} and provider = 'email'`;
  }
  if (isObject(p.userMetadata)) {
    // GoTrue merges the given keys; a null value removes the key.
    const set: Record<string, unknown> = {};
    const drop: string[] = [];
    for (const [k, v] of Object.entries(p.userMetadata)) v === null ? drop.push(k) : (set[k] = v);
    await tx`update auth.users set raw_user_meta_data = (coalesce(raw_user_meta_data, '{}'::jsonb) || ${
      tx.json(set as never)
    }) - ${drop}::text[], updated_at = now() where id = ${user.id}`;
  }
  if (isObject(p.appMetadata)) {
    const set: Record<string, unknown> = {};
    const drop: string[] = [];
    for (const [k, v] of Object.entries(p.appMetadata)) v === null ? drop.push(k) : (set[k] = v);
    await tx`update auth.users set raw_app_meta_data = (coalesce(raw_app_meta_data, '{}'::jsonb) || ${
      tx.json(set as never)
    }) - ${drop}::text[], updated_at = now() where id = ${user.id}`;
  }
  if (typeof p.role === "string" && p.role) {
    await tx`update auth.users set role = ${p.role}, updated_at = now() where id = ${user.id}`;
  }
  if (p.emailConfirm === true) {
    await tx`update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()), updated_at = now()
              where id = ${user.id}`;
  }
}

/** `ban_duration`: "none" lifts a ban; otherwise a Go duration such as "24h", "90m", "876000h". */
async function applyBan(tx: Tx, id: string, duration: string): Promise<void> {
  if (duration === "none") {
    await tx`update auth.users set banned_until = null, updated_at = now() where id = ${id}`;
    return;
  }
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(duration.trim());
  if (!m) throw new AuthError(400, "validation_failed", "invalid format for ban duration");
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
  const until = new Date(Date.now() + Number(m[1]) * unit);
  await tx`update auth.users set banned_until = ${until}, updated_at = now() where id = ${id}`;
  await tx`delete from auth.sessions where user_id = ${id}`;
}

async function loadUser(tx: Tx | Sql, id: string): Promise<UserRow | null> {
  const [row] = await tx<UserRow[]>`
    select u.id, u.aud, u.role, u.email, u.encrypted_password, u.email_confirmed_at, u.confirmation_sent_at,
           u.confirmed_at, u.last_sign_in_at, u.raw_app_meta_data, u.raw_user_meta_data, u.created_at,
           u.updated_at, u.phone, u.phone_confirmed_at, u.banned_until, u.is_anonymous, u.deleted_at,
           coalesce((select json_agg(json_build_object(
                      'id', i.id, 'provider_id', i.provider_id, 'user_id', i.user_id,
                      'identity_data', i.identity_data, 'provider', i.provider,
                      'last_sign_in_at', i.last_sign_in_at, 'created_at', i.created_at,
                      'updated_at', i.updated_at, 'email', i.email) order by i.created_at)
                       from auth.identities i where i.user_id = u.id), '[]'::json) as identities
      from auth.users u
     where u.id = ${id} and u.deleted_at is null`;
  return row ?? null;
}

function iso(d: Date | string | null | undefined): string | undefined {
  if (!d) return undefined;
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

/** The user object exactly as GoTrue serialises it (null timestamps omitted). */
function userJson(u: UserRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: u.id,
    aud: u.aud ?? "authenticated",
    role: u.role ?? "authenticated",
    email: u.email ?? "",
    email_confirmed_at: iso(u.email_confirmed_at),
    phone: u.phone ?? "",
    phone_confirmed_at: iso(u.phone_confirmed_at),
    confirmation_sent_at: iso(u.confirmation_sent_at),
    confirmed_at: iso(u.confirmed_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: (u.identities ?? []).map((i) => ({
      identity_id: i.id,
      id: i.provider_id,
      user_id: i.user_id,
      identity_data: i.identity_data,
      provider: i.provider,
      last_sign_in_at: iso(i.last_sign_in_at),
      created_at: iso(i.created_at),
      updated_at: iso(i.updated_at),
      email: i.email ?? undefined,
    })),
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    banned_until: iso(u.banned_until),
    is_anonymous: u.is_anonymous,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
