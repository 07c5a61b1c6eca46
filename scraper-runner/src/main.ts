/**
 * scraper-runner entry point: `node --import tsx scraper-runner/src/main.ts` (npm run runner,
 * the devstack service `runner`, the container's CMD).
 *
 * Reads the configuration (config.ts), opens the pool, starts one loop per consumer queue
 * (RUNNER_QUEUES or every queue it has a handler for) and `GET /health`. SIGTERM / SIGINT:
 * stop polling, let the message in hand finish for RUNNER_SHUTDOWN_GRACE_S, then abandon it (it is
 * released back to its queue, or reappears after its visibility timeout), close the health
 * server and the pool, exit 0. A second signal exits at once (1).
 */
import { loadConfig } from "./config.js";
import { allConsumers } from "./consumers.js";
import { connect } from "./db.js";
import { healthOf, serveHealth } from "./health.js";
import { createLogger, redact } from "./log.js";
import { Runner } from "./loop.js";
import { serviceClient } from "./supabase.js";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    createLogger().error((err as Error).message);
    process.exit(2);
  }
  const log = createLogger({
    level: config.logLevel,
    base: { svc: "scraper-runner", runner: config.runnerId },
  });

  const supabase = serviceClient(config.supabaseUrl, config.serviceRoleKey);
  const available = allConsumers({ config, supabase });
  const names = available.map((c) => c.queue);
  const unknown = (config.queues ?? []).filter((q) => !names.includes(q));
  if (unknown.length > 0) {
    log.error("RUNNER_QUEUES names queues this runner has no handler for", { unknown, available: names });
    process.exit(2);
  }
  const consumers = config.queues ? available.filter((c) => config.queues?.includes(c.queue)) : available;

  const db = connect(config.dbUrl, {
    max: config.dbPool,
    applicationName: `scraper-runner ${config.runnerId}`,
  });
  const runner = new Runner({
    db,
    consumers,
    log,
    pollSeconds: config.pollSeconds,
    settingsRefreshMs: config.settingsRefreshMs,
  });

  const staleMs = Math.max(60_000, config.pollSeconds * 1000 * 6);
  const health =
    config.healthPort > 0
      ? await serveHealth(config.healthPort, config.healthHost, () =>
          healthOf(runner.stats(), { stopping: runner.stopping, staleMs }),
        ).catch((err: unknown) => {
          log.error("health endpoint could not listen", { port: config.healthPort, error: err });
          process.exit(2);
        })
      : null;

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    const t0 = Date.now();
    log.info("shutting down", { signal, grace_ms: config.shutdownGraceMs });
    const { abandoned } = await runner.stop(config.shutdownGraceMs);
    await health?.close();
    await db.end({ timeout: 2 }).catch(() => {});
    log.info("stopped", { ms: Date.now() - t0, abandoned });
    process.exit(0);
  };
  process.on("SIGTERM", (s) => void shutdown(s));
  process.on("SIGINT", (s) => void shutdown(s));

  runner.start();
  log.info("runner started", {
    queues: consumers.map((c) => c.queue),
    health_port: health?.port ?? null,
    poll_s: config.pollSeconds,
    node: process.version,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ ts: new Date().toISOString(), level: "error", msg: "runner crashed", error: redact(String(err)) })}\n`,
  );
  process.exit(1);
});
