/**
 * `npm run dev`: the stack in the foreground. Postgres is started as usual (pg_ctl) and its log is
 * followed; the gateway, the runner and the web app run as children whose output is streamed with a prefix
 * (and also appended to `logs/<service>.log`). SIGINT / SIGTERM stop every child and postgres.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { isTestLike, type Profile } from "./config.js";
import { demoNames } from "./demo.js";
import { pgInstall, postgresLog, stopPostgres } from "./postgres.js";
import { isAlive, portInUse, readPids, stopGroup, writePids } from "./processes.js";
import {
  demoCommand,
  demoServices,
  GATEWAY_MAIN,
  gatewayCommand,
  mailCatcherCommand,
  RUNNER_MAIN,
  runnerCommand,
  type ServiceCommand,
  STOP_SIGNALS,
  schedulerCommand,
  waitGateway,
  waitMailCatcher,
  waitRunner,
  waitWeb,
  webCommand,
  webPresent,
} from "./services.js";
import {
  buildWebIfNeeded,
  type Log,
  makeLog,
  printStatus,
  seedDemoIfNeeded,
  upDatabase,
  waitDemo,
} from "./stack.js";

const COLORS: Record<string, string> = {
  postgres: "34",
  gateway: "35",
  web: "36",
  scheduler: "33",
  runner: "32",
  demo: "90",
  mail: "94",
};

function prefixer(name: string): (chunk: string) => void {
  const color = process.stdout.isTTY ? COLORS[name] : undefined;
  const label = name.padEnd(9);
  const tag = color ? `\x1b[${color}m${label}|\x1b[0m ` : `${label}| `;
  let pending = "";
  return (chunk) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) process.stdout.write(`${tag}${line}\n`);
  };
}

/** Follows a growing file (polling), passing new text to `onText`; returns a stop function. */
function followFile(file: string, onText: (s: string) => void): () => void {
  let pos = existsSync(file) ? statSync(file).size : 0;
  const timer = setInterval(() => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size < pos) pos = 0;
    if (size === pos) return;
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(size - pos);
      readSync(fd, buf, 0, buf.length, pos);
      pos = size;
      onText(buf.toString("utf8"));
    } finally {
      closeSync(fd);
    }
  }, 500);
  return () => clearInterval(timer);
}

interface Running {
  name: string;
  child: ChildProcess;
  exited: boolean;
}

function startChild(profile: Profile, svc: ServiceCommand, log: Log): Running {
  const logFile = path.join(profile.logsDir, `${svc.name}.log`);
  appendFileSync(logFile, `\n===== ${new Date().toISOString()} ${svc.cmd} ${svc.args.join(" ")} (dev)\n`);
  const child = spawn(svc.cmd, svc.args, {
    cwd: svc.cwd,
    env: svc.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = prefixer(svc.name);
  const onData = (d: Buffer) => {
    const s = d.toString("utf8");
    appendFileSync(logFile, s);
    out(s);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const running: Running = { name: svc.name, child, exited: false };
  child.on("error", (err) => {
    running.exited = true;
    log(`${svc.name} could not start: ${err.message}`);
  });
  child.on("exit", (code, signal) => {
    running.exited = true;
    log(`${svc.name} exited (${signal ?? `code ${code}`})`);
  });
  if (child.pid) writePids(profile.pidsFile, { ...readPids(profile.pidsFile), [svc.name]: child.pid });
  return running;
}

/**
 * Runs the stack in the foreground until SIGINT / SIGTERM.
 * @returns the process exit code
 */
export async function runDev(
  profile: Profile,
  opts: { noWeb?: boolean; noRunner?: boolean },
): Promise<number> {
  const log = makeLog();
  const pids = readPids(profile.pidsFile);
  const busy = Object.entries(pids).filter(([, pid]) => isAlive(pid));
  if (busy.length > 0) {
    throw new Error(
      `the ${profile.name} stack is already running in the background (${busy.map(([n, p]) => `${n} pid ${p}`).join(", ")}).\n` +
        `Stop it first: npm run stack -- down${profile.name === "dev" ? "" : ` --profile ${profile.name}`}`,
    );
  }

  const children: Running[] = [];
  let stopFollow: () => void = () => {};
  let shuttingDown = false;
  const shutdown = async (reason: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`${reason}: stopping every service`);
    stopFollow();
    await Promise.all(
      children.map((c) =>
        c.child.pid ? stopGroup(c.child.pid, undefined, STOP_SIGNALS[c.name]) : Promise.resolve(),
      ),
    );
    await stopPostgres(profile);
    writePids(profile.pidsFile, {});
    log("stopped");
  };
  let exitCode = 0;
  const done = new Promise<void>((resolve) => {
    let firstSignalAt = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      // Ctrl-C reaches us twice (from the terminal and relayed by npm/tsx): only a later one forces.
      if (shuttingDown && Date.now() - firstSignalAt < 2000) return;
      firstSignalAt ||= Date.now();
      if (shuttingDown) {
        log(`${sig} again: killing`);
        for (const c of children) if (c.child.pid) process.kill(-c.child.pid, "SIGKILL");
        return;
      }
      void shutdown(sig).then(resolve);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    process.on("SIGHUP", onSignal);
  });

  try {
    const { keys } = await upDatabase(profile, log);
    stopFollow = followFile(postgresLog(profile), prefixer("postgres"));
    if (shuttingDown) {
      await done;
      return 0;
    }

    if (!(await pgInstall()).hasCron) children.push(startChild(profile, schedulerCommand(profile), log));

    const demo = demoNames(demoServices(profile));
    if (demo.length > 0 && !shuttingDown) {
      log(`no real credentials for ${demo.join(", ")}: starting DEMO services (loopback fakes)`);
      const fakes = startChild(profile, demoCommand(profile), log);
      children.push(fakes);
      await waitDemo(profile, () => !fakes.exited);
    }

    if (!shuttingDown) {
      // Before auth and the runner, which send mail to it.
      if (await portInUse(profile.mailPort))
        throw new Error(`port ${profile.mailPort} (mail catcher) is already in use`);
      const mail = startChild(profile, mailCatcherCommand(profile), log);
      children.push(mail);
      await waitMailCatcher(profile, () => !mail.exited);
    }

    if (existsSync(GATEWAY_MAIN)) {
      if (await portInUse(profile.apiPort)) throw new Error(`port ${profile.apiPort} is already in use`);
      const svc = gatewayCommand(profile, keys);
      if (profile.name === "dev") svc.args.splice(1, 0, "--watch");
      const gw = startChild(profile, svc, log);
      children.push(gw);
      await waitGateway(profile, () => !gw.exited);
    } else {
      log("devstack/gateway/main.ts does not exist yet: gateway skipped");
    }

    if (opts.noRunner) log("--no-runner: runner skipped");
    else if (existsSync(RUNNER_MAIN) && !shuttingDown) {
      if (await portInUse(profile.runnerHealthPort))
        throw new Error(`port ${profile.runnerHealthPort} (runner health) is already in use`);
      const runner = startChild(profile, runnerCommand(profile, keys), log);
      children.push(runner);
      await waitRunner(profile, () => !runner.exited);
    }
    // After the runner: the demo projects are synced by it.
    if (existsSync(GATEWAY_MAIN) && !shuttingDown)
      await seedDemoIfNeeded(profile, keys, log, !opts.noRunner && existsSync(RUNNER_MAIN));

    if (opts.noWeb) log("--no-web: web app skipped");
    else if (!webPresent()) log("web/ has no next.config.* yet: web app skipped");
    else if (!shuttingDown) {
      if (await portInUse(profile.webPort)) throw new Error(`port ${profile.webPort} is already in use`);
      if (isTestLike(profile.name)) await buildWebIfNeeded(profile, keys, log);
      const web = startChild(profile, webCommand(profile, keys), log);
      children.push(web);
      await waitWeb(profile, () => !web.exited);
    }
    if (!shuttingDown) {
      await printStatus(profile, process.stderr);
      log("running in the foreground; Ctrl-C stops everything");
    }
  } catch (err) {
    process.stderr.write(`devstack: ${err instanceof Error ? err.message : String(err)}\n`);
    exitCode = 1;
    await shutdown("startup failed");
    return exitCode;
  }
  await done;
  return exitCode;
}
