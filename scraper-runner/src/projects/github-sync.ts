/**
 * Queue `projects_sync`: syncs a user's GitHub repositories — the runner itself crawls GitHub and
 * writes through SQL (one way: no Edge Function in between).
 *
 *   integrations.github.connected  → trigger `github_connected`
 *   projects.sync.requested        → the payload's trigger (`daily` from pg_cron, `manual` with the
 *                                    `run_id` of the user's request from POST /v1/projects/sync)
 *
 *   1. `private.begin_project_sync_run` (own transaction: the user sees `running`); a run that
 *      already finished (a redelivery) → skipped
 *   2. as the user (RLS): the GitHub integration must be `connected`; the stored `pushed_at` of
 *      every known repository
 *   3. the user's token: `private.token_for_service` (service_role), decrypted with the shared
 *      contract's crypto (`TOKEN_ENCRYPTION_KEYS`, the functions' keyring)
 *   4. every page of `GET /user/repos` (forks and archived ones flagged), languages only for
 *      repositories that are new or whose `pushed_at` changed
 *   5. commit, with the receipt and the archive: `private.record_repository_sync` as the user
 *      (upserts; emits repo.detected / repo.updated / projects.synced) and the run `succeeded`
 *
 * GitHub's answers: 401 → `private.mark_token_rejected` (needs_reconnect +
 * integrations.token.rejected) and the run fails `github_reconnect_required`; a rate limit → the
 * run fails `github_rate_limited` with `retry_after_s` for a manual sync (the user tries again
 * then; nothing is retried), or waits queued until GitHub's reset for a background one (the
 * message is delayed, never a tight loop); unreachable / 5xx → back-off and retry, and when the
 * attempts run out `giveUp` fails the run. Nothing is written to the repositories on a failure.
 */
import {
  DecryptError,
  decryptToken,
  keyringFrom,
  tokenAad,
} from "../../../supabase/functions/_shared/contract/crypto.ts";
import { SYNC_TRIGGERS, type SyncTrigger } from "../../../supabase/functions/_shared/contract/enums.ts";
import type { ContractError } from "../../../supabase/functions/_shared/contract/errors.ts";
import { githubFailureError, toGitHubFailure } from "../../../supabase/functions/_shared/contract/github.ts";
import { type ConsumerDeps, defineConsumer, type Outcome, PermanentError } from "../consumer.js";
import { actingAs, asService, asUser, type Db, type Tx } from "../db.js";
import { githubClient, listRepositories, mapLimit, repositoryLanguages } from "./github.js";

/** Queue name. */
export const PROJECTS_SYNC_QUEUE = "projects_sync";

const LANGUAGE_CONCURRENCY = 8;

const NOT_CONNECTED: ContractError = {
  code: "github_not_connected",
  message: "Connect GitHub in Settings › Integrations first.",
};
const RECONNECT: ContractError = {
  code: "github_reconnect_required",
  message: "GitHub no longer accepts CareerPilot's access. Reconnect GitHub in Settings › Integrations.",
};
const GAVE_UP: ContractError = {
  code: "upstream_unavailable",
  message: "GitHub could not be reached for a while, so the sync stopped. Try again later.",
};

function isSyncTrigger(v: string): v is SyncTrigger {
  return (SYNC_TRIGGERS as readonly string[]).includes(v);
}

/** A run's outcome (`private.finish_project_sync_run`), by run id or by the event that started it. */
async function finishRun(
  tx: Tx,
  run: { runId: string | null; eventId: number },
  status: "succeeded" | "failed" | "queued",
  result: Record<string, unknown> | null,
  error: ContractError | null,
): Promise<void> {
  const retryAfter = (error?.details as { retry_after_s?: number } | undefined)?.retry_after_s ?? null;
  await tx`select private.finish_project_sync_run(${run.runId}::uuid, ${run.eventId}::bigint, ${status},
    ${result ? JSON.stringify(result) : null}::text::jsonb, ${error?.code ?? null}, ${error?.message ?? null},
    ${retryAfter}::int)`;
}

/** The user's GitHub token, or null when none is stored. */
async function githubToken(db: Db, keysRaw: string | undefined, userId: string): Promise<string | null> {
  // Parsed per use (cached by value): a runner without the keyring still runs its other queues.
  const keyring = keyringFrom(keysRaw);
  // Service path: private.token_for_service is service-only, scoped to this user and provider.
  const [row] = await asService(
    db,
    (tx) =>
      tx<{ token_encrypted: string }[]>`
      select token_encrypted from private.token_for_service(${userId}::uuid, 'github')`,
  );
  if (!row) return null;
  return await decryptToken(keyring, row.token_encrypted, tokenAad(userId, "github"));
}

/** The projects_sync consumer. */
export function githubSyncConsumer(deps: ConsumerDeps) {
  return defineConsumer({
    queue: PROJECTS_SYNC_QUEUE,
    events: ["integrations.github.connected", "projects.sync.requested"],

    async handle(d, ctx): Promise<Outcome> {
      const userId = d.payload.user_id;
      const trigger =
        d.eventType === "integrations.github.connected" ? "github_connected" : d.payload.trigger;
      if (!isSyncTrigger(trigger)) throw new PermanentError(`unknown sync trigger "${trigger}"`, "22023");
      const requested = d.eventType === "projects.sync.requested" ? (d.payload.run_id ?? null) : null;

      // 1. the run
      const runId = await asService(ctx.db, async (tx) => {
        const [row] = await tx<{ id: string | null }[]>`
          select private.begin_project_sync_run(${userId}::uuid, ${trigger}, ${requested}::uuid,
                                                ${d.eventId}::bigint) as id`;
        return row?.id ?? null;
      });
      if (!runId)
        return { status: "skipped", reason: "sync run already finished", fields: { user_id: userId } };
      const run = { runId, eventId: d.eventId };
      const fields = { user_id: userId, trigger, run_id: runId };
      const failed = (error: ContractError, first?: (tx: Tx) => Promise<unknown>): Outcome => ({
        status: "done",
        finalize: async (tx) => {
          await first?.(tx);
          await finishRun(tx, run, "failed", null, error);
        },
        fields: { ...fields, run_status: "failed", error_code: error.code },
      });

      // 2. as the user: the integration and what is stored
      const state = await asUser(ctx.db, userId, async (tx) => {
        const [integration] = await tx<{ status: string }[]>`
          select status::text from public.user_integrations where user_id = auth.uid() and provider = 'github'`;
        const known = await tx<{ provider_repo_id: string; pushed_at: Date | null }[]>`
          select provider_repo_id::text, pushed_at from public.repositories where user_id = auth.uid()`;
        return { status: integration?.status ?? "not_connected", known };
      });
      if (state.status === "needs_reconnect" || state.status === "error") return failed(RECONNECT);
      if (state.status !== "connected") return failed(NOT_CONNECTED);

      // 3. the token
      let token: string | null;
      try {
        token = await githubToken(ctx.db, deps.config.tokenEncryptionKeys, userId);
      } catch (err) {
        if (!(err instanceof DecryptError)) throw err; // no keyring: back-off until it is configured
        ctx.log.error("stored GitHub token cannot be decrypted", { user_id: userId, error: err.message });
        return failed({
          code: "internal_error",
          message:
            "CareerPilot could not read your stored GitHub access. Reconnect GitHub in Settings › Integrations.",
        });
      }
      if (!token) return failed(NOT_CONNECTED);

      // 4. GitHub
      const known = new Map(
        state.known.map((r) => [Number(r.provider_repo_id), r.pushed_at?.getTime() ?? null]),
      );
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(deps.config.httpTimeoutMs)]);
      const octokit = githubClient(deps.config.githubApiBaseUrl, token, signal);
      let rows: Record<string, unknown>[];
      let includesPrivate: boolean;
      let languageCalls = 0;
      try {
        const listing = await listRepositories(octokit);
        includesPrivate = listing.includesPrivate;
        const stale = (r: { provider_repo_id: number; pushed_at: string | null }) =>
          !known.has(r.provider_repo_id) ||
          known.get(r.provider_repo_id) !== (r.pushed_at ? Date.parse(r.pushed_at) : null);
        rows = await mapLimit(listing.repos, LANGUAGE_CONCURRENCY, async (r) => {
          const fetchLanguages = stale(r);
          if (fetchLanguages) languageCalls += 1;
          return {
            provider_repo_id: r.provider_repo_id,
            name: r.name,
            full_name: r.full_name,
            html_url: r.html_url,
            description: r.description,
            default_branch: r.default_branch,
            topics: r.topics,
            stars: r.stars,
            fork: r.fork,
            archived: r.archived,
            private: r.private,
            pushed_at: r.pushed_at,
            // null: not fetched this time, the stored languages stay.
            languages: fetchLanguages ? await repositoryLanguages(octokit, r.owner, r.name) : null,
          };
        });
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        const failure = toGitHubFailure(err);
        const error = githubFailureError(failure);
        if (failure.kind === "token_rejected") {
          return failed(error, (tx) => tx`select private.mark_token_rejected(${userId}::uuid, 'github')`);
        }
        if (failure.kind === "rate_limited") {
          if (trigger === "manual") return failed(error);
          // A background sync waits for GitHub's reset, visibly (queued, with the wait).
          await asService(ctx.db, (tx) => finishRun(tx, run, "queued", null, error));
          return { status: "delayed", seconds: failure.retryAfterS ?? 60, reason: failure.message };
        }
        throw new Error(`GitHub sync failed: ${failure.message}`);
      }

      // 5. record it as the user, with the receipt and the archive
      const saved = { synced: rows.length, languageCalls, includesPrivate };
      return {
        status: "done",
        finalize: async (tx) => {
          const result = await actingAs(tx, userId, async (t) => {
            const [row] = await t<{ result: Record<string, unknown> }[]>`
              select private.record_repository_sync(${JSON.stringify(rows)}::text::jsonb, ${trigger},
                                                     ${includesPrivate}) as result`;
            return row?.result ?? {};
          });
          await finishRun(tx, run, "succeeded", result, null);
        },
        fields: {
          ...fields,
          run_status: "succeeded",
          synced_count: saved.synced,
          language_calls: saved.languageCalls,
          includes_private: saved.includesPrivate,
        },
      };
    },

    async giveUp(tx, d) {
      const runId = d.eventType === "projects.sync.requested" ? (d.payload.run_id ?? null) : null;
      await finishRun(tx, { runId, eventId: d.eventId }, "failed", null, GAVE_UP);
    },
  });
}
