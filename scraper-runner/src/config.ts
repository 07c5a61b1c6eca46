/**
 * The runner's settings, read once from the environment and checked with zod at start-up (a bad
 * value stops the process with a message naming the variable). Consumer settings (visibility
 * timeout, attempts, batch size, enabled) are not here: they live in `private.event_consumers`.
 */
import os from "node:os";
import { z } from "zod";

const Seconds = (def: number, max = 86_400) => z.coerce.number().positive().max(max).default(def);

/** `min-max` (or one number) milliseconds → [min, max]. */
const PacingMs = (def: string) =>
  z
    .string()
    .default(def)
    .transform((v, ctx) => {
      const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(v.trim());
      if (!m) {
        ctx.addIssue({
          code: "custom",
          message: "must be milliseconds, min-max (e.g. 3000-7000) or one number",
        });
        return z.NEVER;
      }
      const min = Number(m[1]);
      const max = Number(m[2] ?? m[1]);
      return [Math.min(min, max), Math.max(min, max)] as [number, number];
    });

const Env = z.object({
  SUPABASE_URL: z.url({ message: "SUPABASE_URL must be the project URL (http[s]://…)" }),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20, "SUPABASE_SERVICE_ROLE_KEY is required"),
  SUPABASE_DB_URL: z.string().regex(/^postgres(ql)?:\/\//, "SUPABASE_DB_URL must be a postgresql:// URL"),
  /** Port of `GET /health`; 0 disables the endpoint. */
  RUNNER_HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  RUNNER_HEALTH_HOST: z.string().default("0.0.0.0"),
  /** Optional comma list of queues to consume; default: every queue this runner has a handler for. */
  RUNNER_QUEUES: z.string().optional(),
  /** Longest idle wait of a queue loop without a NOTIFY (back-offs coming due, missed notifications). */
  RUNNER_POLL_S: z.coerce.number().int().min(1).max(60).default(5),
  /** How long SIGTERM waits for in-flight messages before abandoning them. */
  RUNNER_SHUTDOWN_GRACE_S: Seconds(20, 3600),
  /** How often each queue loop re-reads its `private.event_consumers` row. */
  RUNNER_SETTINGS_REFRESH_S: Seconds(15, 3600),
  /** Upper bound of one ffmpeg / ffprobe run. */
  RUNNER_FFMPEG_TIMEOUT_S: Seconds(240, 3600),
  /** Upper bound of one external crawl (a GitHub repository sync, all its calls together). */
  RUNNER_HTTP_TIMEOUT_S: Seconds(90, 3600),
  /** The keyring user tokens are encrypted under (the functions' TOKEN_ENCRYPTION_KEYS). */
  TOKEN_ENCRYPTION_KEYS: z.string().optional(),
  /** GitHub's REST API (tests point it at the loopback fake). */
  GITHUB_API_BASE_URL: z
    .url({ protocol: /^https?$/, message: "GITHUB_API_BASE_URL must be an http(s) URL" })
    .default("https://api.github.com"),
  /** Outgoing mail (notification emails): `smtp[s]://[user:pass@]host:port`; unset: emails wait. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]+/, "SMTP_URL must be smtp://[user:pass@]host:port or smtps://…")
    .optional(),
  /** The From of notification emails. */
  MAIL_FROM: z.string().min(3).default("CareerPilot <no-reply@careerpilot.local>"),
  /** The web app's origin: links and the unsubscribe page in emails. */
  SITE_URL: z
    .url({ protocol: /^https?$/, message: "SITE_URL must be an http(s) URL" })
    .default("http://127.0.0.1:3000"),
  /** Job portals' base URLs (tests point them at the loopback fakes). */
  NAUKRI_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://www.naukri.com"),
  LINKEDIN_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://www.linkedin.com"),
  INDEED_API_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://apis.indeed.com"),
  /** Indeed's web pages (job pages and Indeed Apply, which the apply flows drive). */
  INDEED_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://in.indeed.com"),
  /** Pause between two pages of a portal, `min-max` milliseconds (LinkedIn limits around 10 quick pages). */
  PORTAL_PACING_LINKEDIN_MS: PacingMs("3000-7000"),
  PORTAL_PACING_NAUKRI_MS: PacingMs("3000-7000"),
  PORTAL_PACING_INDEED_MS: PacingMs("1000-3000"),
  /** At most this many pages per fetch run. */
  PORTAL_PAGE_CAP: z.coerce.number().int().min(1).max(100).default(5),
  /** How long a portal is left alone for a user after a refusal without Retry-After. */
  PORTAL_BACKOFF_S: Seconds(7200, 7 * 86_400),
  /** Gemini's API, called with the user's own key (resume imports; tests point it at the loopback fake). */
  GEMINI_API_BASE_URL: z
    .url({ protocol: /^https?$/, message: "GEMINI_API_BASE_URL must be an http(s) URL" })
    .default("https://generativelanguage.googleapis.com"),
  GEMINI_MODEL: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{0,63}$/)
    .default("gemini-2.5-flash"),
  RUNNER_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Shown in logs and as the Postgres application_name. */
  RUNNER_ID: z.string().min(1).max(60).default(`${os.hostname()}-${process.pid}`),
  RUNNER_DB_POOL: z.coerce.number().int().min(2).max(50).default(6),
});

/** Parsed runner configuration. */
export interface Config {
  supabaseUrl: string;
  serviceRoleKey: string;
  dbUrl: string;
  healthPort: number;
  healthHost: string;
  /** null = every queue that has a handler. */
  queues: string[] | null;
  pollSeconds: number;
  shutdownGraceMs: number;
  settingsRefreshMs: number;
  ffmpegTimeoutMs: number;
  httpTimeoutMs: number;
  /** Raw `TOKEN_ENCRYPTION_KEYS` (parsed by the contract's keyringFrom when a consumer needs it). */
  tokenEncryptionKeys: string | undefined;
  githubApiBaseUrl: string;
  /** null: no SMTP configured (notification emails wait in their queue). */
  smtpUrl: string | null;
  mailFrom: string;
  siteUrl: string;
  /** Job portal clients: base URLs, pacing between pages, page cap, back-off after a refusal. */
  portals: {
    naukriBaseUrl: string;
    linkedinBaseUrl: string;
    indeedBaseUrl: string;
    /** Indeed's web pages (the search API is `indeedBaseUrl`). */
    indeedWebBaseUrl: string;
    pacingMs: Record<"linkedin" | "naukri" | "indeed", [number, number]>;
    pageCap: number;
    backoffS: number;
  };
  geminiApiBaseUrl: string;
  geminiModel: string;
  logLevel: "debug" | "info" | "warn" | "error";
  runnerId: string;
  dbPool: number;
}

/**
 * Reads the configuration from `env`.
 * @throws an Error listing every invalid or missing variable
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid runner configuration:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  const queues = e.RUNNER_QUEUES?.split(",")
    .map((q) => q.trim())
    .filter(Boolean);
  return {
    supabaseUrl: e.SUPABASE_URL.replace(/\/+$/, ""),
    serviceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY,
    dbUrl: e.SUPABASE_DB_URL,
    healthPort: e.RUNNER_HEALTH_PORT,
    healthHost: e.RUNNER_HEALTH_HOST,
    queues: queues && queues.length > 0 ? queues : null,
    pollSeconds: e.RUNNER_POLL_S,
    shutdownGraceMs: e.RUNNER_SHUTDOWN_GRACE_S * 1000,
    settingsRefreshMs: e.RUNNER_SETTINGS_REFRESH_S * 1000,
    ffmpegTimeoutMs: e.RUNNER_FFMPEG_TIMEOUT_S * 1000,
    httpTimeoutMs: e.RUNNER_HTTP_TIMEOUT_S * 1000,
    tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    githubApiBaseUrl: e.GITHUB_API_BASE_URL.replace(/\/+$/, ""),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    siteUrl: e.SITE_URL.replace(/\/+$/, ""),
    portals: {
      naukriBaseUrl: e.NAUKRI_BASE_URL.replace(/\/+$/, ""),
      linkedinBaseUrl: e.LINKEDIN_BASE_URL.replace(/\/+$/, ""),
      indeedBaseUrl: e.INDEED_API_BASE_URL.replace(/\/+$/, ""),
      indeedWebBaseUrl: e.INDEED_BASE_URL.replace(/\/+$/, ""),
      pacingMs: {
        linkedin: e.PORTAL_PACING_LINKEDIN_MS,
        naukri: e.PORTAL_PACING_NAUKRI_MS,
        indeed: e.PORTAL_PACING_INDEED_MS,
      },
      pageCap: e.PORTAL_PAGE_CAP,
      backoffS: e.PORTAL_BACKOFF_S,
    },
    geminiApiBaseUrl: e.GEMINI_API_BASE_URL.replace(/\/+$/, ""),
    geminiModel: e.GEMINI_MODEL,
    logLevel: e.RUNNER_LOG_LEVEL,
    runnerId: e.RUNNER_ID,
    dbPool: e.RUNNER_DB_POOL,
  };
}
