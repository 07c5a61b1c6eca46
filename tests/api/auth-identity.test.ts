/**
 * Auth & Identity through the running stack: `GET /v1/auth/session`, the 401 family,
 * `GET|PATCH /v1/auth/profile` (display name, LinkedIn URL), and `DELETE /v1/auth/account` (files, auth user, sign-in).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, test } from "node:test";
import { decodeJwt, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import {
  anonClient,
  callFunction,
  env,
  newAdmin,
  newUser,
  serviceClient,
  type TestUser,
  withSql,
} from "../support/env.js";

const SESSION = "auth-identity/v1/auth/session";
const PROFILE = "auth-identity/v1/auth/profile";
const ACCOUNT = "auth-identity/v1/auth/account";

interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { path: string }[] } };
}

const errorCode = (body: unknown) => (body as ErrorBody).error?.code;

function userClaims(userId: string, overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: `${env.apiUrl}/auth/v1`,
    aud: "authenticated",
    role: "authenticated",
    sub: userId,
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

describe("GET /v1/auth/session", () => {
  let user: TestUser;
  before(async () => {
    user = await newUser("session");
  });

  test("returns the signed-in user's id, role, email, display name and token lifetime", async () => {
    const res = await callFunction(SESSION, { token: user.accessToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const claims = decodeJwt(user.accessToken);
    assert.deepEqual(res.body, {
      user_id: user.userId,
      role: "user",
      email: user.email,
      display_name: user.email.split("@")[0],
      issued_at: new Date((claims.iat ?? 0) * 1000).toISOString(),
      expires_at: new Date((claims.exp ?? 0) * 1000).toISOString(),
    });
    assert.ok(res.headers.get("x-request-id"), "every response carries a request id");
  });

  test("an admin's session says role admin (read from profiles, not the token)", async () => {
    const admin = await newAdmin();
    const res = await callFunction(SESSION, { token: admin.accessToken });
    assert.equal(res.status, 200);
    assert.equal((res.body as { role: string }).role, "admin");
  });

  test("echoes a caller's x-request-id", async () => {
    const res = await callFunction(SESSION, {
      token: user.accessToken,
      headers: { "x-request-id": "trace-abc-123" },
    });
    assert.equal(res.headers.get("x-request-id"), "trace-abc-123");
  });
});

describe("401s: who is not a signed-in user", () => {
  let user: TestUser;
  let other: TestUser;
  before(async () => {
    [user, other] = await Promise.all([newUser("victim"), newUser("other")]);
  });

  const expect401 = async (headers: Record<string, string>, code: string) => {
    const res = await callFunction(SESSION, { headers });
    assert.equal(res.status, 401, JSON.stringify(res.body));
    assert.equal(errorCode(res.body), code, JSON.stringify(res.body));
    assert.equal(typeof (res.body as ErrorBody).error.message, "string");
  };

  test("no Authorization header → unauthorized", async () => {
    await expect401({}, "unauthorized");
  });

  test("not a Bearer header → unauthorized", async () => {
    await expect401({ authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }, "unauthorized");
  });

  test("malformed tokens → invalid_token", async () => {
    for (const token of ["garbage", "a.b.c", user.accessToken.slice(0, -10)]) {
      await expect401({ authorization: `Bearer ${token}` }, "invalid_token");
    }
  });

  test("alg:none → invalid_token", async () => {
    const token = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(userClaims(user.userId))}.`;
    await expect401({ authorization: `Bearer ${token}` }, "invalid_token");
  });

  test("forged ES256 (our kid, an attacker's key) → invalid_token", async () => {
    const jwks = (await (await fetch(`${env.apiUrl}/auth/v1/.well-known/jwks.json`)).json()) as {
      keys: { kid?: string }[];
    };
    const kid = jwks.keys[0]?.kid;
    assert.ok(kid, "the stack publishes a signing key");
    const { privateKey } = await generateKeyPair("ES256");
    const token = await new SignJWT(userClaims(user.userId))
      .setProtectedHeader({ alg: "ES256", kid })
      .sign(privateKey);
    await expect401({ authorization: `Bearer ${token}` }, "invalid_token");
    const unknownKid = await new SignJWT(userClaims(user.userId))
      .setProtectedHeader({ alg: "ES256", kid: "attacker" })
      .sign(privateKey);
    await expect401({ authorization: `Bearer ${unknownKid}` }, "invalid_token");
  });

  test("a real token with its payload swapped to another user → invalid_token", async () => {
    const [header, payload, signature] = user.accessToken.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as JWTPayload;
    const tampered = `${header}.${b64url({ ...claims, sub: other.userId })}.${signature}`;
    await expect401({ authorization: `Bearer ${tampered}` }, "invalid_token");
  });

  test("HS256 signed with a wrong secret → invalid_token", async () => {
    const token = await new SignJWT(userClaims(user.userId))
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(`wrong-${randomUUID()}-${randomUUID()}`));
    await expect401({ authorization: `Bearer ${token}` }, "invalid_token");
  });

  test("the anon and service-role keys are API keys, not users → unauthorized", async () => {
    await expect401({ authorization: `Bearer ${env.anonKey}` }, "unauthorized");
    await expect401({ authorization: `Bearer ${env.serviceRoleKey}` }, "unauthorized");
  });

  describe("with the stack's HS256 secret", { skip: env.jwtSecret ? false : "CP_JWT_SECRET not set" }, () => {
    const hs256 = (claims: JWTPayload) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .sign(new TextEncoder().encode(env.jwtSecret));

    test("a legacy HS256 user token is accepted", async () => {
      const res = await callFunction(SESSION, { token: await hs256(userClaims(user.userId)) });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal((res.body as { user_id: string }).user_id, user.userId);
    });

    test("an expired token → token_expired", async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await hs256(userClaims(user.userId, { iat: now - 7200, exp: now - 3600 }));
      await expect401({ authorization: `Bearer ${token}` }, "token_expired");
    });

    test("another issuer, audience or role → invalid_token", async () => {
      for (const bad of [
        { iss: "https://evil.example/auth/v1" },
        { aud: "other" },
        { role: "supabase_admin" },
      ]) {
        await expect401(
          { authorization: `Bearer ${await hs256(userClaims(user.userId, bad))}` },
          "invalid_token",
        );
      }
    });

    test("a valid token for a user who does not exist → account_missing", async () => {
      await expect401(
        { authorization: `Bearer ${await hs256(userClaims(randomUUID()))}` },
        "account_missing",
      );
    });
  });
});

describe("PATCH /v1/auth/profile", () => {
  let user: TestUser;
  before(async () => {
    user = await newUser("rename");
  });

  test("renames the user (trimmed) and the session shows the new name", async () => {
    const res = await callFunction(PROFILE, {
      method: "PATCH",
      token: user.accessToken,
      body: { display_name: "  Asha Rao  " },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const profile = res.body as Record<string, unknown>;
    assert.equal(profile.id, user.userId);
    assert.equal(profile.display_name, "Asha Rao");
    assert.equal(profile.email, user.email);
    assert.equal(profile.role, "user");
    const session = await callFunction(SESSION, { token: user.accessToken });
    assert.equal((session.body as { display_name: string }).display_name, "Asha Rao");
  });

  test("an empty, blank or over-long name is 422 naming display_name", async () => {
    for (const display_name of ["", "   ", "x".repeat(81), 42]) {
      const res = await callFunction(PROFILE, {
        method: "PATCH",
        token: user.accessToken,
        body: { display_name },
      });
      assert.equal(res.status, 422, JSON.stringify(display_name));
      assert.equal(errorCode(res.body), "validation_failed");
      assert.deepEqual(
        (res.body as ErrorBody).error.details?.fields?.map((f) => f.path),
        ["display_name"],
      );
    }
    const ok = await callFunction(PROFILE, {
      method: "PATCH",
      token: user.accessToken,
      body: { display_name: "y".repeat(80) },
    });
    assert.equal(ok.status, 200, "80 characters is allowed");
  });

  test("role cannot be changed: the field is refused and the role stays user", async () => {
    const res = await callFunction(PROFILE, {
      method: "PATCH",
      token: user.accessToken,
      body: { display_name: "Sneaky", role: "admin" },
    });
    assert.equal(res.status, 422);
    assert.deepEqual(
      (res.body as ErrorBody).error.details?.fields?.map((f) => f.path),
      ["role"],
    );
    const session = await callFunction(SESSION, { token: user.accessToken });
    assert.equal((session.body as { role: string }).role, "user");
    assert.notEqual((session.body as { display_name: string }).display_name, "Sneaky");
  });

  test("sets, reads and clears the LinkedIn URL without touching the name", async () => {
    const linkedin = "https://www.linkedin.com/in/asha-rao";
    const set = await callFunction(PROFILE, {
      method: "PATCH",
      token: user.accessToken,
      body: { linkedin_url: ` ${linkedin} ` },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const before = (await callFunction(PROFILE, { token: user.accessToken })).body as Record<string, unknown>;
    assert.equal(before.linkedin_url, linkedin);
    assert.equal(before.id, user.userId);
    assert.ok(typeof before.display_name === "string" && before.display_name.length > 0);

    const cleared = await callFunction(PROFILE, {
      method: "PATCH",
      token: user.accessToken,
      body: { linkedin_url: "" },
    });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    const after = (await callFunction(PROFILE, { token: user.accessToken })).body as Record<string, unknown>;
    assert.equal(after.linkedin_url, null);
    assert.equal(after.display_name, before.display_name, "the name is kept");
    const [stored] = await withSql(
      (sql) => sql`select linkedin_url from public.profiles where id = ${user.userId}`,
    );
    assert.equal(stored?.linkedin_url, null);
  });

  test("a LinkedIn URL that is not a linkedin.com profile, or an empty patch, is 422", async () => {
    for (const linkedin_url of [
      "linkedin asha",
      "https://evil.example/in/asha",
      "javascript:alert(1)",
      "https://www.linkedin.com/in/a\u0000b",
      "https://www.linkedin.com/in/asha?x=\u0000",
      7,
    ]) {
      const res = await callFunction(PROFILE, {
        method: "PATCH",
        token: user.accessToken,
        body: { linkedin_url },
      });
      assert.equal(res.status, 422, JSON.stringify(linkedin_url));
      assert.deepEqual(
        (res.body as ErrorBody).error.details?.fields?.map((f) => f.path),
        ["linkedin_url"],
      );
    }
    const empty = await callFunction(PROFILE, { method: "PATCH", token: user.accessToken, body: {} });
    assert.equal(empty.status, 422, JSON.stringify(empty.body));
  });

  test("without a token it is 401", async () => {
    const res = await callFunction(PROFILE, { method: "PATCH", body: { display_name: "Nobody" } });
    assert.equal(res.status, 401);
    assert.equal((await callFunction(PROFILE)).status, 401);
  });
});

describe("DELETE /v1/auth/account", () => {
  let leaver: TestUser;
  let bystander: TestUser;
  const pdf = new Blob(["%PDF-1.4\n%test\n"], { type: "application/pdf" });
  const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], {
    type: "image/png",
  });
  let ownedElsewhere: string;

  before(async () => {
    [leaver, bystander] = await Promise.all([newUser("leaver"), newUser("bystander")]);
    const storage = serviceClient().storage;
    ownedElsewhere = `shared/${randomUUID()}.pdf`;
    const uploads = await Promise.all([
      storage.from("resumes").upload(`${leaver.userId}/cv.pdf`, pdf, { contentType: "application/pdf" }),
      storage
        .from("certificates")
        .upload(`${leaver.userId}/certs/aws.png`, png, { contentType: "image/png" }),
      storage.from("resumes").upload(ownedElsewhere, pdf, { contentType: "application/pdf" }),
      storage.from("resumes").upload(`${bystander.userId}/cv.pdf`, pdf, { contentType: "application/pdf" }),
    ]);
    for (const u of uploads) assert.equal(u.error, null, u.error?.message);
    // An object the leaver uploaded outside their folder: found through `owner`.
    await withSql(
      (sql) => sql`update storage.objects set owner = ${leaver.userId}, owner_id = ${leaver.userId}
                   where bucket_id = 'resumes' and name = ${ownedElsewhere}`,
    );
  });

  test("needs the confirmation: no body or a wrong word is 422 and nothing is deleted", async () => {
    for (const body of [undefined, {}, { confirm: "delete" }, { confirm: "yes" }]) {
      const res = await callFunction(ACCOUNT, { method: "DELETE", token: leaver.accessToken, body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(errorCode(res.body), "validation_failed");
    }
    const session = await callFunction(SESSION, { token: leaver.accessToken });
    assert.equal(session.status, 200, "the account still works");
  });

  test("without a token it is 401", async () => {
    const res = await callFunction(ACCOUNT, { method: "DELETE", body: { confirm: "DELETE" } });
    assert.equal(res.status, 401);
  });

  test("deletes the user's files and account; they cannot sign in; others' files stay", async () => {
    const res = await callFunction(ACCOUNT, {
      method: "DELETE",
      token: leaver.accessToken,
      body: { confirm: "DELETE" },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { status: "deleted" });

    const storage = serviceClient().storage;
    for (const [bucket, path] of [
      ["resumes", `${leaver.userId}/cv.pdf`],
      ["certificates", `${leaver.userId}/certs/aws.png`],
      ["resumes", ownedElsewhere],
    ] as const) {
      const { data, error } = await storage.from(bucket).download(path);
      assert.ok(error && !data, `${bucket}/${path} is gone`);
    }
    const listed = await storage.from("resumes").list(leaver.userId);
    assert.deepEqual(listed.data ?? [], []);
    const kept = await storage.from("resumes").download(`${bystander.userId}/cv.pdf`);
    assert.equal(kept.error, null, "another user's file is untouched");

    const signIn = await anonClient().auth.signInWithPassword({
      email: leaver.email,
      password: leaver.password,
    });
    assert.ok(signIn.error, "the deleted user cannot sign in");
    assert.equal(signIn.data.session, null);

    const stale = await callFunction(SESSION, { token: leaver.accessToken });
    assert.equal(stale.status, 401, "a token issued before deletion no longer opens a session");
    assert.equal(errorCode(stale.body), "account_missing");

    const bystanderSession = await callFunction(SESSION, { token: bystander.accessToken });
    assert.equal(bystanderSession.status, 200);
  });
});
