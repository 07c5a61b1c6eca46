/**
 * The repository sync, shared by the user route (`POST /v1/projects/sync`, in the caller's
 * `asUser` transaction) and the internal route the runner calls (`POST /v1/internal/projects/sync`,
 * in a transaction AS the named user — {@link asUserId} — so the same RLS-scoped SQL functions
 * and `auth.uid()` apply; no service-role SQL touches the user's rows).
 *
 * 1. the GitHub integration must be `connected` (409 `github_not_connected` /
 *    `github_reconnect_required` otherwise);
 * 2. every page of the user's repositories (Octokit);
 * 3. languages only for repositories that are new or whose `pushed_at` changed (bounded API use);
 * 4. one transaction: `private.record_repository_sync` upserts and emits `repo.detected` /
 *    `repo.updated` / `projects.synced`.
 * GitHub 401 → the integration becomes needs_reconnect (`markTokenRejected`, which emits
 * `integrations.token.rejected`) and 409 `github_reconnect_required`; a rate limit → 429
 * `github_rate_limited` with `details.retry_after_s`, nothing written, nothing retried.
 */
import type { Tx } from "../_shared/db.ts";
import { AppError } from "../_shared/errors.ts";
import { getUserToken, markTokenRejected } from "../_shared/tokens.ts";
import { projectsConfig } from "./config.ts";
import {
  githubClient,
  GitHubFailure,
  listRepositories,
  mapLimit,
  repositoryLanguages,
  toGitHubFailure,
} from "./github.ts";

export type SyncTrigger = "manual" | "github_connected" | "daily";

/** Runs `fn` in one transaction as the signed-in user (`asUser`) or as a named user (`asUserId`). */
export type UserTx = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

export type GitHubStatus = "connected" | "needs_reconnect" | "revoked" | "not_connected";

/** The caller's GitHub integration (status and login), scoped to auth.uid() explicitly (admins see all rows). */
export async function githubIntegration(tx: Tx): Promise<{ status: GitHubStatus; login: string | null }> {
  const [row] = await tx<{ status: string; external_login: string | null }[]>`
    select status::text as status, external_login from public.user_integrations
    where user_id = auth.uid() and provider = 'github'`;
  if (!row) return { status: "not_connected", login: null };
  const status = row.status === "error" ? "needs_reconnect" : row.status as GitHubStatus;
  return { status, login: row.external_login };
}

/** 409 unless GitHub is connected; otherwise the user's decrypted GitHub token. */
export async function requireGitHubToken(userId: string, tx: UserTx): Promise<string> {
  const integration = await tx(githubIntegration);
  if (integration.status === "needs_reconnect") {
    throw new AppError(
      "github_reconnect_required",
      "GitHub no longer accepts CareerPilot's access. Reconnect GitHub in Settings › Integrations.",
    );
  }
  if (integration.status !== "connected") {
    throw new AppError("github_not_connected", "Connect GitHub in Settings › Integrations first.");
  }
  const stored = await getUserToken(userId, "github");
  if (!stored) throw new AppError("github_not_connected", "Connect GitHub in Settings › Integrations first.");
  return stored.token;
}

/** A GitHub failure → the API error; a refused token is recorded first (needs_reconnect + event). */
export async function githubError(userId: string, err: unknown): Promise<AppError> {
  if (err instanceof AppError) return err;
  const failure = err instanceof GitHubFailure ? err : toGitHubFailure(err);
  switch (failure.kind) {
    case "token_rejected":
      await markTokenRejected(userId, "github");
      return new AppError(
        "github_reconnect_required",
        "GitHub refused CareerPilot's access (it was revoked or expired). Reconnect GitHub in Settings › Integrations.",
      );
    case "rate_limited":
      return new AppError(
        "github_rate_limited",
        `GitHub's rate limit for your account is used up; try again in ${failure.retryAfterS ?? 60} s.`,
        { retry_after_s: failure.retryAfterS ?? 60 },
      );
    default:
      return new AppError("upstream_unavailable", "GitHub could not be reached; try again in a moment.", {
        provider: "github",
      });
  }
}

export interface SyncResult {
  synced_count: number;
  detected_count: number;
  updated_count: number;
  last_synced_at: string;
}

const SYNC_DEADLINE_MS = 90_000;
const LANGUAGE_CONCURRENCY = 8;

/** Syncs `userId`'s repositories (see the module comment). */
export async function syncRepositories(
  userId: string,
  trigger: SyncTrigger,
  tx: UserTx,
): Promise<SyncResult> {
  const token = await requireGitHubToken(userId, tx);
  const octokit = githubClient(
    projectsConfig().githubApiBaseUrl,
    token,
    AbortSignal.timeout(SYNC_DEADLINE_MS),
  );

  let rows: Record<string, unknown>[];
  let includesPrivate: boolean;
  try {
    const listing = await listRepositories(octokit);
    includesPrivate = listing.includesPrivate;
    const known = new Map(
      (await tx((t) =>
        t<{ provider_repo_id: string; pushed_at: Date | null }[]>`
          select provider_repo_id::text, pushed_at from public.repositories where user_id = auth.uid()`
      )).map((r) => [Number(r.provider_repo_id), r.pushed_at?.getTime() ?? null]),
    );
    const stale = (r: { provider_repo_id: number; pushed_at: string | null }) =>
      !known.has(r.provider_repo_id) ||
      known.get(r.provider_repo_id) !== (r.pushed_at ? Date.parse(r.pushed_at) : null);
    rows = await mapLimit(listing.repos, LANGUAGE_CONCURRENCY, async (r) => ({
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
      languages: stale(r) ? await repositoryLanguages(octokit, r.owner, r.name) : null,
    }));
  } catch (err) {
    throw await githubError(userId, err);
  }

  const result = await tx(async (t) => {
    const [row] = await t<{ result: Record<string, unknown> }[]>`
      select private.record_repository_sync(${
      t.json(rows as never)
    }::jsonb, ${trigger}, ${includesPrivate}) as result`;
    return row!.result;
  });
  return {
    synced_count: Number(result.synced_count),
    detected_count: Number(result.detected_count),
    updated_count: Number(result.updated_count),
    last_synced_at: new Date(String(result.last_synced_at)).toISOString(),
  };
}
