/**
 * GitHub OAuth web flow through `@octokit/oauth-methods`, against configurable base URLs:
 * `GITHUB_OAUTH_BASE_URL` (github.com: `/login/oauth/authorize`, `/login/oauth/access_token`)
 * and `GITHUB_API_BASE_URL` (api.github.com: `GET /user`, `DELETE /applications/{id}/grant`).
 *
 * oauth-methods derives the OAuth host from the request's `baseUrl` (`https://github.com` and
 * `https://api.github.com` both map to `https://github.com`; anything else is used as is, minus
 * a GHES `/api/v3`), so the OAuth calls get a request whose baseUrl IS the OAuth host.
 */
import { deleteAuthorization, exchangeWebFlowCode, getWebFlowAuthorizationUrl } from "@octokit/oauth-methods";
import { request } from "@octokit/request";
import type { IntegrationsConfig } from "./config.ts";

/** Scopes asked for: the profile, and repositories (private ones too) for the Projects sync. */
export const GITHUB_SCOPES = ["read:user", "repo"];

const TIMEOUT_MS = 10_000;
const USER_AGENT = "CareerPilot-integrations";

/** A failed exchange, with a short machine reason for the `?github=error&reason=` redirect. */
export class GitHubOAuthError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.name = "GitHubOAuthError";
    this.reason = reason;
  }
}

function oauthRequest(config: IntegrationsConfig) {
  return request.defaults({
    baseUrl: config.githubOAuthBaseUrl,
    headers: { "user-agent": USER_AGENT },
    request: { signal: AbortSignal.timeout(TIMEOUT_MS) },
  });
}

function apiRequest(config: IntegrationsConfig) {
  return request.defaults({
    baseUrl: config.githubApiBaseUrl,
    headers: { "user-agent": USER_AGENT, "x-github-api-version": "2022-11-28" },
    request: { signal: AbortSignal.timeout(TIMEOUT_MS) },
  });
}

/** The authorize URL the browser is sent to (`<oauth base>/login/oauth/authorize?...`). */
export function authorizationUrl(config: IntegrationsConfig, clientId: string, state: string): string {
  return getWebFlowAuthorizationUrl({
    clientType: "oauth-app",
    clientId,
    redirectUrl: config.githubCallbackUrl,
    scopes: GITHUB_SCOPES,
    state,
    allowSignup: true,
    request: oauthRequest(config),
  }).url;
}

/** GitHub's `scope` (comma-separated in practice) or `x-oauth-scopes` ("a, b") → sorted list. */
export function parseScopes(raw: string | undefined | null): string[] {
  return [...new Set((raw ?? "").split(/[\s,]+/).filter(Boolean))].sort();
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown })?.status;
  return typeof status === "number" ? status : undefined;
}

/** The OAuth error GitHub put in a 200 body (`{error: "bad_verification_code", ...}`), if any. */
function oauthErrorOf(err: unknown): string | undefined {
  const data = (err as { response?: { data?: unknown } })?.response?.data;
  const code = (data as { error?: unknown } | undefined)?.error;
  return typeof code === "string" && /^[a-z_]{1,64}$/.test(code) ? code : undefined;
}

export interface GitHubConnection {
  token: string;
  scopes: string[];
  login: string;
  id: string;
}

/**
 * Exchanges the callback's `code` for a token, then reads the account (`GET /user`).
 * @throws GitHubOAuthError (reason: GitHub's OAuth error code such as `bad_verification_code`,
 *   `token_rejected`, or `github_unreachable`). Messages never contain the code or token.
 */
export async function completeWebFlow(config: IntegrationsConfig, code: string): Promise<GitHubConnection> {
  const app = config.github;
  if (!app) throw new GitHubOAuthError("not_configured", "GitHub OAuth is not configured");
  let token: string;
  let granted: string[];
  try {
    const { data, authentication } = await exchangeWebFlowCode({
      clientType: "oauth-app",
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      code,
      redirectUrl: config.githubCallbackUrl,
      request: oauthRequest(config),
    });
    token = authentication.token;
    granted = parseScopes((data as { scope?: string }).scope);
  } catch (err) {
    const oauthError = oauthErrorOf(err);
    if (oauthError) {
      throw new GitHubOAuthError(oauthError, `GitHub refused the code exchange (${oauthError})`);
    }
    throw new GitHubOAuthError("github_unreachable", `token exchange failed (HTTP ${statusOf(err) ?? "-"})`);
  }
  if (typeof token !== "string" || token.length < 8) {
    throw new GitHubOAuthError("github_unreachable", "the token response had no access_token");
  }

  try {
    const res = await apiRequest(config)("GET /user", { headers: { authorization: `token ${token}` } });
    const user = res.data as { login?: unknown; id?: unknown };
    if (typeof user.login !== "string" || (typeof user.id !== "number" && typeof user.id !== "string")) {
      throw new GitHubOAuthError("github_unreachable", "GET /user returned an unexpected body");
    }
    const headerScopes = res.headers["x-oauth-scopes"];
    return {
      token,
      // x-oauth-scopes is what the token can actually do; the exchange's `scope` is the fallback.
      scopes: typeof headerScopes === "string" ? parseScopes(headerScopes) : granted,
      login: user.login,
      id: String(user.id),
    };
  } catch (err) {
    if (err instanceof GitHubOAuthError) throw err;
    const status = statusOf(err);
    if (status === 401 || status === 403) {
      throw new GitHubOAuthError("token_rejected", `GitHub refused the new token (HTTP ${status})`);
    }
    throw new GitHubOAuthError("github_unreachable", `GET /user failed (HTTP ${status ?? "-"})`);
  }
}

/**
 * Revokes the OAuth grant at GitHub (`DELETE /applications/{client_id}/grant`), so the token
 * and the app's authorization are gone there too. Best effort: resolves to false on any failure.
 */
export async function revokeGrant(config: IntegrationsConfig, token: string): Promise<boolean> {
  const app = config.github;
  if (!app) return false;
  try {
    await deleteAuthorization({
      clientType: "oauth-app",
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      token,
      request: apiRequest(config),
    });
    return true;
  } catch (err) {
    // 404: already revoked at GitHub (the user removed the app there) — the outcome we want.
    return statusOf(err) === 404;
  }
}
