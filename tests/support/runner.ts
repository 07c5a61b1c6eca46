/**
 * Starts scraper-runner processes for tests (`node --import tsx scraper-runner/src/main.ts`)
 * against the stack under test, so a test can watch their JSON logs, probe `/health`, and stop
 * them with SIGTERM or kill them (the whole process group, ffmpeg included) with SIGKILL.
 *
 * The stack's own runner must not be running meanwhile (`tests/run.ts` brings the stack up with
 * `--no-runner` for the API suite); {@link assertNoStackRunner} fails fast with the fix otherwise.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { getProfile, isProfileName } from "../../devstack/src/config.js";
import { readKeys } from "../../devstack/src/keys.js";
import { groupProcesses, httpStatus, waitFor } from "../../devstack/src/processes.js";
import { runnerAnswering, runnerSecrets, runnerSpawn } from "../../devstack/src/services.js";
import { env } from "./env.js";

/** One JSON log line of the runner. */
export type LogLine = Record<string, unknown> & { msg: string; level: string };

/** A runner child process. */
export interface RunnerProcess {
  child: ChildProcess;
  pid: number;
  healthUrl: string;
  lines: LogLine[];
  /** Raw stderr (crashes). */
  stderr: () => string;
  /** Resolves with the exit code / signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Waits for a log line matching `pred` (checks lines already seen first). */
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Waits until a process named `comm` (e.g. `ffmpeg`) runs in the runner's process group. */
  waitForChild(comm: string, timeoutMs?: number): Promise<void>;
  /** Signals the process group (SIGKILL also kills its ffmpeg children). */
  kill(signal: NodeJS.Signals): void;
}

/** True when a live process named `comm` runs in process group `pgid` (Linux /proc). */
function groupRuns(pgid: number, comm: string): boolean {
  return groupProcesses(pgid)?.includes(comm) ?? false;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Throws when the profile's own runner answers its health endpoint (it would compete for the queues). */
export async function assertNoStackRunner(): Promise<void> {
  if (!isProfileName(env.profile)) return;
  const profile = getProfile(env.profile);
  const url = profile.runnerHealthUrl;
  if (await runnerAnswering(profile)) {
    throw new Error(
      `the ${env.profile} stack's runner is running (${url}) and would compete for the queues; ` +
        `stop it: npm run stack -- up --no-runner --no-web --profile ${env.profile}`,
    );
  }
}

/**
 * Starts a runner for `queues` with test-friendly timings (poll 1 s, settings re-read every 1 s,
 * shutdown grace 5 s).
 * Resolves once its health endpoint answers.
 */
export async function startRunner(
  opts: { queues: string[]; env?: Record<string, string>; supabaseUrl?: string; name?: string } = {
    queues: [],
  },
): Promise<RunnerProcess> {
  const port = await freePort();
  // The keyring and GitHub URL the stack's functions use (env.json points them at the fakes).
  const profile = isProfileName(env.profile) ? getProfile(env.profile) : null;
  const secrets = profile ? runnerSecrets(profile, readKeys(profile.keysFile) ?? undefined) : {};
  const cmd = runnerSpawn({
    apiUrl: opts.supabaseUrl ?? env.apiUrl,
    serviceRoleKey: env.serviceRoleKey,
    dbUrl: env.dbUrl,
    healthPort: port,
    id: opts.name ?? `test-${port}`,
    env: {
      ...secrets,
      RUNNER_QUEUES: opts.queues.join(","),
      RUNNER_POLL_S: "1",
      RUNNER_SETTINGS_REFRESH_S: "1",
      RUNNER_LOG_LEVEL: "debug",
      RUNNER_SHUTDOWN_GRACE_S: "5",
      ...(opts.env ?? {}),
    },
  });
  const child = spawn(cmd.cmd, cmd.args, {
    cwd: cmd.cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: cmd.env,
  });
  if (!child.pid) throw new Error("could not start the runner");
  const pid = child.pid;
  const lines: LogLine[] = [];
  const waiters: { pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let pending = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    pending += d.toString("utf8");
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    for (const part of parts) {
      if (!part.trim()) continue;
      let line: LogLine;
      try {
        line = JSON.parse(part) as LogLine;
      } catch {
        line = { level: "raw", msg: part };
      }
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pred(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const proc: RunnerProcess = {
    child,
    pid,
    healthUrl: `http://127.0.0.1:${port}/health`,
    lines,
    stderr: () => stderr,
    exited,
    waitForLog(pred, timeoutMs = 60_000) {
      const seen = lines.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const tail = lines
            .slice(-15)
            .map((l) => JSON.stringify(l))
            .join("\n");
          reject(
            new Error(`no matching runner log line within ${timeoutMs} ms; last lines:\n${tail}\n${stderr}`),
          );
        }, timeoutMs);
        waiters.push({
          pred,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
    async waitForChild(comm, timeoutMs = 60_000) {
      const found = await waitFor(async () => groupRuns(pid, comm), {
        timeoutMs,
        intervalMs: 50,
        alive: () => child.exitCode === null,
      });
      if (!found) throw new Error(`no ${comm} process in the runner's group within ${timeoutMs} ms`);
    },
    kill(signal) {
      try {
        process.kill(-pid, signal);
      } catch {
        /* already gone */
      }
    },
  };
  const up = await waitFor(async () => (await httpStatus(proc.healthUrl, 1000)) !== null, {
    timeoutMs: 30_000,
    intervalMs: 200,
    alive: () => child.exitCode === null,
  });
  if (!up) {
    proc.kill("SIGKILL");
    throw new Error(
      `the runner did not start:\n${lines.map((l) => JSON.stringify(l)).join("\n")}\n${stderr}`,
    );
  }
  return proc;
}

/** Stops a runner if it still runs (SIGKILL to its group) and waits for the exit. */
export async function killRunner(proc: RunnerProcess | null | undefined): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.kill("SIGKILL");
  await proc.exited;
}
