/**
 * The one typed client for CareerPilot's stack functions:
 * `${NEXT_PUBLIC_SUPABASE_URL}/functions/v1/<stack>/v1/...` with the session's bearer token.
 * Responses are validated with zod; failures become an {@link ApiError} carrying the API's code.
 * Works in the browser and on the server: the caller supplies how to read the access token.
 */
import {
  COMPANY_TYPES,
  ErrorBody,
  type NotificationType,
  PORTALS,
  PROVIDERS,
  type Provider,
  retryAfterOf,
  VIDEO_STATUSES as STORED_VIDEO_STATUSES,
  SYNC_RUN_STATUSES,
  SYNC_TRIGGERS,
  type TokenProvider,
} from "@contract";
import { z } from "zod";
import { env } from "@/lib/env";

// The shared vocabularies come from the contract module (supabase/functions/_shared/contract).
export {
  COMPANY_TYPES,
  type CompanyType,
  NOTIFICATION_TYPES,
  type NotificationType,
  PORTALS,
  type Portal,
  PROVIDERS,
  type Provider,
  TOKEN_PROVIDERS,
  type TokenProvider,
} from "@contract";

/** A failed call: `code` is the API's error code (`unauthorized`, `validation_failed`, ...). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The stacks, by their function names. */
export type Stack =
  | "auth-identity"
  | "onboarding"
  | "integrations"
  | "projects"
  | "resumes"
  | "verification"
  | "job-fetcher"
  | "job-apply"
  | "insights"
  | "notifications"
  | "api-management"
  | "admin";

const Timestamp = z.union([z.string(), z.number()]);

/** `GET /auth-identity/v1/auth/session`. */
export const AuthSession = z.object({
  user_id: z.string(),
  role: z.enum(["user", "admin"]),
  email: z.string().nullable(),
  display_name: z.string().nullable(),
  issued_at: Timestamp,
  expires_at: Timestamp,
});
export type AuthSession = z.infer<typeof AuthSession>;

/** `PATCH /auth-identity/v1/auth/profile` input, shared by the settings form. */
export const ProfileUpdate = z.object({
  display_name: z.string().trim().min(1, "Enter a display name").max(80, "Keep it under 80 characters"),
});
export type ProfileUpdate = z.infer<typeof ProfileUpdate>;

const ProfileResponse = z.object({ display_name: z.string().nullable() }).loose();

const DeletedResponse = z.object({ status: z.literal("deleted") });

// ---------------------------------------------------------------- onboarding stack

/** Wizard steps, in order (`onboarding.current_step`). */
export const WIZARD_STEPS = ["profile", "career", "integrations", "review"] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** At most this many roles / locations, each at most {@link MAX_ITEM_LENGTH} characters (as the API). */
export const MAX_ITEMS = 10;
export const MAX_ITEM_LENGTH = 80;
export const MAX_LPA = 1000;

/** `GET /onboarding/v1/onboarding`. */
export const Onboarding = z
  .object({
    roles_targeted: z.array(z.string()),
    min_target_lpa: z.number().nullable(),
    preferred_locations: z.array(z.string()),
    github_username: z.string().nullable(),
    completed: z.boolean(),
    completed_at: z.string().nullable(),
    current_step: z.enum(WIZARD_STEPS).catch("profile"),
  })
  .loose();
export type Onboarding = z.infer<typeof Onboarding>;

/** `PUT /onboarding/v1/onboarding` input: every field optional, merged into the stored record. */
export interface OnboardingUpdate {
  roles_targeted?: string[];
  min_target_lpa?: number | null;
  preferred_locations?: string[];
  github_username?: string | null;
  completed?: boolean;
  current_step?: WizardStep;
}

/** `GET|PUT /onboarding/v1/settings/job`. */
export const JobSettings = z
  .object({
    search_active: z.boolean(),
    auto_apply: z.boolean(),
    portals: z.array(z.enum(PORTALS)),
    roles: z.array(z.string()),
    locations: z.array(z.string()),
    min_lpa: z.number().nullable(),
    company_types: z.array(z.enum(COMPANY_TYPES)),
    updated_at: z.string().nullable().optional(),
  })
  .loose();
export type JobSettings = z.infer<typeof JobSettings>;
export type JobSettingsUpdate = Omit<JobSettings, "updated_at">;

// ---------------------------------------------------------------- integrations stack

export const Integration = z
  .object({
    provider: z.enum(PROVIDERS),
    status: z.string(),
    external_login: z.string().nullable().optional(),
    connected_at: z.string().nullable().optional(),
    token: z
      .object({ masked_suffix: z.string(), expires_at: z.string().nullable().optional() })
      .loose()
      .nullable()
      .optional(),
  })
  .loose();
export type Integration = z.infer<typeof Integration>;

const IntegrationList = z.object({ items: z.array(Integration) });
const ConnectResponse = z.object({ auth_url: z.string() }).loose();
const TokenSaved = z.object({ status: z.literal("saved"), masked_suffix: z.string().optional() }).loose();
const Revoked = z.object({ status: z.literal("revoked") }).loose();

/** True when the provider is usable now (connected, token not expired). */
export function isConnected(i: Integration | undefined): boolean {
  return i?.status === "connected";
}

/**
 * Field errors from a 422 `validation_failed`, keyed by the first path segment (`portals`,
 * `min_lpa`, ...). Accepts the kit's shapes: `{fields: {...}}`, `[{path, message}]`, or a map.
 */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || err.status !== 422) return {};
  const out: Record<string, string> = {};
  const add = (path: unknown, message: unknown) => {
    if (typeof message !== "string") return;
    const key = Array.isArray(path)
      ? String(path[0] ?? "")
      : typeof path === "string"
        ? path.split(".")[0]
        : "";
    if (key && !out[key]) out[key] = message;
  };
  const visit = (d: unknown) => {
    if (Array.isArray(d)) {
      for (const item of d) {
        if (item && typeof item === "object") {
          const o = item as Record<string, unknown>;
          add(o.path ?? o.field, o.message);
        }
      }
    } else if (d && typeof d === "object") {
      const o = d as Record<string, unknown>;
      const nested = ["fields", "issues", "errors", "fieldErrors"].filter((key) => key in o);
      for (const key of nested) visit(o[key]);
      if (nested.length > 0) return;
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === "string") add(k, v);
        else if (Array.isArray(v) && typeof v[0] === "string") add(k, v[0]);
      }
    }
  };
  visit(err.details);
  return out;
}

// ---------------------------------------------------------------- projects stack

/** Where the user's GitHub connection stands, as the projects list reports it. */
export const GITHUB_STATES = ["connected", "needs_reconnect", "revoked", "not_connected"] as const;
export type GithubState = (typeof GITHUB_STATES)[number];

/** An intro video's life: URL issued → uploaded → processing → transcoded (ready) or failed. */
export const VIDEO_STATUSES = ["none", ...STORED_VIDEO_STATUSES] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

/** The intro video summary inside a repository item. */
export const ProjectVideoSummary = z
  .object({
    id: z.string(),
    status: z.enum(VIDEO_STATUSES).catch("none"),
    duration_sec: z.number().nullable().optional(),
    failure_reason: z.string().nullable().optional(),
  })
  .loose();
export type ProjectVideoSummary = z.infer<typeof ProjectVideoSummary>;

/** One synced repository (`GET /projects/v1/projects` item, `GET /projects/v1/projects/:id`). */
export const Project = z
  .object({
    id: z.string(),
    provider_repo_id: z.number(),
    name: z.string(),
    full_name: z.string(),
    html_url: z.string(),
    description: z.string().nullable(),
    description_ai: z.string().nullable(),
    description_ai_at: z.string().nullable().optional(),
    languages: z.array(z.string()).catch([]),
    topics: z.array(z.string()).catch([]),
    stars: z.number().catch(0),
    fork: z.boolean(),
    archived: z.boolean(),
    private: z.boolean(),
    pushed_at: z.string().nullable().optional(),
    default_branch: z.string().nullable().optional(),
    last_synced_at: z.string().nullable().optional(),
    has_intro_video: z.boolean(),
    video: ProjectVideoSummary.nullable().optional(),
  })
  .loose();
export type Project = z.infer<typeof Project>;

/** `GET /projects/v1/projects`: one page of repositories plus the sync and GitHub state. */
export const ProjectList = z
  .object({
    items: z.array(Project),
    total: z.number(),
    page: z.number(),
    page_size: z.number(),
    last_synced_at: z.string().nullable().optional(),
    github: z
      .object({
        status: z.enum(GITHUB_STATES).catch("not_connected"),
        login: z.string().nullable().optional(),
      })
      .loose(),
    summary: z
      .object({ repositories: z.number(), described: z.number(), with_video: z.number() })
      .catch({ repositories: 0, described: 0, with_video: 0 }),
  })
  .loose();
export type ProjectList = z.infer<typeof ProjectList>;

export interface ProjectListQuery {
  page?: number;
  page_size?: number;
  q?: string;
}

/**
 * A repository sync run (`POST /projects/v1/projects/sync` answers 202 with one;
 * `GET /projects/v1/projects/sync-runs/{id|latest}`): queued → running → succeeded | failed.
 */
export const ProjectSyncRun = z
  .object({
    id: z.string(),
    trigger: z.enum(SYNC_TRIGGERS).catch("manual"),
    status: z.enum(SYNC_RUN_STATUSES),
    synced_count: z.number().nullable(),
    detected_count: z.number().nullable(),
    updated_count: z.number().nullable(),
    error: z
      .object({ code: z.string(), message: z.string(), retry_after_s: z.number().nullable().optional() })
      .nullable(),
    requested_at: z.string(),
    finished_at: z.string().nullable().optional(),
  })
  .loose();
export type ProjectSyncRun = z.infer<typeof ProjectSyncRun>;

/** `POST /projects/v1/projects/:id/describe`. */
export const ProjectDescription = z
  .object({ description_ai: z.string(), description_ai_at: z.string().nullable().optional() })
  .loose();
export type ProjectDescription = z.infer<typeof ProjectDescription>;

/** Content types an intro video may have, and its size and length limits (as the API and runner). */
export const VIDEO_CONTENT_TYPES = ["video/webm", "video/mp4"] as const;
export type VideoContentType = (typeof VIDEO_CONTENT_TYPES)[number];
export const MAX_VIDEO_BYTES = 50 * 1024 * 1024;
export const MIN_VIDEO_SEC = 20;
export const MAX_VIDEO_SEC = 30;

/** `POST /projects/v1/projects/:id/video/signed-url`: where to PUT the original clip. */
export const VideoUploadTarget = z
  .object({
    upload_url: z.string(),
    storage_path: z.string(),
    video_id: z.string(),
    token: z.string().optional(),
    expires_in: z.number().optional(),
  })
  .loose();
export type VideoUploadTarget = z.infer<typeof VideoUploadTarget>;

/** `GET /projects/v1/projects/:id/video`: status and, once transcoded, signed playback URLs. */
export const ProjectVideo = z
  .object({
    status: z.enum(VIDEO_STATUSES).catch("none"),
    video_id: z.string().nullable().optional(),
    duration_sec: z.number().nullable().optional(),
    failure_reason: z.string().nullable().optional(),
    playback_url: z.string().nullable().optional(),
    poster_url: z.string().nullable().optional(),
    expires_in: z.number().nullable().optional(),
  })
  .loose();
export type ProjectVideo = z.infer<typeof ProjectVideo>;

/** `details.retry_after_s` of a 429, when the API gave one. */
export function retryAfterSeconds(err: unknown): number | null {
  return err instanceof ApiError ? retryAfterOf(err.details) : null;
}

// ---------------------------------------------------------------- notifications stack

/** One notification (`GET /notifications/v1/notifications` item). */
export const AppNotification = z
  .object({
    id: z.string(),
    type: z.string(),
    title: z.string(),
    body: z.string().nullable(),
    link_url: z.string().nullable(),
    read: z.boolean(),
    read_at: z.string().nullable(),
    created_at: z.string(),
    payload: z.record(z.string(), z.unknown()).catch({}),
  })
  .loose();
export type AppNotification = z.infer<typeof AppNotification>;

/** `GET /notifications/v1/notifications`: a page plus the caller's unread count. */
export const NotificationPage = z
  .object({
    items: z.array(AppNotification),
    total: z.number(),
    page: z.number(),
    page_size: z.number(),
    unread_count: z.number(),
  })
  .loose();
export type NotificationPage = z.infer<typeof NotificationPage>;

export interface NotificationListQuery {
  page?: number;
  page_size?: number;
  type?: NotificationType;
  /** true: only read; false: only unread; undefined: all. */
  read?: boolean;
}

const UnreadCount = z.object({ unread_count: z.number() });
const ReadState = z.object({ read: z.boolean() });
const ReadAllResult = z.object({ updated: z.number() });

/** `path` plus a query string of the parameters that are set (`false` is sent; `undefined`, `""`, `0` are not). */
function withQuery(path: string, query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === false || value) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ApiClientOptions {
  /** Returns the current access token, or null when signed out. */
  getAccessToken: () => Promise<string | null>;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** Builds the client. `getAccessToken` reads the Supabase session (browser or server client). */
export function createApiClient({ getAccessToken, fetch: fetchImpl = fetch }: ApiClientOptions) {
  async function request<S extends z.ZodType>(
    stack: Stack,
    path: string,
    schema: S,
    init: { method?: Method; body?: unknown } = {},
  ): Promise<z.infer<S>> {
    const token = await getAccessToken();
    if (!token) throw new ApiError(401, "unauthorized", "You are signed out. Sign in again.");
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      apikey: env.supabaseAnonKey,
      accept: "application/json",
    };
    if (init.body !== undefined) headers["content-type"] = "application/json";

    let res: Response;
    try {
      res = await fetchImpl(`${env.supabaseUrl}/functions/v1/${stack}${path}`, {
        method: init.method ?? "GET",
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        cache: "no-store",
      });
    } catch (cause) {
      throw new ApiError(
        0,
        "network_error",
        "Could not reach CareerPilot. Check your connection and try again.",
        {
          cause: String(cause),
        },
      );
    }

    const text = await res.text();
    let json: unknown = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    if (!res.ok) {
      const parsed = ErrorBody.safeParse(json);
      if (parsed.success) {
        const { code, message, details } = parsed.data.error;
        throw new ApiError(res.status, code, message, details);
      }
      throw new ApiError(res.status, `http_${res.status}`, `The request failed (HTTP ${res.status}).`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError(res.status, "invalid_response", "The server sent an unexpected response.", {
        issues: parsed.error.issues,
      });
    }
    return parsed.data;
  }

  return {
    authIdentity: {
      /** The signed-in user's id, role, email and display name. */
      session: () => request("auth-identity", "/v1/auth/session", AuthSession),
      /** Changes the display name. */
      updateProfile: (input: ProfileUpdate) =>
        request("auth-identity", "/v1/auth/profile", ProfileResponse, {
          method: "PATCH",
          body: ProfileUpdate.parse(input),
        }),
      /** Deletes the account and everything it owns. */
      deleteAccount: () =>
        request("auth-identity", "/v1/auth/account", DeletedResponse, {
          method: "DELETE",
          body: { confirm: "DELETE" },
        }),
    },
    onboarding: {
      /** The caller's onboarding answers (defaults before the first save). */
      get: () => request("onboarding", "/v1/onboarding", Onboarding),
      /** Saves the given fields (others keep their values). */
      update: (input: OnboardingUpdate) =>
        request("onboarding", "/v1/onboarding", Onboarding, { method: "PUT", body: input }),
      /** Job-control settings (suggested filters from onboarding before the first save). */
      jobSettings: () => request("onboarding", "/v1/settings/job", JobSettings),
      /** Replaces the job-control settings. */
      saveJobSettings: (input: JobSettingsUpdate) =>
        request("onboarding", "/v1/settings/job", JobSettings, { method: "PUT", body: input }),
    },
    integrations: {
      /** Every provider with its status and masked token suffix. */
      list: async () => (await request("integrations", "/v1/integrations", IntegrationList)).items,
      /** Starts GitHub OAuth; send the browser to `auth_url`. Returns to `redirect_to` afterwards. */
      connectGithub: (redirectTo: string) =>
        request("integrations", "/v1/integrations/github/connect", ConnectResponse, {
          method: "POST",
          body: { redirect_to: redirectTo },
        }),
      /** Saves (or replaces) a token; a Gemini key is verified first. */
      saveToken: (provider: TokenProvider, token: string) =>
        request("integrations", "/v1/integrations/tokens", TokenSaved, {
          method: "POST",
          body: { provider, token },
        }),
      /** Disconnects a provider and erases its token. */
      revoke: (provider: Provider) =>
        request("integrations", `/v1/integrations/${provider}`, Revoked, { method: "DELETE" }),
    },
    projects: {
      /** One page of the caller's repositories (`q` searches name, description and languages). */
      list: (query: ProjectListQuery = {}) =>
        request("projects", withQuery("/v1/projects", query), ProjectList),
      /** One repository (404 `not_found` when it is not the caller's). */
      get: (id: string) => request("projects", `/v1/projects/${encodeURIComponent(id)}`, Project),
      /** Asks for a sync of the caller's repositories: the run (queued, or the one already going). */
      sync: () => request("projects", "/v1/projects/sync", ProjectSyncRun, { method: "POST", body: {} }),
      /** A sync run of the caller's, or their latest (404 `not_found` when they never synced). */
      syncRun: (id: string | "latest") =>
        request("projects", `/v1/projects/sync-runs/${encodeURIComponent(id)}`, ProjectSyncRun),
      /** Writes (or rewrites) the AI description with the caller's Gemini key. */
      describe: (id: string, regenerate: boolean) =>
        request("projects", `/v1/projects/${encodeURIComponent(id)}/describe`, ProjectDescription, {
          method: "POST",
          body: { regenerate },
        }),
      /** A signed URL to PUT an intro video's original file to. */
      videoUploadTarget: (id: string, input: { content_type: VideoContentType; size: number }) =>
        request("projects", `/v1/projects/${encodeURIComponent(id)}/video/signed-url`, VideoUploadTarget, {
          method: "POST",
          body: input,
        }),
      /** The intro video's status and, when ready, signed playback and poster URLs. */
      video: (id: string) =>
        request("projects", `/v1/projects/${encodeURIComponent(id)}/video`, ProjectVideo),
    },
    notifications: {
      /** One page of the caller's notifications, newest first, with the unread count. */
      list: (query: NotificationListQuery = {}) =>
        request("notifications", withQuery("/v1/notifications", query), NotificationPage),
      /** How many notifications are unread (the shell's bell). */
      unreadCount: async () =>
        (await request("notifications", "/v1/notifications/unread-count", UnreadCount)).unread_count,
      /** Marks one notification read (`true`) or unread (`false`). */
      setRead: (id: string, read: boolean) =>
        request("notifications", `/v1/notifications/${encodeURIComponent(id)}/read`, ReadState, {
          method: read ? "PUT" : "DELETE",
        }),
      /** Marks every unread notification read; returns how many were unread. */
      markAllRead: async () =>
        (await request("notifications", "/v1/notifications/read-all", ReadAllResult, { method: "POST" }))
          .updated,
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** A message fit to show a user for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return "Something went wrong. Try again.";
}
