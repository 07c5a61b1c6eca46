/**
 * Fuzz: every route of the functions' OpenAPI documents (the gateway's `/docs/routes.json` and
 * `/docs/<function>/openapi.json`), one field at a time, gets hostile values — NUL bytes, lone
 * surrogates, overlong strings, wrong types, huge numbers, NUL in object keys — in every path,
 * query and body field, as a signed-in user (internal routes: with the service key, so the field
 * reaches the handler). ANY 5xx fails, and is listed with the request that caused it.
 * A sibling block does the same to the gateway's own Auth and Storage endpoints.
 *
 * Postgres refuses NUL in text (SQLSTATE 22021) and `\u0000` in jsonb (22P05): an input that
 * reaches SQL unchecked answered 500 before; the kit's string schema refuses it with 422.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, test } from "node:test";
import { callFunction, env, newUser, type TestUser } from "../support/env.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: Json[];
  const?: Json;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: Json;
  example?: Json;
  format?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Hostile values for a JSON body field. */
const BODY_VALUES: Record<string, Json> = {
  nul: "a\u0000b",
  "nul-only": "\u0000",
  "nul-in-array": ["ok", "a\u0000b"],
  "nul-key": { "a\u0000b": "x" },
  "nul-deep": { x: ["\u0000"] },
  "lone-surrogate": "\ud800",
  overlong: "x".repeat(70_000),
  "huge-array": Array.from({ length: 5000 }, (_, i) => `item-${i}`),
  number: 12345,
  "huge-number": 1e308,
  negative: -1,
  "int64-overflow": 2 ** 63,
  float: 1.5,
  bool: true,
  null: null,
  object: { a: 1 },
  array: [],
};

/** Hostile values for a query or path parameter (raw, before URL encoding). */
const PARAM_VALUES: Record<string, string> = {
  nul: "a\u0000b",
  "nul-only": "\u0000",
  "lone-surrogate": "%ED%A0%80", // sent raw: the UTF-8 bytes of U+D800
  "bad-percent": "%E0%A4%A",
  overlong: "x".repeat(6000),
  "huge-number": "1e308",
  "int64-overflow": "99999999999999999999",
  negative: "-1",
  float: "1.5",
  empty: "",
  "not-uuid": "not-a-uuid",
  bool: "true",
  "json-array": '["a\\u0000"]',
};
const RAW_PARAM = new Set(["lone-surrogate", "bad-percent"]);

interface Finding {
  request: string;
  status: number;
  body: string;
}

function resolve(doc: OpenApiDoc, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) {
    const name = s.$ref.replace("#/components/schemas/", "");
    s = doc.components?.schemas?.[name] ?? {};
  }
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((x) => resolve(doc, x)));
  return s;
}

function typeOf(s: Schema): string | undefined {
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type;
  return t;
}

/** A value the schema accepts (best effort: example, default, enum, then by type). */
function sample(doc: OpenApiDoc, schema: Schema | undefined, depth = 0): Json {
  const s = resolve(doc, schema);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0] as Json;
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) {
    const nonNull = alt.map((x) => resolve(doc, x)).find((x) => typeOf(x) !== "null");
    return sample(doc, nonNull ?? alt[0], depth + 1);
  }
  switch (typeOf(s)) {
    case "object": {
      const out: Record<string, Json> = {};
      if (depth > 4) return out;
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(doc, v, depth + 1);
      return out;
    }
    case "array":
      return s.minItems ? Array.from({ length: s.minItems }, () => sample(doc, s.items, depth + 1)) : [];
    case "integer":
    case "number":
      return s.minimum ?? 1;
    case "boolean":
      return false;
    case "string":
      if (s.format === "uuid") return randomUUID();
      if (s.format === "date-time") return new Date().toISOString();
      if (s.format === "date") return new Date().toISOString().slice(0, 10);
      if (s.format === "uri" || s.format === "url") return "https://example.test/";
      if (s.format === "email") return "fuzz@example.test";
      return "x".repeat(Math.max(1, s.minLength ?? 1));
    default:
      return "x";
  }
}

/** Every field path of a body value (object keys, first array element), up to depth 4. */
function fieldPaths(doc: OpenApiDoc, schema: Schema | undefined, prefix: (string | number)[] = []) {
  const s = resolve(doc, schema);
  const out: (string | number)[][] = [];
  if (prefix.length > 4) return out;
  const alt = s.anyOf ?? s.oneOf;
  const target = alt?.length
    ? resolve(
        doc,
        alt.find((x) => typeOf(resolve(doc, x)) !== "null"),
      )
    : s;
  if (typeOf(target) === "object") {
    for (const [k, v] of Object.entries(target.properties ?? {})) {
      out.push([...prefix, k], ...fieldPaths(doc, v, [...prefix, k]));
    }
  } else if (typeOf(target) === "array") {
    out.push(...fieldPaths(doc, target.items, [...prefix, 0]).concat([[...prefix, 0]]));
  }
  return out;
}

function setAt(value: Json, path: (string | number)[], leaf: Json): Json {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (typeof head === "number") {
    const arr = Array.isArray(value) ? [...value] : [];
    arr[head] = setAt(arr[head] ?? null, rest, leaf);
    return arr;
  }
  const obj = value && typeof value === "object" && !Array.isArray(value) ? { ...value } : {};
  obj[head] = setAt(obj[head] ?? null, rest, leaf);
  return obj;
}

async function send(
  method: string,
  path: string,
  token: string | null,
  body: Json | undefined | { raw: string },
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { apikey: env.anonKey };
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload =
      body &&
      typeof body === "object" &&
      !Array.isArray(body) &&
      "raw" in body &&
      typeof body.raw === "string"
        ? body.raw
        : JSON.stringify(body);
  }
  const res = await fetch(`${env.apiUrl}${path}`, { method, headers, body: payload });
  return { status: res.status, text: (await res.text()).slice(0, 300) };
}

describe("fuzz: the functions' OpenAPI routes", () => {
  let user: TestUser;
  let routes: { function: string; method: string; path: string }[];
  const docs = new Map<string, OpenApiDoc>();

  before(async () => {
    user = await newUser("fuzz");
    const res = await fetch(`${env.apiUrl}/docs/routes.json`);
    assert.equal(res.status, 200);
    routes = (await res.json()) as typeof routes;
    for (const fn of new Set(routes.map((r) => r.function))) {
      const d = await fetch(`${env.apiUrl}/docs/${fn}/openapi.json`);
      assert.equal(d.status, 200, `openapi.json of ${fn}`);
      docs.set(fn, (await d.json()) as OpenApiDoc);
    }
  });

  test("no path, query or body value makes any route answer 5xx", { timeout: 600_000 }, async () => {
    const findings: Finding[] = [];
    let sent = 0;
    for (const route of routes) {
      const doc = docs.get(route.function);
      assert.ok(doc);
      const apiPath = route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      const op = doc.paths[apiPath]?.[route.method.toLowerCase()];
      assert.ok(
        op,
        `${route.method} ${route.path} is served but not in ${route.function}'s OpenAPI document`,
      );
      const token = route.path.includes("/internal/") ? env.serviceRoleKey : user.accessToken;
      const params = (op.parameters ?? []).filter((p) => p.in === "path" || p.in === "query");
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      const baseBody = bodySchema ? sample(doc, bodySchema) : undefined;
      const baseParams = Object.fromEntries(params.map((p) => [p.name, String(sample(doc, p.schema))]));

      const url = (overrides: Record<string, string>, raw: Set<string> = new Set()) => {
        let p = `/functions/v1${route.path}`.replace(/:([A-Za-z0-9_]+)/g, (_, n: string) =>
          raw.has(n) ? (overrides[n] ?? "") : encodeURIComponent(overrides[n] ?? baseParams[n] ?? "x"),
        );
        const query = params
          .filter((q) => q.in === "query")
          .filter((q) => q.name in overrides || q.required)
          .map((q) => {
            const v = overrides[q.name] ?? baseParams[q.name] ?? "";
            return `${encodeURIComponent(q.name)}=${raw.has(q.name) ? v : encodeURIComponent(v)}`;
          });
        if (query.length) p += `?${query.join("&")}`;
        return p;
      };
      const attempt = async (label: string, path: string, body: Json | undefined | { raw: string }) => {
        sent++;
        const res = await send(route.method, path, token, body);
        if (res.status >= 500)
          findings.push({
            request: `${route.method} ${path.slice(0, 160)} ${label}`,
            status: res.status,
            body: res.text,
          });
      };

      for (const p of params) {
        for (const [name, value] of Object.entries(PARAM_VALUES)) {
          const raw = RAW_PARAM.has(name) ? new Set([p.name]) : new Set<string>();
          await attempt(`(${p.in} ${p.name} = ${name})`, url({ [p.name]: value }, raw), baseBody);
        }
        if (p.in === "query") {
          // Repeated and bracketed forms of the same parameter.
          await attempt(
            `(query ${p.name} repeated)`,
            `${url({})}${url({}).includes("?") ? "&" : "?"}${p.name}=a&${p.name}=%00`,
            baseBody,
          );
          await attempt(
            `(query ${p.name}[] nul)`,
            `${url({})}${url({}).includes("?") ? "&" : "?"}${p.name}[]=%00`,
            baseBody,
          );
        }
      }
      if (bodySchema) {
        for (const path of [[], ...fieldPaths(doc, bodySchema)]) {
          for (const [name, value] of Object.entries(BODY_VALUES)) {
            await attempt(
              `(body ${path.join(".") || "<root>"} = ${name})`,
              url({}),
              setAt(baseBody ?? null, path, value),
            );
          }
        }
        for (const raw of ["not json", "", "[", '"\\u0000"', '{"a":"\\ud800"}']) {
          await attempt(`(raw body ${JSON.stringify(raw)})`, url({}), { raw });
        }
      } else if (route.method !== "GET") {
        await attempt("(unexpected body with NUL)", url({}), { x: "\u0000" });
      }
    }
    assert.ok(sent > 200, `only ${sent} requests were sent: route discovery broke`);
    const me = await callFunction("auth-identity/v1/auth/session", { token: user.accessToken });
    assert.equal(
      me.status,
      200,
      "the fuzzing user must survive the fuzz (else later requests proved nothing)",
    );
    assert.deepEqual(
      findings,
      [],
      `${findings.length} of ${sent} requests answered 5xx:\n${findings.map((f) => `  ${f.status} ${f.request}\n      ${f.body}`).join("\n")}`,
    );
  });

  test("a NUL byte in the known text inputs is refused with 422 validation_failed", async () => {
    const cases: [string, string, Json | undefined][] = [
      ["PATCH", "auth-identity/v1/auth/profile", { display_name: "Asha\u0000Rao" }],
      [
        "PUT",
        "onboarding/v1/onboarding",
        { current_step: "career", career: { target_roles: ["dev\u0000ops"] } },
      ],
      [
        "PUT",
        "onboarding/v1/settings/job",
        {
          search_active: false,
          auto_apply: false,
          portals: [],
          roles: ["a\u0000"],
          locations: ["Pune\u0000"],
          min_lpa: null,
          company_types: [],
        },
      ],
      ["GET", "projects/v1/projects?q=a%00b", undefined],
      ["POST", "integrations/v1/integrations/tokens", { provider: "linkedin", token: "tok\u0000en" }],
    ];
    for (const [method, path, body] of cases) {
      const res = await callFunction(path, { method, token: user.accessToken, body });
      assert.equal(res.status, 422, `${method} ${path}: ${JSON.stringify(res.body)}`);
      assert.equal((res.body as { error?: { code?: string } }).error?.code, "validation_failed", path);
    }
  });
});

describe("fuzz: the gateway's Auth and Storage endpoints", () => {
  let user: TestUser;
  before(async () => {
    user = await newUser("fuzz-gw");
  });

  test("NUL bytes and hostile values never answer 5xx", { timeout: 120_000 }, async () => {
    const findings: Finding[] = [];
    const email = () => `fuzz-${randomUUID().slice(0, 8)}@example.test`;
    const auth = "/auth/v1";
    const st = "/storage/v1";
    const bucket = "project-videos";
    const key = `${user.userId}/fuzz.webm`;
    const svc = env.serviceRoleKey;
    const u = () => user.accessToken;
    const cases: [string, string, string | null, Json | undefined | { raw: string }][] = [
      ["POST", `${auth}/signup`, null, { email: `a\u0000${email()}`, password: "password-1" }],
      ["POST", `${auth}/signup`, null, { email: email(), password: "pass\u0000word" }],
      ["POST", `${auth}/signup`, null, { email: email(), password: "password-1", data: { name: "a\u0000" } }],
      ["POST", `${auth}/signup`, null, { email: email(), password: "password-1", data: { "k\u0000": 1 } }],
      ["POST", `${auth}/signup`, null, { email: email(), password: "password-1", data: { s: "\ud800" } }],
      ["POST", `${auth}/signup`, null, { email: 5, password: ["x"] }],
      [
        "POST",
        `${auth}/token?grant_type=password`,
        null,
        { email: `x\u0000@example.test`, password: "password-1" },
      ],
      ["POST", `${auth}/token?grant_type=password`, null, { email: user.email, password: "\u0000" }],
      ["POST", `${auth}/token?grant_type=password`, null, { email: "x".repeat(70_000), password: "p" }],
      ["POST", `${auth}/token?grant_type=refresh_token`, null, { refresh_token: "a\u0000b" }],
      ["POST", `${auth}/token?grant_type=refresh_token`, null, { refresh_token: 12 }],
      ["POST", `${auth}/token?grant_type=%00`, null, {}],
      ["PUT", `${auth}/user`, "user", { data: { name: "a\u0000b" } }],
      ["PUT", `${auth}/user`, "user", { data: { "a\u0000": "b" } }],
      ["PUT", `${auth}/user`, "user", { email: "a\u0000@example.test" }],
      ["PUT", `${auth}/user`, "user", { password: "new-pass\u0000word" }],
      ["POST", `${auth}/logout?scope=%00`, "user", undefined],
      [
        "POST",
        `${auth}/admin/users`,
        "svc",
        { email: email(), password: "password-1", user_metadata: { a: "\u0000" } },
      ],
      ["POST", `${auth}/admin/users`, "svc", { email: email(), app_metadata: { "\u0000": 1 } }],
      ["POST", `${auth}/admin/users`, "svc", { email: email(), role: "a\u0000" }],
      ["POST", `${auth}/admin/users`, "svc", { email: email(), ban_duration: "1h\u0000" }],
      ["GET", `${auth}/admin/users/%00`, "svc", undefined],
      ["GET", `${auth}/admin/users?page=99999999999999999999&per_page=-1`, "svc", undefined],
      ["PUT", `${auth}/admin/users/${user.userId}`, "svc", { user_metadata: { a: "\u0000" } }],
      ["PUT", `${auth}/admin/users/${user.userId}`, "svc", { app_metadata: { a: "\u0000" } }],
      ["PUT", `${auth}/admin/users/${user.userId}`, "svc", { role: "\u0000" }],
      ["POST", `${st}/object/list/${bucket}`, "user", { prefix: `${user.userId}/\u0000` }],
      ["POST", `${st}/object/list/${bucket}`, "user", { prefix: "", search: "a\u0000" }],
      [
        "POST",
        `${st}/object/list/${bucket}`,
        "user",
        { prefix: "", limit: "x", offset: 1e308, sortBy: { column: "\u0000", order: 5 } },
      ],
      ["POST", `${st}/object/list/${bucket}`, "svc", { prefix: "\u0000" }],
      ["POST", `${st}/object/list/a%00b`, "user", { prefix: "" }],
      ["POST", `${st}/object/sign/${bucket}/${user.userId}/a%00b.webm`, "user", { expiresIn: 60 }],
      ["POST", `${st}/object/sign/${bucket}/${key}`, "user", { expiresIn: "\u0000" }],
      ["POST", `${st}/object/sign/${bucket}`, "user", { expiresIn: 60, paths: [`${user.userId}/a\u0000`] }],
      ["POST", `${st}/object/sign/${bucket}`, "svc", { expiresIn: 60, paths: ["\u0000"] }],
      ["POST", `${st}/object/upload/sign/${bucket}/${user.userId}/a%00b.webm`, "svc", undefined],
      ["DELETE", `${st}/object/${bucket}`, "user", { prefixes: [`${user.userId}/a\u0000b`] }],
      ["DELETE", `${st}/object/${bucket}`, "svc", { prefixes: ["\u0000", 5, null] }],
      ["DELETE", `${st}/object/${bucket}/${user.userId}/a%00b`, "user", undefined],
      ["GET", `${st}/object/info/${bucket}/${user.userId}/a%00b`, "user", undefined],
      ["POST", `${st}/object/move`, "svc", { bucketId: bucket, sourceKey: "a\u0000", destinationKey: "b" }],
      ["POST", `${st}/object/copy`, "svc", { bucketId: bucket, sourceKey: "a", destinationKey: "b\u0000" }],
      ["POST", `${st}/bucket`, "svc", { id: "a\u0000", name: "a\u0000" }],
      ["GET", `${st}/bucket/a%00b`, "svc", undefined],
    ];
    for (const [method, path, who, body] of cases) {
      const token = who === "user" ? u() : who === "svc" ? svc : null;
      const res = await send(method, path, token, body);
      if (res.status >= 500) {
        findings.push({
          request: `${method} ${path.slice(0, 120)} ${JSON.stringify(body)?.slice(0, 120)}`,
          status: res.status,
          body: res.text,
        });
      }
    }
    assert.deepEqual(
      findings,
      [],
      `${findings.length} gateway requests answered 5xx:\n${findings.map((f) => `  ${f.status} ${f.request}\n      ${f.body}`).join("\n")}`,
    );
  });
});
