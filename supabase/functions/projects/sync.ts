/**
 * The caller's GitHub integration as the projects routes see it, and what a route does with the
 * user's GitHub token and GitHub's failures (the describe route calls GitHub with it).
 *
 * The repository sync itself runs in the runner (`scraper-runner/src/projects/`): the user route
 * `POST /v1/projects/sync` only checks the integration here and records a sync run
 * (`private.request_project_sync`, which emits `projects.sync.requested`).
 */
import { githubFailureError, toGitHubFailure } from "../_shared/contract/github.ts";
import type { Tx } from "../_shared/db.ts";
import { AppError } from "../_shared/errors.ts";
import { getUserToken, markTokenRejected } from "../_shared/tokens.ts";

/** Runs `fn` in one transaction as the signed-in user (`asUser`). */
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

/** 409 `github_reconnect_required` / `github_not_connected` unless the caller's GitHub is connected. */
export async function requireGitHubConnected(tx: Tx): Promise<void> {
  const integration = await githubIntegration(tx);
  if (integration.status === "needs_reconnect") {
    throw new AppError(
      "github_reconnect_required",
      "GitHub no longer accepts CareerPilot's access. Reconnect GitHub in Settings › Integrations.",
    );
  }
  if (integration.status !== "connected") {
    throw new AppError("github_not_connected", "Connect GitHub in Settings › Integrations first.");
  }
}

/** 409 unless GitHub is connected; otherwise the user's decrypted GitHub token. */
export async function requireGitHubToken(userId: string, tx: UserTx): Promise<string> {
  await tx(requireGitHubConnected);
  const stored = await getUserToken(userId, "github");
  if (!stored) throw new AppError("github_not_connected", "Connect GitHub in Settings › Integrations first.");
  return stored.token;
}

/** A GitHub failure → the API error; a refused token is recorded first (needs_reconnect + event). */
export async function githubError(userId: string, err: unknown): Promise<AppError> {
  if (err instanceof AppError) return err;
  const failure = toGitHubFailure(err);
  if (failure.kind === "token_rejected") await markTokenRejected(userId, "github");
  return AppError.from(githubFailureError(failure), err);
}
