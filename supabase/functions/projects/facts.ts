/**
 * What the projects stack knows about GitHub without talking to it (no Octokit import, so unit
 * tests type-check without the client): the facts a description is grounded in, and the shared
 * contract's GitHub failure mapping re-exported.
 */

// GitHub failures and their mapping are the shared contract's (the runner's sync uses them too).
export {
  GitHubFailure,
  type GitHubFailureKind,
  header,
  type Headers,
  retryAfterSeconds,
  toGitHubFailure,
} from "../_shared/contract/github.ts";

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
