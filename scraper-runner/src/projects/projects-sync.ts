/**
 * Queue `projects_sync`: re-syncs a user's GitHub repositories through the projects function's
 * internal route, `POST ${SUPABASE_URL}/functions/v1/projects/v1/internal/projects/sync
 * {user_id, trigger}` with the service-role key.
 *
 *   integrations.github.connected  → trigger `github_connected`
 *   projects.sync.requested        → the payload's trigger (`daily` from the pg_cron job)
 *
 * Answers: 200 done · 409 `github_not_connected` / `github_reconnect_required` → skipped (nothing
 * to sync; the projects function already told the user) · 429 → retry at `details.retry_after_s`
 * (GitHub's rate-limit reset; never a tight loop) · 400 / 422 → dead letter at once (the request
 * itself is wrong) · 5xx, network errors and other statuses → back-off. The sync is idempotent
 * (upserts by provider_repo_id), so a redelivery after a crash is harmless.
 */
import { ErrorBody, retryAfterOf } from "../../../supabase/functions/_shared/contract/errors.ts";
import { type ConsumerDeps, defineConsumer, type Outcome, PermanentError } from "../consumer.js";

/** Queue name. */
export const PROJECTS_SYNC_QUEUE = "projects_sync";

/** Path of the internal route under the functions URL. */
export const INTERNAL_SYNC_PATH = "/functions/v1/projects/v1/internal/projects/sync";

const SKIP_CODES = new Set(["github_not_connected", "github_reconnect_required"]);

/** The projects_sync consumer. */
export function projectsSyncConsumer(deps: ConsumerDeps) {
  const doFetch = deps.fetch ?? fetch;
  const url = `${deps.config.supabaseUrl}${INTERNAL_SYNC_PATH}`;
  return defineConsumer({
    queue: PROJECTS_SYNC_QUEUE,
    events: ["integrations.github.connected", "projects.sync.requested"],
    async handle(d, ctx): Promise<Outcome> {
      const trigger =
        d.eventType === "integrations.github.connected" ? "github_connected" : d.payload.trigger;
      const userId = d.payload.user_id;
      let res: Response;
      try {
        res = await doFetch(url, {
          method: "POST",
          headers: {
            authorization: `Bearer ${deps.config.serviceRoleKey}`,
            apikey: deps.config.serviceRoleKey,
            "content-type": "application/json",
            "x-request-id": `runner-${d.queue}-${d.eventId}-${d.readCt}`,
          },
          body: JSON.stringify({ user_id: userId, trigger }),
          signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(deps.config.httpTimeoutMs)]),
        });
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        throw new Error(`projects sync unreachable: ${(err as Error).message}`);
      }
      const text = await res.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      const parsed = ErrorBody.safeParse(body);
      const error = parsed.success ? parsed.data.error : undefined;
      const what = `projects sync answered ${res.status}${error?.code ? ` ${error.code}` : ""}${error?.message ? `: ${error.message}` : ""}`;

      if (res.ok) {
        const counts = (body ?? {}) as Record<string, unknown>;
        return {
          status: "done",
          fields: {
            user_id: userId,
            trigger,
            synced_count: counts.synced_count,
            detected_count: counts.detected_count,
            updated_count: counts.updated_count,
          },
        };
      }
      if (res.status === 409 && error?.code && SKIP_CODES.has(error.code)) {
        return { status: "skipped", reason: error.code, fields: { user_id: userId, trigger } };
      }
      if (res.status === 429) {
        const header = Number(res.headers.get("retry-after"));
        const retryAfter =
          retryAfterOf(error?.details) ?? (Number.isFinite(header) && header > 0 ? header : 60);
        return { status: "delayed", seconds: retryAfter, reason: what };
      }
      if (res.status === 400 || res.status === 422) throw new PermanentError(what, "22023");
      throw new Error(what);
    },
  });
}
