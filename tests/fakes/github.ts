/**
 * A loopback fake of GitHub's OAuth web flow and the few REST endpoints CareerPilot uses, with
 * GitHub's real response shapes, so `@octokit/oauth-methods` / `@octokit/request` pointed at it
 * behave as against github.com. One server serves both hosts' paths:
 *
 *   github.com       GET  /login/oauth/authorize      signs in at once and 302s back with ?code&state
 *                    POST /login/oauth/access_token   JSON (Accept: application/json) or form body;
 *                                                     OAuth errors are HTTP 200 with {error, …}, as GitHub does
 *   api.github.com   GET  /user                       the account; `x-oauth-scopes` header
 *                    DELETE /applications/{client_id}/grant   basic auth client_id:secret, {access_token}
 *   fake only        GET  /_fake/github/grants[?login=]      what is authorized right now (for assertions)
 *   api.github.com   GET  /user/repos, /repos/{owner}/{repo}[/languages|/readme|/commits] and the
 *                    controls /_fake/github/{repos,push,revoke,rate-limit,hits} — see github-repos.ts
 *
 * Authorize extras: `login=<name>` picks the GitHub account that "signs in" (GitHub's own
 * parameter; default `octocat`); `fake_decision=deny` makes the user decline (redirect with
 * `error=access_denied`). Codes are single-use and expire after 10 minutes; tokens live until
 * their grant is deleted. All state is in memory.
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type FakeCaller, GitHubRepos } from "./github-repos.js";
import { readParams, redirect, sendHtml, sendJson } from "./http.js";

/** The OAuth app the fake knows by default (the test profile's GITHUB_CLIENT_ID / _SECRET). */
export const FAKE_GITHUB_CLIENT_ID = "Ov23liCareerPilotFake";
export const FAKE_GITHUB_CLIENT_SECRET = "03ea327bf6697e53f1e6aa52fde45252ee58a7d8";

const DOCS = "https://docs.github.com";
const TOKEN_ERRORS_URI = `${DOCS}/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/`;
const LOGIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const CODE_TTL_MS = 10 * 60 * 1000;

export interface FakeGitHubOptions {
  /** OAuth apps: client id → client secret. Default: the FAKE_GITHUB_* app. */
  apps?: Record<string, string>;
  /** The account that signs in when the authorize URL has no `login`. Default `octocat`. */
  defaultLogin?: string;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  login: string;
  expiresAt: number;
  used: boolean;
}

interface IssuedToken {
  clientId: string;
  login: string;
  scopes: string[];
  createdAt: string;
}

/** A stable numeric id per login (octocat keeps its real id). */
export function fakeGitHubUserId(login: string): number {
  if (login.toLowerCase() === "octocat") return 583231;
  return (
    10_000_000 + (createHash("sha256").update(login.toLowerCase()).digest().readUInt32BE(0) % 80_000_000)
  );
}

/** GitHub's OAuth scope normalisation: split on commas/spaces, de-duplicate, keep order. */
function normaliseScopes(raw: string | undefined): string[] {
  return [...new Set((raw ?? "").split(/[\s,]+/).filter(Boolean))];
}

/**
 * GitHub's "simple user" (a repository's owner, a commit's author): `public` view; the
 * authenticated `GET /user` adds the profile to it with the `private` view.
 */
export function simpleUserJson(login: string, base: string, view: "public" | "private" = "public") {
  const id = fakeGitHubUserId(login);
  const api = `${base}/users/${login}`;
  return {
    login,
    id,
    node_id: Buffer.from(`04:User${id}`).toString("base64"),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: `https://github.com/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: "User",
    user_view_type: view,
    site_admin: false,
  };
}

function userJson(login: string, base: string) {
  return {
    ...simpleUserJson(login, base, "private"),
    name: login === "octocat" ? "The Octocat" : login,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: null,
    public_repos: 8,
    public_gists: 8,
    followers: 20,
    following: 9,
    created_at: "2011-01-25T18:44:36Z",
    updated_at: "2026-11-01T10:00:00Z",
    private_gists: 0,
    total_private_repos: 2,
    owned_private_repos: 2,
    disk_usage: 1024,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: "free", space: 976562499, collaborators: 0, private_repos: 10000 },
  };
}

/** The fake's state and request handler (mount it on any node:http server). */
export class GitHubFake {
  readonly apps: Map<string, string>;
  readonly defaultLogin: string;
  readonly codes = new Map<string, IssuedCode>();
  readonly tokens = new Map<string, IssuedToken>();
  /** Repositories, rate limits and request counts per login (`github-repos.ts`). */
  readonly repositories = new GitHubRepos();
  /** The base URL the server is reachable at (set by the server once listening). */
  baseUrl = "http://127.0.0.1";

  constructor(options: FakeGitHubOptions = {}) {
    this.apps = new Map(
      Object.entries(options.apps ?? { [FAKE_GITHUB_CLIENT_ID]: FAKE_GITHUB_CLIENT_SECRET }),
    );
    this.defaultLogin = options.defaultLogin ?? "octocat";
  }

  /** Forgets every code and token. */
  reset(): void {
    this.codes.clear();
    this.tokens.clear();
    this.revoked.clear();
    this.repositories.reset();
  }

  /** Tokens revoked through `/_fake/github/revoke` → their login (so refused requests still count as hits). */
  readonly revoked = new Map<string, string>();

  /** Revokes every token of a login (its grants are gone at "GitHub"); returns how many. */
  revokeLogin(login: string): number {
    let n = 0;
    for (const [t, info] of this.tokens) {
      if (info.login.toLowerCase() === login.toLowerCase()) {
        this.tokens.delete(t);
        this.revoked.set(t, info.login);
        n += 1;
      }
    }
    return n;
  }

  /**
   * The caller of an API request: undefined without a token, null for an unknown one, and
   * `revoked: true` for one revoked through the fake's control (answered 401 like an unknown one).
   */
  private callerOf(req: IncomingMessage): FakeCaller | null | undefined {
    const token = this.tokenOf(req);
    if (!token) return undefined;
    const issued = this.tokens.get(token);
    if (issued) return { login: issued.login, scopes: issued.scopes };
    const revokedLogin = this.revoked.get(token);
    return revokedLogin ? { login: revokedLogin, scopes: [], revoked: true } : null;
  }

  /** Active grants (one per login and app) with how many live tokens each has. */
  grants(login?: string): { login: string; client_id: string; scopes: string[]; tokens: number }[] {
    const byKey = new Map<string, { login: string; client_id: string; scopes: string[]; tokens: number }>();
    for (const t of this.tokens.values()) {
      if (login && t.login.toLowerCase() !== login.toLowerCase()) continue;
      const key = `${t.login}\n${t.clientId}`;
      const g = byKey.get(key) ?? { login: t.login, client_id: t.clientId, scopes: t.scopes, tokens: 0 };
      g.tokens += 1;
      byKey.set(key, g);
    }
    return [...byKey.values()];
  }

  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const method = req.method ?? "GET";
    const path = url.pathname;
    if (method === "GET" && path === "/login/oauth/authorize") return this.authorize(url, res);
    if (method === "POST" && path === "/login/oauth/access_token") return this.accessToken(req, url, res);
    if (method === "GET" && path === "/user") return this.user(req, res);
    const grant = /^\/applications\/([^/]+)\/grant$/.exec(path);
    if (method === "DELETE" && grant?.[1])
      return this.deleteGrant(req, url, decodeURIComponent(grant[1]), res);
    if (method === "GET" && path === "/_fake/github/grants") {
      return sendJson(res, 200, { grants: this.grants(url.searchParams.get("login") ?? undefined) });
    }
    const handled = await this.repositories.handle(
      req,
      res,
      url,
      this.baseUrl,
      () => this.callerOf(req),
      (login) => this.revokeLogin(login),
    );
    if (handled) return;
    sendJson(res, 404, { message: "Not Found", documentation_url: `${DOCS}/rest`, status: "404" });
  };

  private authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    const clientId = q.get("client_id") ?? "";
    if (!this.apps.has(clientId)) return sendHtml(res, 404, "Page not found", "Unknown OAuth application.");
    const redirectUri = q.get("redirect_uri");
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) {
      return sendHtml(
        res,
        400,
        "Redirect URI mismatch",
        "The redirect_uri is not valid for this application.",
      );
    }
    const state = q.get("state");
    const back = new URL(redirectUri);
    if (q.get("fake_decision") === "deny") {
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("error_description", "The user has denied your application access.");
      back.searchParams.set(
        "error_uri",
        `${DOCS}/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied`,
      );
      if (state !== null) back.searchParams.set("state", state);
      return redirect(res, back.toString());
    }
    const login = q.get("login") || this.defaultLogin;
    if (!LOGIN_RE.test(login)) return sendHtml(res, 422, "Invalid login", "That is not a GitHub username.");
    const code = randomBytes(10).toString("hex"); // GitHub codes: 20 hex characters
    this.codes.set(code, {
      clientId,
      redirectUri,
      scopes: normaliseScopes(q.get("scope") ?? ""),
      login,
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
    });
    back.searchParams.set("code", code);
    if (state !== null) back.searchParams.set("state", state);
    redirect(res, back.toString());
  }

  private async accessToken(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const p = await readParams(req, url);
    const wantsJson = (req.headers.accept ?? "").includes("application/json");
    const reply = (body: Record<string, string>) => {
      if (wantsJson) return sendJson(res, 200, body);
      const text = new URLSearchParams(body).toString();
      res.writeHead(200, { "content-type": "application/x-www-form-urlencoded; charset=utf-8" });
      res.end(text);
    };
    const oauthError = (error: string, description: string, anchor: string) =>
      reply({ error, error_description: description, error_uri: `${TOKEN_ERRORS_URI}#${anchor}` });

    const secret = this.apps.get(p.client_id ?? "");
    if (secret === undefined || p.client_secret !== secret) {
      return oauthError(
        "incorrect_client_credentials",
        "The client_id and/or client_secret passed are incorrect.",
        "incorrect-client-credentials",
      );
    }
    const issued = this.codes.get(p.code ?? "");
    if (!issued || issued.used || issued.clientId !== p.client_id || issued.expiresAt < Date.now()) {
      return oauthError(
        "bad_verification_code",
        "The code passed is incorrect or expired.",
        "bad-verification-code",
      );
    }
    if (p.redirect_uri && p.redirect_uri !== issued.redirectUri) {
      return oauthError(
        "redirect_uri_mismatch",
        "The redirect_uri MUST match the registered callback URL for this application.",
        "redirect-uri-mismatch2",
      );
    }
    issued.used = true;
    const token = `gho_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x").slice(0, 36)}`;
    this.tokens.set(token, {
      clientId: issued.clientId,
      login: issued.login,
      scopes: issued.scopes,
      createdAt: new Date().toISOString(),
    });
    reply({ access_token: token, token_type: "bearer", scope: issued.scopes.join(",") });
  }

  private tokenOf(req: IncomingMessage): string | undefined {
    const m = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    return m?.[1];
  }

  private user(req: IncomingMessage, res: ServerResponse) {
    const token = this.tokenOf(req);
    if (!token) {
      return sendJson(res, 401, {
        message: "Requires authentication",
        documentation_url: `${DOCS}/rest/users/users#get-the-authenticated-user`,
        status: "401",
      });
    }
    const issued = this.tokens.get(token);
    if (!issued)
      return sendJson(res, 401, {
        message: "Bad credentials",
        documentation_url: `${DOCS}/rest`,
        status: "401",
      });
    sendJson(res, 200, userJson(issued.login, this.baseUrl), {
      "x-oauth-scopes": issued.scopes.join(", "),
      "x-accepted-oauth-scopes": "",
      "x-oauth-client-id": issued.clientId,
      "x-github-media-type": "github.v3; format=json",
      "x-github-api-version-selected": "2022-11-28",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      "x-ratelimit-used": "1",
      "x-ratelimit-resource": "core",
    });
  }

  private async deleteGrant(
    req: IncomingMessage,
    url: URL,
    clientId: string,
    res: ServerResponse,
  ): Promise<void> {
    const p = await readParams(req, url);
    const basic = /^basic\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const [id, secret] = basic ? Buffer.from(basic, "base64").toString("utf8").split(":") : [];
    const notFound = () =>
      sendJson(res, 404, {
        message: "Not Found",
        documentation_url: `${DOCS}/rest/apps/oauth-applications#delete-an-app-authorization`,
        status: "404",
      });
    if (id !== clientId || !this.apps.has(clientId) || this.apps.get(clientId) !== secret) return notFound();
    const issued = this.tokens.get(p.access_token ?? "");
    if (!issued || issued.clientId !== clientId) return notFound();
    // Deleting the grant revokes every token the user holds for this app.
    for (const [t, info] of this.tokens) {
      if (info.clientId === clientId && info.login === issued.login) this.tokens.delete(t);
    }
    res.writeHead(204);
    res.end();
  }
}
