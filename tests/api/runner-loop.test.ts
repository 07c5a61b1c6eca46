/**
 * The runner's loop and its projects_sync consumer against the stack under test, with runner
 * processes this file starts (tests/support/runner.ts): the health endpoint, graceful SIGTERM,
 * dead letters for invalid messages, and the projects_sync consumer's contract with the projects
 * function's internal sync route — first against a loopback stand-in of that route (to answer
 * 200 / 409 / 429 / 503 at will and see exactly what the runner sends), then against the real one.
 *
 * Needs the stack without its own runner (tests/run.ts starts it with --no-runner).
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import postgres from "postgres";
import { callFunction, env, newUser } from "../support/env.js";
import { connectGitHub } from "../support/github.js";
import { assertNoStackRunner, killRunner, type RunnerProcess, startRunner } from "../support/runner.js";

const QUEUE = "projects_sync";
let sql: postgres.Sql;
const started: RunnerProcess[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  what: string,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

async function runner(opts: Parameters<typeof startRunner>[0]): Promise<RunnerProcess> {
  const r = await startRunner(opts);
  started.push(r);
  return r;
}

/** Runs `fn` with a runner that is stopped (SIGTERM, exit 0 expected) afterwards. */
async function withRunner(opts: Parameters<typeof startRunner>[0], fn: (r: RunnerProcess) => Promise<void>) {
  const r = await runner(opts);
  try {
    await fn(r);
  } finally {
    const t0 = Date.now();
    r.kill("SIGTERM");
    const exit = await r.exited;
    assert.equal(exit.code, 0, `runner exit: ${JSON.stringify(exit)} ${r.stderr()}`);
    assert.ok(exit.at - t0 < 9000, `SIGTERM → exit took ${exit.at - t0} ms (grace 5 s)`);
  }
}

async function emit(type: string, payload: Record<string, unknown>): Promise<number> {
  const [row] = await sql<
    { id: string }[]
  >`select private.emit(${type}, ${sql.json(payload as never)})::text as id`;
  return Number(row?.id);
}

interface QueueRow {
  msg_id: string;
  read_ct: number;
  vt_in_s: number;
}

/** The queue row of an event (null once archived). */
async function queued(eventId: number): Promise<QueueRow | null> {
  const [row] = await sql<QueueRow[]>`
    select msg_id::text, read_ct, extract(epoch from vt - clock_timestamp())::float8 as vt_in_s
      from pgmq.q_projects_sync where message -> 'event_id' = ${eventId}::text::jsonb`;
  return row ?? null;
}

async function archived(eventId: number): Promise<{ read_ct: number } | null> {
  const [row] = await sql<{ read_ct: number }[]>`
    select read_ct from pgmq.a_projects_sync where message -> 'event_id' = ${eventId}::text::jsonb`;
  return row ?? null;
}

async function receipt(eventId: number): Promise<boolean> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from private.consumer_receipts where queue_name = ${QUEUE} and event_id = ${eventId}`;
  return row?.n === 1;
}

const handledLine = (eventId: number) => (l: Record<string, unknown>) =>
  l.msg === "message handled" && l.event_id === eventId;

before(async () => {
  await assertNoStackRunner();
  sql = postgres(env.dbUrl, { max: 2, onnotice: () => {} });
});

after(async () => {
  for (const r of started) await killRunner(r);
  await sql?.end({ timeout: 5 });
});

describe("runner process", () => {
  test("GET /health answers with the queues and counters; other paths are 404", async () => {
    await withRunner({ queues: [QUEUE] }, async (r) => {
      const body = await waitFor(
        async () => {
          const res = await fetch(r.healthUrl);
          const b = (await res.json()) as Record<string, unknown>;
          return res.status === 200 && b.status === "ok" ? b : null;
        },
        10_000,
        "health status ok",
      );
      assert.deepEqual(Object.keys(body).sort(), [
        "dead_lettered",
        "failed",
        "handled",
        "in_flight",
        "last_poll_at",
        "queues",
        "rss_mb",
        "status",
        "uptime_s",
      ]);
      const queues = body.queues as Record<string, unknown>[];
      assert.deepEqual(
        queues.map((q) => [q.queue, q.enabled]),
        [[QUEUE, true]],
      );
      assert.equal(typeof body.in_flight, "number");
      assert.ok(typeof body.last_poll_at === "string" && Date.now() - Date.parse(body.last_poll_at) < 10_000);
      assert.equal((await fetch(r.healthUrl.replace("/health", "/nope"))).status, 404);
    });
  });

  test("SIGTERM: stops polling, exits 0 within a few seconds (the grace period bounds any message in hand)", async () => {
    const r = await runner({ queues: [QUEUE, "project_videos"], env: { RUNNER_SHUTDOWN_GRACE_S: "2" } });
    await r.waitForLog((l) => l.msg === "consumer settings" && l.queue === QUEUE, 10_000);
    const t0 = Date.now();
    r.kill("SIGTERM");
    const exit = await r.exited;
    assert.equal(exit.code, 0, r.stderr());
    assert.ok(exit.at - t0 < 6000, `exited after ${exit.at - t0} ms`);
    assert.ok(r.lines.some((l) => l.msg === "stopped"));
    assert.equal(
      await fetch(r.healthUrl).then(
        () => "answering",
        () => "closed",
      ),
      "closed",
    );
  });

  test("RUNNER_QUEUES naming a queue without a handler stops the start with a message", async () => {
    await assert.rejects(runner({ queues: ["no_such_queue"] }), /no handler for/);
  });
});

describe("dead letters", () => {
  test("an invalid envelope or payload is dead-lettered at once (22023), never handled", async () => {
    await withRunner({ queues: [QUEUE] }, async (r) => {
      // pgmq.send as the owner: service_role cannot send (events enter only through private.emit).
      const [bad] = await sql<{ id: string }[]>`
      select pgmq.send(${QUEUE}, ${sql.json({ event_id: "not-a-number", event_type: 7, payload: [] })})::text as id`;
      const [noUser] = await sql<{ id: string }[]>`
      select pgmq.send(${QUEUE}, ${sql.json({
        event_id: 987654321,
        event_type: "projects.sync.requested",
        emitted_at: new Date().toISOString(),
        payload: { trigger: "daily" },
      })})::text as id`;
      const letters = await waitFor(
        async () => {
          const rows = await sql<{ msg_id: string; error: string; sqlstate: string; attempts: number }[]>`
          select msg_id::text, error, sqlstate, attempts from private.dead_letters
           where queue_name = ${QUEUE} and msg_id in (${bad?.id ?? "0"}::bigint, ${noUser?.id ?? "0"}::bigint)
           order by msg_id`;
          return rows.length === 2 ? rows : null;
        },
        15_000,
        "two dead letters",
      );
      assert.match(letters[0]?.error ?? "", /^invalid envelope: .*event_id/);
      assert.match(letters[1]?.error ?? "", /^invalid envelope: payload\.user_id/);
      assert.deepEqual(
        letters.map((l) => [l.sqlstate, l.attempts]),
        [
          ["22023", 1],
          ["22023", 1],
        ],
      );
      const [left] = await sql<{ n: number }[]>`
      select count(*)::int as n from pgmq.q_projects_sync where msg_id in (${bad?.id ?? "0"}::bigint, ${noUser?.id ?? "0"}::bigint)`;
      assert.equal(left?.n, 0, "both left the queue (archived)");
      assert.ok(
        !r.lines.some((l) => l.msg === "message handled" && [bad?.id, noUser?.id].includes(String(l.msg_id))),
        "no handler ran",
      );
    });
  });
});

describe("projects_sync consumer", () => {
  /** A stand-in of the projects function's internal route: answers by user id. */
  let stub: Server;
  let stubUrl = "";
  const calls: { path: string; auth: string; body: { user_id?: string; trigger?: string } }[] = [];
  const script = new Map<string, { status: number; body: unknown }[]>();

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let b = "";
      req.on("data", (d: Buffer) => {
        b += d.toString();
      });
      req.on("end", () => resolve(b));
    });

  before(async () => {
    stub = createServer(async (req, res) => {
      const raw = await readBody(req);
      let body: { user_id?: string; trigger?: string } = {};
      try {
        body = JSON.parse(raw) as typeof body;
      } catch {
        /* keep {} */
      }
      calls.push({ path: req.url ?? "", auth: req.headers.authorization ?? "", body });
      // Users this file did not script (leftovers of other tests) get 503: they stay queued.
      const answer = script.get(body.user_id ?? "")?.shift() ?? {
        status: 503,
        body: { error: { code: "upstream_unavailable", message: "stub" } },
      };
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => {
      stub.close(() => resolve());
      stub.closeAllConnections();
    });
  });

  test("calls the internal route with the service key: 200 done, 409 not connected skipped, 429 waits retry_after_s, 503 backs off", async () => {
    const ok = crypto.randomUUID();
    const connected = crypto.randomUUID();
    const notConnected = crypto.randomUUID();
    const limited = crypto.randomUUID();
    const down = crypto.randomUUID();
    const sync = {
      synced_count: 3,
      detected_count: 1,
      updated_count: 0,
      last_synced_at: new Date().toISOString(),
    };
    script.set(ok, [{ status: 200, body: sync }]);
    script.set(connected, [{ status: 200, body: sync }]);
    script.set(notConnected, [
      { status: 409, body: { error: { code: "github_not_connected", message: "Connect GitHub first." } } },
    ]);
    script.set(limited, [
      {
        status: 429,
        body: { error: { code: "github_rate_limited", message: "later", details: { retry_after_s: 3 } } },
      },
      { status: 200, body: sync },
    ]);
    script.set(down, [
      { status: 503, body: { error: { code: "upstream_unavailable", message: "GitHub is down" } } },
    ]);

    const ids = {
      ok: await emit("projects.sync.requested", { user_id: ok, trigger: "daily" }),
      connected: await emit("integrations.github.connected", {
        user_id: connected,
        github_login: "octocat",
        scopes: ["repo"],
      }),
      notConnected: await emit("projects.sync.requested", { user_id: notConnected, trigger: "daily" }),
      limited: await emit("projects.sync.requested", { user_id: limited, trigger: "daily" }),
      down: await emit("projects.sync.requested", { user_id: down, trigger: "daily" }),
    };
    const r = await runner({ queues: [QUEUE], supabaseUrl: stubUrl });
    try {
      for (const id of [ids.ok, ids.connected, ids.notConnected]) {
        await r.waitForLog(handledLine(id), 15_000);
        assert.deepEqual(await archived(id), { read_ct: 1 });
        assert.equal(await receipt(id), true);
      }
      const sent = (user: string) => calls.filter((c) => c.body.user_id === user);
      assert.equal(sent(ok)[0]?.path, "/functions/v1/projects/v1/internal/projects/sync");
      assert.equal(sent(ok)[0]?.auth, `Bearer ${env.serviceRoleKey}`);
      assert.deepEqual(sent(ok)[0]?.body, { user_id: ok, trigger: "daily" });
      assert.deepEqual(sent(connected)[0]?.body, { user_id: connected, trigger: "github_connected" });
      const skipped = r.lines.find(handledLine(ids.notConnected));
      assert.deepEqual([skipped?.outcome, skipped?.reason], ["skipped", "github_not_connected"]);

      // 429: delayed by retry_after_s (3 s), not the back-off; then handled on the next delivery.
      const delayed = await r.waitForLog(
        (l) => l.msg === "message delayed" && l.event_id === ids.limited,
        15_000,
      );
      assert.equal(delayed.retry_in_s, 3);
      await r.waitForLog(handledLine(ids.limited), 15_000);
      assert.deepEqual(await archived(ids.limited), { read_ct: 2 });
      assert.equal(sent(limited).length, 2);

      // 503: back-off private.backoff_seconds(1) = 10 s; still queued, not dead.
      await r.waitForLog(
        (l) => l.msg === "message failed; retrying after back-off" && l.event_id === ids.down,
        15_000,
      );
      const row = await queued(ids.down);
      assert.ok(row, "still in the queue");
      assert.equal(row.read_ct, 1);
      assert.ok(row.vt_in_s > 5 && row.vt_in_s <= 10.5, `invisible for the back-off (${row.vt_in_s} s)`);
      await sql`select pgmq.delete(${QUEUE}, ${row.msg_id}::bigint)`;
    } finally {
      r.kill("SIGTERM");
      assert.equal((await r.exited).code, 0);
    }
  });

  test("against the real projects function: a user without GitHub → 409 github_not_connected → archived", async () => {
    const user = await newUser("runner-sync");
    const id = await emit("projects.sync.requested", { user_id: user.userId, trigger: "daily" });
    const r = await runner({ queues: [QUEUE] });
    try {
      const line = await r.waitForLog(handledLine(id), 60_000);
      assert.deepEqual([line.outcome, line.reason], ["skipped", "github_not_connected"]);
      assert.deepEqual(await archived(id), { read_ct: 1 });
    } finally {
      r.kill("SIGTERM");
      await r.exited;
    }
  });

  test("connecting GitHub → integrations.github.connected → the runner syncs the user's repositories (GitHub fake)", async () => {
    const user = await newUser("runner-connect");
    const login = `cp-runner-${crypto.randomUUID().slice(0, 8)}`;
    const seed = await fetch(`${env.fakes.github}/_fake/github/repos`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login, count: 4 }),
    });
    assert.equal(seed.status, 200, await seed.text());
    await connectGitHub(user, login);
    const [event] = await sql<{ id: string }[]>`
      select id::text from public.event_log
       where event_type = 'integrations.github.connected' and payload ->> 'user_id' = ${user.userId}`;
    assert.ok(event, "the connect emitted integrations.github.connected");

    await withRunner({ queues: [QUEUE] }, async (r) => {
      const line = await r.waitForLog(handledLine(Number(event.id)), 60_000);
      assert.deepEqual([line.outcome, line.trigger, line.synced_count], ["done", "github_connected", 4]);
    });
    const page = await callFunction("projects/v1/projects", { token: user.accessToken });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal((page.body as { total: number }).total, 4);
    const [synced] = await sql<{ last_trigger: string }[]>`
      select last_trigger from public.repository_syncs where user_id = ${user.userId}`;
    assert.equal(synced?.last_trigger, "github_connected");
  });
});
