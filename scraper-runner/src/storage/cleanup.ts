/**
 * Queue `storage_cleanup`: deletes uploads a stack rejected after the fact, through the Storage
 * API with the service role.
 *
 *   storage.object.rejected {user_id, bucket, path, reason}
 *     e.g. an intro video larger than the size declared when its upload URL was issued (the
 *     storage.objects trigger of the projects migration fails the video and emits this).
 *
 * Why here and not in SQL: on hosted Supabase the file lives in object storage; deleting the
 * `storage.objects` row in SQL would orphan it there. `storage.from(bucket).remove([path])` deletes
 * both. Removing an object that is already gone succeeds, so a redelivery is harmless. The path
 * must lie under the event's user (`<user_id>/…`, how every bucket names objects), so a malformed
 * event can never delete another user's file; such an event is dead-lettered at once.
 */
import { type ConsumerDeps, defineConsumer, type Outcome, PermanentError } from "../consumer.js";

/** Queue name. */
export const STORAGE_CLEANUP_QUEUE = "storage_cleanup";

/** The storage_cleanup consumer. */
export function storageCleanupConsumer(deps: ConsumerDeps) {
  return defineConsumer({
    queue: STORAGE_CLEANUP_QUEUE,
    events: ["storage.object.rejected"],
    async handle(d): Promise<Outcome> {
      const { user_id: userId, bucket, path, reason } = d.payload;
      if (!path.startsWith(`${userId}/`) || path.split("/").some((seg) => seg === ".." || seg === "")) {
        throw new PermanentError(
          `refusing to delete ${bucket}/${path}: not under the user's folder`,
          "22023",
        );
      }
      const { error } = await deps.supabase.storage.from(bucket).remove([path]);
      if (error) throw new Error(`storage remove of ${bucket}/${path} failed: ${error.message}`);
      return { status: "done", fields: { user_id: userId, bucket, path, reason } };
    },
  });
}
