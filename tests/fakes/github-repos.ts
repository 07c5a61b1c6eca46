/**
 * The repository half of the loopback GitHub fake (mounted by `github.ts`): GitHub's REST shapes
 * for what the Projects sync and the description facts read, in memory, per login.
 *
 *   GET /user/repos?visibility&affiliation&sort&direction&per_page&page
 *                                   GitHub's repository objects (with `topics`, `permissions`),
 *                                   `Link` rel=next/last/first/prev, private ones only when the
 *                                   token has scope `repo`
 *   GET /repos/{owner}/{repo}        one repository
 *   GET /repos/{owner}/{repo}/languages   {language: bytes}
 *   GET /repos/{owner}/{repo}/readme      JSON (base64 `content`) or, with
 *                                         `Accept: application/vnd.github.raw`, the raw text; 404 without one
 *   GET /repos/{owner}/{repo}/commits?per_page&page   commit objects, newest first; 409 when empty
 *
 * Every API response carries `x-ratelimit-*` headers (5000 an hour per login). Fake-only controls
 * (JSON bodies; `login` names the GitHub account):
 *
 *   POST   /_fake/github/repos       {login, count?}   replace the login's repositories: `count`
 *                                    generated ones (pagination), or the default set of 8 (a fork,
 *                                    an archived and a private one among them)
 *   GET    /_fake/github/repos?login=                 the login's repositories (fake view)
 *   POST   /_fake/github/push        {login, repo, description?, topics?, languages?}   a push:
 *                                    pushed_at/updated_at = now (strictly later), a new commit, and
 *                                    the given changes
 *   POST   /_fake/github/revoke      {login}           the login's tokens stop working (401 Bad credentials)
 *   POST   /_fake/github/rate-limit  {login, reset_in_s?, retry_after_s?, clear?}
 *                                    primary limit: 403 "API rate limit exceeded" with
 *                                    x-ratelimit-remaining 0 and x-ratelimit-reset; with
 *                                    retry_after_s: a secondary limit (403 + retry-after)
 *   GET    /_fake/github/hits?login=  API requests per route ("GET /user/repos": n) and total
 *   DELETE /_fake/github/hits?login=  reset the counts
 * Repositories of a login that was never seeded are the default set.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
// A cycle with github.ts (which owns the OAuth side): only hoisted functions cross it.
import { simpleUserJson } from "./github.js";
import { readJson, sendJson } from "./http.js";

const DOCS = "https://docs.github.com";
const HOUR_LIMIT = 5000;

export interface FakeCommit {
  sha: string;
  message: string;
  date: string;
  author: string;
}

export interface FakeRepo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  fork: boolean;
  archived: boolean;
  description: string | null;
  topics: string[];
  languages: Record<string, number>;
  stars: number;
  forks: number;
  created_at: string;
  updated_at: string;
  pushed_at: string;
  default_branch: string;
  homepage: string | null;
  readme: string | null;
  commits: FakeCommit[];
  /** The login is a collaborator, not the owner (affiliation=collaborator). */
  collaborator?: boolean;
  license?: { key: string; name: string; spdx_id: string } | null;
}

/** The authenticated caller of an API request, as the fake knows it. */
export interface FakeCaller {
  login: string;
  scopes: string[];
  /** The token was revoked: the request counts as a hit, then gets 401 Bad credentials. */
  revoked?: boolean;
}

const hash = (s: string) => createHash("sha256").update(s).digest();
const sha = (s: string) => hash(s).toString("hex").slice(0, 40);
export const fakeRepoId = (owner: string, name: string) =>
  100_000_000 + (hash(`${owner.toLowerCase()}/${name.toLowerCase()}`).readUInt32BE(0) % 800_000_000);

const MIT = { key: "mit", name: "MIT License", spdx_id: "MIT" };

function commitsOf(owner: string, name: string, messages: string[], last: Date): FakeCommit[] {
  return messages.map((message, i) => ({
    sha: sha(`${owner}/${name}#${i}:${message}`),
    message,
    date: new Date(last.getTime() - i * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    author: owner,
  }));
}

function repo(
  owner: string,
  r: Partial<FakeRepo> & { name: string; pushed: string; messages: string[] },
): FakeRepo {
  const pushed = new Date(r.pushed);
  return {
    id: fakeRepoId(r.collaborator ? (r.owner ?? owner) : owner, r.name),
    owner: r.owner ?? owner,
    name: r.name,
    private: r.private ?? false,
    fork: r.fork ?? false,
    archived: r.archived ?? false,
    description: r.description ?? null,
    topics: r.topics ?? [],
    languages: r.languages ?? {},
    stars: r.stars ?? 0,
    forks: r.forks ?? 0,
    created_at: r.created_at ?? "2023-03-14T09:26:53Z",
    updated_at: r.pushed,
    pushed_at: r.pushed,
    default_branch: r.default_branch ?? "main",
    homepage: r.homepage ?? null,
    readme: r.readme ?? null,
    commits: commitsOf(r.owner ?? owner, r.name, r.messages, pushed),
    collaborator: r.collaborator,
    license: r.license === undefined ? MIT : r.license,
  };
}

/** The default repositories of a login: 8, including a fork, an archived and a private one. */
export function defaultRepos(login: string): FakeRepo[] {
  return [
    repo(login, {
      name: "portfolio-site",
      description: "Personal portfolio and blog",
      topics: ["nextjs", "portfolio", "tailwindcss"],
      languages: { TypeScript: 48211, CSS: 5120, JavaScript: 1804 },
      stars: 12,
      homepage: `https://${login.toLowerCase()}.dev`,
      pushed: "2026-11-20T18:04:11Z",
      readme:
        "# portfolio-site\n\n[![CI](https://github.com/x/y/badge.svg)](https://github.com/x/y)\n\n" +
        "My personal site, built with **Next.js** and Tailwind CSS. Posts are MDX files rendered at build time.\n\n" +
        "## Run\n\n```sh\nnpm install\nnpm run dev\n```\n",
      messages: [
        "Add dark mode toggle",
        "Write post about Postgres RLS",
        "Fix mobile nav overflow",
        "Initial commit",
      ],
    }),
    repo(login, {
      name: "task-api",
      description: "REST API for a to-do app",
      topics: ["fastapi", "postgresql", "rest-api"],
      languages: { Python: 73102, Dockerfile: 612, Shell: 410 },
      stars: 4,
      pushed: "2026-10-02T07:45:00Z",
      readme:
        "# task-api\n\nA small REST API for tasks written in Python with FastAPI and SQLAlchemy, " +
        "storing data in PostgreSQL. `docker compose up` starts the API and the database.\n\n" +
        "## Endpoints\n\n- `GET /tasks`\n- `POST /tasks`\n",
      messages: ["Paginate GET /tasks", "Add Alembic migrations", "Dockerfile for the API", "Initial commit"],
    }),
    repo(login, {
      name: "go-url-shortener",
      description: "Tiny URL shortener",
      topics: ["golang", "redis", "url-shortener"],
      languages: { Go: 20480, Makefile: 300 },
      stars: 31,
      forks: 3,
      pushed: "2026-08-11T12:00:00Z",
      readme: "# go-url-shortener\n\nShortens URLs; keys are stored in Redis. `go run ./cmd/server`.\n",
      messages: ["Expire keys after 30 days", "Add rate limiting middleware", "Initial commit"],
    }),
    repo(login, {
      name: "ml-notebooks",
      description: "Notebooks from a machine learning course",
      topics: ["machine-learning", "pandas", "scikit-learn"],
      languages: { "Jupyter Notebook": 981233, Python: 10211 },
      stars: 2,
      pushed: "2026-05-30T20:20:20Z",
      readme:
        "# ml-notebooks\n\nExercises with pandas, NumPy and scikit-learn: regression, trees, clustering.\n",
      messages: ["Add k-means exercise", "Clean up regression notebook"],
    }),
    repo(login, {
      name: "dotfiles",
      description: "My dotfiles",
      languages: { Shell: 8812, "Vim Script": 2011 },
      pushed: "2026-01-09T08:00:00Z",
      readme: null,
      license: null,
      messages: ["zsh: faster prompt", "Initial commit"],
    }),
    repo(login, {
      name: "private-notes",
      description: "Notes app (private)",
      private: true,
      topics: ["notes"],
      languages: { TypeScript: 12000, HTML: 800 },
      pushed: "2026-11-18T10:30:00Z",
      readme: "# private-notes\n\nA notes app in TypeScript with a Deno backend and SQLite storage.\n",
      messages: ["Sync notes across devices", "Initial commit"],
    }),
    repo(login, {
      name: "react",
      description: "The library for web and native user interfaces.",
      fork: true,
      topics: ["declarative", "frontend", "javascript", "library", "react", "ui"],
      languages: { JavaScript: 5_120_000, TypeScript: 1_480_000, HTML: 92_000, CSS: 51_000 },
      pushed: "2025-06-01T00:00:00Z",
      created_at: "2025-05-31T10:00:00Z",
      readme: "# React\n\nReact is a JavaScript library for building user interfaces.\n",
      messages: ["Merge upstream", "Fix typo in docs"],
    }),
    repo(login, {
      name: "old-android-app",
      description: "Campus events app (no longer maintained)",
      archived: true,
      topics: ["android"],
      languages: { Java: 60211, Kotlin: 14002 },
      pushed: "2021-04-12T16:00:00Z",
      created_at: "2019-09-01T10:00:00Z",
      readme: "# old-android-app\n\nAndroid app for campus events, written in Java and Kotlin. Archived.\n",
      messages: ["Last release 2.3.1", "Migrate to AndroidX"],
    }),
  ];
}

const LANGS: Record<string, number>[] = [
  { TypeScript: 20000, CSS: 2000 },
  { Python: 15000 },
  { Go: 9000 },
  { Rust: 12000 },
  { JavaScript: 8000, HTML: 1000 },
  { Java: 30000 },
];

/** `count` generated repositories (repo-001…): every 10th a fork, every 15th archived, every 7th private. */
export function generatedRepos(login: string, count: number): FakeRepo[] {
  const base = Date.parse("2026-11-01T00:00:00Z");
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const name = `repo-${String(n).padStart(3, "0")}`;
    return repo(login, {
      name,
      description: `Generated repository number ${n}`,
      topics: n % 2 ? ["generated"] : [],
      languages: LANGS[i % LANGS.length],
      stars: n % 13,
      fork: n % 10 === 0,
      archived: n % 15 === 0,
      private: n % 7 === 0,
      pushed: new Date(base - n * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      readme: `# ${name}\n\nGenerated for pagination tests.\n`,
      messages: [`Commit to ${name}`],
    });
  });
}

/** A repository as GitHub's REST API returns it (the `/user/repos` item shape). */
export function repoJson(r: FakeRepo, base: string, viewer?: FakeCaller) {
  const full = `${r.owner}/${r.name}`;
  const api = `${base}/repos/${full}`;
  const admin = viewer ? viewer.login.toLowerCase() === r.owner.toLowerCase() : false;
  const mainLanguage = Object.entries(r.languages).sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return {
    id: r.id,
    node_id: Buffer.from(`010:Repository${r.id}`).toString("base64"),
    name: r.name,
    full_name: full,
    private: r.private,
    owner: simpleUserJson(r.owner, base),
    html_url: `https://github.com/${full}`,
    description: r.description,
    fork: r.fork,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    created_at: r.created_at,
    updated_at: r.updated_at,
    pushed_at: r.pushed_at,
    git_url: `git://github.com/${full}.git`,
    ssh_url: `git@github.com:${full}.git`,
    clone_url: `https://github.com/${full}.git`,
    svn_url: `https://github.com/${full}`,
    homepage: r.homepage,
    size: Math.ceil(Object.values(r.languages).reduce((a, b) => a + b, 0) / 1024),
    stargazers_count: r.stars,
    watchers_count: r.stars,
    language: mainLanguage,
    has_issues: !r.fork,
    has_projects: true,
    has_downloads: true,
    has_wiki: !r.private,
    has_pages: false,
    has_discussions: false,
    forks_count: r.forks,
    mirror_url: null,
    archived: r.archived,
    disabled: false,
    open_issues_count: 0,
    license: r.license
      ? { ...r.license, url: `${base}/licenses/${r.license.key}`, node_id: "MDc6TGljZW5zZTEz" }
      : null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: r.topics,
    visibility: r.private ? "private" : "public",
    forks: r.forks,
    open_issues: 0,
    watchers: r.stars,
    default_branch: r.default_branch,
    permissions: viewer ? { admin, maintain: admin, push: true, triage: true, pull: true } : undefined,
  };
}

interface Limit {
  reset: number;
  retryAfter?: number;
}

/** The repository state and handlers; `GitHubFake` routes to {@link handle} with its caller lookup. */
export class GitHubRepos {
  readonly repos = new Map<string, FakeRepo[]>();
  readonly limits = new Map<string, Limit>();
  readonly hits = new Map<string, Map<string, number>>();
  readonly used = new Map<string, number>();

  reset(): void {
    this.repos.clear();
    this.limits.clear();
    this.hits.clear();
    this.used.clear();
  }

  reposOf(login: string): FakeRepo[] {
    const key = login.toLowerCase();
    let list = this.repos.get(key);
    if (!list) {
      list = defaultRepos(login);
      this.repos.set(key, list);
    }
    return list;
  }

  /** Every repository of any login (for /repos/{owner}/{repo} look-ups). */
  private find(owner: string, name: string): FakeRepo | undefined {
    for (const list of this.repos.values()) {
      const r = list.find(
        (x) => x.owner.toLowerCase() === owner.toLowerCase() && x.name.toLowerCase() === name.toLowerCase(),
      );
      if (r) return r;
    }
    this.reposOf(owner);
    return this.repos.get(owner.toLowerCase())?.find((x) => x.name.toLowerCase() === name.toLowerCase());
  }

  private canSee(r: FakeRepo, caller: FakeCaller): boolean {
    if (!r.private) return true;
    return caller.scopes.includes("repo") && this.reposOf(caller.login).includes(r);
  }

  private rateHeaders(login: string): Record<string, string> {
    const limit = this.limits.get(login.toLowerCase());
    const used = this.used.get(login.toLowerCase()) ?? 0;
    const reset = limit?.reset ?? Math.floor(Date.now() / 1000) + 3600;
    return {
      "x-ratelimit-limit": String(HOUR_LIMIT),
      "x-ratelimit-remaining": limit && !limit.retryAfter ? "0" : String(Math.max(0, HOUR_LIMIT - used)),
      "x-ratelimit-reset": String(reset),
      "x-ratelimit-used": String(limit && !limit.retryAfter ? HOUR_LIMIT : used),
      "x-ratelimit-resource": "core",
      "x-github-api-version-selected": "2022-11-28",
    };
  }

  /** Counts the hit; answers 403 when the login is rate limited (returns false then). */
  private admit(caller: FakeCaller, route: string, res: ServerResponse, scopesHeader: string): boolean {
    const key = caller.login.toLowerCase();
    const routes = this.hits.get(key) ?? new Map<string, number>();
    routes.set(route, (routes.get(route) ?? 0) + 1);
    this.hits.set(key, routes);
    const limit = this.limits.get(key);
    if (limit && limit.reset * 1000 <= Date.now() && !limit.retryAfter) this.limits.delete(key);
    const active = this.limits.get(key);
    if (active) {
      const headers: Record<string, string> = {
        ...this.rateHeaders(caller.login),
        "x-oauth-scopes": scopesHeader,
      };
      if (active.retryAfter) {
        headers["retry-after"] = String(active.retryAfter);
        sendJson(
          res,
          403,
          {
            message:
              "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            documentation_url: `${DOCS}/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
            status: "403",
          },
          headers,
        );
      } else {
        sendJson(
          res,
          403,
          {
            message: `API rate limit exceeded for user ID ${fakeRepoId(caller.login, "")}. If you reach out to GitHub Support for help, please include the request ID.`,
            documentation_url: `${DOCS}/rest/overview/rate-limits-for-the-rest-api`,
            status: "403",
          },
          headers,
        );
      }
      return false;
    }
    this.used.set(key, (this.used.get(key) ?? 0) + 1);
    return true;
  }

  /**
   * Handles the repository routes and controls; returns false when `path` is not one of them.
   * `caller` resolves the request's token (undefined: none; null: unknown/revoked → 401).
   */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    base: string,
    caller: () => FakeCaller | null | undefined,
    revoke: (login: string) => number,
  ): Promise<boolean> {
    const method = req.method ?? "GET";
    const path = url.pathname;

    // ---- fake-only controls
    if (path.startsWith("/_fake/github/")) {
      const control = path.slice("/_fake/github/".length);
      const body = (method === "POST" ? ((await readJson(req)) ?? {}) : {}) as Record<string, unknown>;
      const login = String(body.login ?? url.searchParams.get("login") ?? "");
      if (!["repos", "push", "revoke", "rate-limit", "hits"].includes(control)) return false;
      if (!login) {
        sendJson(res, 400, { message: "login is required" });
        return true;
      }
      const key = login.toLowerCase();
      if (control === "repos" && method === "POST") {
        const count = Number(body.count);
        const list =
          Number.isInteger(count) && count >= 0 ? generatedRepos(login, count) : defaultRepos(login);
        this.repos.set(key, list);
        sendJson(res, 200, { login, count: list.length });
      } else if (control === "repos" && method === "GET") {
        sendJson(res, 200, { repos: this.reposOf(login).map((r) => ({ ...r, commits: r.commits.length })) });
      } else if (control === "push" && method === "POST") {
        const r = this.reposOf(login).find((x) => x.name === String(body.repo ?? ""));
        if (!r) {
          sendJson(res, 404, { message: "no such repository" });
          return true;
        }
        const at = Math.max(Date.now(), Date.parse(r.pushed_at) + 1000);
        r.pushed_at = r.updated_at = new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
        if (body.description !== undefined)
          r.description = body.description === null ? null : String(body.description);
        if (Array.isArray(body.topics)) r.topics = body.topics.map(String);
        if (body.languages && typeof body.languages === "object")
          r.languages = body.languages as Record<string, number>;
        const message = typeof body.message === "string" ? body.message : "Update from a fake push";
        r.commits.unshift({
          sha: sha(`${r.name}:${at}:${message}`),
          message,
          date: r.pushed_at,
          author: r.owner,
        });
        sendJson(res, 200, repoJson(r, base));
      } else if (control === "revoke" && method === "POST") {
        sendJson(res, 200, { login, revoked: revoke(login) });
      } else if (control === "rate-limit" && method === "POST") {
        if (body.clear) this.limits.delete(key);
        else {
          const resetIn = Number(body.reset_in_s ?? 600);
          const retryAfter = body.retry_after_s === undefined ? undefined : Number(body.retry_after_s);
          this.limits.set(key, { reset: Math.floor(Date.now() / 1000) + resetIn, retryAfter });
        }
        sendJson(res, 200, { login, limited: this.limits.has(key) });
      } else if (control === "hits" && method === "GET") {
        const routes = Object.fromEntries(this.hits.get(key) ?? []);
        sendJson(res, 200, { login, total: Object.values(routes).reduce((a, b) => a + b, 0), routes });
      } else if (control === "hits" && method === "DELETE") {
        this.hits.delete(key);
        sendJson(res, 200, { login, total: 0, routes: {} });
      } else {
        sendJson(res, 405, { message: "Method not allowed" });
      }
      return true;
    }

    // ---- the API
    if (method !== "GET") return false;
    let route: string | undefined;
    let params: string[] = [];
    if (path === "/user/repos") route = "GET /user/repos";
    else {
      const m = /^\/repos\/([^/]+)\/([^/]+)(?:\/(languages|readme|commits))?$/.exec(path);
      if (m) {
        params = [decodeURIComponent(m[1] ?? ""), decodeURIComponent(m[2] ?? "")];
        route = `GET /repos/{owner}/{repo}${m[3] ? `/${m[3]}` : ""}`;
      }
    }
    if (!route) return false;

    const who = caller();
    if (who?.revoked) {
      const key = who.login.toLowerCase();
      const routes = this.hits.get(key) ?? new Map<string, number>();
      routes.set(route, (routes.get(route) ?? 0) + 1);
      this.hits.set(key, routes);
    }
    if (!who || who.revoked) {
      sendJson(res, 401, {
        message: who === undefined ? "Requires authentication" : "Bad credentials",
        documentation_url: `${DOCS}/rest`,
        status: "401",
      });
      return true;
    }
    const scopesHeader = who.scopes.join(", ");
    if (!this.admit(who, route, res, scopesHeader)) return true;
    const headers = {
      ...this.rateHeaders(who.login),
      "x-oauth-scopes": scopesHeader,
      "x-accepted-oauth-scopes": route === "GET /user/repos" ? "" : "repo",
      "x-github-media-type": "github.v3; format=json",
    };
    const notFound = (doc: string) =>
      sendJson(
        res,
        404,
        { message: "Not Found", documentation_url: `${DOCS}/rest/${doc}`, status: "404" },
        headers,
      );

    if (route === "GET /user/repos") {
      const q = url.searchParams;
      const visibility = q.get("visibility") ?? "all";
      const affiliation = (q.get("affiliation") ?? "owner,collaborator,organization_member").split(",");
      const perPage = Math.min(Math.max(Number(q.get("per_page") ?? 30) || 30, 1), 100);
      const page = Math.max(Number(q.get("page") ?? 1) || 1, 1);
      const sort = q.get("sort") ?? "full_name";
      const direction = q.get("direction") ?? (sort === "full_name" ? "asc" : "desc");
      let list = this.reposOf(who.login).filter((r) => {
        if (r.private && !who.scopes.includes("repo")) return false;
        if (visibility === "public" && r.private) return false;
        if (visibility === "private" && !r.private) return false;
        return r.collaborator ? affiliation.includes("collaborator") : affiliation.includes("owner");
      });
      const keyOf = (r: FakeRepo): string | number =>
        sort === "created"
          ? r.created_at
          : sort === "updated"
            ? r.updated_at
            : sort === "pushed"
              ? r.pushed_at
              : `${r.owner}/${r.name}`.toLowerCase();
      list = [...list].sort((a, b) => {
        const x = keyOf(a);
        const y = keyOf(b);
        const c = x < y ? -1 : x > y ? 1 : 0;
        return direction === "desc" ? -c : c;
      });
      const last = Math.max(1, Math.ceil(list.length / perPage));
      const pageUrl = (n: number) => {
        const u = new URL(`${base}/user/repos`);
        for (const [k, v] of q) if (k !== "page") u.searchParams.set(k, v);
        u.searchParams.set("page", String(n));
        return u.toString();
      };
      const links: string[] = [];
      if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`);
      if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
      if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`);
      const items = list.slice((page - 1) * perPage, page * perPage).map((r) => repoJson(r, base, who));
      sendJson(res, 200, items, links.length ? { ...headers, link: links.join(", ") } : headers);
      return true;
    }

    const [owner = "", name = ""] = params;
    const r = this.find(owner, name);
    if (!r || !this.canSee(r, who)) {
      notFound(
        route.endsWith("/readme")
          ? "repos/contents#get-a-repository-readme"
          : route.endsWith("/languages")
            ? "repos/repos#list-repository-languages"
            : route.endsWith("/commits")
              ? "commits/commits#list-commits"
              : "repos/repos#get-a-repository",
      );
      return true;
    }
    if (route === "GET /repos/{owner}/{repo}") {
      sendJson(res, 200, repoJson(r, base, who), headers);
    } else if (route.endsWith("/languages")) {
      sendJson(res, 200, r.languages, headers);
    } else if (route.endsWith("/readme")) {
      if (r.readme === null) {
        notFound("repos/contents#get-a-repository-readme");
        return true;
      }
      const accept = String(req.headers.accept ?? "");
      if (accept.includes("application/vnd.github.raw")) {
        const text = r.readme;
        res.writeHead(200, {
          ...headers,
          "content-type": "application/vnd.github.raw; charset=utf-8",
          "content-length": Buffer.byteLength(text),
          "x-github-media-type": "github.v3; param=raw",
        });
        res.end(text);
        return true;
      }
      const b64 = Buffer.from(r.readme)
        .toString("base64")
        .replace(/(.{60})/g, "$1\n");
      const blob = sha(`blob:${r.readme}`);
      const self = `${base}/repos/${r.owner}/${r.name}/contents/README.md?ref=${r.default_branch}`;
      const html = `https://github.com/${r.owner}/${r.name}/blob/${r.default_branch}/README.md`;
      const git = `${base}/repos/${r.owner}/${r.name}/git/blobs/${blob}`;
      sendJson(
        res,
        200,
        {
          name: "README.md",
          path: "README.md",
          sha: blob,
          size: Buffer.byteLength(r.readme),
          url: self,
          html_url: html,
          git_url: git,
          download_url: `https://raw.githubusercontent.com/${r.owner}/${r.name}/${r.default_branch}/README.md`,
          type: "file",
          content: `${b64}\n`,
          encoding: "base64",
          _links: { self, git, html },
        },
        headers,
      );
    } else if (route.endsWith("/commits")) {
      if (r.commits.length === 0) {
        sendJson(
          res,
          409,
          {
            message: "Git Repository is empty.",
            documentation_url: `${DOCS}/rest/commits/commits#list-commits`,
            status: "409",
          },
          headers,
        );
        return true;
      }
      const perPage = Math.min(Math.max(Number(url.searchParams.get("per_page") ?? 30) || 30, 1), 100);
      const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
      const slice = r.commits.slice((page - 1) * perPage, page * perPage);
      sendJson(
        res,
        200,
        slice.map((c, i) => {
          const parent = r.commits[(page - 1) * perPage + i + 1];
          const person = {
            name: c.author,
            email: `${c.author.toLowerCase()}@users.noreply.github.com`,
            date: c.date,
          };
          return {
            sha: c.sha,
            node_id: Buffer.from(`06:Commit${r.id}:${c.sha}`).toString("base64"),
            commit: {
              author: person,
              committer: person,
              message: c.message,
              tree: {
                sha: sha(`tree:${c.sha}`),
                url: `${base}/repos/${r.owner}/${r.name}/git/trees/${sha(`tree:${c.sha}`)}`,
              },
              url: `${base}/repos/${r.owner}/${r.name}/git/commits/${c.sha}`,
              comment_count: 0,
              verification: {
                verified: false,
                reason: "unsigned",
                signature: null,
                payload: null,
                verified_at: null,
              },
            },
            url: `${base}/repos/${r.owner}/${r.name}/commits/${c.sha}`,
            html_url: `https://github.com/${r.owner}/${r.name}/commit/${c.sha}`,
            comments_url: `${base}/repos/${r.owner}/${r.name}/commits/${c.sha}/comments`,
            author: simpleUserJson(c.author, base),
            committer: simpleUserJson(c.author, base),
            parents: parent
              ? [
                  {
                    sha: parent.sha,
                    url: `${base}/repos/${r.owner}/${r.name}/commits/${parent.sha}`,
                    html_url: `https://github.com/${r.owner}/${r.name}/commit/${parent.sha}`,
                  },
                ]
              : [],
          };
        }),
        headers,
      );
    }
    return true;
  }
}
