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
 * The payload's type is the contract's (`contract/events.ts`, the same schema `private.event_types`
 * holds). The database validates the payload against the event type's registered schema and raises
 * SQLSTATE 22023 (an unknown type or a bad payload is a bug: it surfaces as a 500).
 *
 * `private.emit` is not granted to user sessions (`authenticated`): an event is a fact the
 * platform asserts, and a session able to call it could put notifications in any user's inbox
 * or forge a "connected"/"uploaded" for itself. Inside an {@link asUser} transaction, emit
 * therefore switches to `service_role` for that one statement and back — the function, having
 * authorised the caller, is what asserts the event; `auth.uid()` is still logged as its actor.
 */
import type { EventPayload, EventType } from "./contract/events.ts";
import type { Tx } from "./db.ts";

// Event types and payloads are the shared contract's (contract/events.ts).
export type { EventEnvelope, EventPayload, EventPayloads, EventType } from "./contract/events.ts";

/**
 * Emits `eventType` with `payload` inside `tx` (an {@link asUser} or {@link asService}
 * transaction) and returns the event id. Await it before the transaction callback returns.
 */
export async function emit<E extends EventType>(
  tx: Tx,
  eventType: E,
  payload: EventPayload<E>,
): Promise<number> {
  // The transaction's current role ('authenticated' inside asUser, 'none' inside asService).
  const [current] = await tx<{ role: string }[]>`select current_setting('role') as role`;
  const role = current?.role ?? "none";
  if (role !== "none") await tx`select set_config('role', 'service_role', true)`;
  // tx.json: postgres.js serialises the object for the jsonb parameter (a pre-stringified value
  // would be sent as a JSON string).
  const rows = await tx<{ id: string }[]>`
    select private.emit(${eventType}::text, ${
    tx.json(payload as Parameters<Tx["json"]>[0])
  }::jsonb)::text as id`;
  if (role !== "none") await tx`select set_config('role', ${role}, true)`;
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`private.emit(${eventType}) returned no id`);
  return Number(id);
}
