/**
 * The integrations function's own environment (besides the kit's SUPABASE_* and the
 * TOKEN_ENCRYPTION_KEYS keyring read by `_shared/contract/crypto.ts`), parsed on use:
 *
 * | name                    | default                                      | what                                   |
 * | ----------------------- | -------------------------------------------- | -------------------------------------- |
 * | `GITHUB_CLIENT_ID`      | —                                            | the GitHub OAuth app (connect → 503)   |
 * | `GITHUB_CLIENT_SECRET`  | —                                            | its secret                             |
 * | `GITHUB_OAUTH_BASE_URL` | `https://github.com`                         | authorize + access_token endpoints     |
 * | `GITHUB_API_BASE_URL`   | `https://api.github.com`                     | `GET /user`, grant revocation          |
 * | `GEMINI_API_BASE_URL`   | `https://generativelanguage.googleapis.com`  | where a Gemini key is checked          |
 * | `SITE_URL`              | `http://127.0.0.1:3000`                      | the web app: GitHub redirects to its `/integrations/github/callback` page |
 */
import { z } from "zod";

const trimmedUrl = (fallback: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : fallback),
    z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, "")),
  );
const optional = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined),
  z.string().optional(),
);

const ConfigSchema = z.object({
  GITHUB_CLIENT_ID: optional,
  GITHUB_CLIENT_SECRET: optional,
  GITHUB_OAUTH_BASE_URL: trimmedUrl("https://github.com"),
  GITHUB_API_BASE_URL: trimmedUrl("https://api.github.com"),
  GEMINI_API_BASE_URL: trimmedUrl("https://generativelanguage.googleapis.com"),
  SITE_URL: trimmedUrl("http://127.0.0.1:3000"),
});

export interface IntegrationsConfig {
  /** Both set, or null: GitHub connect is then unavailable (503 integration_not_configured). */
  github: { clientId: string; clientSecret: string } | null;
  githubOAuthBaseUrl: string;
  githubApiBaseUrl: string;
  geminiApiBaseUrl: string;
  /** The web app's origin (no trailing slash). */
  siteUrl: string;
  /**
   * Where GitHub sends the browser back: the web app's callback page, which forwards code and
   * state to this function with the signed-in user's token (`_shared/oauth.ts`). Register it as
   * the OAuth app's callback URL.
   */
  githubCallbackUrl: string;
}

const NAMES = Object.keys(ConfigSchema.shape) as (keyof z.infer<typeof ConfigSchema>)[];
let cached: { raw: string; config: IntegrationsConfig } | undefined;

/** The parsed configuration; throws naming the invalid variables (never their values). */
export function integrationsConfig(): IntegrationsConfig {
  const values = Object.fromEntries(NAMES.map((n) => [n, Deno.env.get(n)]));
  const raw = JSON.stringify(values);
  if (cached?.raw === raw) return cached.config;
  const parsed = ConfigSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(
      `invalid integrations environment: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`,
    );
  }
  const env = parsed.data;
  const config: IntegrationsConfig = {
    github: env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET
      ? { clientId: env.GITHUB_CLIENT_ID, clientSecret: env.GITHUB_CLIENT_SECRET }
      : null,
    githubOAuthBaseUrl: env.GITHUB_OAUTH_BASE_URL,
    githubApiBaseUrl: env.GITHUB_API_BASE_URL,
    geminiApiBaseUrl: env.GEMINI_API_BASE_URL,
    siteUrl: new URL(env.SITE_URL).origin,
    githubCallbackUrl: `${new URL(env.SITE_URL).origin}/integrations/github/callback`,
  };
  cached = { raw, config };
  return config;
}
