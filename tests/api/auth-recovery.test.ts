/**
 * Password recovery through the stack's auth (GoTrue's `POST /recover`, `GET|POST /verify`) and
 * the mail catcher, driven by supabase-js as the web app drives it: `resetPasswordForEmail` with a
 * `redirectTo`, the link in the mail, a PKCE code exchanged for a session of type recovery,
 * `updateUser({password})`.
 *
 * The attacks: a link used twice, an expired link, a code without the browser's verifier, a
 * `redirect_to` pointing elsewhere, account enumeration (answer, mail and rate limit alike for
 * unknown addresses).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { decodeJwt } from "jose";
import WebSocket from "ws";
import { env, newUser, withSql } from "../support/env.ts";
import { type CaughtMail, linkIn, mailTo, waitForMail } from "../support/mail.ts";

/** A browser-like client: PKCE (the web app's flow) or implicit, with its own storage. */
function browserClient(flowType: "pkce" | "implicit" = "pkce"): SupabaseClient {
  const store = new Map<string, string>();
  return createClient(env.apiUrl, env.anonKey, {
    auth: {
      flowType,
      persistSession: true,
      autoRefreshToken: false,
      detectSessionInUrl: false,
      storage: {
        getItem: (k) => store.get(k) ?? null,
        setItem: (k, v) => void store.set(k, v),
        removeItem: (k) => void store.delete(k),
      },
    },
    realtime: { transport: WebSocket as never },
  });
}

const redirectTo = () => `${env.webUrl}/auth/callback?next=%2Fauth%2Freset`;

/** Follows the mail's link one hop (the browser's GET) and returns where auth sends it. */
async function openLink(mail: CaughtMail): Promise<URL> {
  const res = await fetch(linkIn(mail, "/auth/v1/verify"), { redirect: "manual" });
  assert.equal(res.status, 303);
  return new URL(res.headers.get("location") ?? "");
}

async function recoverRaw(email: string, body: Record<string, unknown> = {}) {
  const res = await fetch(`${env.apiUrl}/auth/v1/recover`, {
    method: "POST",
    headers: {
      apikey: env.anonKey,
      "content-type": "application/json",
      "x-supabase-api-version": "2024-01-01",
    },
    body: JSON.stringify({ email, ...body }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("password recovery", () => {
  test("request → mail → link → recovery session → new password; old password and sessions end", async () => {
    const user = await newUser("recover");
    const browser = browserClient();
    const events: string[] = [];
    browser.auth.onAuthStateChange((event) => events.push(event));
    const { data, error } = await browser.auth.resetPasswordForEmail(user.email, {
      redirectTo: redirectTo(),
    });
    assert.equal(error, null);
    assert.deepEqual(data, {});

    const [mail] = await waitForMail(user.email);
    assert.ok(mail);
    assert.equal(mail.subject, "Reset Your Password");
    assert.match(mail.from, /CareerPilot/);
    assert.ok(mail.text?.includes("/auth/v1/verify?token=pkce_"), "text part carries the link too");
    const target = await openLink(mail);
    assert.equal(target.origin, new URL(env.webUrl).origin);
    assert.equal(target.pathname, "/auth/callback");
    assert.equal(target.searchParams.get("next"), "/auth/reset");
    const code = target.searchParams.get("code");
    assert.ok(code);

    const exchanged = await browser.auth.exchangeCodeForSession(code);
    assert.equal(exchanged.error, null);
    // auth-js returns redirectType from the verifier it stored (its 2.109 types omit the field).
    assert.equal((exchanged.data as { redirectType?: string | null }).redirectType, "recovery");
    assert.equal(exchanged.data.user?.id, user.userId);
    assert.ok(events.includes("PASSWORD_RECOVERY"));
    const claims = decodeJwt(exchanged.data.session?.access_token ?? "") as { amr: { method: string }[] };
    assert.equal(claims.amr[0]?.method, "recovery");

    const newPassword = `New-${randomUUID()}`;
    const updated = await browser.auth.updateUser({ password: newPassword });
    assert.equal(updated.error, null);

    const old = await browserClient().auth.signInWithPassword({ email: user.email, password: user.password });
    assert.equal(old.error?.code, "invalid_credentials");
    const fresh = await browserClient().auth.signInWithPassword({ email: user.email, password: newPassword });
    assert.equal(fresh.error, null);
    // The sessions that existed before the reset are gone (whoever held them).
    const before = await fetch(`${env.apiUrl}/auth/v1/user`, {
      headers: {
        apikey: env.anonKey,
        authorization: `Bearer ${user.accessToken}`,
        "x-supabase-api-version": "2024-01-01",
      },
    });
    assert.equal(before.status, 403);
    assert.equal(((await before.json()) as { code: string }).code, "session_not_found");
  });

  test("attack: a link works once, and a code only once", async () => {
    const user = await newUser("recover-once");
    const browser = browserClient();
    await browser.auth.resetPasswordForEmail(user.email, { redirectTo: redirectTo() });
    const [mail] = await waitForMail(user.email);
    assert.ok(mail);
    const first = await openLink(mail);
    const again = await openLink(mail);
    assert.equal(again.searchParams.get("code"), null);
    assert.equal(again.searchParams.get("error_code"), "otp_expired");
    assert.match(again.hash, /error_code=otp_expired/);
    const code = first.searchParams.get("code") ?? "";
    assert.equal((await browser.auth.exchangeCodeForSession(code)).error, null);
    // Replaying the code (the verifier was consumed with it) gets nothing.
    const replay = await fetch(`${env.apiUrl}/auth/v1/token?grant_type=pkce`, {
      method: "POST",
      headers: {
        apikey: env.anonKey,
        "content-type": "application/json",
        "x-supabase-api-version": "2024-01-01",
      },
      body: JSON.stringify({ auth_code: code, code_verifier: "x".repeat(43) }),
    });
    assert.equal(replay.status, 404);
    assert.equal(((await replay.json()) as { code: string }).code, "flow_state_not_found");
  });

  test("attack: an expired link (older than an hour) signs nobody in", async () => {
    const user = await newUser("recover-expired");
    await browserClient().auth.resetPasswordForEmail(user.email, { redirectTo: redirectTo() });
    const [mail] = await waitForMail(user.email);
    assert.ok(mail);
    await withSql(
      (sql) =>
        sql`update auth.users set recovery_sent_at = now() - interval '3601 seconds' where id = ${user.userId}`,
    );
    const target = await openLink(mail);
    assert.equal(target.searchParams.get("code"), null);
    assert.equal(target.searchParams.get("error_code"), "otp_expired");
    assert.equal(target.searchParams.get("error_description"), "Email link is invalid or has expired");
  });

  test("attack: a code is worthless without the verifier of the browser that asked", async () => {
    // The attacker starts a reset for the victim's address in their own browser (they hold the
    // verifier); the mail goes to the victim. If the victim opens it, the code lands in the
    // victim's browser, which holds no verifier; and any other verifier burns the code.
    const victim = await newUser("recover-victim");
    const attacker = browserClient();
    await attacker.auth.resetPasswordForEmail(victim.email, { redirectTo: redirectTo() });
    const [mail] = await waitForMail(victim.email);
    assert.ok(mail);
    const code = (await openLink(mail)).searchParams.get("code") ?? "";
    const victimBrowser = browserClient();
    const noVerifier = await victimBrowser.auth.exchangeCodeForSession(code);
    assert.equal(noVerifier.data.session, null);
    assert.ok(noVerifier.error);
    const wrong = await fetch(`${env.apiUrl}/auth/v1/token?grant_type=pkce`, {
      method: "POST",
      headers: {
        apikey: env.anonKey,
        "content-type": "application/json",
        "x-supabase-api-version": "2024-01-01",
      },
      body: JSON.stringify({ auth_code: code, code_verifier: "w".repeat(43) }),
    });
    assert.equal(wrong.status, 400);
    assert.equal(((await wrong.json()) as { code: string }).code, "bad_code_verifier");
    // The failed attempt burnt the code: not even the right verifier redeems it now.
    const late = await attacker.auth.exchangeCodeForSession(code);
    assert.equal(late.data.session, null);
  });

  test("attack: redirect_to on another origin is replaced by the site URL", async () => {
    const user = await newUser("recover-redirect");
    await browserClient().auth.resetPasswordForEmail(user.email, {
      redirectTo: "https://evil.example/steal",
    });
    const [mail] = await waitForMail(user.email);
    assert.ok(mail);
    assert.ok(!linkIn(mail, "/auth/v1/verify").includes("evil.example"));
    const target = await openLink(mail);
    assert.equal(target.origin, new URL(env.webUrl).origin);
  });

  test("attack: unknown addresses get the same answer, no mail, and the same rate limit", async () => {
    const user = await newUser("recover-enum");
    const unknown = `nobody-${randomUUID().slice(0, 8)}@example.test`;
    const known = await recoverRaw(user.email);
    const missing = await recoverRaw(unknown);
    assert.deepEqual([known.status, known.body], [200, {}]);
    assert.deepEqual([missing.status, missing.body], [200, {}]);
    await waitForMail(user.email);
    assert.equal((await mailTo(unknown)).length, 0);
    // A second request within a minute: 429 for both, so the limit reveals nothing either.
    const knownAgain = await recoverRaw(user.email);
    const missingAgain = await recoverRaw(unknown);
    assert.equal(knownAgain.status, 429);
    assert.equal(missingAgain.status, 429);
    assert.equal(knownAgain.body.code, "over_email_send_rate_limit");
    assert.deepEqual(missingAgain.body, knownAgain.body);
    assert.equal((await mailTo(user.email)).length, 1);
  });

  test("verifyOtp({token_hash, type: 'recovery'}) signs in once (implicit flow, server-side confirm pages)", async () => {
    const user = await newUser("recover-otp");
    const implicit = browserClient("implicit");
    await implicit.auth.resetPasswordForEmail(user.email, { redirectTo: redirectTo() });
    const [mail] = await waitForMail(user.email);
    assert.ok(mail);
    const token = new URL(linkIn(mail, "/auth/v1/verify")).searchParams.get("token") ?? "";
    assert.ok(token && !token.startsWith("pkce_"));
    const first = await implicit.auth.verifyOtp({ token_hash: token, type: "recovery" });
    assert.equal(first.error, null);
    assert.equal(first.data.user?.id, user.userId);
    const second = await browserClient("implicit").auth.verifyOtp({ token_hash: token, type: "recovery" });
    assert.equal(second.error?.code, "otp_expired");
  });

  test("bad input: 400 with GoTrue's codes, never 500", async () => {
    assert.equal((await recoverRaw("")).status, 400);
    const bad = await recoverRaw("not-an-email");
    assert.deepEqual([bad.status, bad.body.code], [400, "validation_failed"]);
    const pkce = await recoverRaw(`x-${randomUUID().slice(0, 6)}@example.test`, {
      code_challenge: "short",
      code_challenge_method: "s256",
    });
    assert.deepEqual([pkce.status, pkce.body.code], [400, "validation_failed"]);
    const verify = await fetch(`${env.apiUrl}/auth/v1/verify?type=recovery&token=nope`, {
      redirect: "manual",
    });
    assert.equal(verify.status, 303);
    assert.match(verify.headers.get("location") ?? "", /error_code=otp_expired/);
  });
});
