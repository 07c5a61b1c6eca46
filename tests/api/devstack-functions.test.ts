/**
 * The devstack gateway's `/functions/v1`, `/docs`, `/health` and CORS, driven by the official
 * `@supabase/supabase-js` client (`functions.invoke`) and `fetch` for the non-client endpoints.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, test } from "node:test";
import { FunctionsHttpError } from "@supabase/supabase-js";
import { anonClient, callFunction, env, newUser, serviceClient } from "../support/env.js";

const hasAuthIdentity = existsSync(
  new URL("../../supabase/functions/auth-identity/index.ts", import.meta.url),
);

describe("functions", () => {
  test("an unknown function is a 404 in the Edge Runtime's shape", async () => {
    const { data, error } = await anonClient().functions.invoke("no-such-function");
    assert.equal(data, null);
    assert.ok(error instanceof FunctionsHttpError);
    const res = error.context as Response;
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { code: "NOT_FOUND", message: "Requested function was not found" });
    for (const name of ["_shared", ".hidden", "..%2F_shared"]) {
      const r = await callFunction(`${name}/app.ts`);
      assert.equal(r.status, 404, name);
    }
  });

  test("invoke reaches the function with the caller's token, method, path and body", {
    skip: !hasAuthIdentity && "auth-identity is not written yet",
  }, async () => {
    const user = await newUser("fn");
    const session = await user.client.functions.invoke("auth-identity/v1/auth/session", { method: "GET" });
    assert.equal(session.error, null);
    assert.equal((session.data as { user_id: string }).user_id, user.userId);
    assert.equal((session.data as { email: string }).email, user.email);

    const renamed = await user.client.functions.invoke("auth-identity/v1/auth/profile", {
      method: "PATCH",
      body: { display_name: "  Devstack Tester  " },
    });
    assert.equal(renamed.error, null);
    assert.equal((renamed.data as { display_name: string }).display_name, "Devstack Tester");

    const anonymous = await callFunction("auth-identity/v1/auth/session", { token: null });
    assert.equal(anonymous.status, 401);
    const wrongMethod = await callFunction("auth-identity/v1/auth/session?x=1", {
      method: "PUT",
      token: user.accessToken,
    });
    assert.equal(wrongMethod.status, 404);
  });

  test("account deletion through auth-identity removes the user's files and the auth user", {
    skip: !hasAuthIdentity && "auth-identity is not written yet",
  }, async () => {
    const user = await newUser("delete-me");
    const service = serviceClient();
    const bucket = "resumes";
    const { data: bucketRow } = await service.storage.getBucket(bucket);
    if (!bucketRow) return; // the project's storage migration is not applied on this database
    const up = await service.storage
      .from(bucket)
      .upload(`${user.userId}/cv.pdf`, Buffer.from("%PDF-1.4\n"), { contentType: "application/pdf" });
    assert.equal(up.error, null);
    const signed = await service.storage.from(bucket).createSignedUrl(`${user.userId}/cv.pdf`, 60);

    const res = await callFunction("auth-identity/v1/auth/account", {
      method: "DELETE",
      token: user.accessToken,
      body: { confirm: "DELETE" },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((await fetch(signed.data?.signedUrl ?? "")).status, 404);
    const again = await anonClient().auth.signInWithPassword({ email: user.email, password: user.password });
    assert.equal(again.error?.code, "invalid_credentials");
  });
});

describe("docs", () => {
  test("routes.json lists every function route once, without middleware entries", async () => {
    const res = await fetch(`${env.apiUrl}/docs/routes.json`);
    assert.equal(res.status, 200);
    const routes = (await res.json()) as { function: string; method: string; path: string }[];
    assert.ok(Array.isArray(routes));
    assert.ok(routes.every((r) => r.method !== "ALL" && r.path.startsWith(`/${r.function}`)));
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    assert.equal(new Set(keys).size, keys.length, "no duplicates");
    if (hasAuthIdentity) {
      assert.ok(
        routes.some(
          (r) =>
            r.function === "auth-identity" &&
            r.method === "GET" &&
            r.path === "/auth-identity/v1/auth/session",
        ),
      );
    }
  });

  test("each function's OpenAPI 3.1 document and the HTML reference are served", {
    skip: !hasAuthIdentity && "auth-identity is not written yet",
  }, async () => {
    const res = await fetch(`${env.apiUrl}/docs/auth-identity/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, "3.1.0");
    assert.ok(doc.paths["/auth-identity/v1/auth/session"]);

    const page = await fetch(`${env.apiUrl}/docs`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    const html = await page.text();
    assert.match(html, /auth-identity/);
    assert.match(html, /\/auth-identity\/v1\/auth\/session/);
    assert.match(html, /display_name/, "schemas are rendered");
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href="http/, "self-contained");

    const missing = await fetch(`${env.apiUrl}/docs/no-such-function/openapi.json`);
    assert.equal(missing.status, 404);
  });
});

describe("gateway", () => {
  test("/health reports the database and each function", async () => {
    const res = await fetch(`${env.apiUrl}/health`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; functions: Record<string, { status: string }> };
    assert.equal(body.status, "ok");
    if (hasAuthIdentity)
      assert.ok(["ok", "loading", "not_loaded"].includes(body.functions["auth-identity"]?.status ?? ""));
  });

  test("CORS: preflights answer 204 and responses allow any origin", async () => {
    for (const path of [
      "/auth/v1/token?grant_type=password",
      "/storage/v1/object/x/y",
      "/functions/v1/auth-identity/v1/auth/session",
    ]) {
      const pre = await fetch(`${env.apiUrl}${path}`, {
        method: "OPTIONS",
        headers: {
          origin: "http://127.0.0.1:3000",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, x-supabase-api-version",
        },
      });
      assert.equal(pre.status, 204, path);
      assert.equal(pre.headers.get("access-control-allow-origin"), "*");
      const allowed = pre.headers.get("access-control-allow-headers") ?? "";
      for (const h of [
        "authorization",
        "x-client-info",
        "apikey",
        "content-type",
        "x-upsert",
        "x-supabase-api-version",
      ]) {
        assert.ok(allowed.includes(h), `${path} allows ${h}`);
      }
    }
    const res = await fetch(`${env.apiUrl}/auth/v1/settings`, {
      headers: { apikey: env.anonKey, origin: "http://x" },
    });
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
  });
});
