/**
 * The runner's loop and its projects_sync consumer against the stack under test, with runner
 * processes this file starts (tests/support/runner.ts): the health endpoint, graceful SIGTERM,
 * dead letters for invalid messages, and the projects_sync consumer crawling the GitHub fake
 * itself for background triggers: sync runs, GitHub's rate limit (delayed to its reset),
 * unreachable GitHub (back-off), redeliveries continuing their run. Manual syncs (POST
 * /v1/projects/sync) are tested in projects.test.ts.
 *
 * Needs the stack without its own runner (tests/run.ts starts it with --no-runner).
 */
import assert from "node:assert/strict";
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

  test("an idle runner picks a new message up on its NOTIFY, and idle loops never hold the pool its handlers need", async () => {
    // Three loops on a pool of two, polling only every 30 s. A loop waiting inside
    // read_with_poll held a connection for the whole poll, so with more loops than connections
    // the handlers' own queries queued behind the polls: this test timed out (30 s) on that code,
    // and a GitHub import took 12-15 s on the stack's 13 loops and pool of 6.
    const user = await newUser("runner-wake");
    await withRunner(
      {
        queues: [QUEUE, "storage_cleanup", "job_rescore"],
        env: { RUNNER_POLL_S: "30", RUNNER_DB_POOL: "2" },
      },
      async (r) => {
        const listening = await r.waitForLog((l) => l.msg === "listening for new messages", 10_000);
        assert.deepEqual(listening.channels, [
          "pgmq.q_projects_sync.INSERT",
          "pgmq.q_storage_cleanup.INSERT",
          "pgmq.q_job_rescore.INSERT",
        ]);
        await r.waitForLog((l) => l.msg === "consumer settings" && l.queue === QUEUE, 10_000);
        await sleep(1500); // both loops are idle now, waiting for work
        const t0 = Date.now();
        const id = await emit("projects.sync.requested", { user_id: user.userId, trigger: "daily" });
        const line = await r.waitForLog(handledLine(id), 30_000);
        const ms = Date.now() - t0;
        assert.deepEqual([line.outcome, line.error_code], ["done", "github_not_connected"]);
        assert.ok(
          ms < 5000,
          `emit → handled took ${ms} ms with a 30 s poll: the NOTIFY did not wake the loop`,
        );
      },
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

describe("projects_sync consumer (the runner crawls GitHub itself)", () => {
  /** Drives the GitHub fake's control endpoints (`/_fake/github/<path>`). */
  async function fake(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${env.fakes.github}/_fake/github/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, await res.text());
  }

  interface RunRow {
    trigger: string;
    status: string;
    synced_count: number | null;
    error_code: string | null;
    retry_after_s: number | null;
  }

  /** The sync run a background event started (keyed by its event id). */
  async function runOf(eventId: number): Promise<RunRow | null> {
    const [row] = await sql<RunRow[]>`
      select trigger, status, synced_count, error_code, retry_after_s
        from public.project_sync_runs where event_id = ${eventId}`;
    return row ?? null;
  }

  /** A user with GitHub connected as a fresh login holding `count` repositories; its connect event is consumed. */
  async function connected(prefix: string, count: number) {
    const user = await newUser(prefix);
    const login = `cp-runner-${crypto.randomUUID().slice(0, 8)}`;
    await fake("repos", { login, count });
    await connectGitHub(user, login);
    const [event] = await sql<{ id: string }[]>`
      select id::text from public.event_log
       where event_type = 'integrations.github.connected' and payload ->> 'user_id' = ${user.userId}`;
    assert.ok(event, "the connect emitted integrations.github.connected");
    return { user, login, connectEvent: Number(event.id) };
  }

  test("a user without GitHub: the run fails github_not_connected and the message is archived", async () => {
    const user = await newUser("runner-sync");
    const id = await emit("projects.sync.requested", { user_id: user.userId, trigger: "daily" });
    await withRunner({ queues: [QUEUE] }, async (r) => {
      const line = await r.waitForLog(handledLine(id), 60_000);
      assert.deepEqual([line.outcome, line.error_code], ["done", "github_not_connected"]);
      assert.deepEqual(await archived(id), { read_ct: 1 });
      assert.equal(await receipt(id), true);
      assert.deepEqual(await runOf(id), {
        trigger: "daily",
        status: "failed",
        synced_count: null,
        error_code: "github_not_connected",
        retry_after_s: null,
      });
    });
  });

  test("connecting GitHub → integrations.github.connected → the runner syncs the user's repositories (GitHub fake)", async () => {
    const { user, connectEvent } = await connected("runner-connect", 4);
    await withRunner({ queues: [QUEUE] }, async (r) => {
      const line = await r.waitForLog(handledLine(connectEvent), 60_000);
      assert.deepEqual([line.outcome, line.trigger, line.synced_count], ["done", "github_connected", 4]);
    });
    const page = await callFunction("projects/v1/projects", { token: user.accessToken });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal((page.body as { total: number }).total, 4);
    const [synced] = await sql<{ last_trigger: string }[]>`
      select last_trigger from public.repository_syncs where user_id = ${user.userId}`;
    assert.equal(synced?.last_trigger, "github_connected");
    assert.equal((await runOf(connectEvent))?.status, "succeeded");
    const latest = await callFunction("projects/v1/projects/sync-runs/latest", { token: user.accessToken });
    assert.deepEqual(
      [(latest.body as { trigger: string }).trigger, (latest.body as { synced_count: number }).synced_count],
      ["github_connected", 4],
      "the user sees the background run",
    );
  });

  test("a background sync hitting GitHub's rate limit waits queued for GitHub's reset (delayed, not the back-off), then finishes", async () => {
    const { user, login, connectEvent } = await connected("runner-limit", 3);
    await sql`select pgmq.delete(${QUEUE}, msg_id) from pgmq.q_projects_sync
               where message -> 'event_id' = ${connectEvent}::text::jsonb`;
    await fake("rate-limit", { login, retry_after_s: 3 });
    const id = await emit("projects.sync.requested", { user_id: user.userId, trigger: "daily" });
    await withRunner({ queues: [QUEUE] }, async (r) => {
      const delayed = await r.waitForLog((l) => l.msg === "message delayed" && l.event_id === id, 30_000);
      assert.equal(delayed.retry_in_s, 3);
      const waiting = await runOf(id);
      assert.deepEqual(
        [waiting?.status, waiting?.error_code, waiting?.retry_after_s],
        ["queued", "github_rate_limited", 3],
        "the user sees the sync waiting for GitHub",
      );
      await fake("rate-limit", { login, clear: true });
      const line = await r.waitForLog(handledLine(id), 30_000);
      assert.deepEqual([line.outcome, line.synced_count], ["done", 3]);
      assert.deepEqual(await archived(id), { read_ct: 2 });
      assert.deepEqual(await runOf(id), {
        trigger: "daily",
        status: "succeeded",
        synced_count: 3,
        error_code: null,
        retry_after_s: null,
      });
    });
  });

  test("GitHub unreachable → back-off (private.backoff_seconds), the run stays running; a redelivery continues the same run", async () => {
    const { user, connectEvent } = await connected("runner-down", 2);
    await sql`select pgmq.delete(${QUEUE}, msg_id) from pgmq.q_projects_sync
               where message -> 'event_id' = ${connectEvent}::text::jsonb`;
    const id = await emit("projects.sync.requested", { user_id: user.userId, trigger: "daily" });
    // A closed port: connection refused.
    await withRunner({ queues: [QUEUE], env: { GITHUB_API_BASE_URL: "http://127.0.0.1:9" } }, async (r) => {
      await r.waitForLog(
        (l) => l.msg === "message failed; retrying after back-off" && l.event_id === id,
        30_000,
      );
      const row = await queued(id);
      assert.ok(row, "still in the queue");
      assert.equal(row.read_ct, 1);
      assert.ok(row.vt_in_s > 5 && row.vt_in_s <= 10.5, `invisible for the back-off (${row.vt_in_s} s)`);
      assert.equal((await runOf(id))?.status, "running");
      await sql`select pgmq.set_vt(${QUEUE}, ${row.msg_id}::bigint, 0)`;
    });
    await withRunner({ queues: [QUEUE] }, async (r) => {
      await r.waitForLog(handledLine(id), 30_000);
    });
    const [runs] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.project_sync_runs where event_id = ${id}`;
    assert.equal(runs?.n, 1, "one run for the event");
    assert.equal((await runOf(id))?.status, "succeeded");
  });
});
