/**
 * The devstack API gateway: Supabase's API surface on one port without Docker.
 *
 *   /auth/v1/*       GoTrue-compatible subset            (auth.ts)
 *   /storage/v1/*    Storage-compatible subset            (storage.ts)
 *   /functions/v1/*  the project's Edge Functions         (functions.ts)
 *   /docs            API reference from OpenAPI documents (docs.ts)
 *   /health          200 {status:"ok"} while the database answers
 *
 * Run: `deno run -A --config supabase/functions/deno.json devstack/gateway/main.ts` with
 * SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY, SUPABASE_DB_URL, SUPABASE_JWT_SECRET,
 * DEVSTACK_API_PORT and DEVSTACK_STATE_DIR (keys.json, storage/). Listens on 127.0.0.1.
 */
import { Hono } from "hono";
import { authApp } from "./auth.ts";
import { createPool } from "./db.ts";
import { docsApp } from "./docs.ts";
import { FunctionRegistry } from "./functions.ts";
import { Keys } from "./keys.ts";
import { storageApp } from "./storage.ts";

/** Supabase's CORS set; a preflight also gets whatever headers the browser asks for. */
const CORS_ALLOW_HEADERS = "authorization, x-client-info, apikey, content-type, x-upsert";
const CORS_ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD";
const CORS_EXPOSE_HEADERS =
  "content-length, content-range, content-type, x-total-count, link, x-supabase-api-version, x-request-id, etag";

export interface Gateway {
  app: Hono;
  registry: FunctionRegistry;
  close(): Promise<void>;
}

/** Builds the gateway app (exported for in-process tests). */
export async function createGateway(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<Gateway> {
  const keys = await Keys.load(env);
  const sql = createPool(keys.config.dbUrl);
  const registry = new FunctionRegistry(keys.config.functionsDir);
  await Deno.mkdir(keys.config.storageDir, { recursive: true });

  const app = new Hono();

  // One JSON line per request (path only: query strings may carry signed-URL tokens). Function
  // requests are logged by the function kit itself (with request id, user and timing), as on
  // Supabase, so the gateway does not write a second line for them.
  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    if (c.req.path.startsWith("/functions/v1/")) return;
    console.log(JSON.stringify({
      ts: new Date().toISOString(),
      level: c.res.status >= 500 ? "error" : "info",
      msg: "request",
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    }));
  });

  // CORS on every endpoint; preflights end here with 204.
  app.use("*", async (c, next) => {
    if (c.req.method === "OPTIONS") {
      const requested = c.req.header("access-control-request-headers");
      return new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-origin": "*",
          "access-control-allow-headers": requested
            ? `${CORS_ALLOW_HEADERS}, ${requested}`
            : CORS_ALLOW_HEADERS,
          "access-control-allow-methods": CORS_ALLOW_METHODS,
          "access-control-max-age": "86400",
        },
      });
    }
    await next();
    let res = c.res;
    if (!res.headers.has("access-control-allow-origin")) {
      try {
        res.headers.set("access-control-allow-origin", "*");
        res.headers.set("access-control-expose-headers", CORS_EXPOSE_HEADERS);
      } catch {
        // Immutable headers (a fetched Response): copy once.
        res = new Response(res.body, res);
        res.headers.set("access-control-allow-origin", "*");
        res.headers.set("access-control-expose-headers", CORS_EXPOSE_HEADERS);
        c.res = res;
      }
    }
  });

  app.get("/health", async (c) => {
    const functions = await registry.states();
    try {
      await sql`select 1`;
    } catch (e) {
      return c.json({ status: "error", db: "unreachable", error: String(e), functions }, 503);
    }
    return c.json({ status: "ok", db: "ok", functions });
  });

  app.route("/auth/v1", authApp({ keys, sql }));
  app.route("/storage/v1", storageApp({ keys, sql }));
  app.all("/functions/v1/*", (c) => registry.handle(c.req.raw));
  app.all("/functions/v1", (c) => registry.handle(c.req.raw));
  app.route("/", docsApp(registry));
  app.get("/", (c) =>
    c.json({
      name: "CareerPilot devstack gateway",
      endpoints: ["/auth/v1", "/storage/v1", "/functions/v1/<name>", "/docs", "/health"],
    }));

  app.notFound((c) => c.json({ message: "no Route matched with those values" }, 404));
  app.onError((err, c) => {
    console.error(JSON.stringify({ level: "error", msg: "unhandled", error: String(err), stack: err.stack }));
    return c.json({ message: "An invalid response was received from the upstream server" }, 502);
  });

  return {
    app,
    registry,
    async close() {
      await sql.end({ timeout: 2 });
      if (registry.anyLoaded) {
        // The functions' kit keeps its own pool: end it too so nothing holds the process.
        try {
          const kit = await import(new URL(`file://${registry.dir}/_shared/db.ts`).href);
          if (typeof kit.closeDb === "function") await kit.closeDb();
        } catch {
          // No kit pool to close.
        }
      }
    },
  };
}

if (import.meta.main) {
  const gateway = await createGateway();
  const env = Deno.env.toObject();
  const port = Number(env.DEVSTACK_API_PORT ?? "54321");
  const hostname = env.DEVSTACK_API_HOST ?? "127.0.0.1";
  const server = Deno.serve({
    hostname,
    port,
    onListen: ({ hostname, port }) =>
      console.log(
        JSON.stringify({
          ts: new Date().toISOString(),
          level: "info",
          msg: "gateway listening",
          hostname,
          port,
        }),
      ),
  }, gateway.app.fetch);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(
      JSON.stringify({ ts: new Date().toISOString(), level: "info", msg: "gateway stopping", signal }),
    );
    // Give in-flight requests a moment, then end the pools: a live pool would keep Deno running.
    await Promise.race([server.shutdown(), new Promise((r) => setTimeout(r, 3000))]);
    await Promise.race([gateway.close(), new Promise((r) => setTimeout(r, 3000))]).catch(() => {});
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", () => stop("SIGTERM"));
  Deno.addSignalListener("SIGINT", () => stop("SIGINT"));

  // Warm the functions up in the background; /health reports each one's state.
  if (env.DEVSTACK_PRELOAD_FUNCTIONS !== "0") {
    gateway.registry.preload().catch((e) =>
      console.error(JSON.stringify({ level: "error", msg: "preload", error: String(e) }))
    );
  }
}
