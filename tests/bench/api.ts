/**
 * `npm run bench:api`: requests/s and p50/p95/p99 latency of
 * `GET /functions/v1/auth-identity/v1/auth/session` through the devstack gateway at 16 concurrent
 * keep-alive connections, beside two floors on the same Deno (`tests/bench/deno/floor.ts`):
 * a bare Hono handler, and bare Hono plus one transaction as the user through postgres.js (the
 * FLOOR the kit is held to: kit ÷ floor). It also prints where the kit's time goes, from the
 * `Server-Timing` header the kit sets on every response (measured in the function, per request).
 *
 * The machine may be shared: the targets run in interleaved rounds (kit, bare, floor, kit, …), so
 * a burst of someone else's load hits all of them alike; the ratio is given per round and as the
 * median, and the load average before and after is printed beside the figures.
 *
 *   npm run bench:api -- [--seconds 5] [--rounds 3] [--connections 16] [--profile h2]
 */
import { spawn } from "node:child_process";
import http from "node:http";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startFloor } from "./floor.js";

const root = new URL("../..", import.meta.url).pathname;
const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : dflt;
const seconds = opt("seconds", 5);
const rounds = opt("rounds", 3);
const connections = opt("connections", 16);
const profileArg = argv.includes("--profile") ? argv[argv.indexOf("--profile") + 1] : undefined;
const profile = profileArg ?? process.env.DEVSTACK_PROFILE ?? "test";
const floorPort = 54999;
/** The floor's pool: the kit's default pool size (`DEFAULT_POOL_MAX` in `_shared/db.ts`). */
const floorPool = opt("floor-pool", 16);

interface Result {
  /** Latencies of the successful requests (ms), sorted. */
  latencies: number[];
  seconds: number;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Server-Timing metric → per-request durations (ms). */
  timings: Map<string, number[]>;
}

/** `name;dur=1.23, other;dur=4` → entries. */
function serverTiming(header: string | string[] | undefined): [string, number][] {
  if (!header) return [];
  const text = Array.isArray(header) ? header.join(",") : header;
  return text.split(",").flatMap((part) => {
    const m = /^\s*([A-Za-z0-9_-]+)(?:;.*?dur=([0-9.]+))?/.exec(part);
    return m?.[1] && m[2] ? [[m[1], Number(m[2])] as [string, number]] : [];
  });
}

/** Drives `url` with `connections` closed-loop clients for `durationMs`; latencies in ms. */
async function load(url: string, headers: Record<string, string>, durationMs: number): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const timings = new Map<string, number[]>();
  let errors = 0;
  const deadline = performance.now() + durationMs;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get(url, { agent, headers }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) {
            latencies.push(performance.now() - t0);
            for (const [name, dur] of serverTiming(res.headers["server-timing"])) {
              const list = timings.get(name) ?? [];
              list.push(dur);
              timings.set(name, list);
            }
          } else errors++;
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
    latencies,
    seconds: elapsed,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    timings,
  };
}

/** Several rounds of one target as one result (all latencies, total time). */
function merge(parts: Result[]): Result {
  const latencies = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const secs = parts.reduce((a, p) => a + p.seconds, 0);
  const timings = new Map<string, number[]>();
  for (const p of parts) {
    for (const [k, v] of p.timings) timings.set(k, [...(timings.get(k) ?? []), ...v]);
  }
  const pct = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((q / 100) * latencies.length))] ?? NaN;
  return {
    latencies,
    seconds: secs,
    requests: latencies.length,
    errors: parts.reduce((a, p) => a + p.errors, 0),
    rps: latencies.length / secs,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    timings,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

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
  await cli("up", "--profile", profile, "--no-web");
  const status = JSON.parse(await cli("status", "--json", "--profile", profile)) as Record<string, string>;
  process.env.CP_PROFILE = profile;
  process.env.CP_API_URL = status.api_url;
  process.env.CP_ANON_KEY = status.anon_key;
  process.env.CP_SERVICE_ROLE_KEY = status.service_role_key;
  process.env.CP_DB_URL = status.db_url;
  const { newUser } = await import("../support/env.js");
  const user = await newUser("bench");

  const floor = await startFloor({
    port: floorPort,
    dbUrl: status.db_url ?? "",
    sub: user.userId,
    pool: floorPool,
  });

  try {
    const targets: { name: string; url: string; headers: Record<string, string> }[] = [
      {
        name: "GET /auth-identity/v1/auth/session (gateway + kit + RLS tx)",
        url: `${status.api_url}/functions/v1/auth-identity/v1/auth/session`,
        headers: { authorization: `Bearer ${user.accessToken}`, apikey: status.anon_key ?? "" },
      },
      {
        name: "bare Hono handler on the same Deno",
        url: `http://127.0.0.1:${floorPort}/`,
        headers: {},
      },
      {
        name: `FLOOR: bare Hono + one user transaction (postgres.js, pool ${floorPool})`,
        url: `http://127.0.0.1:${floorPort}/tx`,
        headers: {},
      },
    ];
    const loadBefore = loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
    const perRound: Result[][] = targets.map(() => []);
    for (const t of targets) await load(t.url, t.headers, 2000); // warm-up: JIT, caches, pools
    for (let r = 0; r < rounds; r++) {
      for (const [i, t] of targets.entries()) {
        await sleep(200);
        perRound[i]?.push(await load(t.url, t.headers, seconds * 1000));
      }
    }
    const results = perRound.map(merge);
    console.log(
      `\n${connections} connections, ${rounds} interleaved rounds of ${seconds} s per target, ${process.platform} ${process.arch}, ${cpus().length} CPUs, ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")} (before: ${loadBefore})\n`,
    );
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
    const [kit, bare, floorTx] = results as [Result, Result, Result];
    const ratios = (perRound[0] ?? []).map((k, r) => k.rps / (perRound[2]?.[r]?.rps ?? NaN));
    console.log(
      `\nper round: ${ratios
        .map(
          (x, r) =>
            `kit ${perRound[0]?.[r]?.rps.toFixed(0)} / floor ${perRound[2]?.[r]?.rps.toFixed(0)} = ${x.toFixed(2)}`,
        )
        .join("; ")}`,
    );
    console.log(`median kit ÷ floor over the rounds: ${median(ratios).toFixed(2)}`);
    console.log(
      `kit ÷ floor (bare Hono + one transaction), all rounds: ${(kit.rps / floorTx.rps).toFixed(2)}` +
        `   kit ÷ bare Hono: ${(kit.rps / bare.rps).toFixed(3)}   kit p95 ${kit.p95.toFixed(2)} ms`,
    );
    if (kit.timings.size === 0) {
      console.log("\nwhere the time goes: the kit sent no Server-Timing header");
    } else {
      console.log("\nwhere the kit's time goes (Server-Timing, per request, µs):");
      console.log("phase".padEnd(14), "mean µs".padStart(9), "p50 µs".padStart(9));
      for (const [name, xs] of kit.timings) {
        console.log(
          name.padEnd(14),
          (mean(xs) * 1000).toFixed(0).padStart(9),
          (median(xs) * 1000).toFixed(0).padStart(9),
        );
      }
      const inKit = kit.timings.get("kit");
      if (inKit) {
        console.log(
          "gateway+net".padEnd(14),
          `~${((kit.p50 - median(inKit)) * 1000).toFixed(0).padStart(8)}`,
          "(client p50 − kit p50: the gateway's routing, apikey/CORS, HTTP and queueing)",
        );
      }
    }
  } finally {
    floor.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
