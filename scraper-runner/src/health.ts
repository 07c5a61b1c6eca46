/**
 * `GET /health` on RUNNER_HEALTH_PORT: `{status, queues, in_flight, last_poll_at, handled, failed,
 * dead_lettered, uptime_s, rss_mb}`.
 *
 * status: `starting` (some queue has not polled yet), `ok`, `degraded` (an idle queue's last poll
 * is older than `staleMs`: the database is unreachable or the loop is stuck) or `stopping`. 200 for `ok`, 503 otherwise, so
 * a container HEALTHCHECK or an orchestrator's probe can use it as is.
 */
import http from "node:http";
import type { QueueStats } from "./loop.js";

/** The health document. */
export interface Health {
  status: "starting" | "ok" | "degraded" | "stopping";
  queues: QueueStats[];
  in_flight: number;
  last_poll_at: string | null;
  handled: number;
  failed: number;
  dead_lettered: number;
  uptime_s: number;
  rss_mb: number;
}

const started = Date.now();

/** Builds the health document from the queue counters. */
export function healthOf(queues: QueueStats[], opts: { stopping: boolean; staleMs: number }): Health {
  const polls = queues.map((q) => q.last_poll_at);
  const last = polls.filter((p): p is string => p !== null).sort();
  const now = Date.now();
  let status: Health["status"] = "ok";
  if (opts.stopping) status = "stopping";
  else if (polls.some((p) => p === null)) status = "starting";
  else if (queues.some((q) => q.in_flight === 0 && now - Date.parse(q.last_poll_at as string) > opts.staleMs))
    status = "degraded";
  const sum = (k: "in_flight" | "handled" | "failed" | "dead_lettered") =>
    queues.reduce((a, q) => a + q[k], 0);
  return {
    status,
    queues,
    in_flight: sum("in_flight"),
    last_poll_at: last[last.length - 1] ?? null,
    handled: sum("handled"),
    failed: sum("failed"),
    dead_lettered: sum("dead_lettered"),
    uptime_s: Math.round((now - started) / 1000),
    rss_mb: Math.round(process.memoryUsage().rss / 1048576),
  };
}

/** Serves `GET /health` (and `HEAD`); anything else is 404. Resolves once listening. */
export async function serveHealth(
  port: number,
  host: string,
  snapshot: () => Health,
): Promise<{ close(): Promise<void>; port: number }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if ((req.method === "GET" || req.method === "HEAD") && (path === "/health" || path === "/healthz")) {
      const h = snapshot();
      const body = JSON.stringify(h);
      res.writeHead(h.status === "ok" ? 200 : 503, {
        "content-type": "application/json",
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "not_found", message: "GET /health" } }));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === "object" && addr ? addr.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
