/**
 * The generic runner consumer: the one consumer pattern of docs/events.md, from Node.
 *
 * One loop per queue, each message in turn:
 *
 *   settings   `private.event_consumers` row (kind runner): enabled, max_attempts,
 *              visibility_timeout_s, batch_size — re-read every RUNNER_SETTINGS_REFRESH_S
 *   read       `pgmq.read(queue, vt, batch)` (committed at once: the messages are invisible to
 *              other readers for vt seconds, read_ct + 1); the pooled connection is back at once
 *   wait       queue empty → sleep until a NOTIFY on the queue's channel (`pgmq.q_<queue>.INSERT`,
 *              sent at commit by `private.emit`) or RUNNER_POLL_S at the latest (back-offs coming
 *              due, a notification missed while the listening connection reconnected). Loops never
 *              hold a connection while they wait: with one `read_with_poll` per queue, 13 loops
 *              on a pool of 6 made every handler query queue behind 5 s polls.
 *   validate   zod, from the shared contract: the envelope `{event_id, event_type, emitted_at,
 *              payload}` (the rules of `private.envelope_errors`) and the event type's payload
 *              schema (`EVENT_SCHEMAS`) — only for the types the consumer lists; invalid →
 *              `private.dead_letter(…, '22023')` at once (it can never succeed)
 *   too many   read_ct > max_attempts (earlier deliveries died mid-way) → dead letter
 *   handle     the consumer's `handle()`; a heartbeat keeps extending the visibility timeout of the
 *              batch's unfinished messages (`pgmq.set_vt`) while it works
 *   commit     one transaction: `private.claim_receipt` → the consumer's `finalize(tx)` (its
 *              database effect, only when the receipt is new) → `pgmq.archive`; then the
 *              outcome's `afterCommit()` (clean-up outside the database, best effort)
 *   failure    read_ct ≥ max_attempts → `private.dead_letter` (+ the consumer's `giveUp(tx)` in the
 *              same transaction); else `pgmq.set_vt(private.backoff_seconds(read_ct))`
 *
 * The consumer shape (`defineConsumer`, `Outcome`, `PermanentError`) is in consumer.ts.
 * Handlers may also answer `skipped` (archive without effect: nothing to do) or `delayed` (a
 * specific retry time, e.g. a rate limit's reset; counts as a delivery like a failure). A
 * `PermanentError` dead-letters at once.
 *
 * Every transaction runs as service_role (`asService`). A killed runner loses nothing: the message
 * reappears after its visibility timeout with read_ct counting the lost delivery. On `stop()` the
 * loops stop polling, finish the message in hand within the grace period, then abort it (its
 * AbortSignal fires: ffmpeg is killed, fetches are cancelled) and release it (`set_vt` 0; should
 * even that fail, it reappears after its visibility timeout).
 */
import {
  Envelope,
  EVENT_SCHEMAS,
  isEventType,
  zodProblems,
} from "../../supabase/functions/_shared/contract/events.ts";
import { type Consumer, type Delivery, type Outcome, PermanentError } from "./consumer.js";
import { asService, type Db, sqlState, type Tx } from "./db.js";
import type { Logger } from "./log.js";

// ---------------------------------------------------------------------------------------------
// The runner
// ---------------------------------------------------------------------------------------------

/** A `private.event_consumers` row as the loop uses it. */
export interface ConsumerSettings {
  queue: string;
  enabled: boolean;
  maxAttempts: number;
  visibilityTimeoutS: number;
  batchSize: number;
}

/** Counters of one queue (also summed for the health endpoint). */
export interface QueueStats {
  queue: string;
  /** null until the settings were read; false when the row is missing or disabled. */
  enabled: boolean | null;
  in_flight: number;
  last_poll_at: string | null;
  /** Messages finished: done, skipped or duplicate (archived). */
  handled: number;
  /** Failed deliveries: retried, delayed or dead-lettered. */
  failed: number;
  dead_lettered: number;
  last_error: string | null;
  last_error_at: string | null;
}

interface Row {
  msg_id: string;
  read_ct: number;
  message: unknown;
}

/** Options of {@link Runner}. */
export interface RunnerOptions {
  db: Db;
  consumers: Consumer[];
  log: Logger;
  pollSeconds: number;
  settingsRefreshMs: number;
}

/** Runs one loop per consumer until `stop()`. */
export class Runner {
  readonly loops: QueueLoop[];
  stopping = false;
  /** Aborted when the grace period ends: in-flight handlers must give up. */
  readonly abort = new AbortController();
  private wake: (() => void)[] = [];
  private running: Promise<void>[] = [];
  private listening: { unlisten: () => Promise<void> }[] = [];

  constructor(readonly opts: RunnerOptions) {
    this.loops = opts.consumers.map((c) => new QueueLoop(this, c));
  }

  /**
   * Starts every queue loop (returns at once) and listens for their queues' NOTIFY (one dedicated
   * connection for every channel, reconnected by postgres.js; until it listens, and should it
   * never, the loops poll every RUNNER_POLL_S).
   */
  start(): void {
    this.running = this.loops.map((l) => l.run());
    const subscribed = this.loops.map((l) =>
      this.opts.db
        .listen(wakeChannel(l.queue), () => l.wake())
        .then((sub) => {
          if (this.stopping) void sub.unlisten().catch(() => {});
          else this.listening.push(sub);
        }),
    );
    void Promise.allSettled(subscribed).then((results) => {
      const failed = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
      if (failed.length > 0) {
        this.opts.log.warn("cannot listen for new messages; polling every RUNNER_POLL_S", {
          error: failed[0],
        });
      } else {
        this.opts.log.info("listening for new messages", {
          channels: this.loops.map((l) => wakeChannel(l.queue)),
        });
      }
    });
  }

  /**
   * Sleeps `ms`, or less when stop() is called or when the function handed to `interruptible`
   * is called.
   */
  sleep(ms: number, interruptible?: (wake: () => void) => void): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = this.wake.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.push(done);
      interruptible?.(done);
    });
  }

  /**
   * Stops polling, lets in-flight messages finish for up to `graceMs`, then aborts them
   * (they are released back to their queue). Resolves when every loop has ended, or after
   * `graceMs` + 5 s at the latest.
   * @returns how many loops were still busy when the grace period ended
   */
  async stop(graceMs: number): Promise<{ abandoned: number }> {
    this.stopping = true;
    for (const w of [...this.wake]) w();
    for (const sub of this.listening.splice(0)) void sub.unlisten().catch(() => {});
    const all = Promise.allSettled(this.running);
    const timedOut = Symbol("timeout");
    const first = await Promise.race([all, delay(graceMs).then(() => timedOut)]);
    if (first !== timedOut) return { abandoned: 0 };
    const busy = this.loops.filter((l) => l.stats.in_flight > 0).length;
    this.opts.log.warn("shutdown grace period over: abandoning in-flight messages", { busy });
    this.abort.abort(new Error("runner shutting down"));
    await Promise.race([all, delay(5000)]);
    return { abandoned: busy };
  }

  /** Counters of every queue. */
  stats(): QueueStats[] {
    return this.loops.map((l) => ({ ...l.stats }));
  }
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** pgmq's insert channel of a queue (`pgmq.enable_notify_insert`); `private.wake_consumers` notifies it. */
export const wakeChannel = (queue: string) => `pgmq.q_${queue.toLowerCase()}.INSERT`;

/** The loop of one queue. */
export class QueueLoop {
  readonly stats: QueueStats;
  private settings: ConsumerSettings | null = null;
  private settingsAt = 0;
  /** A NOTIFY came since the last read: read again before sleeping. */
  private notified = false;
  /** Ends the current idle sleep early. */
  private interrupt: (() => void) | null = null;
  private readonly log: Logger;
  private missingLogged = false;

  constructor(
    private readonly runner: Runner,
    private readonly consumer: Consumer,
  ) {
    this.log = runner.opts.log.child({ queue: consumer.queue });
    this.stats = {
      queue: consumer.queue,
      enabled: null,
      in_flight: 0,
      last_poll_at: null,
      handled: 0,
      failed: 0,
      dead_lettered: 0,
      last_error: null,
      last_error_at: null,
    };
  }

  private get db(): Db {
    return this.runner.opts.db;
  }

  get queue(): string {
    return this.consumer.queue;
  }

  /** A message was sent to this queue (NOTIFY): read now rather than at the next poll. */
  wake(): void {
    this.notified = true;
    this.interrupt?.();
  }

  /** Sleeps until {@link wake} or RUNNER_POLL_S, unless a NOTIFY came during the last read. */
  private async idle(): Promise<void> {
    if (this.notified) return;
    await this.runner.sleep(this.runner.opts.pollSeconds * 1000, (done) => {
      this.interrupt = done;
    });
    this.interrupt = null;
  }

  /** Loops until the runner stops. Never throws. */
  async run(): Promise<void> {
    let errors = 0;
    while (!this.runner.stopping) {
      try {
        const s = await this.refreshSettings();
        if (!s?.enabled) {
          this.stats.last_poll_at = new Date().toISOString();
          await this.runner.sleep(Math.min(this.runner.opts.settingsRefreshMs, 5000));
          continue;
        }
        this.stats.last_poll_at = new Date().toISOString();
        this.notified = false;
        const rows = await this.read(s);
        this.stats.last_poll_at = new Date().toISOString();
        errors = 0;
        if (rows.length > 0) await this.processBatch(s, rows);
        else await this.idle();
      } catch (err) {
        if (this.runner.stopping) break;
        errors++;
        this.noteError(err);
        this.log.error("queue loop error", { error: err });
        await this.runner.sleep(Math.min(1000 * 2 ** Math.min(errors, 5), 30_000));
      }
    }
    this.log.info("queue loop stopped");
  }

  private noteError(err: unknown): void {
    this.stats.last_error = err instanceof Error ? err.message : String(err);
    this.stats.last_error_at = new Date().toISOString();
  }

  private async refreshSettings(): Promise<ConsumerSettings | null> {
    if (this.settings && Date.now() - this.settingsAt < this.runner.opts.settingsRefreshMs)
      return this.settings;
    const rows = await asService(
      this.db,
      (tx) => tx<
        { enabled: boolean; max_attempts: number; visibility_timeout_s: number; batch_size: number }[]
      >`select enabled, max_attempts, visibility_timeout_s, batch_size
          from private.event_consumers
         where queue_name = ${this.consumer.queue} and kind = 'runner'`,
    );
    const row = rows[0];
    const next: ConsumerSettings | null = row
      ? {
          queue: this.consumer.queue,
          enabled: row.enabled,
          maxAttempts: row.max_attempts,
          visibilityTimeoutS: row.visibility_timeout_s,
          batchSize: row.batch_size,
        }
      : null;
    if (!next && !this.missingLogged) {
      this.log.warn("no runner consumer registered for this queue yet; waiting");
      this.missingLogged = true;
    }
    if (next && JSON.stringify(next) !== JSON.stringify(this.settings)) {
      this.log.info(next.enabled ? "consumer settings" : "consumer is disabled; waiting", { settings: next });
    }
    this.settings = next;
    this.settingsAt = Date.now();
    this.stats.enabled = next?.enabled ?? false;
    return next;
  }

  private async read(s: ConsumerSettings): Promise<Row[]> {
    if (this.runner.stopping) return [];
    return await asService(
      this.db,
      (tx) => tx<Row[]>`
        select msg_id::text as msg_id, read_ct, message
          from pgmq.read(${s.queue}, ${s.visibilityTimeoutS}, ${s.batchSize})`,
    );
  }

  private async processBatch(s: ConsumerSettings, rows: Row[]): Promise<void> {
    const pending = new Set(rows.map((r) => r.msg_id));
    const heartbeat = new Heartbeat(this.db, s, pending, this.log);
    try {
      for (const row of rows) {
        if (this.runner.stopping) break;
        await this.processOne(s, row, heartbeat);
        pending.delete(row.msg_id);
      }
    } finally {
      await heartbeat.stop();
    }
    // Stopping before all were handled: hand the rest back now rather than after their vt.
    if (pending.size > 0) await this.release([...pending], "runner stopping");
  }

  /** The message as a typed delivery, or why it can never be handled (envelope, type or payload). */
  private parse(s: ConsumerSettings, row: Row): { delivery: Delivery } | { invalid: string } {
    const env = Envelope.safeParse(row.message);
    if (!env.success) return { invalid: `invalid envelope: ${zodProblems(env.error)}` };
    const { event_id, event_type, emitted_at } = env.data;
    if (!isEventType(event_type) || !this.consumer.events.includes(event_type)) {
      return { invalid: `event type "${event_type}" is not handled by queue ${s.queue}` };
    }
    const payload = EVENT_SCHEMAS[event_type].safeParse(env.data.payload);
    if (!payload.success) {
      return {
        invalid: `invalid envelope: payload.${zodProblems(payload.error).replace(/; /g, "; payload.")}`,
      };
    }
    const delivery = {
      queue: s.queue,
      msgId: row.msg_id,
      readCt: row.read_ct,
      maxAttempts: s.maxAttempts,
      eventId: event_id,
      emittedAt: emitted_at,
      eventType: event_type,
      payload: payload.data,
    } as Delivery;
    return { delivery };
  }

  private async processOne(s: ConsumerSettings, row: Row, heartbeat: Heartbeat): Promise<void> {
    const t0 = Date.now();
    const parsed = this.parse(s, row);
    if ("invalid" in parsed) {
      await this.deadLetter(s, row, parsed.invalid, "22023", null);
      return;
    }
    const { delivery } = parsed;
    const log = this.log.child({
      msg_id: row.msg_id,
      read_ct: row.read_ct,
      event_id: delivery.eventId,
      event_type: delivery.eventType,
    });
    if (row.read_ct > s.maxAttempts) {
      await this.deadLetter(
        s,
        row,
        `gave up after ${row.read_ct - 1} deliveries without completion`,
        null,
        delivery,
      );
      return;
    }

    this.stats.in_flight++;
    let outcome: Outcome;
    try {
      outcome = await this.consumer.handle(delivery, {
        signal: this.runner.abort.signal,
        isStopping: () => this.runner.stopping,
        log,
        db: this.db,
      });
    } catch (err) {
      heartbeat.drop(row.msg_id);
      await heartbeat.idle();
      if (this.runner.stopping) {
        // Aborted after the grace period, or failed while shutting down (children got the signal
        // too): not the message's fault — hand it back for the next runner.
        await this.release([row.msg_id], "abandoned at shutdown");
        log.warn("message abandoned at shutdown", { ms: Date.now() - t0, error: err });
      } else if (err instanceof PermanentError) {
        await this.deadLetter(s, row, err.message, err.code, delivery);
      } else {
        await this.fail(s, row, err, delivery, log);
      }
      return;
    } finally {
      this.stats.in_flight--;
    }

    heartbeat.drop(row.msg_id);
    await heartbeat.idle();
    if (outcome.status === "delayed") {
      if (row.read_ct >= s.maxAttempts) {
        await this.deadLetter(
          s,
          row,
          `${outcome.reason} (still after ${row.read_ct} deliveries)`,
          null,
          delivery,
        );
      } else {
        const seconds = Math.max(1, Math.min(Math.ceil(outcome.seconds), 43_200));
        await asService(
          this.db,
          (tx) => tx`select pgmq.set_vt(${s.queue}, ${row.msg_id}::bigint, ${seconds}::int)`,
        );
        this.stats.failed++;
        log.info("message delayed", { reason: outcome.reason, retry_in_s: seconds, ms: Date.now() - t0 });
      }
      return;
    }
    try {
      const claimed = await asService(this.db, async (tx) => {
        const [r] = await tx<{ claimed: boolean }[]>`
          select private.claim_receipt(${s.queue}, ${delivery.eventId}::bigint) as claimed`;
        if (r?.claimed && outcome.status === "done" && outcome.finalize) await outcome.finalize(tx);
        await tx`select pgmq.archive(${s.queue}, ${row.msg_id}::bigint)`;
        return r?.claimed ?? false;
      });
      this.stats.handled++;
      if (claimed && outcome.status === "done" && outcome.afterCommit) {
        try {
          await outcome.afterCommit();
        } catch (err) {
          // The effect is committed and the message archived: report, never redo it.
          log.warn("after-commit step failed", { error: err });
        }
      }
      const result = !claimed ? "duplicate" : outcome.status;
      log.info("message handled", {
        outcome: result,
        ...(outcome.status === "skipped" ? { reason: outcome.reason } : {}),
        ...(outcome.fields ?? {}),
        ms: Date.now() - t0,
      });
    } catch (err) {
      await this.fail(s, row, err, delivery, log);
    }
  }

  /** A failed delivery: back-off, or dead letter once read_ct reaches max_attempts. */
  private async fail(s: ConsumerSettings, row: Row, err: unknown, delivery: Delivery, log: Logger) {
    const message = err instanceof Error ? err.message : String(err);
    this.noteError(err);
    if (row.read_ct >= s.maxAttempts) {
      await this.deadLetter(s, row, message, sqlState(err), delivery);
      return;
    }
    this.stats.failed++;
    try {
      const [r] = await asService(
        this.db,
        (tx) => tx<{ s: number }[]>`
          select private.backoff_seconds(${row.read_ct}) as s
            from pgmq.set_vt(${s.queue}, ${row.msg_id}::bigint, private.backoff_seconds(${row.read_ct}))`,
      );
      log.warn("message failed; retrying after back-off", { error: err, retry_in_s: r?.s ?? null });
    } catch (e) {
      log.error(
        "message failed and its back-off could not be set (it reappears after its visibility timeout)",
        {
          error: err,
          set_vt_error: e,
        },
      );
    }
  }

  /** Gives up on a message: the consumer's `giveUp` and `private.dead_letter` in one transaction. */
  private async deadLetter(
    s: ConsumerSettings,
    row: Row,
    error: string,
    code: string | null,
    delivery: Delivery | null,
  ): Promise<void> {
    const giveUp = delivery ? this.consumer.giveUp : undefined;
    const letter = (tx: Tx) =>
      tx`select private.dead_letter(${s.queue}, ${row.msg_id}::bigint, ${error}, ${code})`;
    try {
      await asService(this.db, async (tx) => {
        if (giveUp && delivery) await giveUp.call(this.consumer, tx, delivery, error);
        await letter(tx);
      });
    } catch (err) {
      if (!giveUp) throw err;
      this.log.error("giveUp failed; dead-lettering without it", { msg_id: row.msg_id, error: err });
      await asService(this.db, letter);
    }
    this.stats.failed++;
    this.stats.dead_lettered++;
    this.log.warn("message dead-lettered", {
      msg_id: row.msg_id,
      read_ct: row.read_ct,
      error,
      sqlstate: code,
    });
  }

  /** Makes messages visible again now (best effort: otherwise they reappear after their vt). */
  private async release(msgIds: string[], why: string): Promise<void> {
    try {
      await asService(
        this.db,
        (tx) => tx`select pgmq.set_vt(${this.consumer.queue}, ${msgIds}::bigint[], 0)`,
      );
      this.log.info("messages released", { msg_ids: msgIds, why });
    } catch (err) {
      this.log.warn("could not release messages; they reappear after their visibility timeout", {
        msg_ids: msgIds,
        error: err,
      });
    }
  }
}

/**
 * Keeps a batch's unfinished messages invisible while the runner works: every third of the
 * visibility timeout it sets their vt to now + visibility_timeout_s.
 */
class Heartbeat {
  private timer: NodeJS.Timeout;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly s: ConsumerSettings,
    private readonly pending: Set<string>,
    private readonly log: Logger,
  ) {
    const every = Math.max(500, (s.visibilityTimeoutS * 1000) / 3);
    this.timer = setInterval(() => void this.beat(), every);
  }

  /** Extends the visibility timeout of the unfinished messages now. */
  beat(): Promise<void> {
    const ids = [...this.pending];
    if (ids.length === 0) return this.inFlight;
    this.inFlight = this.inFlight.then(async () => {
      try {
        await asService(
          this.db,
          (tx) =>
            tx`select pgmq.set_vt(${this.s.queue}, ${ids}::bigint[], ${this.s.visibilityTimeoutS}::int)`,
        );
      } catch (err) {
        this.log.warn("could not extend the visibility timeout", { msg_ids: ids, error: err });
      }
    });
    return this.inFlight;
  }

  /** Stops extending one message (it is being finished). */
  drop(msgId: string): void {
    this.pending.delete(msgId);
  }

  /** Resolves once no extension is in progress. */
  idle(): Promise<void> {
    return this.inFlight;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }
}
