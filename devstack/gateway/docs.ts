/**
 * `/docs`: the API reference of every function, built from each function's OpenAPI 3.1 document
 * (the kit's `_shared/openapi.ts` `openApiDocument(app, name)`, else `app.getOpenAPI31Document`).
 *
 * - `GET /docs` — one self-contained HTML page (no CDN): functions, operations, parameters,
 *   request and response schemas.
 * - `GET /docs/<name>/openapi.json` — that function's document.
 * - `GET /docs/routes.json` — `[{function, method, path}]` from every app's `app.routes`
 *   (middleware entries, method `ALL`, left out; duplicates removed), for route-discovery tests.
 */
import { Hono } from "hono";
import type { FunctionApp, FunctionRegistry } from "./functions.ts";

type Json = Record<string, unknown>;
type DocBuilder = (app: FunctionApp, name: string) => unknown;

/**
 * Builds the OpenAPI 3.1 documents of a registry's functions: the kit's `openApiDocument` when the
 * kit provides one, else the app's own `getOpenAPI31Document`. Used by `/docs` and by
 * `openapi_documents.ts` (the web's generated API types), so both see the same documents.
 */
export function openApiDocuments(registry: FunctionRegistry) {
  let builder: Promise<DocBuilder | null> | undefined;

  /** The kit's document builder, if the kit provides one. */
  function kitBuilder(): Promise<DocBuilder | null> {
    builder ??= import(new URL(`file://${registry.dir}/_shared/openapi.ts`).href)
      .then((m) => (typeof m.openApiDocument === "function" ? m.openApiDocument as DocBuilder : null))
      .catch(() => null);
    return builder;
  }

  /** Function `name`'s document, or `{error}` saying why there is none. */
  return async function documentOf(name: string): Promise<Json | { error: string }> {
    const state = await registry.load(name);
    if (state.status !== "ok") return { error: state.status === "error" ? state.error : "not loaded" };
    try {
      const build = await kitBuilder();
      if (build) return build(state.app, name) as Json;
      if (typeof state.app.getOpenAPI31Document === "function") {
        return state.app.getOpenAPI31Document({
          openapi: "3.1.0",
          info: { title: `CareerPilot ${name}`, version: "1.0.0" },
          servers: [{ url: "/functions/v1" }],
        }) as Json;
      }
      return { error: "the app is not an OpenAPIHono: no OpenAPI document" };
    } catch (e) {
      return { error: `building the OpenAPI document failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  };
}

export function docsApp(registry: FunctionRegistry): Hono {
  const app = new Hono();
  const documentOf = openApiDocuments(registry);

  app.get("/docs/routes.json", async (c) => {
    const out: { function: string; method: string; path: string }[] = [];
    for (const name of await registry.names()) {
      const state = await registry.load(name);
      if (state.status !== "ok") continue;
      const seen = new Set<string>();
      for (const r of state.app.routes ?? []) {
        if (r.method === "ALL") continue;
        const key = `${r.method} ${r.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ function: name, method: r.method, path: r.path });
      }
    }
    return c.json(out);
  });

  app.get("/docs/:name/openapi.json", async (c) => {
    const name = c.req.param("name");
    if (!(await registry.has(name))) {
      return c.json({ code: "NOT_FOUND", message: "Requested function was not found" }, 404);
    }
    const doc = await documentOf(name);
    if ("error" in doc && !("openapi" in doc)) return c.json(doc, 500);
    return c.json(doc);
  });

  app.get("/docs", async (c) => {
    const docs: { name: string; doc: Json | { error: string } }[] = [];
    for (const name of await registry.names()) docs.push({ name, doc: await documentOf(name) });
    return c.html(renderPage(docs));
  });
  app.get("/docs/", (c) => c.redirect("/docs"));

  return app;
}

// -------------------------------------------------------------------------------------------------
// HTML rendering
// -------------------------------------------------------------------------------------------------
const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];

function esc(v: unknown): string {
  return String(v ?? "").replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
  );
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
}

function renderPage(docs: { name: string; doc: Json | { error: string } }[]): string {
  const nav: string[] = [];
  const body: string[] = [];
  for (const { name, doc } of docs) {
    const fid = `fn-${slug(name)}`;
    if ("error" in doc && !("openapi" in doc)) {
      nav.push(`<li><a href="#${fid}">${esc(name)}</a> <span class="bad">error</span></li>`);
      body.push(`<section class="fn" id="${fid}"><h2>${esc(name)}</h2>
        <p class="bad">Not available: ${esc((doc as { error: string }).error)}</p></section>`);
      continue;
    }
    const d = doc as Json;
    const ops = operations(d);
    nav.push(
      `<li><a href="#${fid}">${esc(name)}</a> <span class="count">${ops.length}</span><ul>${
        ops.map((o) =>
          `<li><a href="#${o.id}"><span class="m m-${o.method}">${o.method.toUpperCase()}</span> ${
            esc(o.path.replace(`/${name}`, "") || "/")
          }</a></li>`
        ).join("")
      }</ul></li>`,
    );
    const info = (d.info ?? {}) as Json;
    body.push(`<section class="fn" id="${fid}">
      <h2>${esc(name)} <a class="raw" href="/docs/${
      encodeURIComponent(name)
    }/openapi.json">openapi.json</a></h2>
      ${info.description ? `<p>${esc(info.description)}</p>` : ""}
      <p class="muted">Base URL: <code>/functions/v1/${esc(name)}</code> · ${ops.length} operation(s)</p>
      ${ops.map((o) => renderOperation(d, o)).join("\n")}
      ${ops.length === 0 ? `<p class="muted">No documented operations.</p>` : ""}
    </section>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>CareerPilot API reference</title>
<style>
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--accent:#0969da}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:16px 24px;border-bottom:1px solid var(--line);display:flex;gap:16px;align-items:center}
header h1{font-size:18px;margin:0}header button{margin-left:auto;padding:6px 10px;border:1px solid var(--line);border-radius:6px;background:var(--soft);cursor:pointer}header input{padding:6px 10px;border:1px solid var(--line);border-radius:6px;min-width:260px}
.layout{display:flex}nav{width:300px;flex:none;border-right:1px solid var(--line);padding:12px 16px;position:sticky;top:0;height:100vh;overflow:auto}
nav ul{list-style:none;margin:0;padding:0}nav li li{padding-left:8px;font-size:12px}nav a{color:var(--fg);text-decoration:none}nav a:hover{color:var(--accent)}
main{flex:1;padding:8px 32px 64px;min-width:0}.fn{padding-top:16px;border-bottom:1px solid var(--line)}
.fn h2 .raw{font-size:12px;font-weight:normal;margin-left:8px}
.op{border:1px solid var(--line);border-radius:8px;margin:14px 0;background:var(--bg)}
.op>summary{cursor:pointer;padding:10px 14px;list-style:none;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.op[open]>summary{border-bottom:1px solid var(--line);background:var(--soft)}
.op .body{padding:4px 16px 12px}.path{font-family:ui-monospace,Menlo,monospace;font-weight:600}
.m{display:inline-block;min-width:56px;text-align:center;font:600 11px ui-monospace,monospace;border-radius:4px;padding:2px 6px;color:#fff;background:#6e7781}
.m-get{background:#1a7f37}.m-post{background:#0969da}.m-put{background:#9a6700}.m-patch{background:#8250df}.m-delete{background:#cf222e}
.muted,.count{color:var(--muted)}.count{font-size:12px}.bad{color:#cf222e}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}code{font-family:ui-monospace,Menlo,monospace;font-size:12px;background:var(--soft);padding:1px 4px;border-radius:4px}
.schema{font-family:ui-monospace,Menlo,monospace;font-size:12px;background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px 10px;overflow:auto}
.schema ul{list-style:none;margin:0;padding-left:18px;border-left:1px dashed var(--line)}.schema>ul{padding-left:0;border:0}
.prop{color:#953800}.type{color:#0550ae}.req{color:#cf222e;font-size:11px}.desc{color:var(--muted);font-family:system-ui,sans-serif}
.status{font-weight:600}.s2{color:#1a7f37}.s4{color:#9a6700}.s5{color:#cf222e}h4{margin:12px 0 4px}
</style></head><body>
<header><h1>CareerPilot API reference</h1><span class="muted">${docs.length} function(s) · served by the devstack gateway</span>
<button id="toggle" type="button">Collapse all</button>
<input id="q" type="search" placeholder="Filter operations…" aria-label="Filter operations"></header>
<div class="layout"><nav><ul>${nav.join("")}</ul></nav><main>
<p class="muted">Every operation is called at <code>&lt;SUPABASE_URL&gt;/functions/v1/&lt;path&gt;</code> with
<code>Authorization: Bearer &lt;access_token&gt;</code> unless marked public. Errors use
<code>{"error": {"code", "message", "details"?}}</code>.</p>
${body.join("\n")}
</main></div>
<script>
document.getElementById("q").addEventListener("input",function(e){var q=e.target.value.toLowerCase();
document.querySelectorAll(".op").forEach(function(o){o.style.display=!q||o.textContent.toLowerCase().indexOf(q)>=0?"":"none";});});
var t=document.getElementById("toggle");t.addEventListener("click",function(){var open=t.textContent==="Expand all";
document.querySelectorAll(".op").forEach(function(o){o.open=open;});t.textContent=open?"Collapse all":"Expand all";});
window.addEventListener("hashchange",function(){var el=document.getElementById(location.hash.slice(1));if(el&&el.tagName==="DETAILS")el.open=true;});
</script>
</body></html>`;
}

interface Op {
  id: string;
  method: string;
  path: string;
  op: Json;
  pathParams: Json[];
}

function operations(doc: Json): Op[] {
  const out: Op[] = [];
  const paths = (doc.paths ?? {}) as Record<string, Json>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      out.push({
        id: `op-${slug(`${method}-${path}`)}`,
        method,
        path,
        op,
        pathParams: (item.parameters ?? []) as Json[],
      });
    }
  }
  return out;
}

function renderOperation(doc: Json, o: Op): string {
  const op = o.op;
  const security = (op.security ?? doc.security) as unknown[] | undefined;
  const isPublic = Array.isArray(security) && security.length === 0;
  const params = [...o.pathParams, ...((op.parameters ?? []) as Json[])].map((p) => deref(doc, p));
  const parts: string[] = [];
  if (op.description) parts.push(`<p>${esc(op.description)}</p>`);
  parts.push(
    `<p class="muted">${
      isPublic ? "Public (no token needed)" : "Requires <code>Authorization: Bearer</code>"
    }${op.operationId ? ` · operationId <code>${esc(op.operationId)}</code>` : ""}${
      Array.isArray(op.tags) && op.tags.length
        ? ` · tags ${op.tags.map((t) => `<code>${esc(t)}</code>`).join(" ")}`
        : ""
    }</p>`,
  );
  if (params.length) {
    parts.push(
      `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>description</th></tr>${
        params.map((p) => {
          const schema = deref(doc, (p.schema ?? {}) as Json);
          return `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${typeLabel(doc, schema)}${
            constraints(schema)
          }</td><td>${p.required ? "yes" : "no"}</td><td>${
            esc(p.description ?? schema.description ?? "")
          }</td></tr>`;
        }).join("")
      }</table>`,
    );
  }
  const rb = op.requestBody ? deref(doc, op.requestBody as Json) : null;
  if (rb) {
    const content = (rb.content ?? {}) as Record<string, Json>;
    for (const [type, media] of Object.entries(content)) {
      parts.push(
        `<h4>Request body <code>${esc(type)}</code>${
          rb.required ? ` <span class="req">required</span>` : ""
        }</h4>${rb.description ? `<p class="desc">${esc(rb.description)}</p>` : ""}<div class="schema">${
          renderSchema(doc, (media.schema ?? {}) as Json)
        }</div>`,
      );
    }
  }
  const responses = (op.responses ?? {}) as Record<string, Json>;
  if (Object.keys(responses).length) {
    parts.push(`<h4>Responses</h4>`);
    for (const [status, r0] of Object.entries(responses)) {
      const r = deref(doc, r0);
      const content = (r.content ?? {}) as Record<string, Json>;
      parts.push(
        `<p><span class="status s${esc(status[0])}">${esc(status)}</span> ${esc(r.description ?? "")}</p>`,
      );
      for (const [type, media] of Object.entries(content)) {
        parts.push(
          `<p class="muted"><code>${esc(type)}</code></p><div class="schema">${
            renderSchema(doc, (media.schema ?? {}) as Json)
          }</div>`,
        );
      }
    }
  }
  return `<details class="op" id="${o.id}" open><summary><span class="m m-${o.method}">${o.method.toUpperCase()}</span>
    <span class="path">${esc(o.path)}</span><span class="muted">${esc(op.summary ?? "")}</span></summary>
    <div class="body">${parts.join("\n")}</div></details>`;
}

function deref(doc: Json, node: Json, seen = new Set<string>()): Json {
  let cur = node;
  while (cur && typeof cur.$ref === "string") {
    const ref = cur.$ref as string;
    if (seen.has(ref)) break;
    seen.add(ref);
    const target = ref.replace(/^#\//, "").split("/").reduce<unknown>(
      (acc, k) => (acc as Json | undefined)?.[k.replace(/~1/g, "/").replace(/~0/g, "~")],
      doc,
    ) as Json | undefined;
    if (!target) break;
    cur = { ...target, ...Object.fromEntries(Object.entries(cur).filter(([k]) => k !== "$ref")) };
  }
  return cur ?? {};
}

function refName(node: Json): string | null {
  return typeof node.$ref === "string" ? (node.$ref as string).split("/").pop() ?? null : null;
}

function typeLabel(doc: Json, node: Json): string {
  const s = deref(doc, node);
  const name = refName(node);
  let t: string;
  if (Array.isArray(s.enum)) t = `enum(${s.enum.map((v) => JSON.stringify(v)).join(" | ")})`;
  else if ("const" in s) t = `const ${JSON.stringify(s.const)}`;
  else if (Array.isArray(s.type)) t = (s.type as string[]).join(" | ");
  else if (s.type === "array") t = `array of ${typeLabel(doc, (s.items ?? {}) as Json)}`;
  else if (typeof s.type === "string") t = s.type;
  else if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    t = ((s.anyOf ?? s.oneOf) as Json[]).map((x) => typeLabel(doc, x)).join(" | ");
  } else if (Array.isArray(s.allOf)) t = "all of";
  else if (s.properties) t = "object";
  else t = "any";
  if (typeof s.format === "string") t += ` (${s.format})`;
  if (s.nullable === true) t += " | null";
  return `<span class="type">${esc(t)}</span>${name ? ` <span class="muted">${esc(name)}</span>` : ""}`;
}

function constraints(s: Json): string {
  const keys = [
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "pattern",
    "default",
  ];
  const c = keys.filter((k) => k in s).map((k) => `${k}: ${JSON.stringify(s[k])}`);
  return c.length ? ` <span class="muted">${esc(c.join(", "))}</span>` : "";
}

/** A schema as a nested list: each property with its type, required flag, constraints and description. */
function renderSchema(doc: Json, node: Json, depth = 0, seen = new Set<string>()): string {
  const name = refName(node);
  if (name && seen.has(name)) {
    return `<ul><li>${typeLabel(doc, node)} <span class="muted">(recursive)</span></li></ul>`;
  }
  const nextSeen = name ? new Set([...seen, name]) : seen;
  const s = deref(doc, node);
  if (depth > 8) return `<ul><li>${typeLabel(doc, node)}</li></ul>`;
  const variants = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (Array.isArray(variants) && !s.properties) {
    const real = variants.filter((v) => deref(doc, v).type !== "null");
    if (real.length === 1) return renderSchema(doc, real[0]!, depth, nextSeen);
    return `<ul>${
      variants.map((v, i) =>
        `<li><span class="muted">variant ${i + 1}:</span> ${renderSchema(doc, v, depth + 1, nextSeen)}</li>`
      )
        .join("")
    }</ul>`;
  }
  if (Array.isArray(s.allOf)) {
    const merged: Json = { type: "object", properties: {}, required: [] };
    for (const part of s.allOf as Json[]) {
      const p = deref(doc, part);
      Object.assign(merged.properties as Json, p.properties ?? {});
      (merged.required as string[]).push(...((p.required ?? []) as string[]));
    }
    return renderSchema(doc, merged, depth, nextSeen);
  }
  const items: string[] = [];
  const typeIs = (t: string) => s.type === t || (Array.isArray(s.type) && (s.type as string[]).includes(t));
  if (typeIs("object") || s.properties) {
    const props = (s.properties ?? {}) as Record<string, Json>;
    const required = new Set((s.required ?? []) as string[]);
    for (const [prop, ps] of Object.entries(props)) {
      const resolved = deref(doc, ps);
      const nested = resolved.properties || resolved.type === "object" ||
          (resolved.type === "array" && deref(doc, (resolved.items ?? {}) as Json).properties) ||
          resolved.anyOf || resolved.oneOf || resolved.allOf
        ? renderNested(doc, ps, depth, nextSeen)
        : "";
      items.push(
        `<li><span class="prop">${esc(prop)}</span>: ${typeLabel(doc, ps)}${
          required.has(prop) ? ` <span class="req">required</span>` : ""
        }${constraints(resolved)}${
          resolved.description ? ` <span class="desc">— ${esc(resolved.description)}</span>` : ""
        }${nested}</li>`,
      );
    }
    if (s.additionalProperties && typeof s.additionalProperties === "object") {
      items.push(
        `<li><span class="prop">[key: string]</span>: ${typeLabel(doc, s.additionalProperties as Json)}</li>`,
      );
    }
    if (items.length === 0) items.push(`<li>${typeLabel(doc, node)}</li>`);
    return `<ul>${items.join("")}</ul>`;
  }
  if (typeIs("array")) {
    const inner = (s.items ?? {}) as Json;
    return `<ul><li>${typeLabel(doc, node)}${constraints(s)}${
      renderNested(doc, inner, depth, nextSeen)
    }</li></ul>`;
  }
  return `<ul><li>${typeLabel(doc, node)}${constraints(s)}${
    s.description ? ` <span class="desc">— ${esc(s.description)}</span>` : ""
  }</li></ul>`;
}

function renderNested(doc: Json, node: Json, depth: number, seen: Set<string>): string {
  const s = deref(doc, node);
  if (s.type === "array") {
    const inner = (s.items ?? {}) as Json;
    const r = deref(doc, inner);
    return r.properties || r.anyOf || r.oneOf ? renderSchema(doc, inner, depth + 1, seen) : "";
  }
  return renderSchema(doc, node, depth + 1, seen);
}
