/**
 * Every platform event: its type name and payload contract, once, for every runtime.
 *
 * {@link EVENT_PAYLOADS} is written in the registry's own format (`private.event_payload_schema`:
 * `{required: {key: type}, optional: {key: type}}`), so `tests/api/contract.test.ts` can compare
 * it with `private.event_types.payload_schema` key for key. The zod schemas ({@link eventPayload},
 * {@link Envelope}) are built from it with the same rules as `private.json_has_type` and
 * `private.envelope_errors`: extra keys are allowed, JSON null counts as missing.
 *
 * Evolution: a type only ever gains optional keys; a breaking change is a new type (`….v2`).
 * Add or change an entry here in the same change as the migration that registers it.
 */
import { z } from "zod";

// ---------------------------------------------------------------------------------------------
// Field types (the names private.json_has_type understands)
// ---------------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `private.is_iso_timestamp`: ISO-8601 with an explicit offset (Z or ±hh[:mm]). */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}(:?\d{2})?)$/;

const uuid = () => z.string().regex(UUID, "must be a uuid");

/** Payload field type name → its zod schema. */
export const FIELD_TYPES = {
  string: () => z.string(),
  uuid,
  timestamptz: () =>
    z.string().refine(
      (v) => ISO_TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v)),
      "must be ISO-8601 with an offset",
    ),
  integer: () => z.number().int(),
  number: () => z.number(),
  boolean: () => z.boolean(),
  object: () => z.record(z.string(), z.unknown()),
  array: () => z.array(z.unknown()),
  "string[]": () => z.array(z.string()),
  "uuid[]": () => z.array(uuid()),
};
export type FieldType = keyof typeof FIELD_TYPES;
type FieldSchema<T extends FieldType> = ReturnType<(typeof FIELD_TYPES)[T]>;

/** A payload contract in the registry's format. */
export interface PayloadSchema {
  readonly required?: Readonly<Record<string, FieldType>>;
  readonly optional?: Readonly<Record<string, FieldType>>;
}

// ---------------------------------------------------------------------------------------------
// The events (registered in supabase/migrations/ with private.register_event_type)
// ---------------------------------------------------------------------------------------------

/** Event type → its payload contract, exactly as registered in `private.event_types`. */
export const EVENT_PAYLOADS = {
  /** A user finished onboarding (emitted once). Registered by the event-bus migration. */
  "user.onboarding.completed": {
    required: { user_id: "uuid", completed_at: "timestamptz" },
  },
  /** A user connected (or reconnected) GitHub through OAuth; starts a repository sync. */
  "integrations.github.connected": {
    required: { user_id: "uuid", github_login: "string", scopes: "string[]" },
  },
  /** A provider refused a user's stored token; `provider` is a {@link import("./enums.ts").Provider}. */
  "integrations.token.rejected": {
    required: { user_id: "uuid", provider: "string" },
  },
  /** A repository was seen for the first time in a user's sync (`initial_import`: the user had none before). */
  "repo.detected": {
    required: {
      user_id: "uuid",
      repo_id: "uuid",
      provider_repo_id: "integer",
      name: "string",
      full_name: "string",
      html_url: "string",
    },
    optional: { initial_import: "boolean" },
  },
  /** A synced repository changed; `changed` ⊆ pushed_at, description, topics, languages. */
  "repo.updated": {
    required: { user_id: "uuid", repo_id: "uuid", name: "string", changed: "string[]" },
  },
  /** A user's repositories were synced; `trigger` is a {@link import("./enums.ts").SyncTrigger}. */
  "projects.synced": {
    required: {
      user_id: "uuid",
      synced_count: "integer",
      detected_count: "integer",
      updated_count: "integer",
      initial_import: "boolean",
      trigger: "string",
    },
  },
  /** A repository sync should run for the user (the daily schedule; the user's request names its `run_id`). */
  "projects.sync.requested": {
    required: { user_id: "uuid", trigger: "string" },
    optional: { run_id: "uuid" },
  },
  /** The original of an intro video arrived in Storage. */
  "project_video.uploaded": {
    required: {
      user_id: "uuid",
      repo_id: "uuid",
      video_id: "uuid",
      storage_path: "string",
      content_type: "string",
    },
  },
  /** An intro video was transcoded or rejected (`status` transcoded | failed; `reason` for the user). */
  "project_video.processed": {
    required: { user_id: "uuid", repo_id: "uuid", video_id: "uuid", status: "string" },
    optional: { reason: "string", duration_sec: "number", repo_name: "string" },
  },
  /**
   * An uploaded object broke the rule it was uploaded under (e.g. larger than the size declared
   * for its upload URL); the runner's storage_cleanup consumer deletes it through the Storage API.
   */
  "storage.object.rejected": {
    required: { user_id: "uuid", bucket: "string", path: "string", reason: "string" },
  },
  /**
   * A notification is to be emailed: its outbox row (`public.notification_deliveries`, channel
   * email) is pending; the runner's notifications_email consumer sends it once.
   */
  "notifications.email.requested": {
    required: { user_id: "uuid", notification_id: "uuid" },
  },
  /** The file of a certificate arrived in Storage; the runner's certificate_ocr consumer reads it. */
  "certificate.uploaded": {
    required: {
      user_id: "uuid",
      certificate_id: "uuid",
      storage_path: "string",
      content_type: "string",
      document_type: "string",
    },
  },
  /** An admin verified or rejected a certificate (`status` verified | rejected; `notes` for a rejection). */
  "certificate.status.changed": {
    required: { user_id: "uuid", certificate_id: "uuid", status: "string", document_type: "string" },
    optional: { label: "string", notes: "string" },
  },
  /** A platform API key expires soon: one event per admin (`user_id` = the admin told), at 14, 7 and 1 days. */
  "api_key.expiry_warning": {
    required: {
      user_id: "uuid",
      service: "string",
      expiry_at: "timestamptz",
      days_left: "integer",
      threshold_days: "integer",
    },
    optional: { label: "string" },
  },
  /**
   * A fetch run of one portal started for a user (Fetch now, or the schedule); the runner's
   * job_fetch consumer fetches the portal and posts the pages to the ingest route. `trigger` is
   * manual or schedule.
   */
  "jobs.fetch.requested": {
    required: { user_id: "uuid", run_id: "uuid", portal: "string", trigger: "string" },
  },
  /** A fetch run finished: `count` jobs listed, `new_count` stored for the first time (`status` completed|failed). */
  "jobs.fetched": {
    required: { user_id: "uuid", run_id: "uuid", portal: "string", count: "integer", new_count: "integer" },
    optional: { status: "string" },
  },
  /** A resume version was made (built, auto-updated): the runner renders its PDF, uploads it and parses it back. */
  "resume.version.created": {
    required: {
      user_id: "uuid",
      resume_id: "uuid",
      version_id: "uuid",
      generated_from: "string",
      template: "string",
    },
    optional: { status: "string" },
  },
  /** A resume PDF to import arrived in Storage: the runner extracts and structures it into pending career entries. */
  "resume.import.uploaded": {
    required: { user_id: "uuid", import_id: "uuid", storage_path: "string" },
  },
  /** Auto-update made a draft version of a resume for the user to review (approve or discard). */
  "resume.draft.created": {
    required: { user_id: "uuid", resume_id: "uuid", version_id: "uuid", resume_name: "string" },
  },
  /**
   * An application is due for the runner (queued, approved, released from a hold or a deferral):
   * the runner's job_apply consumer claims it, checks the stop, caps and pacing, and applies.
   */
  "job.apply.requested": {
    required: { user_id: "uuid", application_id: "uuid" },
  },
  /** The portal has a user's application (each submission once; `already_applied`: the portal had it before). */
  "job.applied": {
    required: {
      user_id: "uuid",
      application_id: "uuid",
      job_id: "uuid",
      portal: "string",
      title: "string",
      company: "string",
      mode: "string",
    },
    optional: { run_id: "uuid", already_applied: "boolean" },
  },
  /** An apply run finished: every application of it reached a final state or waits for approval (`awaiting_approval`); `status` completed|failed. */
  "job.apply.summary": {
    required: {
      user_id: "uuid",
      run_id: "uuid",
      mode: "string",
      status: "string",
      total_queued: "integer",
      total_applied: "integer",
      total_failed: "integer",
    },
    optional: { awaiting_approval: "integer" },
  },
  /** A user's portal was paused automatically (captcha, sign-in wall, restricted account, 429): why and what to do. */
  "job.apply.paused": {
    required: { user_id: "uuid", portal: "string", reason: "string" },
    optional: { detail: "string" },
  },
} as const satisfies Record<string, PayloadSchema>;

/** A registered event type name. */
export type EventType = keyof typeof EVENT_PAYLOADS;

/** Every registered event type name. */
export const EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as EventType[];

/** True when `type` is a registered event type. */
export function isEventType(type: unknown): type is EventType {
  return typeof type === "string" && Object.hasOwn(EVENT_PAYLOADS, type);
}

// ---------------------------------------------------------------------------------------------
// zod, derived from the contracts above
// ---------------------------------------------------------------------------------------------

type Required<S> = S extends { required: infer R } ? R : Record<never, never>;
type Optional<S> = S extends { optional: infer O } ? O : Record<never, never>;

/** The zod shape of a payload contract: required keys as their type, optional keys nullish. */
export type PayloadShape<S extends PayloadSchema> =
  & {
    -readonly [K in keyof Required<S>]: Required<S>[K] extends FieldType ? FieldSchema<Required<S>[K]>
      : never;
  }
  & {
    -readonly [K in keyof Optional<S>]: Optional<S>[K] extends FieldType
      ? z.ZodOptional<z.ZodNullable<FieldSchema<Optional<S>[K]>>>
      : never;
  };

/** The zod object of a payload contract (extra keys are accepted and dropped). */
export function payloadSchema<S extends PayloadSchema>(schema: S): z.ZodObject<PayloadShape<S>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, type] of Object.entries(schema.required ?? {})) shape[key] = FIELD_TYPES[type]();
  for (const [key, type] of Object.entries(schema.optional ?? {})) shape[key] = FIELD_TYPES[type]().nullish();
  return z.object(shape) as unknown as z.ZodObject<PayloadShape<S>>;
}

/** Event type → the zod schema of its payload. */
export const EVENT_SCHEMAS = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, payloadSchema(EVENT_PAYLOADS[type])]),
) as { [E in EventType]: z.ZodObject<PayloadShape<(typeof EVENT_PAYLOADS)[E]>> };

/** The zod schema of one event type's payload. */
export function eventPayload<E extends EventType>(type: E): (typeof EVENT_SCHEMAS)[E] {
  return EVENT_SCHEMAS[type];
}

/** The payload an emitter passes for event type `E`. */
export type EventPayload<E extends EventType> = z.input<(typeof EVENT_SCHEMAS)[E]>;

/** Every event type's payload, by type. */
export type EventPayloads = { [E in EventType]: EventPayload<E> };

/**
 * The queue message every routed queue receives for one emitted event (`private.emit`), with the
 * rules of `private.envelope_errors` before the payload is checked against its type.
 */
export const Envelope = z.object({
  /** `public.event_log.id`; consumers key their idempotency on it. */
  event_id: z.number().int().positive(),
  event_type: z.string().min(1),
  emitted_at: FIELD_TYPES.timestamptz(),
  payload: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof Envelope>;

/** A validated envelope of event type `E`. */
export type EventEnvelope<E extends EventType = EventType> = {
  event_id: number;
  event_type: E;
  payload: z.output<(typeof EVENT_SCHEMAS)[E]>;
  emitted_at: string;
};

/** `a.b: message; c: message` from a zod error (as `private.payload_errors` lists problems). */
export function zodProblems(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`).join("; ");
}
