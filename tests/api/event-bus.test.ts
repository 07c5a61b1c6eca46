/**
 * The event bus against the running stack's Postgres (docs/events.md): a consumer killed in the
 * middle of a message loses nothing — the message comes back and is handled exactly once — and
 * pg_cron really runs the SQL consumers.
 *
 * Each run registers a throwaway event type, queues and handler (unique names) and removes them
 * afterwards. The consumer under test is registered disabled, so the every-minute pg_cron job
 * leaves it alone and only this test's explicit `private.run_sql_consumer` calls handle it.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import postgres from "postgres";
import { env } from "../support/env.js";

const id = randomBytes(4).toString("hex");
const EVENT = `test.kill_${id}.happened`; // routed to QUEUE
const CRON_EVENT = `test.cron_${id}.happened`; // routed to CRON_QUEUE
const QUEUE = `test_kill_${id}`; // consumed by explicit calls only (disabled consumer)
const CRON_QUEUE = `test_cron_${id}`; // consumed by the pg_cron job (enabled consumer)
const SCHEMA = `event_bus_test_${id}`;
/** Visibility timeout of the killed consumer's read, in seconds. */
const VT = 2;
/** pg_cron runs each minute: wait at most this long for it to deliver an event. */
const CRON_WAIT_MS = 75_000;

let sql: postgres.Sql;
let cronEventId = 0;
let cronEmittedAt = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `intervalMs` until it returns true or `timeoutMs` passes. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(intervalMs);
  }
  return check();
}

/** A separate connection playing the consumer that will be killed. */
function consumerConnection(): postgres.Sql {
  return postgres(env.dbUrl, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: `event-bus-test-consumer-${id}` },
  });
}

async function backendPid(conn: postgres.Sql): Promise<number> {
  const [row] = await conn<{ pid: number }[]>`select pg_backend_pid() as pid`;
  if (!row) throw new Error("no backend pid");
  return row.pid;
}

/** Waits until the backend is asleep inside the handler (pg_sleep), i.e. mid-message. */
async function waitUntilSleeping(pid: number): Promise<void> {
  const sleeping = await waitFor(async () => {
    const rows = await sql`select 1 from pg_stat_activity where pid = ${pid} and wait_event = 'PgSleep'`;
    return rows.length === 1;
  }, 10_000);
  assert.ok(sleeping, "the consumer never reached the middle of the message");
}

async function emit(n: number, eventType = EVENT): Promise<number> {
  const [row] = await sql<{ id: string }[]>`
    select private.emit(${eventType}::text, ${sql.json({ n })}::jsonb)::text as id`;
  return Number(row?.id);
}

async function runConsumer(queue: string): Promise<Record<string, number | string>> {
  const [row] = await sql<
    { r: Record<string, number | string> }[]
  >`select private.run_sql_consumer(${queue}) as r`;
  return row?.r ?? {};
}

async function effectCount(eventId: number): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from ${sql(SCHEMA)}.effects where event_id = ${eventId}`;
  return row?.n ?? -1;
}

interface QueuedRow {
  read_ct: number;
  visible: boolean;
}

async function queued(queue: string, eventId: number): Promise<QueuedRow | undefined> {
  const rows = await sql<QueuedRow[]>`
    select read_ct, vt <= clock_timestamp() as visible
    from ${sql("pgmq")}.${sql(`q_${queue}`)}
    where (message ->> 'event_id')::bigint = ${eventId}`;
  return rows[0];
}

before(async () => {
  if (!env.dbUrl) throw new Error("CP_DB_URL is not set");
  sql = postgres(env.dbUrl, { max: 2, onnotice: () => {} });
  await sql.begin(async (tx) => {
    await tx`create schema ${tx(SCHEMA)}`;
    await tx`create table ${tx(SCHEMA)}.effects (event_id bigint not null, queue text not null, handled_at timestamptz not null default clock_timestamp())`;
    await tx`create table ${tx(SCHEMA)}.control (sleep_s numeric not null)`;
    await tx`insert into ${tx(SCHEMA)}.control values (0)`;
    // The handler writes its effect, then sleeps as long as `control` says (to be killed mid-way).
    await tx.unsafe(`
      create function ${SCHEMA}.handle(envelope jsonb) returns void
      language plpgsql set search_path = '' as $$
      begin
        insert into ${SCHEMA}.effects (event_id, queue) values ((envelope ->> 'event_id')::bigint, 'sql');
        perform pg_sleep((select sleep_s from ${SCHEMA}.control));
      end;
      $$`);
    await tx.unsafe(`
      create function ${SCHEMA}.handle_cron(envelope jsonb) returns void
      language sql set search_path = '' as $$
        insert into ${SCHEMA}.effects (event_id, queue) values ((envelope ->> 'event_id')::bigint, 'cron');
      $$`);
    for (const type of [EVENT, CRON_EVENT]) {
      await tx`select private.register_event_type(${type}, 'API test fixture', '{"required": {"n": "integer"}}')`;
    }
    await tx`select private.register_route(${EVENT}, ${QUEUE})`;
    await tx`select private.register_route(${CRON_EVENT}, ${CRON_QUEUE})`;
    await tx`select private.register_consumer(${QUEUE}, 'sql', ${`${SCHEMA}.handle`},
      max_attempts => 5, visibility_timeout_s => ${VT}, enabled => false)`;
    await tx`select private.register_consumer(${CRON_QUEUE}, 'sql', ${`${SCHEMA}.handle_cron`})`;
  });
  // Emitted first so pg_cron's next minute can deliver it while the other tests run.
  cronEventId = await emit(0, CRON_EVENT);
  cronEmittedAt = Date.now();
});

after(async () => {
  if (!sql) return;
  await sql`update private.event_consumers set enabled = false where queue_name in (${QUEUE}, ${CRON_QUEUE})`;
  await sql.begin(async (tx) => {
    for (const queue of [QUEUE, CRON_QUEUE]) {
      await tx`delete from private.event_consumers where queue_name = ${queue}`;
      await tx`delete from private.consumer_receipts where queue_name = ${queue}`;
      await tx`delete from private.dead_letters where queue_name = ${queue}`;
      await tx`select pgmq.drop_queue(${queue})`;
    }
    await tx`delete from public.event_log where event_type in (${EVENT}, ${CRON_EVENT})`;
    await tx`delete from private.event_types where event_type in (${EVENT}, ${CRON_EVENT})`;
    await tx`drop schema ${tx(SCHEMA)} cascade`;
  });
  await sql.end({ timeout: 5 });
});

describe("a consumer killed mid-message loses nothing", () => {
  test("runner-style: read committed, killed while handling → hidden for the visibility timeout, then handled exactly once", async () => {
    const eventId = await emit(1);
    const worker = consumerConnection();
    try {
      const pid = await backendPid(worker);
      // The runner loop: read (commits the new vt and read_ct), then handle in a transaction.
      const read = await worker<{ msg_id: string; read_ct: number; message: { event_id: number } }[]>`
        select msg_id, read_ct, message from pgmq.read(${QUEUE}, ${VT}, 1)`;
      assert.equal(read.length, 1);
      assert.equal(read[0]?.message.event_id, eventId);
      assert.equal(read[0]?.read_ct, 1);

      // Handling: a transaction that writes part of the effect and then takes long. (A plain
      // `begin` on the single connection rather than sql.begin(), whose automatic ROLLBACK write
      // on a killed socket throws inside postgres.js.)
      await worker`begin`;
      await worker`insert into ${worker(SCHEMA)}.effects (event_id, queue) values (${eventId}, 'runner')`;
      const outcome = worker`select pg_sleep(30)`.then(
        () => "finished",
        (err: { code?: string }) => err.code ?? "error",
      );
      await waitUntilSleeping(pid);
      const [killed] = await sql<{ ok: boolean }[]>`select pg_terminate_backend(${pid}) as ok`;
      assert.equal(killed?.ok, true);
      assert.notEqual(await outcome, "finished", "the killed transaction must not finish");

      assert.equal(await effectCount(eventId), 0, "the killed handler's partial write was rolled back");
      const hidden = await queued(QUEUE, eventId);
      assert.ok(hidden, "the message is still in the queue");
      assert.equal(hidden.visible, false, "until its visibility timeout passes, nobody else gets it");

      const reappeared = await waitFor(
        async () => (await queued(QUEUE, eventId))?.visible === true,
        VT * 1000 + 3000,
      );
      assert.ok(reappeared, `the message is visible again after ${VT} s`);

      const run = await runConsumer(QUEUE);
      assert.equal(run.processed, 1, JSON.stringify(run));
      assert.equal(await effectCount(eventId), 1, "handled exactly once");
      assert.equal(await queued(QUEUE, eventId), undefined, "and gone from the queue");
      const [archived] = await sql<{ read_ct: number }[]>`
        select read_ct from ${sql("pgmq")}.${sql(`a_${QUEUE}`)} where (message ->> 'event_id')::bigint = ${eventId}`;
      assert.equal(archived?.read_ct, 2, "archived after its second delivery");

      const again = await runConsumer(QUEUE);
      assert.equal(again.read, 0, "nothing is left to deliver");
      assert.equal(await effectCount(eventId), 1, "still exactly one effect");
    } finally {
      await worker.end({ timeout: 1 }).catch(() => {});
    }
  });

  test("sql consumer: killed inside its handler → its whole transaction rolls back and the next run handles the message once", async () => {
    await sql`update ${sql(SCHEMA)}.control set sleep_s = 30`;
    const eventId = await emit(2);
    const worker = consumerConnection();
    try {
      const pid = await backendPid(worker);
      const running = worker`select private.run_sql_consumer(${QUEUE})`.then(
        () => "finished",
        (err: { code?: string }) => err.code ?? "error",
      );
      await waitUntilSleeping(pid);
      const [killed] = await sql<{ ok: boolean }[]>`select pg_terminate_backend(${pid}) as ok`;
      assert.equal(killed?.ok, true);
      assert.notEqual(await running, "finished", "the killed run must not finish");

      assert.equal(await effectCount(eventId), 0, "the handler's write was rolled back");
      const back = await queued(QUEUE, eventId);
      assert.deepEqual(
        back,
        { read_ct: 0, visible: true },
        "the read rolled back too: the message is ready again",
      );

      await sql`update ${sql(SCHEMA)}.control set sleep_s = 0`;
      const run = await runConsumer(QUEUE);
      assert.equal(run.processed, 1, JSON.stringify(run));
      assert.equal(await effectCount(eventId), 1, "handled exactly once");
      assert.equal(await queued(QUEUE, eventId), undefined, "and gone from the queue");
    } finally {
      await worker.end({ timeout: 1 }).catch(() => {});
    }
  });
});

describe("pg_cron runs the SQL consumers", () => {
  test("the job event-bus-sql-consumers runs private.run_sql_consumers() every minute", async () => {
    const jobs = await sql<{ schedule: string; command: string; active: boolean }[]>`
      select schedule, command, active from cron.job where jobname = 'event-bus-sql-consumers'`;
    assert.deepEqual(
      jobs.map((j) => ({ ...j })),
      [{ schedule: "* * * * *", command: "select private.run_sql_consumers()", active: true }],
    );
  });

  test("an event emitted to an enabled sql consumer is handled by pg_cron within about a minute", async () => {
    const remaining = Math.max(CRON_WAIT_MS - (Date.now() - cronEmittedAt), 1000);
    const handled = await waitFor(
      async () => {
        const [row] = await sql<{ n: number }[]>`
          select count(*)::int as n from ${sql(SCHEMA)}.effects where event_id = ${cronEventId} and queue = 'cron'`;
        return row?.n === 1;
      },
      remaining,
      1000,
    );
    if (!handled) {
      const runs = await sql<{ status: string; return_message: string }[]>`
        select d.status, d.return_message from cron.job_run_details d join cron.job j using (jobid)
        where j.jobname = 'event-bus-sql-consumers' order by d.runid desc limit 1`;
      assert.fail(
        `pg_cron did not deliver the event within ${CRON_WAIT_MS / 1000} s; last run: ${JSON.stringify(runs[0] ?? "none")}`,
      );
    }
    assert.equal(await queued(CRON_QUEUE, cronEventId), undefined, "pg_cron archived the message");
  });
});
