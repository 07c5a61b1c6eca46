/**
 * The one runner consumer shape. Every stack folder (`videos/`, `projects/`, and next `documents/`,
 * `ocr/`, `portals/`, `apply/`, `email/`) exports consumers made with {@link defineConsumer}:
 *
 * ```ts
 * export function welcomeEmailConsumer(deps: ConsumerDeps) {
 *   return defineConsumer({
 *     queue: "reports_welcome",                      // registered in the owning stack's migration
 *     events: ["user.onboarding.completed"],         // payload schemas come from the contract
 *     async handle(d, ctx) {                         // d.payload is typed from the contract
 *       await sendEmail(d.payload.user_id, { idempotencyKey: `welcome-${d.eventId}` });
 *       return { status: "done" };
 *     },
 *   });
 * }
 * ```
 *
 * The loop (loop.ts) validates every message against the shared contract's `Envelope` and
 * `EVENT_SCHEMAS[type]` before `handle` sees it, claims the receipt, runs `finalize(tx)` in the
 * commit transaction, archives, then runs `afterCommit()`.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { z } from "zod";
import type { EVENT_SCHEMAS, EventType } from "../../supabase/functions/_shared/contract/events.ts";
import type { Config } from "./config.js";
import type { Db, Tx } from "./db.js";
import type { Logger } from "./log.js";

/** What consumer factories get: the runner's configuration and clients. */
export interface ConsumerDeps {
  config: Config;
  /** supabase-js with the service key (Storage). */
  supabase: SupabaseClient;
  /** Tests may inject a fetch; defaults to the global one. */
  fetch?: typeof fetch;
}

interface DeliveryBase {
  queue: string;
  /** pgmq msg_id (bigint, as a string). */
  msgId: string;
  /** pgmq read_ct: 1 on the first delivery. */
  readCt: number;
  maxAttempts: number;
  eventId: number;
  emittedAt: string;
}

/** A validated message of one of the event types `E`, discriminated by `eventType`. */
export type Delivery<E extends EventType = EventType> = {
  [K in E]: DeliveryBase & { eventType: K; payload: z.output<(typeof EVENT_SCHEMAS)[K]> };
}[E];

/** What `handle()` gets besides the message. */
export interface HandlerContext {
  /** Fires when the runner gives up on the message at shutdown: stop work, throw. */
  signal: AbortSignal;
  /** True once the runner is shutting down (a failure now may be the shutdown's doing). */
  isStopping(): boolean;
  log: Logger;
  db: Db;
}

/** The result of handling one message. */
export type Outcome =
  /**
   * Done: `finalize` (optional) runs in the commit transaction, after the receipt, before the
   * archive; `afterCommit` (optional) runs once that transaction committed — for clean-up outside
   * the database that must not happen unless the outcome is recorded (a failure is only logged).
   */
  | {
      status: "done";
      finalize?: (tx: Tx) => Promise<void>;
      afterCommit?: () => Promise<void>;
      fields?: Record<string, unknown>;
    }
  /** Nothing to do (e.g. GitHub not connected): archive without effect. */
  | { status: "skipped"; reason: string; fields?: Record<string, unknown> }
  /** Try again after `seconds` (e.g. a rate limit's reset) instead of the back-off. */
  | { status: "delayed"; seconds: number; reason: string };

/** A queue's handler. */
export interface Consumer<E extends EventType = EventType> {
  queue: string;
  /** The event types routed to this queue that it handles; any other type is dead-lettered. */
  events: readonly E[];
  handle(delivery: Delivery<E>, ctx: HandlerContext): Promise<Outcome>;
  /**
   * Called in the dead-letter transaction when the runner gives up on a valid message (attempts
   * exhausted or a PermanentError): record the failure where the user sees it.
   */
  giveUp?(tx: Tx, delivery: Delivery<E>, error: string): Promise<void>;
}

/** Defines a consumer; `handle` and `giveUp` see the contract's payload types of `events`. */
export function defineConsumer<const E extends EventType>(consumer: Consumer<E>): Consumer {
  return consumer as unknown as Consumer;
}

/** An error that retrying cannot fix: the message is dead-lettered at once. */
export class PermanentError extends Error {
  constructor(
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "PermanentError";
  }
}
