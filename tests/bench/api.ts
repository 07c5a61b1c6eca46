/**
 * `npm run bench:api`: requests/s and p50/p95/p99 latency of
 * `GET /functions/v1/auth-identity/v1/auth/session` through the devstack gateway at 16 concurrent
 * keep-alive connections, beside a bare Hono handler on the same Deno (the floor).
 *
 *   npm run bench:api -- [--seconds 10] [--connections 16]
 */
import { spawn } from "node:child_process";
import http from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const root = new URL("../..", import.meta.url).pathname;
const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : dflt;
const seconds = opt("seconds", 10);
const connections = opt("connections", 16);
const floorPort = 54999;

interface Result {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Drives `url` with `connections` closed-loop clients for `durationMs`; latencies in ms. */
async function load(url: string, headers: Record<string, string>, durationMs: number): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + durationMs;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get(url, { agent, headers }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else errors++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
  };
}

function cli(...a: string[]) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(join(root, "node_modules/.bin/tsx"), ["devstack/src/cli.ts", ...a], { cwd: root });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => process.stderr.write(d));
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`devstack ${a.join(" ")} failed`)),
    );
  });
}

async function main() {
  await cli("up", "--profile", "test", "--no-web");
  const status = JSON.parse(await cli("status", "--json", "--profile", "test")) as Record<string, string>;
  process.env.CP_API_URL = status.api_url;
  process.env.CP_ANON_KEY = status.anon_key;
  process.env.CP_SERVICE_ROLE_KEY = status.service_role_key;
  process.env.CP_DB_URL = status.db_url;
  const { newUser } = await import("../support/env.js");
  const user = await newUser("bench");

  const floor = spawn(
    join(root, "node_modules/.bin/deno"),
    ["run", "-A", "--config", "supabase/functions/deno.json", "tests/bench/deno/floor.ts"],
    { cwd: root, env: { ...process.env, PORT: String(floorPort) }, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve) =>
    floor.stdout.on("data", (d: Buffer) => d.includes("listening") && resolve()),
  );

  try {
    const targets: { name: string; url: string; headers: Record<string, string> }[] = [
      {
        name: "GET /auth-identity/v1/auth/session (gateway + kit + RLS tx)",
        url: `${status.api_url}/functions/v1/auth-identity/v1/auth/session`,
        headers: { authorization: `Bearer ${user.accessToken}`, apikey: status.anon_key ?? "" },
      },
      {
        name: "bare Hono handler on the same Deno (floor)",
        url: `http://127.0.0.1:${floorPort}/`,
        headers: {},
      },
    ];
    const results: Result[] = [];
    for (const t of targets) {
      await load(t.url, t.headers, 2000); // warm-up: JIT, JWKS cache, connection pool
      await sleep(200);
      results.push(await load(t.url, t.headers, seconds * 1000));
    }
    console.log(`\n${connections} connections, ${seconds} s each, ${process.platform} ${process.arch}\n`);
    console.log(
      "target".padEnd(62),
      "req/s".padStart(9),
      "p50 ms".padStart(8),
      "p95 ms".padStart(8),
      "p99 ms".padStart(8),
      "errors".padStart(7),
    );
    targets.forEach((t, i) => {
      const r = results[i] as Result;
      console.log(
        t.name.padEnd(62),
        r.rps.toFixed(0).padStart(9),
        r.p50.toFixed(2).padStart(8),
        r.p95.toFixed(2).padStart(8),
        r.p99.toFixed(2).padStart(8),
        String(r.errors).padStart(7),
      );
    });
    const [kit, bare] = results as [Result, Result];
    console.log(
      `\nkit overhead: ${(bare.rps / kit.rps).toFixed(1)}x fewer req/s, p50 ${(kit.p50 / bare.p50).toFixed(1)}x the floor`,
    );
  } finally {
    floor.kill("SIGTERM");
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
