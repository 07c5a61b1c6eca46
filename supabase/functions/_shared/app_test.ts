import { createRoute, z } from "@hono/zod-openapi";
import { assert, assertEquals, assertMatch } from "./test_assert.ts";
import { createApp, createRouter, validate } from "./app.ts";
import { requireAdmin, requireUser } from "./auth.ts";
import { AppError, errorResponses } from "./errors.ts";
import { limitOffset, listQuery, pageOf, toPage } from "./pagination.ts";
import { openApiDocument } from "./openapi.ts";
import { makeKeys, serveJwks, sign, textKey, userClaims } from "./test_support.ts";

const keys = await makeKeys();
const jwks = serveJwks(keys.jwks);
const SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
Deno.env.set("SUPABASE_URL", jwks.url);
Deno.env.set("SUPABASE_DB_URL", "postgresql://postgres:postgres@127.0.0.1:9/postgres");
Deno.env.set("SUPABASE_JWT_SECRET", SECRET);

// A test function exercising the kit: validation, pagination, errors, auth guards.
const Item = z.object({ id: z.number().int(), name: z.string() });
const ListItems = listQuery(["name", "created_at"], "-created_at");
const router = createRouter();
router.openapi(
  createRoute({
    method: "get",
    path: "/v1/items",
    request: { query: ListItems },
    responses: { 200: { description: "items", content: { "application/json": { schema: pageOf(Item) } } } },
  }),
  (c) => {
    const q = c.req.valid("query");
    const { offset } = limitOffset(q);
    const items = [{ id: offset + 1, name: q.sort }];
    return c.json(toPage(items, 42, q), 200);
  },
);
router.openapi(
  createRoute({
    method: "post",
    path: "/v1/items",
    request: {
      body: {
        required: true,
        content: {
          "application/json": {
            schema: z.object({ name: z.string().trim().min(1).max(10), tags: z.array(z.string()).max(2) }),
          },
        },
      },
    },
    responses: { 201: { description: "created", content: { "application/json": { schema: Item } } } },
  }),
  (c) => c.json({ id: 1, name: c.req.valid("json").name }, 201),
);
router.get("/v1/boom", () => {
  throw new Error("secret internals: postgres://user:pw@db");
});
router.get("/v1/conflict", () => {
  throw new AppError("conflict", "Already there.", { field: "name" });
});
router.openapi(
  createRoute({
    method: "get",
    path: "/v1/me",
    middleware: [requireUser] as const,
    responses: { 200: { description: "me" }, ...errorResponses(401) },
  }),
  (c) => c.json({ id: c.var.user.id }),
);
router.get("/v1/admin", requireAdmin, (c) => c.json({ ok: true }));
router.get(
  "/v1/plain",
  validate("query", z.object({ q: z.string().max(3) })),
  (c) => c.json(c.req.valid("query")),
);

const app = createApp("kit-test");
app.route("/", router);

async function call(path: string, init: RequestInit = {}) {
  const res = await app.fetch(new Request(`http://functions.local${path}`, init));
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

// Silence the request log lines while these tests run.
const log = console.log;
console.log = () => {};
globalThis.addEventListener("unload", () => {
  console.log = log;
});

Deno.test("routes live under the function's base path; unknown routes are 404 not_found in the error shape", async () => {
  assertEquals((await call("/kit-test/v1/items")).status, 200);
  assertEquals((await call("/v1/items")).status, 404);
  const missing = await call("/kit-test/v1/nothing-here");
  assertEquals(missing.status, 404);
  assertEquals(missing.body.error.code, "not_found");
  assertEquals(typeof missing.body.error.message, "string");
});

Deno.test("x-request-id is echoed when sane and generated otherwise", async () => {
  const echoed = await call("/kit-test/v1/items", { headers: { "x-request-id": "req-123" } });
  assertEquals(echoed.headers.get("x-request-id"), "req-123");
  const generated = await call("/kit-test/v1/items", { headers: { "x-request-id": "bad id\twith spaces" } });
  assertMatch(generated.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  const onError = await call("/kit-test/v1/nothing-here");
  assert(onError.headers.get("x-request-id"), "error responses carry a request id too");
});

Deno.test("CORS preflight allows Supabase's client headers", async () => {
  const res = await app.fetch(
    new Request("http://functions.local/kit-test/v1/items", {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:3000",
        "access-control-request-method": "PATCH",
        "access-control-request-headers": "authorization, x-client-info, apikey, content-type",
      },
    }),
  );
  assertEquals(res.status, 204);
  const allowed = res.headers.get("access-control-allow-headers") ?? "";
  for (const h of ["authorization", "x-client-info", "apikey", "content-type"]) {
    assert(allowed.includes(h), h);
  }
  assert((res.headers.get("access-control-allow-methods") ?? "").includes("PATCH"));
  assertEquals(res.headers.get("access-control-allow-origin"), "*");
});

Deno.test("pagination: defaults, whitelisted sort, offsets", async () => {
  const first = await call("/kit-test/v1/items");
  assertEquals(first.body, { items: [{ id: 1, name: "-created_at" }], total: 42, page: 1, page_size: 20 });
  const third = await call("/kit-test/v1/items?page=3&page_size=5&sort=name");
  assertEquals(third.body, { items: [{ id: 11, name: "name" }], total: 42, page: 3, page_size: 5 });
});

Deno.test("pagination: out-of-range values and unknown sorts are 422 with field details", async () => {
  for (
    const [qs, field] of [
      ["page=0", "page"],
      ["page_size=101", "page_size"],
      ["page_size=0", "page_size"],
      [
        "sort=password",
        "sort",
      ],
      ["sort=-email", "sort"],
      ["page=abc", "page"],
    ]
  ) {
    const res = await call(`/kit-test/v1/items?${qs}`);
    assertEquals(res.status, 422, qs);
    assertEquals(res.body.error.code, "validation_failed", qs);
    assertEquals(res.body.error.details.target, "query", qs);
    assertEquals(res.body.error.details.fields[0].path, field, qs);
  }
});

Deno.test("a zod body failure is 422 validation_failed naming every bad field", async () => {
  const res = await call("/kit-test/v1/items", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "   ", tags: ["a", "b", "c"] }),
  });
  assertEquals(res.status, 422);
  assertEquals(res.body.error.code, "validation_failed");
  assertEquals(res.body.error.message, "The request is invalid.");
  assertEquals(res.body.error.details.target, "json");
  const paths = res.body.error.details.fields.map((f: { path: string }) => f.path).sort();
  assertEquals(paths, ["name", "tags"]);
  for (const f of res.body.error.details.fields) {
    assertEquals(typeof f.code, "string");
    assertEquals(typeof f.message, "string");
  }
});

Deno.test("validate() gives plain Hono routes the same 422 and typed data", async () => {
  assertEquals(await call("/kit-test/v1/plain?q=abc").then((r) => [r.status, r.body]), [200, { q: "abc" }]);
  const bad = await call("/kit-test/v1/plain?q=abcd");
  assertEquals([bad.status, bad.body.error.code, bad.body.error.details.fields[0].path], [
    422,
    "validation_failed",
    "q",
  ]);
});

Deno.test("a valid body passes (trimmed by the schema)", async () => {
  const res = await call("/kit-test/v1/items", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "  ok  ", tags: [] }),
  });
  assertEquals([res.status, res.body], [201, { id: 1, name: "ok" }]);
});

Deno.test("malformed JSON is 400 bad_request; a missing body is 422", async () => {
  const bad = await call("/kit-test/v1/items", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{not json",
  });
  assertEquals([bad.status, bad.body.error.code], [400, "bad_request"]);
  const none = await call("/kit-test/v1/items", { method: "POST" });
  assertEquals([none.status, none.body.error.code], [422, "validation_failed"]);
});

Deno.test("AppErrors render as they are; anything else is a 500 that leaks nothing", async () => {
  const conflict = await call("/kit-test/v1/conflict");
  assertEquals([conflict.status, conflict.body], [409, {
    error: { code: "conflict", message: "Already there.", details: { field: "name" } },
  }]);
  const boom = await call("/kit-test/v1/boom");
  assertEquals(boom.status, 500);
  assertEquals(boom.body, {
    error: { code: "internal_error", message: "Something went wrong on our side." },
  });
});

Deno.test("one JSON log line per request, with status and request id but never the token", async () => {
  const lines: string[] = [];
  console.log = (line: string) => lines.push(line);
  try {
    const token = await sign(userClaims(jwks.url, { exp: 1 }), keys.es256, "ES256", "es-key");
    await call("/kit-test/v1/me?x=1", {
      headers: { authorization: `Bearer ${token}`, "x-request-id": "log-1" },
    });
    await call("/kit-test/v1/boom", { headers: { "x-request-id": "log-2" } });
    assertEquals(lines.length, 2);
    const first = JSON.parse(lines[0]!);
    assertEquals(
      [first.fn, first.method, first.path, first.status, first.request_id, first.code],
      ["kit-test", "GET", "/kit-test/v1/me", 401, "log-1", "token_expired"],
    );
    assertEquals(typeof first.ms, "number");
    assert(!lines[0]!.includes(token.split(".")[2]!), "the token never reaches the log");
    const second = JSON.parse(lines[1]!);
    assertEquals([second.level, second.status], ["error", 500]);
    assertMatch(second.error, /secret internals/, "the 500's cause is logged, not returned");
  } finally {
    console.log = () => {};
  }
});

Deno.test("requireUser: missing, non-bearer, malformed, forged, expired and API-key tokens are 401", async () => {
  const now = Math.floor(Date.now() / 1000);
  const cases: [Record<string, string>, string][] = [
    [{}, "unauthorized"],
    [{ authorization: "Basic dXNlcjpwYXNz" }, "unauthorized"],
    [{ authorization: "Bearer " }, "unauthorized"],
    [{ authorization: "Bearer not-a-jwt" }, "invalid_token"],
    [
      { authorization: `Bearer ${await sign(userClaims(jwks.url), keys.rogue, "ES256", "es-key")}` },
      "invalid_token",
    ],
    [
      {
        authorization: `Bearer ${await sign(
          userClaims(jwks.url, { exp: now - 10 }),
          keys.es256,
          "ES256",
          "es-key",
        )}`,
      },
      "token_expired",
    ],
    [{
      authorization: `Bearer ${await sign(
        { role: "anon", iss: "supabase-demo", exp: now + 60 },
        textKey(SECRET),
        "HS256",
      )}`,
    }, "unauthorized"],
    [{
      authorization: `Bearer ${await sign(userClaims("http://elsewhere"), keys.es256, "ES256", "es-key")}`,
    }, "invalid_token"],
  ];
  for (const [headers, code] of cases) {
    for (const path of ["/kit-test/v1/me", "/kit-test/v1/admin"]) {
      const res = await call(path, { headers });
      assertEquals(
        [res.status, res.body.error.code],
        [401, code],
        `${path} ${JSON.stringify(headers).slice(0, 60)}`,
      );
    }
  }
  assert(jwks.hits() >= 1, "the JWKS was fetched from SUPABASE_URL/auth/v1/.well-known/jwks.json");
});

Deno.test("the JWKS is cached: many verifications, few fetches", async () => {
  const before = jwks.hits();
  const token = await sign(userClaims(jwks.url, { exp: 1 }), keys.es256, "ES256", "es-key");
  for (let i = 0; i < 10; i++) {
    await call("/kit-test/v1/me", { headers: { authorization: `Bearer ${token}` } });
  }
  assert(jwks.hits() - before <= 1, `fetched ${jwks.hits() - before} times`);
});

Deno.test("openApiDocument: 3.1, bearer scheme, paths under the base path, same schemas as validation", () => {
  const doc = openApiDocument(app as never, "kit-test");
  assertEquals(doc.openapi, "3.1.0");
  assertEquals(doc.components?.securitySchemes?.bearerAuth, {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A Supabase user access token (`Authorization: Bearer <access_token>`).",
  });
  assertEquals(Object.keys(doc.paths ?? {}).sort(), ["/kit-test/v1/items", "/kit-test/v1/me"]);
  const params = (doc.paths?.["/kit-test/v1/items"]?.get?.parameters ?? []) as { name: string }[];
  assertEquals(params.map((p) => p.name).sort(), ["page", "page_size", "sort"]);
  // calling it twice does not register the scheme twice
  openApiDocument(app as never, "kit-test");
  const schemes = app.openAPIRegistry.definitions.filter((d) => d.type === "component");
  assertEquals(schemes.length, 1);
});

Deno.test({
  name: "(teardown) stop the JWKS server",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await jwks.server.shutdown();
    console.log = log;
  },
});
