/**
 * GitHub through Octokit (`@octokit/rest`) at `GITHUB_API_BASE_URL`, with the user's own token,
 * for the describe route (the repository sync runs in the runner, `scraper-runner/src/projects/`):
 *
 * - {@link repositoryLanguages}: `GET /repos/{owner}/{repo}/languages` (the contract's, shared with the runner);
 * - {@link repositoryFacts}: README (raw media type), languages and the last 10 commit messages,
 *   the facts a description is grounded in.
 *
 * Nothing is retried: Octokit's core has no retry or throttling plugin, and a rate limit is
 * reported ({@link GitHubFailure} `rate_limited` with the wait) for the caller to reschedule.
 */
import { Octokit } from "@octokit/rest";
import { repositoryLanguages } from "../_shared/contract/github.ts";
import { GitHubFailure, readmeExcerpt, type RepositoryFacts, toGitHubFailure } from "./facts.ts";

export { GitHubFailure, type RepositoryFacts, repositoryLanguages, toGitHubFailure };

const USER_AGENT = "CareerPilot-projects";
const API_VERSION = "2022-11-28";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** An Octokit for one user's token; every call shares `signal` (the request's deadline). */
export function githubClient(baseUrl: string, token: string, signal?: AbortSignal): Octokit {
  return new Octokit({
    auth: token,
    baseUrl,
    userAgent: USER_AGENT,
    log: silent,
    request: signal ? { signal } : {},
    headers: { "x-github-api-version": API_VERSION },
  });
}

/**
 * README (`Accept: application/vnd.github.raw`), languages and the last 10 commits of one
 * repository. Missing pieces (no README, empty repository) are left empty.
 * @throws GitHubFailure (`token_rejected`, `rate_limited`, `unavailable`)
 */
export async function repositoryFacts(
  octokit: Octokit,
  repo: { owner: string; name: string; full_name: string; description: string | null; topics: string[] },
): Promise<RepositoryFacts> {
  const { owner, name } = repo;
  const optional = async <T>(p: Promise<T>, empty: T): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      const failure = toGitHubFailure(err);
      if (failure.kind === "not_found") return empty;
      throw failure;
    }
  };
  const [readme, languages, commits] = await Promise.all([
    optional(
      octokit.request("GET /repos/{owner}/{repo}/readme", {
        owner,
        repo: name,
        headers: { accept: "application/vnd.github.raw" },
      }).then((r) => (typeof r.data === "string" ? r.data : String(r.data ?? ""))),
      null,
    ),
    repositoryLanguages(octokit, owner, name),
    optional(
      octokit.request("GET /repos/{owner}/{repo}/commits", { owner, repo: name, per_page: 10 }).then((r) =>
        (r.data as { commit?: { message?: string } }[])
          .map((c) => (c.commit?.message ?? "").split("\n")[0]!.trim().slice(0, 200))
          .filter(Boolean)
      ),
      [] as string[],
    ),
  ]);
  const total = Object.values(languages).reduce((a, b) => a + b, 0);
  return {
    fullName: repo.full_name,
    description: repo.description,
    languages: Object.entries(languages)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([lang, bytes]) => ({ name: lang, percent: total ? Math.round((bytes / total) * 1000) / 10 : 0 })),
    topics: repo.topics,
    commits,
    readme: readme ? readmeExcerpt(readme) : null,
  };
}
