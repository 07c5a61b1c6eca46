/**
 * The one mapping of a failed GitHub call, for every runtime that calls GitHub with the user's
 * token (the functions' describe route, the runner's repository sync). It reads only what
 * Octokit's `RequestError` carries (`status`, `response.headers`), so the contract stays free of
 * the client library.
 *
 * | GitHub answered                                                    | kind             | code                        |
 * |--------------------------------------------------------------------|------------------|-----------------------------|
 * | 401                                                                | `token_rejected` | `github_reconnect_required` |
 * | 403/429 with `x-ratelimit-remaining: 0` or `retry-after`           | `rate_limited`   | `github_rate_limited` (+ `retry_after_s`) |
 * | 403, 404, 409, 451 otherwise                                       | `not_found`      | —                           |
 * | anything else, or no answer (refused, reset, DNS, deadline)        | `unavailable`    | `upstream_unavailable`      |
 *
 * Nothing is retried here: a rate limit carries its wait for the caller to reschedule.
 */
import type { ContractError } from "./errors.ts";

/** Why a GitHub call failed, in the terms the routes and the runner answer with. */
export type GitHubFailureKind = "token_rejected" | "rate_limited" | "unavailable" | "not_found";

/** A failed GitHub call. `retryAfterS` is set for `rate_limited`. */
export class GitHubFailure extends Error {
  readonly kind: GitHubFailureKind;
  readonly status?: number;
  readonly retryAfterS?: number;
  constructor(
    kind: GitHubFailureKind,
    message: string,
    opts: { status?: number; retryAfterS?: number } = {},
  ) {
    super(message);
    this.name = "GitHubFailure";
    this.kind = kind;
    this.status = opts.status;
    this.retryAfterS = opts.retryAfterS;
  }
}

/** Response headers as Octokit gives them. */
export type Headers = Record<string, string | number | undefined>;

/** One header's value as a string. */
export function header(headers: Headers | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return v === undefined ? undefined : String(v);
}

/**
 * Seconds until GitHub accepts requests again, from `retry-after` (secondary limits) or
 * `x-ratelimit-reset` (epoch seconds, primary limit) — at least 1.
 */
export function retryAfterSeconds(headers: Headers | undefined, nowMs = Date.now()): number {
  const retryAfter = Number(header(headers, "retry-after"));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.ceil(retryAfter);
  const reset = Number(header(headers, "x-ratelimit-reset"));
  if (Number.isFinite(reset) && reset > 0) return Math.max(1, Math.ceil(reset - nowMs / 1000));
  return 60;
}

/** Any Octokit / fetch failure → a {@link GitHubFailure}. */
export function toGitHubFailure(err: unknown): GitHubFailure {
  if (err instanceof GitHubFailure) return err;
  const status = (err as { status?: unknown })?.status;
  const headers = (err as { response?: { headers?: Headers } })?.response?.headers;
  if (typeof status !== "number" || status === 500 && !headers) {
    // fetch failed (refused, reset, DNS) or the deadline passed.
    return new GitHubFailure(
      "unavailable",
      `GitHub could not be reached (${(err as Error)?.name ?? "error"})`,
    );
  }
  if (status === 401) {
    return new GitHubFailure("token_rejected", "GitHub refused the token (401)", { status });
  }
  if (
    (status === 403 || status === 429) &&
    (header(headers, "x-ratelimit-remaining") === "0" || header(headers, "retry-after") !== undefined)
  ) {
    return new GitHubFailure("rate_limited", `GitHub rate limit (${status})`, {
      status,
      retryAfterS: retryAfterSeconds(headers),
    });
  }
  if (status === 404 || status === 409 || status === 403 || status === 451) {
    return new GitHubFailure("not_found", `GitHub answered ${status}`, { status });
  }
  return new GitHubFailure("unavailable", `GitHub answered ${status}`, { status });
}

/** The error the user reads for a GitHub failure (a `not_found` listing counts as unavailable). */
export function githubFailureError(failure: GitHubFailure): ContractError {
  switch (failure.kind) {
    case "token_rejected":
      return {
        code: "github_reconnect_required",
        message:
          "GitHub refused CareerPilot's access (it was revoked or expired). Reconnect GitHub in Settings › Integrations.",
      };
    case "rate_limited": {
      const s = failure.retryAfterS ?? 60;
      return {
        code: "github_rate_limited",
        message: `GitHub's rate limit for your account is used up; try again in ${s} s.`,
        details: { retry_after_s: s },
      };
    }
    default:
      return {
        code: "upstream_unavailable",
        message: "GitHub could not be reached; try again in a moment.",
        details: { provider: "github" },
      };
  }
}

/**
 * The one GitHub call {@link repositoryLanguages} makes, typed structurally (an Octokit instance
 * fits), so the contract stays free of the client library.
 */
export interface GitHubLanguagesRequester {
  request(
    route: "GET /repos/{owner}/{repo}/languages",
    params: { owner: string; repo: string },
  ): Promise<{ data: unknown }>;
}

/**
 * `{language: bytes}` of a repository through `GET /repos/{owner}/{repo}/languages`; `{}` when
 * GitHub has none or hides it. Used by the describe route's facts and the runner's sync.
 * @throws GitHubFailure
 */
export async function repositoryLanguages(
  github: GitHubLanguagesRequester,
  owner: string,
  repo: string,
): Promise<Record<string, number>> {
  try {
    const res = await github.request("GET /repos/{owner}/{repo}/languages", { owner, repo });
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries((res.data ?? {}) as Record<string, unknown>)) {
      if (typeof v === "number" && k.length <= 100) out[k] = v;
    }
    return out;
  } catch (err) {
    const failure = toGitHubFailure(err);
    if (failure.kind === "not_found") return {};
    throw failure;
  }
}
