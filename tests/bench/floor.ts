/**
 * Starts the Deno floor server (tests/bench/deno/floor.ts) the benches hold the kit to: bare Hono
 * on the same Deno as the functions, one transaction as `sub` through postgres.js with `pool`
 * connections. Resolves once it listens; `stop()` ends it.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;

export async function startFloor(opts: {
  port: number;
  dbUrl: string;
  sub: string;
  pool: number;
}): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    join(root, "node_modules/.bin/deno"),
    ["run", "-A", "--config", "supabase/functions/deno.json", "tests/bench/deno/floor.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(opts.port),
        FLOOR_DB_URL: opts.dbUrl,
        FLOOR_SUB: opts.sub,
        FLOOR_POOL_MAX: String(opts.pool),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.includes("listening") && resolve());
    child.on("exit", (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${opts.port}`, stop: () => child.kill() };
}
