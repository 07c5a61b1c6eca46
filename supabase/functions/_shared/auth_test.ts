import { assertEquals, assertRejects } from "./test_assert.ts";
import { createLocalJWKSet, createRemoteJWKSet } from "jose";
import { AppError } from "./errors.ts";
import { type VerifierConfig, verifyAccessToken, verifyAccessTokenCached } from "./auth.ts";
import { makeKeys, sign, tamper, textKey, unsignedToken, USER_ID, userClaims } from "./test_support.ts";

const URL_ = "http://127.0.0.1:54321";
const SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const keys = await makeKeys();
const config: VerifierConfig = {
  issuer: `${URL_}/auth/v1`,
  jwks: createLocalJWKSet(keys.jwks as never),
  hs256Secret: SECRET,
};

async function rejectsWith(token: string, code: string, cfg: VerifierConfig = config): Promise<AppError> {
  const err = await assertRejects(() => verifyAccessToken(token, cfg), AppError);
  assertEquals((err as AppError).code, code, (err as AppError).message);
  return err as AppError;
}

Deno.test("accepts an ES256 user token from the JWKS and returns its claims", async () => {
  const claims = await verifyAccessToken(await sign(userClaims(URL_), keys.es256, "ES256", "es-key"), config);
  assertEquals(claims.sub, USER_ID);
  assertEquals(claims.email, "asha@example.test");
  assertEquals(claims.role, "authenticated");
});

Deno.test("accepts an RS256 user token from the JWKS", async () => {
  const claims = await verifyAccessToken(await sign(userClaims(URL_), keys.rs256, "RS256", "rs-key"), config);
  assertEquals(claims.sub, USER_ID);
});

Deno.test("accepts an HS256 user token when the legacy secret is configured", async () => {
  const claims = await verifyAccessToken(await sign(userClaims(URL_), textKey(SECRET), "HS256"), config);
  assertEquals(claims.sub, USER_ID);
});

Deno.test("refuses HS256 tokens when no secret is configured", async () => {
  const token = await sign(userClaims(URL_), textKey(SECRET), "HS256");
  await rejectsWith(token, "invalid_token", { ...config, hs256Secret: undefined });
});

Deno.test("refuses an HS256 token signed with another secret", async () => {
  const token = await sign(
    userClaims(URL_),
    textKey("not-the-secret-not-the-secret-not-the-secret"),
    "HS256",
  );
  const err = await rejectsWith(token, "invalid_token");
  assertEquals(err.status, 401);
});

Deno.test("refuses alg:none, whatever its claims say", async () => {
  await rejectsWith(unsignedToken(userClaims(URL_)), "invalid_token");
  const noneUpper = unsignedToken(userClaims(URL_)).replace(
    /^[^.]+/,
    btoa('{"alg":"NONE"}').replace(/=+$/, ""),
  );
  await rejectsWith(noneUpper, "invalid_token");
});

Deno.test("refuses an expired token with token_expired", async () => {
  const past = Math.floor(Date.now() / 1000) - 7200;
  const token = await sign(userClaims(URL_, { iat: past, exp: past + 3600 }), keys.es256, "ES256", "es-key");
  const err = await rejectsWith(token, "token_expired");
  assertEquals(err.status, 401);
  const hs = await sign(userClaims(URL_, { iat: past, exp: past + 3600 }), textKey(SECRET), "HS256");
  await rejectsWith(hs, "token_expired");
});

Deno.test("refuses a token without exp", async () => {
  const claims = userClaims(URL_);
  delete claims.exp;
  await rejectsWith(await sign(claims, keys.es256, "ES256", "es-key"), "invalid_token");
});

Deno.test("refuses a token from another issuer", async () => {
  const token = await sign(userClaims("https://evil.example"), keys.es256, "ES256", "es-key");
  await rejectsWith(token, "invalid_token");
});

Deno.test("refuses a token for another audience or role", async () => {
  await rejectsWith(
    await sign(userClaims(URL_, { aud: "web" }), keys.es256, "ES256", "es-key"),
    "invalid_token",
  );
  await rejectsWith(
    await sign(userClaims(URL_, { role: "supabase_admin" }), keys.es256, "ES256", "es-key"),
    "invalid_token",
  );
});

Deno.test("accepts aud as an array containing authenticated", async () => {
  const token = await sign(userClaims(URL_, { aud: ["authenticated", "x"] }), keys.es256, "ES256", "es-key");
  assertEquals((await verifyAccessToken(token, config)).sub, USER_ID);
});

Deno.test("refuses a token whose sub is not a uuid", async () => {
  await rejectsWith(
    await sign(userClaims(URL_, { sub: "admin" }), keys.es256, "ES256", "es-key"),
    "invalid_token",
  );
});

Deno.test("refuses a forged token: right kid, wrong key", async () => {
  await rejectsWith(await sign(userClaims(URL_), keys.rogue, "ES256", "es-key"), "invalid_token");
});

Deno.test("refuses a token signed by an unknown kid", async () => {
  await rejectsWith(await sign(userClaims(URL_), keys.rogue, "ES256", "rogue"), "invalid_token");
});

Deno.test("refuses a tampered payload (sub swapped after signing)", async () => {
  const token = await sign(userClaims(URL_), keys.es256, "ES256", "es-key");
  const tampered = tamper(token, userClaims(URL_, { sub: crypto.randomUUID() }));
  await rejectsWith(tampered, "invalid_token");
});

Deno.test("refuses malformed tokens", async () => {
  for (const token of ["abc", "a.b", "a.b.c", "....", "eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln"]) {
    await rejectsWith(token, "invalid_token");
  }
});

Deno.test("refuses algorithms outside ES256/RS256/HS256", async () => {
  const token = await sign(userClaims(URL_), textKey(SECRET), "HS256");
  const hs512Header = btoa('{"alg":"HS512","typ":"JWT"}').replace(/=+$/, "");
  await rejectsWith(token.replace(/^[^.]+/, hs512Header), "invalid_token");
});

Deno.test("the anon and service-role API keys are not user sessions (unauthorized)", async () => {
  const now = Math.floor(Date.now() / 1000);
  for (const role of ["anon", "service_role"]) {
    const key = await sign(
      { iss: "supabase-demo", role, iat: now, exp: now + 3600 },
      textKey(SECRET),
      "HS256",
    );
    const err = await rejectsWith(key, "unauthorized");
    assertEquals(err.status, 401);
  }
});

Deno.test("an unreachable JWKS is upstream_unavailable, not the caller's fault", async () => {
  const token = await sign(userClaims(URL_), keys.es256, "ES256", "es-key");
  const cfg = {
    ...config,
    jwks: createRemoteJWKSet(new URL("http://127.0.0.1:9/auth/v1/.well-known/jwks.json")),
  };
  const err = await rejectsWith(token, "upstream_unavailable", cfg);
  assertEquals(err.status, 502);
});

Deno.test("refuses a token whose session_id is not a uuid (it is looked up in auth.sessions)", async () => {
  await rejectsWith(
    await sign(userClaims(URL_, { session_id: "'; drop table x" }), keys.es256, "ES256", "es-key"),
    "invalid_token",
  );
});

Deno.test("the verified-token cache returns the same claims and never outlives exp", async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = await sign(userClaims(URL_, { exp: now + 1 }), keys.es256, "ES256", "es-key");
  const first = await verifyAccessTokenCached(token, config);
  assertEquals((await verifyAccessTokenCached(token, config)).sub, first.sub);
  await new Promise((r) => setTimeout(r, 1100));
  const err = await assertRejects(() => verifyAccessTokenCached(token, config), AppError);
  assertEquals((err as AppError).code, "token_expired");
  // A forged token is never served from the cache of a genuine one.
  await assertRejects(
    () => verifyAccessTokenCached(tamper(token, { sub: crypto.randomUUID() }), config),
    AppError,
  );
});
