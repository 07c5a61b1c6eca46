/**
 * Child processes: one-shot commands, detached services, pids.json, health waits, stopping.
 */
import { type SpawnOptions, spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";

/** Result of a finished command. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for {@link run}. */
export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Throw when the exit code is not 0 (default true). */
  check?: boolean;
}

/**
 * Runs a command to completion, capturing stdout and stderr.
 * @throws when the command exits non-zero (unless `check: false`) or cannot start
 */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const result = { code: code ?? 1, stdout, stderr };
      if ((opts.check ?? true) && result.code !== 0) {
        const out = `${stdout}\n${stderr}`.trim();
        reject(new Error(`${cmd} ${args.join(" ")} exited with ${result.code}\n${out}`));
      } else {
        resolve(result);
      }
    });
    if (child.stdin) {
      child.stdin.on("error", () => {
        /* the child exited without reading its input */
      });
      child.stdin.end(opts.input);
    }
  });
}

/** The pids.json of a profile: service name → pid (process-group leader). */
export type Pids = Record<string, number>;

/** Reads pids.json ({} when missing or unreadable). */
export function readPids(file: string): Pids {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Pids;
  } catch {
    return {};
  }
}

/** Writes pids.json. */
export function writePids(file: string, pids: Pids): void {
  writeFileSync(file, `${JSON.stringify(pids, null, 2)}\n`);
}

/** True when a process with this pid exists (and is not a zombie). */
export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z";
  } catch {
    return true;
  }
}

/**
 * Starts a long-running service detached in its own process group, stdout/stderr appended to
 * `logFile`, and returns its pid.
 */
export function spawnDetached(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): number {
  const fd = openSync(opts.logFile, "a");
  const spawnOpts: SpawnOptions = { cwd: opts.cwd, env: opts.env, detached: true, stdio: ["ignore", fd, fd] };
  const child = spawn(cmd, args, spawnOpts);
  closeSync(fd);
  child.on("error", () => {
    /* reported below through the missing pid */
  });
  child.unref();
  if (!child.pid) throw new Error(`could not start ${cmd}`);
  return child.pid;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a signal to a whole process group (falls back to the single pid). */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * The command names of the live processes in group `pgid`, read from /proc (Linux); `null` where
 * there is no /proc. Zombies do not count: a stopped service's processes stay zombies until init
 * reaps them (which some inits do only every few seconds), and `kill(-pgid, 0)` still succeeds
 * for those.
 */
export function groupProcesses(pgid: number): string[] | null {
  if (!existsSync("/proc/self/stat")) return null;
  const names: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "<pid> (<comm>) <state> <ppid> <pgrp> …": comm may hold spaces and parentheses.
    const close = stat.lastIndexOf(")");
    const [state, , pgrp] = stat.slice(close + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z" && state !== "X")
      names.push(stat.slice(stat.indexOf("(") + 1, close));
  }
  return names;
}

/** True while a (non-zombie) process of group `pgid` runs. */
function groupAlive(pgid: number): boolean {
  const names = groupProcesses(pgid);
  if (names) return names.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return isAlive(pgid);
  }
}

/**
 * Stops a process group: `signal` (default SIGTERM), then SIGKILL after `graceMs` (default 10 s).
 * Resolves once the group is gone.
 */
export async function stopGroup(
  pid: number,
  graceMs = 10_000,
  signal: NodeJS.Signals = "SIGTERM",
): Promise<void> {
  if (!groupAlive(pid)) return;
  signalGroup(pid, signal);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pid)) return;
    await sleep(100);
  }
  signalGroup(pid, "SIGKILL");
  for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
}

/** GETs a URL with a timeout; resolves to the status code or null when unreachable. */
export async function httpStatus(url: string, timeoutMs = 2000): Promise<number | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  } catch {
    return null;
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portInUse(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (used: boolean) => {
      socket.destroy();
      resolve(used);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Polls `check` every `intervalMs` until it returns true or `timeoutMs` passes.
 * `alive`, when given, aborts the wait early once it returns false (the process died).
 */
export async function waitFor(
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; intervalMs?: number; alive?: () => boolean },
): Promise<boolean> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    if (opts.alive && !opts.alive()) return false;
    await sleep(opts.intervalMs ?? 250);
  }
  return check();
}

/** Last `lines` lines of a text file ("" when missing). */
export function tailFile(file: string, lines = 40): string {
  if (!existsSync(file)) return "";
  const size = statSync(file).size;
  const fd = openSync(file, "r");
  try {
    const len = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    return buf.toString("utf8").split("\n").slice(-lines).join("\n");
  } finally {
    closeSync(fd);
  }
}

/** Runs a command to completion with stdout/stderr appended to `logFile`; resolves to its exit code. */
export function runToLog(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const fd = openSync(opts.logFile, "a");
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}
