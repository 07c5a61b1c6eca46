/**
 * GitHub through Octokit (`@octokit/rest`) at `GITHUB_API_BASE_URL`, with the user's own token —
 * what the repository sync reads:
 *
 * - {@link listRepositories}: every page of `GET /user/repos?visibility=all&affiliation=owner,collaborator&per_page=100`
 *   (Octokit follows `Link: rel="next"`), plus the token's scopes (`x-oauth-scopes`: private
 *   repositories are listed only when it has `repo`);
 * - {@link repositoryLanguages}: `GET /repos/{owner}/{repo}/languages` (the contract's, shared with the describe route).
 *
 * Nothing is retried: Octokit's core has no retry or throttling plugin, and failures are mapped by
 * the shared contract (`toGitHubFailure`: a rate limit carries its wait for the caller).
 */
import { Octokit } from "@octokit/rest";
import {
  type Headers,
  header,
  repositoryLanguages,
  toGitHubFailure,
} from "../../../supabase/functions/_shared/contract/github.ts";

export { repositoryLanguages };

const USER_AGENT = "CareerPilot-runner";
const API_VERSION = "2022-11-28";
/** Upper bound on listing pages (100 repositories each). */
const MAX_PAGES = 50;

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** An Octokit for one user's token; every call shares `signal` (the sync's deadline and shutdown). */
export function githubClient(baseUrl: string, token: string, signal: AbortSignal): Octokit {
  return new Octokit({
    auth: token,
    baseUrl,
    userAgent: USER_AGENT,
    log: silent,
    request: { signal },
    headers: { "x-github-api-version": API_VERSION },
  });
}

/** The fields of a GitHub repository CareerPilot keeps (`public.repositories`). */
export interface GitHubRepo {
  provider_repo_id: number;
  name: string;
  full_name: string;
  owner: string;
  html_url: string;
  description: string | null;
  default_branch: string | null;
  topics: string[];
  stars: number;
  fork: boolean;
  archived: boolean;
  private: boolean;
  pushed_at: string | null;
}

interface RawRepo {
  id: number;
  name: string;
  full_name: string;
  owner?: { login?: string } | null;
  html_url: string;
  description?: string | null;
  default_branch?: string | null;
  topics?: string[];
  stargazers_count?: number;
  fork?: boolean;
  archived?: boolean;
  private?: boolean;
  pushed_at?: string | null;
}

function toRepo(r: RawRepo): GitHubRepo {
  return {
    provider_repo_id: r.id,
    name: r.name,
    full_name: r.full_name,
    owner: r.owner?.login ?? r.full_name.split("/")[0] ?? "",
    html_url: r.html_url,
    description: r.description ? r.description.slice(0, 2000) : null,
    default_branch: r.default_branch ?? null,
    topics: [...new Set((r.topics ?? []).filter((t) => typeof t === "string" && t !== ""))].slice(0, 50),
    stars: r.stargazers_count ?? 0,
    fork: r.fork === true,
    archived: r.archived === true,
    private: r.private === true,
    pushed_at: r.pushed_at ?? null,
  };
}

/** GitHub's `x-oauth-scopes` ("repo, read:user") → list. */
function scopesOf(headers: Headers | undefined): string[] | undefined {
  const raw = header(headers, "x-oauth-scopes");
  return raw === undefined ? undefined : raw.split(/[\s,]+/).filter(Boolean);
}

export interface RepositoryListing {
  repos: GitHubRepo[];
  /** Whether private repositories could be listed (scope `repo`). */
  includesPrivate: boolean;
}

/** Every repository the user owns or collaborates on, all pages. @throws GitHubFailure */
export async function listRepositories(octokit: Octokit): Promise<RepositoryListing> {
  const repos: GitHubRepo[] = [];
  let scopes: string[] | undefined;
  let pagesRead = 0;
  try {
    const pages = octokit.paginate.iterator("GET /user/repos", {
      visibility: "all",
      affiliation: "owner,collaborator",
      sort: "full_name",
      per_page: 100,
    });
    for await (const page of pages) {
      pagesRead += 1;
      scopes ??= scopesOf(page.headers as Headers);
      for (const r of page.data as RawRepo[]) repos.push(toRepo(r));
      if (pagesRead >= MAX_PAGES) break;
    }
  } catch (err) {
    throw toGitHubFailure(err);
  }
  // Fine-grained tokens report no scopes; GitHub then lists what the token may see.
  const includesPrivate = scopes === undefined ? repos.some((r) => r.private) : scopes.includes("repo");
  return { repos, includesPrivate };
}

/** Runs `fn` over `items` with at most `limit` in flight; the first failure rejects. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
