/**
 * Connecting a test user's GitHub through the integrations stack's real OAuth flow, against the
 * loopback GitHub fake (it signs in at once as the `login` named on the authorize URL).
 */
import assert from "node:assert/strict";
import { callFunction, type TestUser } from "./env.js";

/**
 * Connects GitHub as `login` (with `scope` instead of the app's default scopes when given):
 * connect → GitHub's authorize redirect (to the web app's callback page) → what that page does:
 * forward `code` and `state` to the callback route with the user's own token.
 */
export async function connectGitHub(user: TestUser, login: string, scope?: string): Promise<void> {
  const res = await callFunction("integrations/v1/integrations/github/connect", {
    method: "POST",
    token: user.accessToken,
    body: {},
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const authUrl = new URL((res.body as { auth_url: string }).auth_url);
  authUrl.searchParams.set("login", login);
  if (scope) authUrl.searchParams.set("scope", scope);
  const gh = await fetch(authUrl, { redirect: "manual" });
  assert.equal(gh.status, 302, "GitHub redirects back to the web app's callback page");
  const back = new URL(gh.headers.get("location") ?? "");
  const cb = await callFunction(`integrations/v1/integrations/github/callback${back.search}`, {
    token: user.accessToken,
  });
  assert.equal(cb.status, 200, JSON.stringify(cb.body));
  assert.equal((cb.body as { status: string }).status, "connected");
}
