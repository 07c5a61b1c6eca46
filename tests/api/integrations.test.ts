/**
 * Integrations stack through the running stack, plus the loopback fakes driven by the real
 * client libraries (proof that they speak GitHub's and Google's shapes).
 *
 * The stack must run with the fakes' environment (`fakeEnv()` of tests/fakes/server.ts in
 * `.devstack/<profile>/env.json`) and the fakes must be up (`tests/fakes/server.ts`): the GitHub
 * fake is found through the `auth_url` the stack hands out; rows are decrypted with the fakes'
 * fixed keyring.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHmac, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ApiError, GoogleGenAI } from "@google/genai";
import { deleteAuthorization, exchangeWebFlowCode, getWebFlowAuthorizationUrl } from "@octokit/oauth-methods";
import { request } from "@octokit/request";
import {
  decryptToken,
  encryptToken,
  parseKeyring,
  rotateTokens,
  tokenAad,
} from "../../scripts/keys-rotate.js";
import {
  FAKE_GEMINI_DROP_KEY,
  FAKE_GEMINI_QUOTA_KEY,
  FAKE_GEMINI_VALID_KEY,
  fakeGeminiValidKey,
} from "../fakes/gemini.js";
import { FAKE_GITHUB_CLIENT_ID, FAKE_GITHUB_CLIENT_SECRET, fakeGitHubUserId } from "../fakes/github.js";
import { FAKE_KEYS, FAKE_TOKEN_ENCRYPTION_KEYS, type RunningFakes, startFakes } from "../fakes/server.js";
import { callFunction, env, newUser, type TestUser, withSql } from "../support/env.js";

const REPO_ROOT = new URL("../..", import.meta.url).pathname;
const LIST = "integrations/v1/integrations";
const CONNECT = "integrations/v1/integrations/github/connect";
const TOKENS = "integrations/v1/integrations/tokens";
const CALLBACK = "integrations/v1/integrations/github/callback";
const PROVIDERS = ["github", "linkedin", "naukri", "indeed", "gmail", "gemini"];

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { fields?: { path: string }[]; reason?: string; redirect_to?: string };
  };
}
interface Integration {
  provider: string;
  kind: string;
  status: string;
  external_user_id: string | null;
  external_login: string | null;
  scopes: string[];
  connected_at: string | null;
  revoked_at: string | null;
  token: {
    masked_suffix: string;
    expires_at: string | null;
    last_used_at: string | null;
    saved_at: string;
  } | null;
}

const errorOf = (body: unknown) => (body as ErrorBody).error;
const keyring = parseKeyring(FAKE_TOKEN_ENCRYPTION_KEYS);

/** Every response body the stack sent in this file, to prove no token ever comes back. */
const seenBodies: string[] = [];
/** Every raw secret this file handed to the stack. */
const secrets: string[] = [];

async function api(path: string, init: Parameters<typeof callFunction>[1] = {}) {
  const res = await callFunction(path, init);
  seenBodies.push(JSON.stringify(res.body));
  return res;
}

async function list(user: TestUser): Promise<Map<string, Integration>> {
  const res = await api(LIST, { token: user.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const items = (res.body as { items: Integration[] }).items;
  return new Map(items.map((i) => [i.provider, i]));
}

async function tokenRows(userId: string) {
  // Spread: postgres.js results are an Array subclass, which deepStrictEqual tells apart from [].
  return withSql((sql) =>
    sql<{ provider: string; token_encrypted: string; key_id: string; masked_suffix: string }[]>`
      select provider::text as provider, token_encrypted, key_id, masked_suffix
      from public.api_tokens where user_id = ${userId} order by provider`.then((rows) => [...rows]),
  );
}

async function githubEvents(userId: string) {
  return withSql((sql) =>
    sql<{ payload: { user_id: string; github_login: string; scopes: string[] } }[]>`
      select payload from public.event_log
      where event_type = 'integrations.github.connected' and payload ->> 'user_id' = ${userId}
      order by id`.then((rows) => [...rows]),
  );
}

/** A GET that does not follow redirects; the body is kept for the token scan. */
async function getManual(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { redirect: "manual", headers });
  const text = await res.text();
  seenBodies.push(text, res.headers.get("location") ?? "");
  return { status: res.status, location: res.headers.get("location"), text };
}

/** Starts a GitHub connection and returns the authorize URL and the state in it. */
async function connect(user: TestUser, body: unknown = {}) {
  const res = await api(CONNECT, { method: "POST", token: user.accessToken, body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const { auth_url, expires_at } = res.body as { auth_url: string; expires_at: string };
  const url = new URL(auth_url);
  return { authUrl: url, state: url.searchParams.get("state") ?? "", expiresAt: expires_at };
}

/** Follows the (fake) GitHub authorize page: returns the callback URL GitHub redirects to. */
async function authorize(authUrl: URL, extra: Record<string, string> = {}): Promise<URL> {
  const url = new URL(authUrl);
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  const res = await getManual(url.toString());
  assert.equal(res.status, 302, res.text);
  return new URL(res.location ?? "");
}

/** The OAuth state format (`kid.b64url(json).b64url(HMAC)`), signed here with the fake keyring. */
function signState(payload: unknown, kid: keyof typeof FAKE_KEYS = "fake-2"): string {
  const key = Buffer.from(FAKE_KEYS[kid], "base64");
  const macKey = Buffer.from(
    hkdfSync("sha256", key, "careerpilot.hkdf.v1", "careerpilot.hmac.v1:integrations.oauth-state", 32),
  );
  const body = `${kid}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${body}.${createHmac("sha256", macKey).update(body).digest("base64url")}`;
}

/**
 * What the web app's callback page does with GitHub's redirect: forwards `code`, `state` (and
 * GitHub's `error`) to the integrations function with the signed-in user's own token.
 */
async function finish(githubRedirect: URL, user: TestUser) {
  const url = callbackUrl(Object.fromEntries(githubRedirect.searchParams));
  return await api(`${CALLBACK}${url.search}`, { token: user.accessToken });
}

const callbackUrl = (params: Record<string, string>) => {
  const base = new URL(`functions/v1/${CALLBACK}`, `${env.apiUrl}/`);
  for (const [k, v] of Object.entries(params)) base.searchParams.set(k, v);
  return base;
};

const login = () => `cp-${randomBytes(5).toString("hex")}`;

// ==================================================================================================
describe("the fakes speak GitHub's and Google's shapes (driven by the real clients)", () => {
  let fakes: RunningFakes;
  before(async () => {
    fakes = await startFakes();
  });
  after(async () => {
    await fakes.close();
  });

  test("@octokit/oauth-methods: web flow, /user with x-oauth-scopes, single-use codes, grant deletion", async () => {
    const oauth = request.defaults({ baseUrl: fakes.github.url });
    const redirectUrl = "http://127.0.0.1:9/callback";
    const { url } = getWebFlowAuthorizationUrl({
      clientType: "oauth-app",
      clientId: FAKE_GITHUB_CLIENT_ID,
      redirectUrl,
      scopes: ["read:user", "repo"],
      state: "s-123",
      request: oauth,
    });
    const back = await fetch(`${url}&login=hubot`, { redirect: "manual" });
    assert.equal(back.status, 302);
    const location = new URL(back.headers.get("location") ?? "");
    assert.equal(`${location.origin}${location.pathname}`, redirectUrl);
    assert.equal(location.searchParams.get("state"), "s-123");
    const code = location.searchParams.get("code") ?? "";
    assert.match(code, /^[0-9a-f]{20}$/);

    const { authentication, data } = await exchangeWebFlowCode({
      clientType: "oauth-app",
      clientId: FAKE_GITHUB_CLIENT_ID,
      clientSecret: FAKE_GITHUB_CLIENT_SECRET,
      code,
      redirectUrl,
      request: oauth,
    });
    assert.match(authentication.token, /^gho_[A-Za-z0-9]{36}$/);
    assert.deepEqual(data, {
      access_token: authentication.token,
      token_type: "bearer",
      scope: "read:user,repo",
    });

    const me = await oauth("GET /user", { headers: { authorization: `token ${authentication.token}` } });
    assert.equal(me.data.login, "hubot");
    assert.equal(me.data.id, fakeGitHubUserId("hubot"));
    assert.equal(me.headers["x-oauth-scopes"], "read:user, repo");

    await assert.rejects(
      exchangeWebFlowCode({
        clientType: "oauth-app",
        clientId: FAKE_GITHUB_CLIENT_ID,
        clientSecret: FAKE_GITHUB_CLIENT_SECRET,
        code,
        request: oauth,
      }),
      (err: Error & { status?: number }) => err.status === 400 && /bad_verification_code/.test(err.message),
      "a used code is refused with GitHub's bad_verification_code",
    );
    await assert.rejects(
      exchangeWebFlowCode({
        clientType: "oauth-app",
        clientId: FAKE_GITHUB_CLIENT_ID,
        clientSecret: "wrong",
        code: "0123456789abcdef0123",
        request: oauth,
      }),
      /incorrect_client_credentials/,
    );

    const deleted = await deleteAuthorization({
      clientType: "oauth-app",
      clientId: FAKE_GITHUB_CLIENT_ID,
      clientSecret: FAKE_GITHUB_CLIENT_SECRET,
      token: authentication.token,
      request: oauth,
    });
    assert.equal(deleted.status, 204);
    await assert.rejects(
      oauth("GET /user", { headers: { authorization: `token ${authentication.token}` } }),
      (err: Error & { status?: number }) => err.status === 401 && /Bad credentials/.test(err.message),
    );
  });

  test("GitHub: form-encoded token response without Accept: application/json; access_denied when declined", async () => {
    const authorizeUrl = `${fakes.github.url}/login/oauth/authorize?client_id=${FAKE_GITHUB_CLIENT_ID}&redirect_uri=${encodeURIComponent("http://127.0.0.1:9/cb")}&scope=repo&state=x`;
    const code = new URL(
      (await fetch(authorizeUrl, { redirect: "manual" })).headers.get("location") ?? "",
    ).searchParams.get("code");
    const res = await fetch(`${fakes.github.url}/login/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: FAKE_GITHUB_CLIENT_ID,
        client_secret: FAKE_GITHUB_CLIENT_SECRET,
        code: code ?? "",
      }),
    });
    const form = new URLSearchParams(await res.text());
    assert.match(form.get("access_token") ?? "", /^gho_/);
    assert.equal(form.get("token_type"), "bearer");
    assert.equal(form.get("scope"), "repo");

    const denied = await fetch(`${authorizeUrl}&fake_decision=deny`, { redirect: "manual" });
    const back = new URL(denied.headers.get("location") ?? "");
    assert.equal(back.searchParams.get("error"), "access_denied");
    assert.equal(back.searchParams.get("state"), "x");
    assert.equal(back.searchParams.get("code"), null);
  });

  test("@google/genai: list, get, generateContent and countTokens with a valid key", async () => {
    const ai = new GoogleGenAI({ apiKey: FAKE_GEMINI_VALID_KEY, httpOptions: { baseUrl: fakes.gemini.url } });
    const page = await ai.models.list({ config: { pageSize: 1 } });
    assert.equal(page.page.length, 1);
    assert.equal(page.page[0]?.name, "models/gemini-2.5-flash");
    const model = await ai.models.get({ model: "gemini-2.5-flash" });
    assert.equal(model.displayName, "Gemini 2.5 Flash");
    assert.ok((model.inputTokenLimit ?? 0) > 0);
    const reply = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "Say hello" });
    assert.equal(reply.text, "This is a reply from the fake Gemini API.");
    assert.ok((reply.usageMetadata?.totalTokenCount ?? 0) > 0);
    const json = await ai.models.generateContent({
      model: "gemini-2.5-flash",
      contents: "Describe a repo",
      config: { responseMimeType: "application/json" },
    });
    assert.deepEqual(JSON.parse(json.text ?? ""), {});
    const counted = await ai.models.countTokens({ model: "gemini-2.5-flash", contents: "twelve chars" });
    assert.equal(counted.totalTokens, 3);
    assert.equal(fakes.gemini.fake.usage.get(FAKE_GEMINI_VALID_KEY)?.generate, 2, "per-key state is kept");
  });

  test("@google/genai: invalid key → ApiError 400 API_KEY_INVALID; quota key → 429; drop key → network error", async () => {
    const client = (apiKey: string) =>
      new GoogleGenAI({ apiKey, httpOptions: { baseUrl: fakes.gemini.url } });
    await assert.rejects(client("AIzaSyNotARealKey-0000000000000000000000").models.list(), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.status, 400);
      const body = JSON.parse(err.message) as { error: { status: string; details: { reason?: string }[] } };
      assert.equal(body.error.status, "INVALID_ARGUMENT");
      assert.equal(body.error.details[0]?.reason, "API_KEY_INVALID");
      return true;
    });
    await assert.rejects(
      client(FAKE_GEMINI_QUOTA_KEY).models.generateContent({ model: "gemini-2.5-flash", contents: "hi" }),
      (err: unknown) =>
        err instanceof ApiError && err.status === 429 && /RESOURCE_EXHAUSTED/.test(err.message),
    );
    await assert.rejects(
      client(FAKE_GEMINI_DROP_KEY).models.list(),
      (err: unknown) => !(err instanceof ApiError) && err instanceof TypeError,
    );
    await assert.rejects(
      client(FAKE_GEMINI_VALID_KEY).models.get({ model: "gemini-0-nonexistent" }),
      (err: unknown) => err instanceof ApiError && err.status === 404,
    );
  });
});

// ==================================================================================================
describe("GET /v1/integrations", () => {
  test("a new user sees all six providers, not connected, without tokens", async () => {
    const user = await newUser("int-list");
    const items = await list(user);
    assert.deepEqual([...items.keys()], PROVIDERS);
    for (const item of items.values()) {
      assert.equal(item.status, "not_connected");
      assert.equal(item.token, null);
      assert.equal(item.kind, item.provider === "github" ? "oauth" : "token");
    }
  });

  test("needs a signed-in user", async () => {
    const res = await api(LIST);
    assert.equal(res.status, 401);
  });
});

// ==================================================================================================
describe("POST /v1/integrations/tokens", () => {
  let user: TestUser;
  before(async () => {
    user = await newUser("int-tokens");
  });

  test("a valid Gemini key is checked, saved encrypted and listed by its last four characters only", async () => {
    const key = fakeGeminiValidKey(randomBytes(8).toString("hex"));
    secrets.push(key);
    const res = await api(TOKENS, {
      method: "POST",
      token: user.accessToken,
      body: { provider: "gemini", token: key },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { status: "saved", provider: "gemini", masked_suffix: key.slice(-4) });

    const gemini = (await list(user)).get("gemini");
    assert.equal(gemini?.status, "connected");
    assert.equal(gemini?.token?.masked_suffix, key.slice(-4));
    assert.equal(gemini?.token?.last_used_at, null);

    const [row] = await tokenRows(user.userId);
    assert.ok(row);
    assert.ok(!row.token_encrypted.includes(key) && !row.token_encrypted.includes(key.slice(4, -4)));
    assert.match(row.token_encrypted, /^v1\.fake-2\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    assert.equal(row.key_id, keyring.activeKeyId);
    assert.equal(await decryptToken(keyring, row.token_encrypted, tokenAad(user.userId, "gemini")), key);
    await assert.rejects(
      () => decryptToken(keyring, row.token_encrypted, tokenAad(user.userId, "gmail")),
      "bound to its row: another provider's AAD does not open it",
    );
  });

  test("Google rejects the key → 422 invalid_api_key, nothing written", async () => {
    const fresh = await newUser("int-badkey");
    const key = `AIzaSyBadKey-${randomBytes(12).toString("hex")}`;
    secrets.push(key);
    const res = await api(TOKENS, {
      method: "POST",
      token: fresh.accessToken,
      body: { provider: "gemini", token: key },
    });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(errorOf(res.body).code, "invalid_api_key");
    assert.match(errorOf(res.body).message, /Google rejected your Gemini API key/);
    assert.equal(errorOf(res.body).details?.reason, "API_KEY_INVALID");
    assert.deepEqual(await tokenRows(fresh.userId), []);
    assert.equal((await list(fresh)).get("gemini")?.status, "not_connected");
  });

  test("Google unreachable → 502 upstream_unavailable, nothing written", async () => {
    const fresh = await newUser("int-drop");
    secrets.push(FAKE_GEMINI_DROP_KEY);
    const res = await api(TOKENS, {
      method: "POST",
      token: fresh.accessToken,
      body: { provider: "gemini", token: FAKE_GEMINI_DROP_KEY },
    });
    assert.equal(res.status, 502, JSON.stringify(res.body));
    assert.equal(errorOf(res.body).code, "upstream_unavailable");
    assert.equal(errorOf(res.body).message, "Could not reach Google to check the key; try again.");
    assert.deepEqual(await tokenRows(fresh.userId), []);
  });

  test("Google rate-limits the key → 429 llm_rate_limited with its retry delay, nothing written", async () => {
    const fresh = await newUser("int-quota");
    const res = await api(TOKENS, {
      method: "POST",
      token: fresh.accessToken,
      body: { provider: "gemini", token: FAKE_GEMINI_QUOTA_KEY },
    });
    assert.equal(res.status, 429, JSON.stringify(res.body));
    assert.equal(errorOf(res.body).code, "llm_rate_limited");
    assert.equal((errorOf(res.body).details as { retry_after_s?: number }).retry_after_s, 43);
    assert.deepEqual(await tokenRows(fresh.userId), []);
  });

  test("other providers are saved without a check; saving again replaces; expiry is kept", async () => {
    const first = `li-${randomBytes(12).toString("hex")}`;
    const second = `li-${randomBytes(12).toString("hex")}`;
    secrets.push(first, second);
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
    for (const token of [first, second]) {
      const res = await api(TOKENS, {
        method: "POST",
        token: user.accessToken,
        body: { provider: "linkedin", token, expires_at: expires },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const linkedin = (await list(user)).get("linkedin");
    assert.equal(linkedin?.status, "connected");
    assert.equal(linkedin?.token?.masked_suffix, second.slice(-4));
    assert.equal(linkedin?.token?.expires_at, expires);
    const rows = (await tokenRows(user.userId)).filter((r) => r.provider === "linkedin");
    assert.equal(rows.length, 1);
    assert.equal(
      await decryptToken(keyring, rows[0]?.token_encrypted ?? "", tokenAad(user.userId, "linkedin")),
      second,
    );
  });

  test("a token whose expiry has passed is listed as needs_reconnect", async () => {
    const fresh = await newUser("int-expiry");
    await api(TOKENS, {
      method: "POST",
      token: fresh.accessToken,
      body: {
        provider: "naukri",
        token: "naukri-token-123",
        expires_at: new Date(Date.now() + 60_000).toISOString(),
      },
    });
    await withSql(
      (sql) =>
        sql`update public.api_tokens set expires_at = now() - interval '1 minute' where user_id = ${fresh.userId}`,
    );
    assert.equal((await list(fresh)).get("naukri")?.status, "needs_reconnect");
  });

  test("bad input → 422 with field details, nothing written", async () => {
    const fresh = await newUser("int-422");
    const cases: [unknown, string][] = [
      [{ provider: "github", token: "gho_abcdefghijkl" }, "provider"],
      [{ provider: "myspace", token: "abcdefghijkl" }, "provider"],
      [{ provider: "gmail" }, "token"],
      [{ provider: "gmail", token: "short" }, "token"],
      [{ provider: "gmail", token: "has spaces in it" }, "token"],
      [{ provider: "gmail", token: "x".repeat(4097) }, "token"],
      [{ provider: "gmail", token: "abcdefghijkl", expires_at: "2020-01-01T00:00:00Z" }, "expires_at"],
      [{ provider: "gmail", token: "abcdefghijkl", expires_at: "next week" }, "expires_at"],
      [{ provider: "gmail", token: "abcdefghijkl", user_id: user.userId }, "user_id"],
    ];
    for (const [body, field] of cases) {
      const res = await api(TOKENS, { method: "POST", token: fresh.accessToken, body });
      assert.equal(res.status, 422, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.equal(errorOf(res.body).code, "validation_failed");
      assert.ok(
        errorOf(res.body).details?.fields?.some((f) => f.path === field),
        `${field} is named: ${JSON.stringify(res.body)}`,
      );
    }
    assert.deepEqual(await tokenRows(fresh.userId), []);
    assert.deepEqual(await tokenRows(user.userId).then((r) => r.filter((x) => x.provider === "gmail")), []);
  });
});

// ==================================================================================================
describe("DELETE /v1/integrations/:provider", () => {
  test("erases the token and marks it revoked; repeat is harmless; never-connected is 404; unknown is 422", async () => {
    const user = await newUser("int-revoke");
    const key = fakeGeminiValidKey(randomBytes(8).toString("hex"));
    secrets.push(key);
    await api(TOKENS, { method: "POST", token: user.accessToken, body: { provider: "gemini", token: key } });

    const res = await api(`${LIST}/gemini`, { method: "DELETE", token: user.accessToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { status: "revoked", provider: "gemini", revoked_at_provider: null });
    const gemini = (await list(user)).get("gemini");
    assert.equal(gemini?.status, "revoked");
    assert.equal(gemini?.token, null);
    assert.ok(gemini?.revoked_at);
    assert.deepEqual(await tokenRows(user.userId), [], "the ciphertext is gone from the database");

    assert.equal((await api(`${LIST}/gemini`, { method: "DELETE", token: user.accessToken })).status, 200);
    const never = await api(`${LIST}/indeed`, { method: "DELETE", token: user.accessToken });
    assert.equal(never.status, 404);
    assert.equal(errorOf(never.body).message, "indeed is not connected");
    assert.equal((await api(`${LIST}/myspace`, { method: "DELETE", token: user.accessToken })).status, 422);
  });
});

// ==================================================================================================
describe("user isolation", () => {
  test("one user's tokens are invisible and untouchable for another; a user_id in the query changes nothing", async () => {
    const [owner, other] = await Promise.all([newUser("int-owner"), newUser("int-other")]);
    const key = fakeGeminiValidKey(randomBytes(8).toString("hex"));
    secrets.push(key);
    await api(TOKENS, { method: "POST", token: owner.accessToken, body: { provider: "gemini", token: key } });

    const seen = await api(`${LIST}?user_id=${owner.userId}`, { token: other.accessToken });
    const items = (seen.body as { items: Integration[] }).items;
    assert.equal(items.find((i) => i.provider === "gemini")?.status, "not_connected");
    assert.ok(items.every((i) => i.token === null));

    const del = await api(`${LIST}/gemini?user_id=${owner.userId}`, {
      method: "DELETE",
      token: other.accessToken,
    });
    assert.equal(del.status, 404);
    assert.equal((await list(owner)).get("gemini")?.status, "connected", "the owner's key is untouched");
  });
});

// ==================================================================================================
describe("GitHub OAuth", () => {
  test("connect → GitHub authorize → the web page forwards code + state with the user's token: connected, one event", async () => {
    const user = await newUser("int-gh");
    const name = login();
    const { authUrl, state, expiresAt } = await connect(user, {
      redirect_to: "/onboarding?step=integrations",
    });
    assert.equal(authUrl.pathname, "/login/oauth/authorize");
    assert.equal(authUrl.searchParams.get("client_id"), FAKE_GITHUB_CLIENT_ID);
    assert.equal(authUrl.searchParams.get("scope"), "read:user,repo");
    // GitHub returns the browser to a page of the web app, never to the function itself.
    const redirectUri = new URL(authUrl.searchParams.get("redirect_uri") ?? "");
    assert.equal(redirectUri.origin, new URL(env.webUrl).origin);
    assert.equal(redirectUri.pathname, "/integrations/github/callback");
    assert.ok(state.length > 40);
    const ttl = Date.parse(expiresAt) - Date.now();
    assert.ok(ttl > 9 * 60_000 && ttl <= 10 * 60_000, `expires in 10 minutes (${ttl} ms)`);

    const cb = await authorize(authUrl, { login: name });
    assert.equal(cb.searchParams.get("state"), state);
    const res = await finish(cb, user);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, {
      status: "connected",
      provider: "github",
      github_login: name,
      redirect_to: "/onboarding?step=integrations",
    });

    const github = (await list(user)).get("github");
    assert.equal(github?.status, "connected");
    assert.equal(github?.external_login, name);
    assert.equal(github?.external_user_id, String(fakeGitHubUserId(name)));
    assert.deepEqual(github?.scopes, ["read:user", "repo"]);
    assert.match(github?.token?.masked_suffix ?? "", /^[A-Za-z0-9]{4}$/);

    const profile = await withSql(
      (sql) =>
        sql<
          { github_username: string }[]
        >`select github_username from public.profiles where id = ${user.userId}`,
    );
    assert.equal(profile[0]?.github_username, name);

    const events = await githubEvents(user.userId);
    assert.deepEqual(
      events.map((e) => e.payload),
      [{ user_id: user.userId, github_login: name, scopes: ["read:user", "repo"] }],
    );

    const [row] = await tokenRows(user.userId);
    const token = await decryptToken(keyring, row?.token_encrypted ?? "", tokenAad(user.userId, "github"));
    assert.match(token, /^gho_/);
    secrets.push(token);
    const grants = (await (await fetch(`${authUrl.origin}/_fake/github/grants?login=${name}`)).json()) as {
      grants: { tokens: number }[];
    };
    assert.equal(grants.grants[0]?.tokens, 1, "GitHub holds exactly the grant we stored");

    // Disconnect: the token is erased here and the grant revoked at GitHub.
    const del = await api(`${LIST}/github`, { method: "DELETE", token: user.accessToken });
    assert.deepEqual(del.body, { status: "revoked", provider: "github", revoked_at_provider: true });
    const after = (await (await fetch(`${authUrl.origin}/_fake/github/grants?login=${name}`)).json()) as {
      grants: unknown[];
    };
    assert.deepEqual(after.grants, []);
    assert.equal((await list(user)).get("github")?.status, "revoked");
  });

  test("redirect_to defaults to /settings and must be a path on the web app", async () => {
    const user = await newUser("int-gh-redirect");
    const { authUrl } = await connect(user);
    const res = await finish(await authorize(authUrl, { login: login() }), user);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((res.body as { redirect_to: string }).redirect_to, "/settings");

    for (const redirect_to of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "settings",
      "/a b",
    ]) {
      const bad = await api(CONNECT, { method: "POST", token: user.accessToken, body: { redirect_to } });
      assert.equal(bad.status, 422, `${redirect_to}: ${JSON.stringify(bad.body)}`);
    }
    const extra = await api(CONNECT, {
      method: "POST",
      token: user.accessToken,
      body: { user_id: randomUUID() },
    });
    assert.equal(extra.status, 422);
  });

  // ---- attacks: an attacker starts a connection and gets someone else to complete it

  test("attack: the victim follows the attacker's authorize link — GitHub's redirect alone connects nobody", async () => {
    const attacker = await newUser("int-gh-a1");
    const victimLogin = login();
    const { authUrl } = await connect(attacker);
    // The victim's browser at GitHub (signed in as the victim) is sent back with code + state...
    const cb = await authorize(authUrl, { login: victimLogin });
    // ...and whatever carries them to the integrations function without the signed-in user's own
    // token (the browser following a redirect sends none) is refused before anything is written.
    const res = await getManual(callbackUrl(Object.fromEntries(cb.searchParams)).toString());
    assert.equal(res.status, 401, res.text);
    assert.equal(JSON.parse(res.text).error.code, "unauthorized");
    assert.equal((await list(attacker)).get("github")?.status, "not_connected", "the attacker got nothing");
    assert.equal((await githubEvents(attacker.userId)).length, 0);
    const grants = (await (
      await fetch(`${authUrl.origin}/_fake/github/grants?login=${victimLogin}`)
    ).json()) as {
      grants: unknown[];
    };
    assert.deepEqual(grants.grants, [], "the victim's GitHub code was never exchanged");
  });

  test("attack: the victim's own session forwarding the attacker's state is refused (403 oauth_state_foreign), nothing written", async () => {
    const [victim, attacker] = await Promise.all([newUser("int-gh-v2"), newUser("int-gh-a2")]);
    const { authUrl } = await connect(attacker);
    const cb = await authorize(authUrl, { login: login() });
    const res = await finish(cb, victim);
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal(errorOf(res.body).code, "oauth_state_foreign");
    assert.equal((await list(victim)).get("github")?.status, "not_connected");
    assert.equal((await list(attacker)).get("github")?.status, "not_connected");
    assert.equal(
      (await githubEvents(victim.userId)).length + (await githubEvents(attacker.userId)).length,
      0,
    );

    // The refusal did not use the state up: its owner can still finish the connection.
    const ok = await finish(cb, attacker);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test("attack: a state replayed after use is refused (409 oauth_state_used), no second event", async () => {
    const user = await newUser("int-gh-replay");
    const { authUrl } = await connect(user);
    const cb = await authorize(authUrl, { login: login() });
    assert.equal((await finish(cb, user)).status, 200);
    const replay = await finish(cb, user);
    assert.equal(replay.status, 409, JSON.stringify(replay.body));
    assert.equal(errorOf(replay.body).code, "oauth_state_used");
    // A fresh code with the used state fails the same way.
    const again = new URL(cb);
    again.searchParams.set(
      "code",
      (await authorize(authUrl, { login: login() })).searchParams.get("code") ?? "",
    );
    assert.equal((await finish(again, user)).status, 409);
    assert.equal((await githubEvents(user.userId)).length, 1, "no second event");
  });

  test("attack: forged, tampered, expired or missing states get a 400 and connect nobody", async () => {
    const [victim, attacker] = await Promise.all([newUser("int-gh-victim"), newUser("int-gh-attacker")]);
    const { authUrl, state } = await connect(attacker);
    const cb = await authorize(authUrl, { login: login() });
    const code = cb.searchParams.get("code") ?? "";

    // The attacker swaps in the victim's id: the signature no longer matches.
    const [kid, payload, mac] = state.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const swapped = Buffer.from(JSON.stringify({ ...claims, u: victim.userId })).toString("base64url");
    const states: [string, string, TestUser][] = [
      [`${kid}.${swapped}.${mac}`, "oauth_state_invalid", victim],
      ["garbage", "oauth_state_invalid", attacker],
      [signState({ ...claims, e: Math.floor(Date.now() / 1000) - 60 }), "oauth_state_expired", attacker],
    ];
    for (const [forged, errorCode, as] of states) {
      const res = await finish(callbackUrl({ code, state: forged }), as);
      assert.equal(res.status, 400, `${forged}: ${JSON.stringify(res.body)}`);
      assert.equal(errorOf(res.body).code, errorCode);
    }
    const none = await finish(callbackUrl({ code }), attacker);
    assert.equal(none.status, 400);
    assert.equal(errorOf(none.body).code, "oauth_state_invalid");

    // A correctly signed state naming a nonce that does not exist is refused in SQL.
    const unknownNonce = await finish(
      callbackUrl({ code, state: signState({ ...claims, n: randomUUID(), u: victim.userId }) }),
      victim,
    );
    assert.equal(unknownNonce.status, 409, JSON.stringify(unknownNonce.body));

    assert.equal((await list(victim)).get("github")?.status, "not_connected");
    assert.equal((await githubEvents(victim.userId)).length, 0);
  });

  test("an expired nonce is refused even with a valid signature", async () => {
    const user = await newUser("int-gh-expired");
    const { authUrl, state } = await connect(user);
    const nonce = JSON.parse(Buffer.from(state.split(".")[1] ?? "", "base64url").toString()).n as string;
    await withSql(
      (sql) =>
        sql`update private.oauth_states set expires_at = now() - interval '1 second' where nonce = ${nonce}`,
    );
    const res = await finish(await authorize(authUrl, { login: login() }), user);
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal((await list(user)).get("github")?.status, "not_connected");
  });

  test("declined at GitHub, or a bad code: a 4xx naming GitHub's reason and where to return", async () => {
    const user = await newUser("int-gh-deny");
    const denied = await connect(user, { redirect_to: "/onboarding?step=integrations" });
    const res = await finish(await authorize(denied.authUrl, { fake_decision: "deny" }), user);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(errorOf(res.body).code, "oauth_declined");
    assert.deepEqual(errorOf(res.body).details, {
      reason: "access_denied",
      redirect_to: "/onboarding?step=integrations",
    });

    const bad = await connect(user);
    const cb = await authorize(bad.authUrl, { login: login() });
    cb.searchParams.set("code", "00000000000000000000");
    const res2 = await finish(cb, user);
    assert.equal(res2.status, 400, JSON.stringify(res2.body));
    assert.equal(errorOf(res2.body).code, "oauth_code_rejected");
    assert.equal(errorOf(res2.body).details?.reason, "bad_verification_code");

    assert.equal((await list(user)).get("github")?.status, "not_connected");
    assert.equal((await githubEvents(user.userId)).length, 0);
  });

  test("reconnecting replaces the token and emits a new event", async () => {
    const user = await newUser("int-gh-reconnect");
    const name = login();
    for (let i = 0; i < 2; i++) {
      const { authUrl } = await connect(user);
      const res = await finish(await authorize(authUrl, { login: name }), user);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    assert.equal((await tokenRows(user.userId)).length, 1);
    assert.equal((await githubEvents(user.userId)).length, 2);
  });
});

// ==================================================================================================
describe("npm run keys:rotate (scripts/keys-rotate.ts)", () => {
  test("moves rows under an old key to the active one; the function still uses them; unknown keys are reported", async () => {
    const user = await newUser("int-rotate");
    const name = login();
    const { authUrl } = await connect(user);
    assert.equal((await finish(await authorize(authUrl, { login: name }), user)).status, 200);
    const [row] = await tokenRows(user.userId);
    const token = await decryptToken(keyring, row?.token_encrypted ?? "", tokenAad(user.userId, "github"));
    secrets.push(token);

    // As if it had been saved before fake-2 existed: encrypted under fake-1.
    const old = parseKeyring(`fake-1:${FAKE_KEYS["fake-1"]}`);
    const oldEnvelope = (await encryptToken(old, token, tokenAad(user.userId, "github"))).envelope;
    await withSql(
      (sql) =>
        sql`update public.api_tokens set token_encrypted = ${oldEnvelope}, key_id = 'fake-1' where user_id = ${user.userId}`,
    );

    const result = await withSql((sql) =>
      rotateTokens(sql, keyring, { userIds: [user.userId], batchSize: 1 }),
    );
    assert.deepEqual(
      {
        candidates: result.candidates,
        rotated: result.rotated,
        failed: result.failed,
        remaining: result.remaining,
      },
      { candidates: 1, rotated: 1, failed: [], remaining: 0 },
    );
    const [rotated] = await tokenRows(user.userId);
    assert.equal(rotated?.key_id, "fake-2");
    assert.notEqual(rotated?.token_encrypted, oldEnvelope);
    assert.equal(
      await decryptToken(keyring, rotated?.token_encrypted ?? "", tokenAad(user.userId, "github")),
      token,
    );

    // The function decrypts the rotated row: revoking at GitHub works with it.
    const del = await api(`${LIST}/github`, { method: "DELETE", token: user.accessToken });
    assert.equal((del.body as { revoked_at_provider: boolean }).revoked_at_provider, true);

    // A row under a key the keyring does not have is reported and left alone.
    const stranger = await newUser("int-rotate-unknown");
    const foreign = parseKeyring(`gone:${randomBytes(32).toString("base64")}`);
    const envelope = (await encryptToken(foreign, "secret-token", tokenAad(stranger.userId, "gmail")))
      .envelope;
    await withSql(
      (sql) => sql`
        insert into public.api_tokens (user_id, provider, token_encrypted, key_id, masked_suffix)
        values (${stranger.userId}, 'gmail', ${envelope}, 'gone', 'oken')`,
    );
    const failed = await withSql((sql) => rotateTokens(sql, keyring, { userIds: [stranger.userId] }));
    assert.equal(failed.rotated, 0);
    assert.equal(failed.failed.length, 1);
    assert.match(failed.failed[0]?.error ?? "", /no key "gone"/);
    assert.equal((await tokenRows(stranger.userId))[0]?.token_encrypted, envelope);
    // Leave no undecryptable row behind: a real `npm run keys:rotate` on this database would report it.
    await withSql((sql) => sql`delete from public.api_tokens where user_id = ${stranger.userId}`);
  });
  test("the CLI reads the keyring and database from the environment and reports as JSON", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(REPO_ROOT, "scripts/keys-rotate.ts"), "--dry-run", "--batch", "50"],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: {
          ...process.env,
          SUPABASE_DB_URL: env.dbUrl,
          TOKEN_ENCRYPTION_KEYS: FAKE_TOKEN_ENCRYPTION_KEYS,
        },
      },
    );
    const report = JSON.parse(run.stdout) as { active_key: string; dry_run: boolean; failed: unknown[] };
    assert.equal(report.active_key, "fake-2");
    assert.equal(report.dry_run, true);
    assert.equal(run.status, report.failed.length > 0 ? 1 : 0, run.stderr);

    const broken = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(REPO_ROOT, "scripts/keys-rotate.ts")],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, SUPABASE_DB_URL: env.dbUrl, TOKEN_ENCRYPTION_KEYS: "k1:tooshort" },
      },
    );
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /key "k1" must be 32 bytes/);
  });
});

// ==================================================================================================
describe("secrets never leave", () => {
  test("no response in this file contained any token or key it saved", () => {
    assert.ok(secrets.length >= 5, "the scan has secrets to look for");
    const everything = seenBodies.join("\n");
    for (const secret of secrets)
      assert.ok(!everything.includes(secret), `a response contained ${secret.slice(0, 6)}…`);
  });

  test("nor did the stack's logs (when this runs beside the devstack's state dir)", () => {
    const profile =
      process.env.CP_PROFILE ??
      ({ "54321": "dev", "55321": "test" } as Record<string, string>)[new URL(env.apiUrl).port];
    const dir = profile ? path.join(REPO_ROOT, ".devstack", profile, "logs") : "";
    if (!dir || !existsSync(dir)) return;
    const logs = readdirSync(dir)
      .filter((f) => f.endsWith(".log"))
      .map((f) => readFileSync(path.join(dir, f), "utf8"))
      .join("\n");
    assert.ok(logs.includes("/integrations/v1/integrations"), "the integrations requests are in the logs");
    for (const secret of secrets)
      assert.ok(!logs.includes(secret), `a log line contained ${secret.slice(0, 6)}…`);
  });
});
