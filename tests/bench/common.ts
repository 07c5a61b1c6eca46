/**
 * What the seeded benches (bench:jobs, bench:insights, bench:apply) share: their command-line
 * options, the devstack CLI, and closed-loop load with percentiles.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

export const root = new URL("../..", import.meta.url).pathname;
const argv = process.argv.slice(2);

/** `--name N`, else `dflt`. */
export const opt = (name: string, dflt: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : dflt;

/** `--flag` given. */
export const flag = (name: string) => argv.includes(`--${name}`);

/** `--profile P`, else DEVSTACK_PROFILE, else `test`. */
export const profile = argv.includes("--profile")
  ? (argv[argv.indexOf("--profile") + 1] ?? "test")
  : (process.env.DEVSTACK_PROFILE ?? "test");

/** `npm run stack -- <a…>`: the devstack CLI; resolves with its stdout. */
export function cli(...a: string[]): Promise<string> {
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

/** The p-th percentile of sorted `xs`. */
export const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** `connections` closed-loop workers calling `one` for `ms`: req/s, p50, p95 and errors. */
export async function closedLoop(one: () => Promise<boolean>, ms: number, connections: number) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        if (await one()) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: pct(latencies, 50), p95: pct(latencies, 95), errors };
}
