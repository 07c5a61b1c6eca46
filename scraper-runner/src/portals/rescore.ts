/**
 * Queue `job_rescore`: the user's search changed (`job_settings.changed`), so their stored jobs
 * are scored again by the job-fetcher function's rescore route (service key): the score lives in
 * one place, the function's score.ts, which the ingest route uses too.
 */
import { type ConsumerDeps, defineConsumer, type Outcome, PermanentError } from "../consumer.js";

/** Queue name. */
export const JOB_RESCORE_QUEUE = "job_rescore";

export function jobRescoreConsumer(deps: ConsumerDeps) {
  const fetchImpl = deps.fetch ?? fetch;
  const url = `${deps.config.supabaseUrl}/functions/v1/job-fetcher/v1/internal/jobs/rescore`;
  return defineConsumer({
    queue: JOB_RESCORE_QUEUE,
    events: ["job_settings.changed"],
    async handle(d, ctx): Promise<Outcome> {
      const res = await fetchImpl(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${deps.config.serviceRoleKey}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ user_id: d.payload.user_id }),
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(deps.config.httpTimeoutMs)]),
      });
      if (res.status === 404) return { status: "skipped", reason: "the user no longer exists" };
      if (res.status >= 500) throw new Error(`rescore answered ${res.status}`);
      if (!res.ok) throw new PermanentError(`rescore refused: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { rescored: number; checked: number };
      return { status: "done", fields: { user_id: d.payload.user_id, ...body } };
    },
  });
}
