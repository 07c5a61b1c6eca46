/**
 * `npm test`: brings up the devstack's `test` profile (its own database and ports, leaving dev
 * data alone), runs every suite against it, tears it down, and prints one closing line.
 *
 *   npm test                      all suites
 *   npm test -- --only api,e2e    a subset (pgtap, deno, api, e2e)
 *   npm test -- --keep            leave the test stack running afterwards
 *   npm test -- --fresh           reset the test database first
 *   npm test -- --profile h2      run against a sandbox profile (h1…h6: own ports, data and fakes)
 *
 * The runner (scraper-runner/) and the API tests: the runner tests (`tests/api/runner-*.test.ts`,
 * `projects.test.ts` and `notifications.test.ts`, whose sync requests need a runner) start their
 * own runner processes — with short visibility timeouts, stub URLs, SIGKILL in the
 * middle of a transcode — on the real queues (`project_videos`, `projects_sync`), so no other
 * runner may read those queues meanwhile. Hence:
 *   - the stack comes up with `--no-runner` whenever the API suite runs (which also stops a runner
 *     a previous `--keep` left running);
 *   - the API suite runs in two steps: every other API test file (concurrency 2, no runner at all:
 *     events for runner queues simply wait in their queues), then the runner test files one at a
 *     time (they share the queues and ffmpeg needs the CPU);
 *   - before the end-to-end suite the stack's runner is started (`up` without `--no-runner`), since
 *     the pages' flows (an uploaded intro video becoming playable) need it.
 *
 * A first boot (no cluster yet, or `--fresh`) is checked too: pg_cron must run the every-minute
 * job by the next minute boundary (the "first boot: pg_cron" line gives the time it took).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import postgres from "postgres";
import { fakePortsOf, getProfile } from "../devstack/src/config.ts";
import { fakeEnv, startFakes } from "./fakes/server.ts";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.includes("--only") ? (args[args.indexOf("--only") + 1] ?? "").split(",") : null;
const keep = args.includes("--keep");
const fresh = args.includes("--fresh");
const profile = getProfile(args.includes("--profile") ? args[args.indexOf("--profile") + 1] : "test");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  ok: boolean;
  seconds: number;
}

/** Runs a command, streaming its output, and returns its exit code and full output. */
function run(cmd: string, argv: string[], extraEnv: Record<string, string> = {}) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, ...extraEnv } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
      process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
      process.stderr.write(d);
    });
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Every file under `dir` whose name matches `pattern`, sorted. */
function files(dir: string, pattern: RegExp): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === "node_modules") continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (pattern.test(name)) out.push(relative(root, p));
    }
  };
  walk(abs);
  return out.sort();
}

function lastNumber(output: string, re: RegExp): number {
  const all = [...output.matchAll(re)];
  const last = all[all.length - 1];
  return last?.[1] ? Number(last[1]) : 0;
}

const wanted = (suite: string) => !only || only.includes(suite);

/** A job scheduled every minute must have run within this long of a first boot. */
const FIRST_CRON_RUN_MS = 75_000;

/**
 * Waits for pg_cron's first run on a freshly booted cluster (polling `cron.job_run_details`).
 * @returns seconds from the server's start to the first run, or null when none came in time
 */
async function firstCronRun(dbUrl: string): Promise<number | null> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [boot] = await sql<{ at: Date }[]>`select pg_postmaster_start_time() as at`;
    const bootedAt = boot?.at.getTime() ?? Date.now();
    for (;;) {
      const [row] = await sql<
        { first: Date | null }[]
      >`select min(start_time) as first from cron.job_run_details`;
      if (row?.first) return (row.first.getTime() - bootedAt) / 1000;
      if (Date.now() - bootedAt > FIRST_CRON_RUN_MS) return null;
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** `npm run stack -- <argv> --profile <profile>`: the devstack CLI on the profile under test. */
const stack = (...argv: string[]) =>
  run(bin("tsx"), ["devstack/src/cli.ts", ...argv, "--profile", profile.name]);

async function main() {
  const started = Date.now();
  const results: SuiteResult[] = [];
  const time = async (name: string, fn: () => Promise<Omit<SuiteResult, "name" | "seconds">>) => {
    const t0 = Date.now();
    console.log(`\n=== ${name} ===`);
    const r = await fn();
    results.push({ name, ...r, seconds: (Date.now() - t0) / 1000 });
  };

  // Loopback fakes of external services on the profile's fixed ports; the stack's functions are
  // pointed at them through .devstack/<profile>/env.json (read when the gateway starts).
  const ports = fakePortsOf(profile.name);
  const fakes = await startFakes({ githubPort: ports.github, geminiPort: ports.gemini });
  mkdirSync(profile.stateDir, { recursive: true });
  writeFileSync(
    profile.envFile,
    `${JSON.stringify(fakeEnv({ siteUrl: profile.webUrl, githubUrl: fakes.github.url, geminiUrl: fakes.gemini.url }), null, 2)}\n`,
  );

  const firstBoot = fresh || !existsSync(join(profile.pgData, "PG_VERSION"));
  const needsWeb = wanted("e2e");
  // No stack runner while the API tests run (see the header); started again before e2e.
  const noRunner = wanted("api");
  const up = await stack(
    fresh ? "reset" : "up",
    ...(needsWeb ? [] : ["--no-web"]),
    ...(noRunner ? ["--no-runner"] : []),
  );
  if (up.code !== 0) {
    console.error("test devstack failed to start");
    process.exit(1);
  }
  const status = await stack("status", "--json");
  const s = JSON.parse(status.output.slice(status.output.indexOf("{"))) as Record<string, string>;
  // Started now, awaited after the suites: they run meanwhile.
  const firstRun = firstBoot ? firstCronRun(s.db_url ?? "") : null;
  const stackEnv: Record<string, string> = {
    CP_API_URL: s.api_url ?? "",
    CP_DB_URL: s.db_url ?? "",
    CP_ANON_KEY: s.anon_key ?? "",
    CP_SERVICE_ROLE_KEY: s.service_role_key ?? "",
    CP_WEB_URL: s.web_url ?? "",
    CP_JWT_SECRET: s.jwt_secret ?? "",
    CP_PROFILE: profile.name,
    CP_MAIL_URL: s.mail_url ?? "",
    CP_SMTP_URL: s.smtp_url ?? "",
  };

  try {
    const pgtap = files("supabase/tests/database", /\.sql$/);
    if (wanted("pgtap") && pgtap.length) {
      await time("pgTAP", async () => {
        const helpers = join(root, "supabase/tests/helpers.sql");
        if (existsSync(helpers)) {
          const h = await run("psql", [
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-d",
            stackEnv.CP_DB_URL ?? "",
            "-f",
            helpers,
          ]);
          if (h.code !== 0) return { passed: 0, failed: 1, ok: false };
        }
        const r = await run("pg_prove", ["--ext", ".sql", "-d", stackEnv.CP_DB_URL ?? "", ...pgtap]);
        const tests = lastNumber(r.output, /Tests=(\d+)/g);
        const failedFiles = /Result: FAIL/.test(r.output);
        const failed = failedFiles ? Math.max(1, lastNumber(r.output, /Failed (\d+)\/\d+ subtests/g)) : 0;
        return { passed: tests - failed, failed, ok: r.code === 0 };
      });
    }

    const denoTests = [
      ...files("supabase/functions", /_test\.ts$/),
      ...files("devstack/gateway", /_test\.ts$/),
    ];
    if (wanted("deno") && denoTests.length) {
      await time("deno test", async () => {
        const r = await run(
          bin("deno"),
          ["test", "-A", "--config", "supabase/functions/deno.json", ...denoTests],
          stackEnv,
        );
        const m = [...r.output.matchAll(/(\d+) passed.*?(\d+) failed/g)].pop();
        return { passed: Number(m?.[1] ?? 0), failed: Number(m?.[2] ?? (r.code ? 1 : 0)), ok: r.code === 0 };
      });
    }

    /** Runs test files with node:test; returns the pass/fail counts. */
    const nodeTests = async (list: string[], concurrency: number) => {
      const r = await run(
        process.execPath,
        ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...list],
        stackEnv,
      );
      const passed = lastNumber(r.output, /ℹ pass (\d+)/g);
      const failed = lastNumber(r.output, /ℹ fail (\d+)/g);
      return { passed, failed: failed || (r.code ? 1 : 0), ok: r.code === 0 };
    };

    const apiTests = files("tests/api", /\.test\.ts$/);
    if (wanted("api") && apiTests.length) {
      await time("API tests", async () => {
        // Files that start their own runner processes on the shared queues: the runner-* files,
        // projects.test.ts and notifications.test.ts (their sync requests are crawled by a
        // projects_sync runner they start).
        const isRunnerTest = (f: string) => /(^|\/)(runner-[^/]*|projects|notifications)\.test\.ts$/.test(f);
        const steps = [
          { list: apiTests.filter((f) => !isRunnerTest(f)), concurrency: 2 },
          { list: apiTests.filter(isRunnerTest), concurrency: 1 },
        ].filter((step) => step.list.length > 0);
        const total = { passed: 0, failed: 0, ok: true };
        for (const step of steps) {
          const r = await nodeTests(step.list, step.concurrency);
          total.passed += r.passed;
          total.failed += r.failed;
          total.ok &&= r.ok;
        }
        return total;
      });
    }

    const e2eTests = files("tests/e2e", /\.test\.ts$/);
    if (wanted("e2e") && e2eTests.length) {
      if (noRunner) {
        // The API tests ran without the stack's runner; the pages need it.
        const r = await stack("up");
        if (r.code !== 0) throw new Error("could not start the stack's runner for the end-to-end tests");
      }
      await time("Playwright end-to-end", () => nodeTests(e2eTests, 1));
    }
    if (firstRun) {
      await time("first boot: pg_cron", async () => {
        const seconds = await firstRun;
        console.log(
          seconds === null
            ? `pg_cron ran no job within ${FIRST_CRON_RUN_MS / 1000} s of the server's first start`
            : `pg_cron's first run came ${seconds.toFixed(1)} s after the server started (first boot)`,
        );
        return { passed: seconds === null ? 0 : 1, failed: seconds === null ? 1 : 0, ok: seconds !== null };
      });
    }
  } finally {
    if (!keep) await stack("down");
    await fakes.close();
  }

  console.log("\n=== summary ===");
  for (const r of results) {
    console.log(
      `${r.ok ? "ok  " : "FAIL"} ${r.name.padEnd(24)} ${r.passed} passed, ${r.failed} failed  (${r.seconds.toFixed(1)} s)`,
    );
  }
  const passed = results.reduce((a, r) => a + r.passed, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  const ok = results.length > 0 && results.every((r) => r.ok);
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
