/**
 * Password recovery, as GoTrue serves it (`POST /recover`, `GET|POST /verify` with
 * `type=recovery`), over GoTrue's own columns (`auth.users.recovery_token`, `recovery_sent_at`) and
 * `auth.flow_state` for PKCE.
 *
 * - `POST /recover?redirect_to=…` `{email, code_challenge?, code_challenge_method?}` → always
 *   `200 {}` for a well-formed address, whether or not an account has it (no enumeration). For an
 *   account: a PKCE flow state (when a challenge is given), a new recovery token (replacing any
 *   earlier one) and a mail with the link `…/auth/v1/verify?token=…&type=recovery&redirect_to=…`,
 *   sent over SMTP inside the request (a failed send rolls everything back: 500). A second request
 *   for the same address within `GOTRUE_SMTP_MAX_FREQUENCY` (60 s) is `429
 *   over_email_send_rate_limit`, for unknown addresses too, so the limit reveals nothing either.
 * - `GET /verify?token&type=recovery&redirect_to` → 303 to `redirect_to?code=<auth code>` (PKCE:
 *   the code is redeemed once, with the verifier of the browser that asked, at
 *   `/token?grant_type=pkce`), or `redirect_to#access_token=…&type=recovery` (implicit flow). An
 *   unknown, used or expired (`GOTRUE_MAILER_OTP_EXP`, 1 h) token → 303 to
 *   `redirect_to?error=access_denied&error_code=otp_expired&error_description=…` (and the same in
 *   the fragment). The token is single-use: verifying clears it.
 * - `POST /verify {type: "recovery", token_hash}` → a session (supabase-js `verifyOtp`).
 *
 * One deliberate difference: GoTrue keeps in `recovery_token` the very value the link carries
 * (a SHA-224 of email + 6-digit OTP); here the link carries 224 random bits and the column keeps
 * only their SHA-256, so neither a database read nor knowing the address yields a working link.
 * No 6-digit OTP is mailed, so `verifyOtp({email, token})` is not offered.
 */
import { createHash } from "node:crypto";
import type { Context, Hono } from "hono";
import { AuthError, jsonBody, requireEmail } from "./auth.ts";
import type { Sql, Tx } from "./db.ts";
import { type MailConfig, sendMail } from "./mailer.ts";

const PKCE_PREFIX = "pkce_";
const TEMPLATE_URL = new URL("../../supabase/templates/recovery.html", import.meta.url);
const SUBJECT = "Reset Your Password";

export interface RecoveryDeps {
  sql: Sql;
  mail: MailConfig;
  /** `<api url>/auth/v1`: where the emailed link points. */
  authUrl: string;
  issueSession(tx: Tx, userId: string, c: Context, method: string): Promise<Record<string, unknown>>;
}

function sha256Hex(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** What `recovery_token` holds for a link token (`pkce_<hex>` or `<hex>`). */
export function storedRecoveryToken(linkToken: string): string {
  const pkce = linkToken.startsWith(PKCE_PREFIX);
  const secret = linkToken.slice(pkce ? PKCE_PREFIX.length : 0).replaceAll("-", "").toLowerCase();
  return `${pkce ? PKCE_PREFIX : ""}${sha256Hex(secret)}`;
}

/** redirect_to when it is the site or on the allow list, else the site URL (GoTrue's rule). */
export function allowedRedirect(mail: MailConfig, requested: string | undefined | null): string {
  if (!requested) return mail.siteUrl;
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    return mail.siteUrl;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return mail.siteUrl;
  if (url.origin === new URL(mail.siteUrl).origin) return url.href;
  for (const entry of mail.allowList) {
    if (entry.endsWith("**") ? url.href.startsWith(entry.slice(0, -2)) : url.href === entry) return url.href;
  }
  return mail.siteUrl;
}

function validatePkce(method: unknown, challenge: unknown): "s256" | "plain" | null {
  const m = typeof method === "string" ? method : "";
  const ch = typeof challenge === "string" ? challenge : "";
  if (!m && !ch) return null;
  if (!m || !ch) {
    throw new AuthError(
      400,
      "validation_failed",
      "PKCE flow requires code_challenge_method and code_challenge",
    );
  }
  const lower = m.toLowerCase();
  if (lower !== "s256" && lower !== "plain") {
    throw new AuthError(400, "validation_failed", `code challenge method ${m} not supported`);
  }
  if (ch.length < 43 || ch.length > 128) {
    throw new AuthError(400, "validation_failed", "code challenge has to be between 43 and 128 characters");
  }
  return lower;
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

let templateCache: string | null = null;

/** The recovery mail: `supabase/templates/recovery.html` (GoTrue template variables) + a text part. */
async function recoveryMail(mail: MailConfig, email: string, link: string) {
  templateCache ??= await Deno.readTextFile(TEMPLATE_URL);
  const vars: Record<string, string> = { ConfirmationURL: link, Email: email, SiteURL: mail.siteUrl };
  const html = templateCache.replace(
    /\{\{\s*\.(\w+)\s*\}\}/g,
    (_, name: string) => escapeHtml(vars[name] ?? ""),
  );
  const text = [
    "Reset your CareerPilot password",
    "",
    `Someone (hopefully you) asked to reset the password of the CareerPilot account ${email}.`,
    "Open this link to choose a new password (it works once, for one hour):",
    "",
    link,
    "",
    "If you did not ask for this, ignore this mail: your password stays as it is.",
  ].join("\n");
  return { to: email, subject: SUBJECT, html, text };
}

/** Adds the recovery routes to the `/auth/v1` app. */
export function mountRecovery(app: Hono, deps: RecoveryDeps): void {
  const { sql, mail } = deps;
  /** Last recovery request per address (known or not), for the no-enumeration rate limit. */
  const lastRequest = new Map<string, number>();
  const rateLimited = () =>
    new AuthError(
      429,
      "over_email_send_rate_limit",
      `For security purposes, you can only request this once every ${
        Math.round(mail.maxFrequencyMs / 1000)
      } seconds`,
    );

  app.post("/recover", async (c) => {
    const body = await jsonBody(c);
    if (typeof body.email !== "string" || !body.email.trim()) {
      throw new AuthError(400, "validation_failed", "Password recovery requires an email");
    }
    const email = requireEmail(body.email, "Password recovery requires an email");
    const method = validatePkce(body.code_challenge_method, body.code_challenge);
    const redirectTo = allowedRedirect(mail, c.req.query("redirect_to"));

    const now = Date.now();
    for (const [k, t] of lastRequest) if (now - t >= mail.maxFrequencyMs) lastRequest.delete(k);
    if (lastRequest.has(email)) throw rateLimited();
    lastRequest.set(email, now);

    await sql.begin(async (tx) => {
      const [user] = await tx<{ id: string; email: string; recovery_sent_at: Date | null }[]>`
        select id, email, recovery_sent_at from auth.users
         where lower(email) = ${email} and is_sso_user = false and deleted_at is null
         limit 1 for update`;
      if (!user) return;
      // The same limit from the database too (it holds across gateway restarts).
      if (user.recovery_sent_at && now - user.recovery_sent_at.getTime() < mail.maxFrequencyMs) {
        throw rateLimited();
      }
      if (method) {
        await tx`
          insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge,
                                       provider_type, authentication_method, created_at, updated_at)
          values (${crypto.randomUUID()}, ${user.id}, ${crypto.randomUUID()},
                  ${method}::auth.code_challenge_method, ${String(body.code_challenge)},
                  'recovery', 'recovery', now(), now())`;
      }
      const linkToken = `${method ? PKCE_PREFIX : ""}${randomHex(28)}`;
      await tx`update auth.users set recovery_token = ${storedRecoveryToken(linkToken)},
                 recovery_sent_at = now(), updated_at = now() where id = ${user.id}`;
      const link = `${deps.authUrl}/verify?${new URLSearchParams({
        token: linkToken,
        type: "recovery",
        redirect_to: redirectTo,
      })}`;
      try {
        await sendMail(mail, await recoveryMail(mail, user.email, link));
      } catch (err) {
        console.error(JSON.stringify({ level: "error", msg: "recovery mail not sent", error: String(err) }));
        throw new AuthError(500, "unexpected_failure", "Unable to process request");
      }
    });
    return c.json({});
  });

  /** Redeems a recovery token (single use, unexpired) for its user, inside `tx`. */
  async function redeem(tx: Tx, linkToken: string): Promise<{ id: string }> {
    const invalid = new AuthError(403, "otp_expired", "Email link is invalid or has expired");
    if (!linkToken) throw invalid;
    const [user] = await tx<{ id: string; recovery_sent_at: Date | null; banned_until: Date | null }[]>`
      select id, recovery_sent_at, banned_until from auth.users
       where recovery_token = ${storedRecoveryToken(linkToken)} and deleted_at is null
       limit 1 for update`;
    if (!user) throw invalid;
    if (!user.recovery_sent_at || Date.now() - user.recovery_sent_at.getTime() > mail.otpExpSeconds * 1000) {
      throw invalid;
    }
    if (user.banned_until && user.banned_until.getTime() > Date.now()) {
      throw new AuthError(401, "user_banned", "Error confirming user");
    }
    await tx`update auth.users set recovery_token = '', email_confirmed_at = coalesce(email_confirmed_at, now()),
               last_sign_in_at = now(), updated_at = now() where id = ${user.id}`;
    return user;
  }

  app.get("/verify", async (c) => {
    const type = c.req.query("type") ?? "";
    const token = c.req.query("token") ?? "";
    const redirectTo = allowedRedirect(mail, c.req.query("redirect_to"));
    if (!token) throw new AuthError(400, "validation_failed", "Verify requires a token");
    if (type !== "recovery") throw new AuthError(400, "validation_failed", "Unsupported verification type");
    const pkce = token.startsWith(PKCE_PREFIX);
    let outcome: { code?: string; session?: Record<string, unknown> };
    try {
      outcome = await sql.begin(async (tx) => {
        const user = await redeem(tx, token);
        if (!pkce) return { session: await deps.issueSession(tx, user.id, c, "otp") };
        const [flow] = await tx<{ auth_code: string }[]>`
          update auth.flow_state set auth_code = ${crypto.randomUUID()}, auth_code_issued_at = now(),
                 updated_at = now()
           where id = (select id from auth.flow_state
                        where user_id = ${user.id} and authentication_method = 'recovery'
                        order by created_at desc limit 1)
          returning auth_code`;
        if (!flow) throw new AuthError(404, "flow_state_not_found", "No associated flow state found");
        return { code: flow.auth_code };
      });
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      const url = new URL(redirectTo);
      url.search = "";
      const q = new URLSearchParams({
        error: err.status >= 500 ? "server_error" : "access_denied",
        error_code: err.errorCode,
        error_description: err.message,
      });
      if (pkce) url.search = q.toString();
      url.hash = q.toString();
      return c.redirect(url.href, 303);
    }
    const url = new URL(redirectTo);
    if (outcome.code) url.searchParams.set("code", outcome.code);
    else if (outcome.session) {
      const s = outcome.session;
      url.hash = new URLSearchParams({
        access_token: String(s.access_token),
        expires_at: String(s.expires_at),
        expires_in: String(s.expires_in),
        refresh_token: String(s.refresh_token),
        token_type: "bearer",
        type: "recovery",
      }).toString();
    }
    return c.redirect(url.href, 303);
  });

  app.post("/verify", async (c) => {
    const body = await jsonBody(c);
    const type = typeof body.type === "string" ? body.type : "";
    const tokenHash = typeof body.token_hash === "string" ? body.token_hash : "";
    if (!type) throw new AuthError(400, "validation_failed", "Verify requires a verification type");
    if (type !== "recovery") throw new AuthError(400, "validation_failed", "Unsupported verification type");
    if (!tokenHash) throw new AuthError(400, "validation_failed", "Verify requires a token or a token hash");
    const session = await sql.begin(async (tx) => {
      const user = await redeem(tx, tokenHash).catch((err) => {
        throw err instanceof AuthError && err.errorCode === "otp_expired"
          ? new AuthError(403, "otp_expired", "Token has expired or is invalid")
          : err;
      });
      return deps.issueSession(tx, user.id, c, "otp");
    });
    return c.json(session);
  });
}
