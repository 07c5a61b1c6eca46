/**
 * Integrations routes: the caller's connections (GitHub OAuth; Gemini, LinkedIn, Naukri, Indeed
 * and Gmail tokens). Tokens are encrypted here (`_shared/contract/crypto.ts`) before SQL sees them and
 * are never returned, logged or put in an error: responses carry a masked suffix at most.
 *
 * Authentication: every route needs the user's bearer token, the GitHub callback included.
 * GitHub sends the browser back to a page of the web app (`SITE_URL/integrations/github/callback`),
 * which forwards `code` and `state` here with the signed-in user's own token; the state must name
 * that same user (`_shared/oauth.ts`), so a connect link started by one account can never be
 * completed into another.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { currentUser, requireUser, requireUserWriting } from "../_shared/auth.ts";
import {
  encryptToken,
  type Keyring,
  KeyringError,
  keyringFrom,
  maskedSuffix,
  tokenAad,
} from "../_shared/contract/crypto.ts";
import { asUser, type Tx } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { beginOAuthFlow, finishOAuthFlow } from "../_shared/oauth.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import {
  INTEGRATION_STATUSES,
  type IntegrationStatus,
  PROVIDERS,
  TOKEN_PROVIDERS,
} from "../_shared/contract/enums.ts";
import { getUserToken } from "../_shared/tokens.ts";
import { integrationsConfig } from "./config.ts";
import { IntegrationError } from "./errors.ts";
import { checkGeminiKey } from "./gemini.ts";
import { authorizationUrl, completeWebFlow, GitHubOAuthError, revokeGrant } from "./github.ts";

export const integrations = createRouter();

// ---------------------------------------------------------------- shared shapes

const Provider = z.enum(PROVIDERS).openapi("IntegrationProvider", {
  description: "github connects through OAuth; the others take a token or API key.",
});
const TokenProvider = z.enum(TOKEN_PROVIDERS);
type ProviderName = z.infer<typeof Provider>;

const Status = z.enum(["not_connected", ...INTEGRATION_STATUSES]).openapi({
  description:
    "not_connected: never connected. needs_reconnect: the provider refused the token, or it expired.",
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The caller's keyring, or 503 `integration_not_configured`. */
function requireKeyring(): Keyring {
  try {
    return keyringFrom(Deno.env.get("TOKEN_ENCRYPTION_KEYS"));
  } catch (err) {
    if (err instanceof KeyringError) {
      console.error(JSON.stringify({ level: "error", fn: "integrations", msg: err.message }));
      throw new IntegrationError(
        "integration_not_configured",
        "Saving tokens is not configured on this server (TOKEN_ENCRYPTION_KEYS).",
      );
    }
    throw err;
  }
}

// ---------------------------------------------------------------- GET /v1/integrations

const Integration = z
  .object({
    provider: Provider,
    kind: z.enum(["oauth", "token"]),
    status: Status,
    external_user_id: z.string().nullable().openapi({ description: "GitHub: the numeric account id." }),
    external_login: z.string().nullable().openapi({ description: "GitHub: the login.", example: "octocat" }),
    scopes: z.array(z.string()).openapi({ example: ["read:user", "repo"] }),
    connected_at: z.iso.datetime().nullable(),
    revoked_at: z.iso.datetime().nullable(),
    token: z
      .object({
        masked_suffix: z.string().openapi({ description: "The last four characters.", example: "x9Qa" }),
        expires_at: z.iso.datetime().nullable(),
        last_used_at: z.iso.datetime().nullable(),
        saved_at: z.iso.datetime(),
      })
      .nullable()
      .openapi({ description: "The stored token's metadata (never the token); null when none is stored." }),
  })
  .openapi("Integration");

const IntegrationList = z.object({ items: z.array(Integration) }).openapi("IntegrationList");

interface IntegrationRow {
  provider: ProviderName;
  status: IntegrationStatus | null;
  external_user_id: string | null;
  external_login: string | null;
  scopes: string[] | null;
  connected_at: Date | null;
  revoked_at: Date | null;
  masked_suffix: string | null;
  expires_at: Date | null;
  last_used_at: Date | null;
  saved_at: Date | null;
}

/** Every provider, in enum order, with the caller's state (explicitly scoped: admins see all rows). */
async function listIntegrations(tx: Tx): Promise<z.infer<typeof Integration>[]> {
  const rows = await tx<IntegrationRow[]>`
    select p.provider, i.status, i.external_user_id, i.external_login, i.scopes, i.connected_at, i.revoked_at,
           t.masked_suffix, t.expires_at, t.last_used_at, t.created_at as saved_at
    from unnest(enum_range(null::public.integration_provider)) with ordinality as p(provider, ord)
    left join public.user_integrations i on i.provider = p.provider and i.user_id = auth.uid()
    left join public.api_tokens t on t.provider = p.provider and t.user_id = auth.uid()
    order by p.ord`;
  const now = Date.now();
  return rows.map((r) => {
    const expired = r.expires_at !== null && r.expires_at.getTime() <= now;
    return {
      provider: r.provider,
      kind: r.provider === "github" ? "oauth" as const : "token" as const,
      status: !r.status
        ? "not_connected"
        : r.status === "connected" && expired
        ? "needs_reconnect"
        : r.status,
      external_user_id: r.external_user_id,
      external_login: r.external_login,
      scopes: r.scopes ?? [],
      connected_at: iso(r.connected_at),
      revoked_at: iso(r.revoked_at),
      token: r.masked_suffix && r.saved_at
        ? {
          masked_suffix: r.masked_suffix,
          expires_at: iso(r.expires_at),
          last_used_at: iso(r.last_used_at),
          saved_at: r.saved_at.toISOString(),
        }
        : null,
    };
  });
}

const listRoute = createRoute({
  method: "get",
  path: "/v1/integrations",
  tags: ["integrations"],
  summary: "Every provider with the caller's connection status and, for a stored token, its masked suffix",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  responses: {
    200: { description: "All six providers", content: { "application/json": { schema: IntegrationList } } },
    ...errorResponses(401),
  },
});

integrations.openapi(listRoute, async (c) => {
  const items = await asUser(c, listIntegrations);
  return c.json({ items }, 200);
});

// ---------------------------------------------------------------- POST /v1/integrations/github/connect

/** A path on the web app (`/settings`, `/onboarding?step=integrations`), never another origin. */
const SitePath = z
  .string()
  .max(512)
  .regex(/^\/(?![/\\])[\x21-\x7e]*$/, "Must be a path on the web app, such as /settings.")
  .refine((p) => !p.includes("\\"), "Must be a path on the web app, such as /settings.")
  .openapi({ example: "/onboarding?step=integrations" });

const ConnectBody = z
  .strictObject({
    redirect_to: SitePath.optional().openapi({
      description: "Where the browser returns after GitHub (a path on SITE_URL). Default /settings.",
    }),
  })
  .openapi("GitHubConnectRequest");

const ConnectResponse = z
  .object({
    auth_url: z.url().openapi({ description: "Send the browser here (GitHub's authorize page)." }),
    expires_at: z.iso.datetime().openapi({ description: "The link works once, until then (10 minutes)." }),
  })
  .openapi("GitHubConnectResponse");

const connectRoute = createRoute({
  method: "post",
  path: "/v1/integrations/github/connect",
  tags: ["integrations"],
  summary: "Start connecting GitHub: an authorize URL with a signed, single-use, 10-minute state",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { body: { required: false, content: { "application/json": { schema: ConnectBody } } } },
  responses: {
    200: {
      description: "Where to send the browser",
      content: { "application/json": { schema: ConnectResponse } },
    },
    ...errorResponses(401, 422, 503),
  },
});

integrations.openapi(connectRoute, async (c) => {
  const config = integrationsConfig();
  if (!config.github) {
    throw new IntegrationError(
      "integration_not_configured",
      "Connecting GitHub is not configured on this server (GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET).",
    );
  }
  const keyring = requireKeyring();
  const body = (c.req.valid("json") ?? {}) as z.infer<typeof ConnectBody>;
  const { state, expiresAt } = await beginOAuthFlow(c, keyring, "github", body.redirect_to ?? "/settings");
  return c.json(
    {
      auth_url: authorizationUrl(config, config.github.clientId, state),
      expires_at: expiresAt.toISOString(),
    },
    200,
  );
});

// ---------------------------------------------------------------- GET /v1/integrations/github/callback

const CallbackQuery = z.object({
  code: z.string().max(512).optional().openapi({ description: "GitHub's one-time code." }),
  state: z.string().max(2048).optional().openapi({
    description: "The state from connect, returned by GitHub.",
  }),
  error: z.string().max(256).optional().openapi({
    description: "Set by GitHub when the user declined (access_denied).",
  }),
  error_description: z.string().max(2048).optional(),
  error_uri: z.string().max(2048).optional(),
});

const CallbackResponse = z
  .object({
    status: z.literal("connected"),
    provider: z.literal("github"),
    github_login: z.string().openapi({ example: "octocat" }),
    redirect_to: z.string().openapi({
      description: "The path on the web app the connection was started from (connect's redirect_to).",
      example: "/settings",
    }),
  })
  .openapi("GitHubCallbackResponse");

const callbackRoute = createRoute({
  method: "get",
  path: "/v1/integrations/github/callback",
  tags: ["integrations"],
  summary: "Finish connecting GitHub: the web app's callback page forwards GitHub's code and state " +
    "with the signed-in user's token",
  description: "GitHub redirects the browser to `SITE_URL/integrations/github/callback`; that page " +
    "calls this route with the query GitHub gave it and the user's own bearer token. The state must " +
    "have been issued to that user by connect (403 `oauth_state_foreign` otherwise, nothing used up), " +
    "be authentic (400 `oauth_state_invalid`), unexpired (400 `oauth_state_expired`) and unused " +
    "(409 `oauth_state_used`). Then the code is exchanged, the token stored encrypted, scopes and login " +
    "recorded, profiles.github_username set and integrations.github.connected emitted. GitHub's " +
    "refusals: 400 `oauth_declined` (the user declined) or `oauth_code_rejected`, 502 " +
    "`upstream_unavailable`; their `details` carry `{reason, redirect_to}`.",
  security: bearerSecurity,
  middleware: [requireUserWriting] as const,
  request: { query: CallbackQuery },
  responses: {
    200: { description: "Connected", content: { "application/json": { schema: CallbackResponse } } },
    ...errorResponses(400, 401, 403, 409, 422, 502, 503),
  },
});

const REASON = /^[a-z_]{1,64}$/;

integrations.openapi(callbackRoute, async (c) => {
  const user = currentUser(c);
  const query = c.req.valid("query");
  const config = integrationsConfig();
  const keyring = requireKeyring();

  // Bound to the bearer's user and single use, before GitHub is asked anything.
  const { redirectTo } = await finishOAuthFlow(c, keyring, "github", query.state);

  const fail = (
    code: "oauth_declined" | "oauth_code_rejected" | "upstream_unavailable",
    reason: string,
    message: string,
    detail?: string,
  ) => {
    console.log(JSON.stringify({
      level: "warn",
      fn: "integrations",
      msg: "github connection failed",
      reason,
      ...(detail ? { detail } : {}),
      user_id: user.id,
      request_id: c.get("requestId"),
    }));
    return new AppError(code, message, { reason, redirect_to: redirectTo });
  };

  if (query.error) {
    throw fail(
      "oauth_declined",
      REASON.test(query.error) ? query.error : "github_error",
      "GitHub access was not granted. Connect again when you are ready.",
    );
  }
  if (!query.code) throw fail("oauth_code_rejected", "missing_code", "GitHub sent no code. Connect again.");
  if (!config.github) {
    throw new IntegrationError(
      "integration_not_configured",
      "Connecting GitHub is not configured on this server (GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET).",
      { reason: "not_configured", redirect_to: redirectTo },
    );
  }

  let gh;
  try {
    gh = await completeWebFlow(config, query.code);
  } catch (err) {
    if (err instanceof GitHubOAuthError && err.reason === "github_unreachable") {
      throw fail("upstream_unavailable", err.reason, "GitHub could not be reached. Try again.", err.message);
    }
    if (err instanceof GitHubOAuthError) {
      throw fail(
        "oauth_code_rejected",
        err.reason,
        "GitHub refused this connection. Connect again.",
        err.message,
      );
    }
    throw err;
  }
  const { envelope, keyId } = await encryptToken(keyring, gh.token, tokenAad(user.id, "github"));
  await asUser(c, (tx) =>
    tx`select private.record_github_connection(
         ${gh.id}, ${gh.login}, ${gh.scopes}::text[], ${envelope}, ${keyId}, ${maskedSuffix(gh.token)})`);
  return c.json(
    {
      status: "connected" as const,
      provider: "github" as const,
      github_login: gh.login,
      redirect_to: redirectTo,
    },
    200,
  );
});

// ---------------------------------------------------------------- POST /v1/integrations/tokens

const TokenBody = z
  .strictObject({
    provider: TokenProvider.openapi({ description: "github connects through OAuth instead." }),
    token: z
      .string()
      .trim()
      .min(8, "The token is too short (at least 8 characters).")
      .max(4096, "The token is too long (at most 4096 characters).")
      .regex(/^[\x21-\x7e]+$/, "The token must be printable ASCII without spaces.")
      .openapi({ description: "The token or API key. Write-only: it is never returned." }),
    expires_at: z.iso
      .datetime({ offset: true })
      .refine((v) => Date.parse(v) > Date.now(), "Must be in the future.")
      .optional()
      .openapi({ description: "When the token stops working, if it does (ISO 8601 with offset)." }),
  })
  .openapi("SaveTokenRequest");

const Saved = z
  .object({
    status: z.literal("saved"),
    provider: TokenProvider,
    masked_suffix: z.string().openapi({ example: "x9Qa" }),
  })
  .openapi("TokenSaved");

const saveTokenRoute = createRoute({
  method: "post",
  path: "/v1/integrations/tokens",
  tags: ["integrations"],
  summary: "Save (or replace) a token; a Gemini key is checked with Google first",
  description: "Gemini: Google rejects the key → 422 `invalid_api_key`; Google rate-limits it → 429 " +
    "`rate_limited`; Google unreachable → 502 `upstream_unavailable`. Nothing is saved in those cases.",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { body: { required: true, content: { "application/json": { schema: TokenBody } } } },
  responses: {
    200: { description: "Stored, encrypted", content: { "application/json": { schema: Saved } } },
    ...errorResponses(401, 422, 429, 502, 503),
  },
});

integrations.openapi(saveTokenRoute, async (c) => {
  const user = currentUser(c);
  const { provider, token, expires_at } = c.req.valid("json");
  const keyring = requireKeyring();
  if (provider === "gemini") await checkGeminiKey(token, integrationsConfig().geminiApiBaseUrl);
  const { envelope, keyId } = await encryptToken(keyring, token, tokenAad(user.id, provider));
  const suffix = maskedSuffix(token);
  await asUser(
    c,
    (tx) =>
      tx`select private.save_token(${provider}, ${envelope}, ${keyId}, ${suffix}, ${
        expires_at ?? null
      }::timestamptz)`,
  );
  return c.json({ status: "saved" as const, provider, masked_suffix: suffix }, 200);
});

// ---------------------------------------------------------------- DELETE /v1/integrations/{provider}

const Revoked = z
  .object({
    status: z.literal("revoked"),
    provider: Provider,
    revoked_at_provider: z.boolean().nullable().openapi({
      description: "GitHub only: whether the grant was also revoked at GitHub (best effort); null otherwise.",
    }),
  })
  .openapi("IntegrationRevoked");

const revokeRoute = createRoute({
  method: "delete",
  path: "/v1/integrations/{provider}",
  tags: ["integrations"],
  summary: "Disconnect a provider: erase its token and mark it revoked (GitHub: also revoke the grant there)",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { params: z.object({ provider: Provider }) },
  responses: {
    200: { description: "Disconnected", content: { "application/json": { schema: Revoked } } },
    ...errorResponses(401, 404, 422),
  },
});

integrations.openapi(revokeRoute, async (c) => {
  const user = currentUser(c);
  const { provider } = c.req.valid("param");

  // GitHub: obtain the token before erasing it, to revoke the grant at GitHub afterwards
  // (service path, scoped to the caller; an unreadable token is still erased here).
  let githubToken: string | undefined;
  if (provider === "github") {
    githubToken = await getUserToken(user.id, "github").then((t) => t?.token, () => undefined);
  }

  await asUser(c, (tx) => tx`select private.revoke_integration(${provider})`);

  let atProvider: boolean | null = null;
  if (provider === "github") {
    atProvider = githubToken ? await revokeGrant(integrationsConfig(), githubToken) : false;
  }
  return c.json({ status: "revoked" as const, provider, revoked_at_provider: atProvider }, 200);
});
