/**
 * Emitting platform events from a function (docs/events.md).
 *
 * {@link emit} calls `private.emit(event_type, payload)` on the caller's transaction, so the event
 * is logged and queued together with the write that caused it: if the transaction rolls back,
 * nothing is sent; once it commits, the event cannot be lost.
 *
 * ```ts
 * await asUser(c, async (tx) => {
 *   await tx`update public.user_integrations set status = 'connected' where ...`;
 *   await emit(tx, "integrations.github.connected", { user_id, github_login, scopes });
 * });
 * ```
 *
 * The database validates the payload against the event type's registered schema and raises
 * SQLSTATE 22023 (an unknown type or a bad payload is a bug: it surfaces as a 500).
 *
 * `private.emit` is not granted to user sessions (`authenticated`): an event is a fact the
 * platform asserts, and a session able to call it could put notifications in any user's inbox
 * or forge a "connected"/"uploaded" for itself. Inside an {@link asUser} transaction, emit
 * therefore switches to `service_role` for that one statement and back — the function, having
 * authorised the caller, is what asserts the event; `auth.uid()` is still logged as its actor.
 */
import type { Tx } from "./db.ts";

/**
 * Every event type and its payload, as registered in `private.event_types` by the migrations.
 * Add an entry here in the same change that registers a new type.
 */
export type EventPayloads = {
  "user.onboarding.completed": {
    user_id: string;
    /** ISO-8601 with offset, e.g. `new Date().toISOString()`. */
    completed_at: string;
  };
  "integrations.github.connected": {
    user_id: string;
    github_login: string;
    scopes: string[];
  };
  "integrations.token.rejected": {
    user_id: string;
    /** `public.integration_provider`, e.g. `github`. */
    provider: string;
  };
  "repo.detected": {
    user_id: string;
    repo_id: string;
    provider_repo_id: number;
    name: string;
    full_name: string;
    html_url: string;
    /** True when the user had no repositories before this sync. */
    initial_import?: boolean;
  };
  "repo.updated": {
    user_id: string;
    repo_id: string;
    name: string;
    /** Subset of `pushed_at`, `description`, `topics`, `languages`. */
    changed: string[];
  };
  "projects.synced": {
    user_id: string;
    synced_count: number;
    detected_count: number;
    updated_count: number;
    initial_import: boolean;
    /** `manual` | `github_connected` | `daily`. */
    trigger: string;
  };
  "projects.sync.requested": {
    user_id: string;
    /** `daily` from the schedule. */
    trigger: string;
  };
  "project_video.uploaded": {
    user_id: string;
    repo_id: string;
    video_id: string;
    storage_path: string;
    content_type: string;
  };
  "project_video.processed": {
    user_id: string;
    repo_id: string;
    video_id: string;
    /** `transcoded` | `failed`. */
    status: string;
    /** Why it was rejected, written for the user (failed only). */
    reason?: string;
    duration_sec?: number;
    repo_name?: string;
  };
};

/** A registered event type name. */
export type EventType = keyof EventPayloads;

/** What a consumer receives: the message every routed queue gets for one emitted event. */
export type EventEnvelope<E extends EventType = EventType> = {
  /** `public.event_log.id`; consumers key their idempotency on it. */
  event_id: number;
  event_type: E;
  payload: EventPayloads[E];
  emitted_at: string;
};

/**
 * Emits `eventType` with `payload` inside `tx` (an {@link asUser} or {@link asService}
 * transaction) and returns the event id. Await it before the transaction callback returns.
 */
export async function emit<E extends EventType>(
  tx: Tx,
  eventType: E,
  payload: EventPayloads[E],
): Promise<number> {
  // The transaction's current role ('authenticated' inside asUser, 'none' inside asService).
  const [current] = await tx<{ role: string }[]>`select current_setting('role') as role`;
  const role = current?.role ?? "none";
  if (role !== "none") await tx`select set_config('role', 'service_role', true)`;
  // tx.json: postgres.js serialises the object for the jsonb parameter (a pre-stringified value
  // would be sent as a JSON string).
  const rows = await tx<{ id: string }[]>`
    select private.emit(${eventType}::text, ${tx.json(payload)}::jsonb)::text as id`;
  if (role !== "none") await tx`select set_config('role', ${role}, true)`;
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`private.emit(${eventType}) returned no id`);
  return Number(id);
}
