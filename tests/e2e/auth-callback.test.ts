/**
 * The sign-in callback (`web/app/auth/callback/route.ts`, where OAuth providers and email links
 * return) redirects to its `?next=` after exchanging the PKCE code for a session. `next` must
 * stay on this site: an attacker's sign-in link must not bounce a freshly signed-in user to
 * another origin (an open redirect, the first step of many phishing and token-theft chains).
 *
 * Each case is a real PKCE return: the auth code is a row of `auth.flow_state` (what GoTrue
 * writes when the provider or email link comes back), the browser holds the code verifier
 * cookie @supabase/ssr set when the sign-in started, and the route redeems the code at the
 * stack's `/auth/v1/token?grant_type=pkce`.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { env, newUser, type TestUser, withSql } from "../support/env.ts";
import { launchBrowser, newContext, webUrl } from "./browser.ts";

/** @supabase/ssr's cookie for the PKCE verifier: `sb-<first label of the API host>-auth-token-code-verifier`. */
const VERIFIER_COOKIE = `sb-${new URL(env.apiUrl).hostname.split(".")[0]}-auth-token-code-verifier`;

/** A PKCE auth code for `user` (as GoTrue stores it) and the cookie holding its verifier. */
async function pkceReturn(user: TestUser): Promise<{ code: string; cookie: string }> {
  const verifier = randomBytes(48).toString("base64url");
  const code = randomUUID();
  await withSql(
    (sql) => sql`
      insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge,
                                   provider_type, authentication_method, created_at, updated_at)
      values (${randomUUID()}, ${user.userId}, ${code}, 's256',
              ${createHash("sha256").update(verifier).digest("base64url")}, 'email', 'magiclink', now(), now())`,
  );
  // auth-js stores JSON; @supabase/ssr base64url-encodes cookie values behind a "base64-" prefix.
  const value = `base64-${Buffer.from(JSON.stringify(verifier)).toString("base64url")}`;
  return { code, cookie: `${VERIFIER_COOKIE}=${value}` };
}

/** GET /auth/callback?code&next (no redirect following): where the route sends the browser. */
async function callback(user: TestUser, next: string): Promise<{ status: number; target: URL }> {
  const { code, cookie } = await pkceReturn(user);
  const url = new URL("/auth/callback", `${webUrl()}/`);
  url.searchParams.set("code", code);
  url.searchParams.set("next", next);
  const res = await fetch(url, { redirect: "manual", headers: { cookie } });
  const location = res.headers.get("location") ?? "";
  // Resolved as a browser resolves a Location header (WHATWG URL: "\" is "/" for http URLs).
  return { status: res.status, target: new URL(location, url) };
}

const ATTACKS = [
  "/\\evil.example",
  "/\\/evil.example/",
  "//evil.example",
  "///evil.example",
  "/%5Cevil.example",
  "/%2F%2Fevil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "https://evil.example/",
  "https:evil.example",
  "javascript:alert(1)",
  "/a/..//evil.example",
  "/./\\evil.example",
];

describe("sign-in callback ?next=", () => {
  let user: TestUser;
  before(async () => {
    user = await newUser("e2e-callback");
  });

  test("a same-site path is honoured after a real PKCE exchange (the case the attacks reuse)", async () => {
    const res = await callback(user, "/settings?tab=account#x");
    assert.equal(res.status, 307);
    assert.equal(res.target.origin, new URL(webUrl()).origin);
    assert.equal(`${res.target.pathname}${res.target.search}${res.target.hash}`, "/settings?tab=account#x");
  });

  for (const next of ATTACKS) {
    test(`attack: next=${JSON.stringify(next)} stays on this site`, async () => {
      const res = await callback(user, next);
      assert.equal(res.status, 307);
      assert.equal(res.target.origin, new URL(webUrl()).origin, `redirected to ${res.target.href}`);
      assert.equal(res.target.pathname, "/auth/continue", `fell back to /auth/continue: ${res.target.href}`);
    });
  }

  describe("in Chromium", () => {
    let browser: Browser;
    before(async () => {
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
    });

    test("attack: /\\evil.example lands the signed-in user on this site", async () => {
      const context = await newContext(browser);
      const { code, cookie } = await pkceReturn(user);
      const [name, value] = cookie.split("=") as [string, string];
      await context.addCookies([{ name, value, url: webUrl() }]);
      const page = await context.newPage();
      await page
        .goto(`/auth/callback?code=${code}&next=${encodeURIComponent("/\\evil.example")}`)
        .catch(() => {});
      assert.equal(new URL(page.url()).origin, new URL(webUrl()).origin, `ended at ${page.url()}`);
      await context.close();
    });
  });
});
