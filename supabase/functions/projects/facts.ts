/**
 * What the projects stack knows about GitHub without talking to it (no Octokit import, so unit
 * tests type-check without the client): failures and their mapping, rate-limit waits, and the
 * facts a description is grounded in.
 */

/** Why a GitHub call failed, in the terms the routes answer with. */
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

export type Headers = Record<string, string | number | undefined>;

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

/** What a description may be grounded in. */
export interface RepositoryFacts {
  fullName: string;
  description: string | null;
  /** Languages by bytes, largest first, with their share in percent. */
  languages: { name: string; percent: number }[];
  topics: string[];
  /** First line of each of the last (up to 10) commit messages. */
  commits: string[];
  /** The README's first {@link README_EXCERPT_CHARS} characters (badges and HTML removed), or null. */
  readme: string | null;
}

export const README_EXCERPT_CHARS = 4000;

/** README text → a plain excerpt: images, badges, HTML tags and long link targets removed. */
export function readmeExcerpt(text: string, max = README_EXCERPT_CHARS): string {
  const cleaned = text
    .replace(/\r\n/g, "\n")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}
