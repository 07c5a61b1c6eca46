/**
 * `createApp(name)`: the Hono app every function starts from. Base path `/<name>` (the gateway
 * calls `app.fetch` with `/<name>/<rest>`), CORS, `x-request-id`, one JSON log line per request,
 * one error renderer, zod failures → 422 `validation_failed`, unknown routes → 404 `not_found`.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { cors } from "hono/cors";
import { validator } from "hono/validator";
import type { ValidationTargets } from "hono";
import type { z, ZodError } from "zod";
import type { AppEnv, AuthUser } from "./auth.ts";
import { AppError, toAppError } from "./errors.ts";
import { closeDb } from "./db.ts";

/** The headers supabase-js and browsers send to functions (Supabase's documented CORS set). */
export const CORS_ALLOW_HEADERS = [
  "authorization",
  "x-client-info",
  "apikey",
  "content-type",
  "x-request-id",
];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** One offending field of a 422: dotted path, zod issue code, readable message. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** The 422 body details for a zod failure: one entry per offending field. */
export function validationDetails(target: string, error: ZodError) {
  return {
    target,
    fields: error.issues.flatMap((issue): FieldError[] => {
      const path = issue.path.map(String);
      // One entry per unexpected key, so a client can point at the field it sent.
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => ({
          path: [...path, key].join("."),
          code: issue.code,
          message: `Unexpected field "${key}".`,
        }));
      }
      return [{ path: path.join("."), code: issue.code, message: issue.message }];
    }),
  };
}

/** `defaultHook` of every OpenAPIHono: throws 422 `validation_failed` with field details. */
export function validationHook(
  result: { target: string; success: true; data: unknown } | {
    target: string;
    success: false;
    error: ZodError;
  },
): void {
  if (!result.success) {
    throw new AppError(
      "validation_failed",
      "The request is invalid.",
      validationDetails(result.target, result.error),
    );
  }
}

/**
 * Validation middleware for plain Hono routes (`router.get("/", validate("query", Q), h)`),
 * failing with the same 422 as OpenAPI routes. Prefer `createRoute` + `router.openapi`, which
 * also documents the route; use this only where a route cannot be described in OpenAPI.
 */
export function validate<T extends keyof ValidationTargets, S extends z.ZodType>(target: T, schema: S) {
  return validator(target, async (value): Promise<z.output<S>> => {
    const parsed = await schema.safeParseAsync(value);
    if (!parsed.success) {
      throw new AppError(
        "validation_failed",
        "The request is invalid.",
        validationDetails(target, parsed.error),
      );
    }
    return parsed.data;
  });
}

/** Renders any error in the one shape; unknown errors become a bare 500 (details go to the log). */
export function renderError(err: unknown, c: Context<AppEnv>): Response {
  const appError = toAppError(err);
  c.set("error", err);
  return c.json(appError.toBody(), appError.status);
}

function logLine(fields: Record<string, unknown>): void {
  console.log(JSON.stringify(fields));
}

function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `${err.cause.name}: ${err.cause.message}` : undefined;
    return { error: `${err.name}: ${err.message}`, ...(cause ? { cause } : {}), stack: err.stack };
  }
  return { error: String(err) };
}

/**
 * The `Server-Timing` value of a request: the kit's phases in ms (`verify` the token, wait for a
 * `pool` connection, `ctx` = begin + caller context round trip, the handler's `tx` work and its
 * `commit`), `handler` = the rest of the time spent in the function, and `kit` = all of it.
 * Durations only, no names or ids: what a client could measure from outside, split up.
 */
export function serverTimingHeader(timing: Record<string, number>, totalMs: number): string {
  const named = Object.values(timing).reduce((a, b) => a + b, 0);
  const parts = Object.entries(timing).map(([k, v]) => `${k};dur=${v.toFixed(3)}`);
  parts.push(`handler;dur=${Math.max(0, totalMs - named).toFixed(3)}`, `kit;dur=${totalMs.toFixed(3)}`);
  return parts.join(", ");
}

/** A sub-router for a function's routes; inherits the app's validation hook when mounted. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/** The app of function `name`; mount routes on it and export it as `app`. */
export function createApp(name: string) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).basePath(`/${name}`);

  app.use("*", async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    const timing: Record<string, number> = {};
    c.set("timing", timing);
    await next();
    const serverTiming = serverTimingHeader(timing, performance.now() - started);
    try {
      c.res.headers.set("x-request-id", requestId);
      c.res.headers.set("server-timing", serverTiming);
    } catch {
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set("x-request-id", requestId);
      c.res.headers.set("server-timing", serverTiming);
    }
    const status = c.res.status;
    const user = c.get("user") as AuthUser | undefined;
    const err = c.get("error");
    logLine({
      level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
      fn: name,
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      request_id: requestId,
      ...(user ? { user_id: user.id } : {}),
      ...(err instanceof AppError && status < 500 ? { code: err.code } : {}),
      ...(status >= 500 && err !== undefined ? describeError(err) : {}),
    });
  });

  app.use(
    "*",
    cors({
      origin: "*",
      allowHeaders: CORS_ALLOW_HEADERS,
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: ["x-request-id", "server-timing"],
      maxAge: 86_400,
    }),
  );

  app.onError(renderError);
  app.notFound((c) =>
    renderError(new AppError("not_found", `No route for ${c.req.method} ${c.req.path}.`), c)
  );
  return app;
}

/**
 * Serves `app` when the module is run directly (`deno run`, Edge Runtime) and ends the
 * database pool on SIGTERM/SIGINT so the process exits promptly.
 */
export function serve(app: { fetch: (req: Request) => Response | Promise<Response> }): Deno.HttpServer {
  const server = Deno.serve((req) => app.fetch(req));
  const stop = async () => {
    await closeDb();
    await server.shutdown();
    Deno.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    try {
      Deno.addSignalListener(signal, stop);
    } catch {
      // Runtimes without signal listeners (Edge Runtime) end the isolate themselves.
    }
  }
  return server;
}
