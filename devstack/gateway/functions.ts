/**
 * `/functions/v1/<name>/<rest>`: runs the project's Edge Functions in the gateway's own isolate.
 *
 * A function is a directory of `supabase/functions/` (not `_shared`, not starting with `_` or `.`)
 * holding `index.ts`, which exports `app` (a Hono app with base path `/<name>`). The module is
 * imported once, on first use or by `preload()`, and each request is handed to `app.fetch` with
 * the path `/<name>/<rest>` (method, headers, body and query kept), as Supabase's Edge Runtime
 * hands it to the function.
 */

/** What a function module exports (the part the gateway uses). */
export interface FunctionApp {
  fetch: (req: Request) => Response | Promise<Response>;
  routes?: { method: string; path: string }[];
  getOpenAPI31Document?: (config: Record<string, unknown>) => unknown;
}

export type FunctionState =
  | { status: "loading" }
  | { status: "ok"; app: FunctionApp; ms: number }
  | { status: "error"; error: string };

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export class FunctionRegistry {
  readonly dir: string;
  readonly #loads = new Map<string, Promise<FunctionState>>();
  readonly #states = new Map<string, FunctionState>();

  constructor(dir: string) {
    this.dir = dir.replace(/\/+$/, "");
  }

  /** Names of the functions on disk (sorted). */
  async names(): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const e of Deno.readDir(this.dir)) {
        if (!e.isDirectory || !NAME_RE.test(e.name)) continue;
        if (await exists(`${this.dir}/${e.name}/index.ts`)) names.push(e.name);
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    return names.sort();
  }

  /** True when `name` is a function directory with an `index.ts`. */
  async has(name: string): Promise<boolean> {
    return NAME_RE.test(name) && await exists(`${this.dir}/${name}/index.ts`);
  }

  /** Imports a function once; later calls return the same outcome (a failure is kept and reported). */
  load(name: string): Promise<FunctionState> {
    let p = this.#loads.get(name);
    if (!p) {
      this.#states.set(name, { status: "loading" });
      p = this.#import(name);
      this.#loads.set(name, p);
    }
    return p;
  }

  async #import(name: string): Promise<FunctionState> {
    const started = performance.now();
    const url = new URL(`file://${this.dir}/${name}/index.ts`).href;
    let state: FunctionState;
    try {
      const mod = await import(url);
      const app = mod.app ?? mod.default;
      if (!app || typeof app.fetch !== "function") {
        throw new Error(`${name}/index.ts does not export \`app\` with a fetch() method`);
      }
      state = { status: "ok", app, ms: Math.round(performance.now() - started) };
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      console.error(JSON.stringify({
        level: "error",
        msg: "function failed to load",
        fn: name,
        error,
        stack: e instanceof Error ? e.stack : undefined,
      }));
      state = { status: "error", error };
    }
    this.#states.set(name, state);
    return state;
  }

  /** Loads every function one after the other (start-up warm-up; errors are recorded, not thrown). */
  async preload(): Promise<void> {
    for (const name of await this.names()) await this.load(name);
  }

  /** Load state of every function on disk, for `/health`. */
  async states(): Promise<Record<string, { status: string; error?: string; ms?: number }>> {
    const out: Record<string, { status: string; error?: string; ms?: number }> = {};
    for (const name of await this.names()) {
      const s = this.#states.get(name);
      if (!s) out[name] = { status: "not_loaded" };
      else if (s.status === "ok") out[name] = { status: "ok", ms: s.ms };
      else if (s.status === "error") out[name] = { status: "error", error: s.error };
      else out[name] = { status: "loading" };
    }
    return out;
  }

  /** Whether any function module has been imported (their kit keeps its own DB pool). */
  get anyLoaded(): boolean {
    return [...this.#states.values()].some((s) => s.status === "ok");
  }

  /**
   * Handles `/functions/v1/<name>/<rest>`: hands the request to the function's `app.fetch`
   * with the path `/<name>/<rest>`.
   */
  async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const m = /^\/functions\/v1\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const name = m?.[1] ? safeDecode(m[1]) : "";
    // A loaded function skips the per-request stat of its index.ts (a syscall on the hot path).
    if (!name || (this.#states.get(name)?.status !== "ok" && !(await this.has(name)))) {
      return Response.json({ code: "NOT_FOUND", message: "Requested function was not found" }, {
        status: 404,
      });
    }
    const state = await this.load(name);
    if (state.status !== "ok") {
      return Response.json(
        { code: "BOOT_ERROR", message: "Function failed to start (please check logs)" },
        { status: 500 },
      );
    }
    const inner = new URL(`/${name}${m?.[2] ?? ""}${url.search}`, url.origin);
    // A fresh Request (not `new Request(inner, req)`): following the incoming request's abort
    // signal would make Deno warn about its legacy abort-on-success behaviour on every call.
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const forwarded = new Request(inner, {
      method: req.method,
      headers: req.headers,
      body: hasBody ? req.body : undefined,
      redirect: "manual",
    });
    try {
      return await state.app.fetch(forwarded);
    } catch (e) {
      console.error(JSON.stringify({
        level: "error",
        msg: "function threw",
        fn: name,
        error: String(e),
        stack: e instanceof Error ? e.stack : undefined,
      }));
      return Response.json(
        { code: "WORKER_ERROR", message: "Function exited due to an error (please check logs)" },
        { status: 500 },
      );
    }
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return "";
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
