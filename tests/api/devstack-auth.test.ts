/**
 * The devstack gateway's `/auth/v1` (GoTrue-compatible subset), driven by the official
 * `@supabase/supabase-js` client; `fetch` only for what the client cannot express (JWKS, forged
 * tokens, missing API key, OAuth authorize).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, test } from "node:test";
import { isAuthApiError, isAuthWeakPasswordError } from "@supabase/supabase-js";
import * as jose from "jose";
import postgres from "postgres";
import { anonClient, env, newUser, serviceClient } from "../support/env.js";

const authUrl = `${env.apiUrl}/auth/v1`;
const sql = postgres(env.dbUrl, { max: 2, onnotice: () => {} });
after(() => sql.end({ timeout: 2 }));

const email = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@example.test`;

async function fetchJwks(): Promise<jose.JSONWebKeySet> {
  const res = await fetch(`${authUrl}/.well-known/jwks.json`);
  assert.equal(res.status, 200);
  return (await res.json()) as jose.JSONWebKeySet;
}

describe("sign-up", () => {
  test("returns a session whose ES256 access token carries Supabase's claims", async () => {
    const client = anonClient();
    const address = email("signup");
    const { data, error } = await client.auth.signUp({
      email: address,
      password: "correct-horse",
      options: { data: { full_name: "Ada Lovelace" } },
    });
    assert.equal(error, null);
    assert.ok(data.session && data.user);
    assert.equal(data.user.email, address);
    assert.equal(data.user.aud, "authenticated");
    assert.equal(data.user.role, "authenticated");
    assert.ok(data.user.email_confirmed_at, "auto-confirmed locally");
    assert.equal(data.user.user_metadata.full_name, "Ada Lovelace");
    assert.deepEqual(data.user.app_metadata, { provider: "email", providers: ["email"] });
    assert.equal(data.user.identities?.[0]?.provider, "email");
    assert.equal(data.user.is_anonymous, false);
    assert.equal(data.session.token_type, "bearer");
    assert.equal(data.session.expires_in, 3600);

    const jwks = await fetchJwks();
    const { payload, protectedHeader } = await jose.jwtVerify(
      data.session.access_token,
      jose.createLocalJWKSet(jwks),
      { issuer: authUrl, audience: "authenticated" },
    );
    assert.equal(protectedHeader.alg, "ES256");
    assert.equal(protectedHeader.kid, jwks.keys[0]?.kid);
    assert.equal(payload.sub, data.user.id);
    assert.equal(payload.role, "authenticated");
    assert.equal(payload.email, address);
    assert.equal(payload.phone, "");
    assert.equal(payload.aal, "aal1");
    assert.equal(payload.is_anonymous, false);
    assert.equal(typeof payload.session_id, "string");
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 3600);
    assert.deepEqual(
      (payload.amr as { method: string }[]).map((a) => a.method),
      ["password"],
    );

    // supabase-js verifies the token itself against the published JWKS.
    const claims = await client.auth.getClaims();
    assert.equal(claims.error, null);
    assert.equal(claims.data?.claims.sub, data.user.id);
  });

  test("refuses an email that is already registered", async () => {
    const user = await newUser("dup");
    const { data, error } = await anonClient().auth.signUp({ email: user.email, password: "another-pass" });
    assert.ok(isAuthApiError(error));
    assert.equal(error.status, 422);
    assert.equal(error.code, "user_already_exists");
    assert.equal(error.message, "User already registered");
    assert.equal(data.session, null);
  });

  test("refuses a password shorter than 6 characters", async () => {
    const { error } = await anonClient().auth.signUp({ email: email("weak"), password: "12345" });
    assert.ok(isAuthWeakPasswordError(error));
    assert.equal(error.status, 422);
    assert.equal(error.code, "weak_password");
    assert.deepEqual(error.reasons, ["length"]);
  });

  test("refuses a malformed email", async () => {
    const { error } = await anonClient().auth.signUp({ email: "not-an-email", password: "long-enough" });
    assert.ok(isAuthApiError(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, "validation_failed");
  });
});

describe("password sign-in", () => {
  test("signs in, records last_sign_in_at, and refuses a wrong password", async () => {
    const user = await newUser("signin");
    await sql`update auth.users set last_sign_in_at = now() - interval '1 day' where id = ${user.userId}`;
    const client = anonClient();
    const ok = await client.auth.signInWithPassword({ email: user.email, password: user.password });
    assert.equal(ok.error, null);
    assert.equal(ok.data.user?.id, user.userId);
    const [row] = await sql<{ age: number }[]>`
      select extract(epoch from now() - last_sign_in_at)::float as age from auth.users where id = ${user.userId}`;
    assert.ok(row && row.age < 60, "last_sign_in_at is fresh");

    const wrong = await anonClient().auth.signInWithPassword({
      email: user.email,
      password: "not-the-password",
    });
    assert.ok(isAuthApiError(wrong.error));
    assert.equal(wrong.error.status, 400);
    assert.equal(wrong.error.code, "invalid_credentials");
    assert.equal(wrong.error.message, "Invalid login credentials");
    assert.equal(wrong.data.session, null);

    const unknown = await anonClient().auth.signInWithPassword({
      email: email("nobody"),
      password: "whatever1",
    });
    assert.equal(unknown.error?.code, "invalid_credentials");
  });

  test("accepts a pgcrypto bcrypt hash as seed.sql writes it", async () => {
    const id = randomUUID();
    const address = email("seeded");
    await sql`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                              raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${address},
              extensions.crypt('seeded-password', extensions.gen_salt('bf')), now(),
              '{"provider":"email","providers":["email"]}', '{}', now(), now())`;
    await sql`
      insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
      values (${id}, ${id}, ${sql.json({ sub: id, email: address })}, 'email', now(), now())`;
    const { data, error } = await anonClient().auth.signInWithPassword({
      email: address,
      password: "seeded-password",
    });
    assert.equal(error, null);
    assert.equal(data.user?.id, id);
    await sql`delete from auth.users where id = ${id}`;
  });
});

describe("sessions", () => {
  test("getUser returns the signed-in user; updateUser changes metadata and password", async () => {
    const user = await newUser("update");
    const got = await user.client.auth.getUser();
    assert.equal(got.error, null);
    assert.equal(got.data.user?.id, user.userId);
    assert.equal(got.data.user?.email, user.email);

    const meta = await user.client.auth.updateUser({ data: { display_name: "Grace", theme: "dark" } });
    assert.equal(meta.error, null);
    assert.equal(meta.data.user?.user_metadata.display_name, "Grace");
    const cleared = await user.client.auth.updateUser({ data: { theme: null } });
    assert.equal(cleared.data.user?.user_metadata.theme, undefined);
    assert.equal(cleared.data.user?.user_metadata.display_name, "Grace");

    const same = await user.client.auth.updateUser({ password: user.password });
    assert.equal(same.error?.code, "same_password");
    const changed = await user.client.auth.updateUser({ password: "brand-new-password" });
    assert.equal(changed.error, null);
    const oldPw = await anonClient().auth.signInWithPassword({ email: user.email, password: user.password });
    assert.equal(oldPw.error?.code, "invalid_credentials");
    const newPw = await anonClient().auth.signInWithPassword({
      email: user.email,
      password: "brand-new-password",
    });
    assert.equal(newPw.error, null);
  });

  test("refresh tokens rotate and are single-use; reusing one ends the session", async () => {
    const user = await newUser("refresh");
    const first = await user.client.auth.getSession();
    const oldRefresh = first.data.session?.refresh_token;
    assert.ok(oldRefresh);

    const rotated = await user.client.auth.refreshSession();
    assert.equal(rotated.error, null);
    const newRefresh = rotated.data.session?.refresh_token;
    assert.ok(newRefresh && newRefresh !== oldRefresh);
    const [row] = await sql<{ revoked: boolean; parent: string | null }[]>`
      select (select revoked from auth.refresh_tokens where token = ${oldRefresh}) as revoked,
             (select parent from auth.refresh_tokens where token = ${newRefresh}) as parent`;
    assert.deepEqual(row, { revoked: true, parent: oldRefresh });

    const reuse = await anonClient().auth.refreshSession({ refresh_token: oldRefresh });
    assert.ok(isAuthApiError(reuse.error));
    assert.equal(reuse.error.status, 400);
    assert.equal(reuse.error.code, "refresh_token_already_used");

    // The whole session is revoked: the newest token and the access token stop working too.
    const next = await anonClient().auth.refreshSession({ refresh_token: newRefresh });
    assert.equal(next.error?.code, "refresh_token_not_found");
    const me = await anonClient().auth.getUser(rotated.data.session?.access_token);
    assert.equal(me.data.user, null);
    assert.ok(me.error);
  });

  test("an unknown refresh token is refused", async () => {
    const { error } = await anonClient().auth.refreshSession({ refresh_token: "no-such-token" });
    assert.equal(error?.code, "refresh_token_not_found");
  });

  test("signOut ends the session: its access and refresh tokens stop working", async () => {
    const user = await newUser("logout");
    const { data } = await user.client.auth.getSession();
    const session = data.session;
    assert.ok(session);
    const out = await user.client.auth.signOut();
    assert.equal(out.error, null);
    const me = await anonClient().auth.getUser(session.access_token);
    assert.equal(me.data.user, null);
    assert.ok(me.error);
    const again = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    assert.equal(again.error?.code, "refresh_token_not_found");
  });

  test("signOut scope 'others' keeps the current session and ends the rest", async () => {
    const user = await newUser("others");
    const second = anonClient();
    const signIn = await second.auth.signInWithPassword({ email: user.email, password: user.password });
    assert.equal(signIn.error, null);
    const out = await second.auth.signOut({ scope: "others" });
    assert.equal(out.error, null);
    assert.equal((await second.auth.getUser()).data.user?.id, user.userId);
    const first = await anonClient().auth.getUser(user.accessToken);
    assert.equal(first.data.user, null);
  });
});

describe("admin", () => {
  test("creates, lists, reads and deletes users; a deleted user cannot sign in", async () => {
    const admin = serviceClient().auth.admin;
    const address = email("admin");
    const created = await admin.createUser({
      email: address,
      password: "admin-made-pw",
      email_confirm: true,
      user_metadata: { full_name: "Made By Admin" },
    });
    assert.equal(created.error, null);
    const id = created.data.user?.id;
    assert.ok(id);
    assert.equal(created.data.user?.user_metadata.full_name, "Made By Admin");

    const dup = await admin.createUser({ email: address, password: "admin-made-pw", email_confirm: true });
    assert.equal(dup.error?.code, "email_exists");

    const list = await admin.listUsers({ page: 1, perPage: 1000 });
    assert.equal(list.error, null);
    assert.ok(list.data.users.some((u) => u.id === id));

    const byId = await admin.getUserById(id);
    assert.equal(byId.data.user?.email, address);

    const client = anonClient();
    const signIn = await client.auth.signInWithPassword({ email: address, password: "admin-made-pw" });
    assert.equal(signIn.error, null);

    const del = await admin.deleteUser(id);
    assert.equal(del.error, null);
    const [gone] = await sql`select 1 from auth.users where id = ${id}`;
    assert.equal(gone, undefined);
    const after = await anonClient().auth.signInWithPassword({ email: address, password: "admin-made-pw" });
    assert.equal(after.error?.code, "invalid_credentials");
    const me = await client.auth.getUser();
    assert.equal(me.data.user, null);
    const missing = await admin.getUserById(id);
    assert.equal(missing.error?.status, 404);
  });

  test("an unconfirmed admin-created user cannot sign in until confirmed", async () => {
    const admin = serviceClient().auth.admin;
    const address = email("unconfirmed");
    const created = await admin.createUser({ email: address, password: "pending-pw" });
    assert.equal(created.error, null);
    const first = await anonClient().auth.signInWithPassword({ email: address, password: "pending-pw" });
    assert.equal(first.error?.code, "email_not_confirmed");
    const id = created.data.user?.id ?? "";
    await admin.updateUserById(id, { email_confirm: true });
    const second = await anonClient().auth.signInWithPassword({ email: address, password: "pending-pw" });
    assert.equal(second.error, null);
    await admin.deleteUser(id);
  });

  test("the admin API refuses the anon key and user tokens", async () => {
    const anon = await anonClient().auth.admin.listUsers();
    assert.ok(isAuthApiError(anon.error));
    assert.equal(anon.error.status, 403);
    assert.equal(anon.error.code, "not_admin");
    const user = await newUser("notadmin");
    const res = await fetch(`${authUrl}/admin/users`, {
      headers: { apikey: env.anonKey, authorization: `Bearer ${user.accessToken}` },
    });
    assert.equal(res.status, 403);
  });
});

describe("protocol edges", () => {
  test("JWKS publishes the public signing key only", async () => {
    const jwks = await fetchJwks();
    assert.equal(jwks.keys.length, 1);
    const key = jwks.keys[0] as jose.JWK;
    assert.equal(key.kty, "EC");
    assert.equal(key.crv, "P-256");
    assert.equal(key.alg, "ES256");
    assert.equal(key.use, "sig");
    assert.ok(key.kid);
    assert.equal(key.d, undefined, "no private part");
  });

  test("forged, foreign and unsigned tokens are refused by /user", async () => {
    const user = await newUser("forged");
    const [header, payload] = user.accessToken.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
    const { kid } = JSON.parse(Buffer.from(header ?? "", "base64url").toString());

    const { privateKey } = await jose.generateKeyPair("ES256");
    const foreign = await new jose.SignJWT(claims).setProtectedHeader({ alg: "ES256", kid }).sign(privateKey);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${payload}.`;
    const hs = await new jose.SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("not-the-secret-not-the-secret-123"));
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString("base64url")}.${
      user.accessToken.split(".")[2]
    }`;
    for (const token of [foreign, unsigned, hs, tampered]) {
      const { data, error } = await anonClient().auth.getUser(token);
      assert.equal(data.user, null);
      assert.ok(isAuthApiError(error), `refused: ${token.slice(0, 20)}`);
      assert.equal(error.status, 403);
      assert.equal(error.code, "bad_jwt");
    }
  });

  test("every endpoint but the open ones needs an API key", async () => {
    const res = await fetch(`${authUrl}/settings`);
    assert.equal(res.status, 401);
    const bad = await fetch(`${authUrl}/settings`, { headers: { apikey: "not-a-key" } });
    assert.equal(bad.status, 401);
    const settings = await fetch(`${authUrl}/settings`, { headers: { apikey: env.anonKey } });
    assert.equal(settings.status, 200);
    const body = (await settings.json()) as {
      external: Record<string, boolean>;
      mailer_autoconfirm: boolean;
    };
    assert.equal(body.mailer_autoconfirm, true);
    assert.equal(body.external.github, false);
    assert.equal(body.external.google, false);
  });

  test("OAuth providers are not enabled locally", async () => {
    const res = await fetch(`${authUrl}/authorize?provider=github`, { redirect: "manual" });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      code: 400,
      error_code: "validation_failed",
      msg: "Unsupported provider: provider is not enabled",
    });
    const { data } = await anonClient().auth.signInWithOAuth({
      provider: "github",
      options: { skipBrowserRedirect: true },
    });
    assert.ok(data.url?.startsWith(`${authUrl}/authorize?provider=github`));
  });

  test("errors carry GoTrue's API version header", async () => {
    const res = await fetch(`${authUrl}/token?grant_type=password`, {
      method: "POST",
      headers: {
        apikey: env.anonKey,
        "content-type": "application/json",
        "x-supabase-api-version": "2024-01-01",
      },
      body: JSON.stringify({ email: email("hdr"), password: "whatever1" }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("x-supabase-api-version"), "2024-01-01");
    assert.deepEqual(await res.json(), { code: "invalid_credentials", msg: "Invalid login credentials" });
  });
});
