/**
 * The one typed client for CareerPilot's stack functions:
 * `${NEXT_PUBLIC_SUPABASE_URL}/functions/v1/<stack>/v1/...` with the session's bearer token.
 * Paths, parameters, bodies and responses are typed by ./generated (openapi-typescript output of
 * each function's OpenAPI document; `npm run gen:api`), and requests go through openapi-fetch,
 * so a route that changes shape fails `npm run typecheck` here rather than at run time. Failures
 * become an {@link ApiError} carrying the API's code. Works in the browser and on the server: the
 * caller supplies how to read the access token.
 */
import createClient, { type Middleware } from "openapi-fetch";
import { env } from "@/lib/env";
import { ApiError, ErrorBody } from "./errors";
import type * as AuthIdentity from "./generated/auth-identity";
import type * as Integrations from "./generated/integrations";
import type * as Notifications from "./generated/notifications";
import type * as Onboarding from "./generated/onboarding";
import type * as Projects from "./generated/projects";
import type * as Resumes from "./generated/resumes";
import type {
  AtsRequest,
  BuildRequest,
  CareerEntryCreate,
  CareerEntryPatch,
  JobSettingsUpdate,
  NotificationListQuery,
  NotificationPreferences,
  OnboardingUpdate,
  ProfilePatch,
  ProjectListQuery,
  Provider,
  ResumeCreate,
  ResumePatch,
  TokenProvider,
  VideoContentType,
} from "./types";

export * from "./errors";
export * from "./types";

export interface ApiClientOptions {
  /** Returns the current access token, or null when signed out. */
  getAccessToken: () => Promise<string | null>;
  /** Defaults to the global fetch. */
  fetch?: (input: Request) => Promise<Response>;
}

/** What openapi-fetch resolves to: the data, or the error body, and the response. */
type Outcome<T> = { data?: T; error?: unknown; response: Response };

/**
 * The data of a successful call; otherwise an {@link ApiError}: the API's error body as it is,
 * `http_<status>` for a body that is not one, `network_error` when the request never got an answer.
 */
async function unwrap<T>(pending: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await pending;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new ApiError(
      0,
      "network_error",
      "Could not reach CareerPilot. Check your connection and try again.",
      {
        cause: String(cause),
      },
    );
  }
  const { data, error, response } = outcome;
  if (!response.ok) {
    const parsed = ErrorBody.safeParse(error);
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      throw new ApiError(response.status, code, message, details);
    }
    throw new ApiError(
      response.status,
      `http_${response.status}`,
      `The request failed (HTTP ${response.status}).`,
    );
  }
  return data as T;
}

/** The query parameters that are set: `undefined` and `""` are left out (`false` and 0 are sent). */
function compact<Q extends object>(query: Q): Partial<Q> {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== ""),
  ) as Partial<Q>;
}

/** Builds the client. `getAccessToken` reads the Supabase session (browser or server client). */
export function createApiClient({ getAccessToken, fetch: fetchImpl }: ApiClientOptions) {
  const authorize: Middleware = {
    async onRequest({ request }) {
      const token = await getAccessToken();
      if (!token) throw new ApiError(401, "unauthorized", "You are signed out. Sign in again.");
      request.headers.set("authorization", `Bearer ${token}`);
      request.headers.set("apikey", env.supabaseAnonKey);
      request.headers.set("accept", "application/json");
      return request;
    },
  };
  /** One openapi-fetch client per function, typed by that function's generated paths. */
  function clientFor<Paths extends {}>() {
    const client = createClient<Paths>({
      baseUrl: `${env.supabaseUrl}/functions/v1`,
      cache: "no-store",
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
    client.use(authorize);
    return client;
  }
  const authIdentity = clientFor<AuthIdentity.paths>();
  const onboarding = clientFor<Onboarding.paths>();
  const integrations = clientFor<Integrations.paths>();
  const projects = clientFor<Projects.paths>();
  const notifications = clientFor<Notifications.paths>();
  const resumes = clientFor<Resumes.paths>();
  const resume = (id: string) => ({ params: { path: { id } } });
  const version = (id: string, version_id: string) => ({ params: { path: { id, version_id } } });

  const repo = (id: string) => ({ params: { path: { id } } });

  return {
    authIdentity: {
      /** The signed-in user's id, role, email and display name. */
      session: () => unwrap(authIdentity.GET("/auth-identity/v1/auth/session")),
      /** The caller's profile (display name, LinkedIn URL, ...). */
      profile: () => unwrap(authIdentity.GET("/auth-identity/v1/auth/profile")),
      /** Changes the fields given (display name, LinkedIn URL). */
      updateProfile: (body: ProfilePatch) =>
        unwrap(authIdentity.PATCH("/auth-identity/v1/auth/profile", { body })),
      /** Deletes the account and everything it owns. */
      deleteAccount: () =>
        unwrap(authIdentity.DELETE("/auth-identity/v1/auth/account", { body: { confirm: "DELETE" } })),
    },
    onboarding: {
      /** The caller's onboarding answers (defaults before the first save). */
      get: () => unwrap(onboarding.GET("/onboarding/v1/onboarding")),
      /** Saves the given fields (others keep their values). */
      update: (body: OnboardingUpdate) => unwrap(onboarding.PUT("/onboarding/v1/onboarding", { body })),
      /** Job-control settings (suggested filters from onboarding before the first save). */
      jobSettings: () => unwrap(onboarding.GET("/onboarding/v1/settings/job")),
      /** Replaces the job-control settings. */
      saveJobSettings: (body: JobSettingsUpdate) =>
        unwrap(onboarding.PUT("/onboarding/v1/settings/job", { body })),
    },
    integrations: {
      /** Every provider with its status and masked token suffix. */
      list: async () => (await unwrap(integrations.GET("/integrations/v1/integrations"))).items,
      /** Starts GitHub OAuth; send the browser to `auth_url`. Returns to `redirect_to` afterwards. */
      connectGithub: (redirectTo: string) =>
        unwrap(
          integrations.POST("/integrations/v1/integrations/github/connect", {
            body: { redirect_to: redirectTo },
          }),
        ),
      /**
       * Finishes GitHub OAuth with the query GitHub returned (`code`, `state`, or `error`), as the
       * signed-in user; the stack refuses a state another account started (`oauth_state_foreign`).
       */
      finishGithub: (query: Record<string, string>) =>
        unwrap(integrations.GET("/integrations/v1/integrations/github/callback", { params: { query } })),
      /** Saves (or replaces) a token; a Gemini key is verified first. */
      saveToken: (provider: TokenProvider, token: string) =>
        unwrap(integrations.POST("/integrations/v1/integrations/tokens", { body: { provider, token } })),
      /** Disconnects a provider and erases its token. */
      revoke: (provider: Provider) =>
        unwrap(
          integrations.DELETE("/integrations/v1/integrations/{provider}", { params: { path: { provider } } }),
        ),
    },
    projects: {
      /** One page of the caller's repositories (`q` searches name, description and languages). */
      list: (query: ProjectListQuery = {}) =>
        unwrap(projects.GET("/projects/v1/projects", { params: { query: compact(query) } })),
      /** One repository (404 `not_found` when it is not the caller's). */
      get: (id: string) => unwrap(projects.GET("/projects/v1/projects/{id}", repo(id))),
      /** Asks for a sync of the caller's repositories: the run (queued, or the one already going). */
      sync: () => unwrap(projects.POST("/projects/v1/projects/sync")),
      /** A sync run of the caller's, or their latest (404 `not_found` when they never synced). */
      syncRun: (id: string | "latest") =>
        unwrap(projects.GET("/projects/v1/projects/sync-runs/{id}", { params: { path: { id } } })),
      /** Writes (or rewrites) the AI description with the caller's Gemini key. */
      describe: (id: string, regenerate: boolean) =>
        unwrap(projects.POST("/projects/v1/projects/{id}/describe", { ...repo(id), body: { regenerate } })),
      /** A signed URL to PUT an intro video's original file to. */
      videoUploadTarget: (id: string, body: { content_type: VideoContentType; size: number }) =>
        unwrap(projects.POST("/projects/v1/projects/{id}/video/signed-url", { ...repo(id), body })),
      /** The intro video's status and, when ready, signed playback and poster URLs. */
      video: (id: string) => unwrap(projects.GET("/projects/v1/projects/{id}/video", repo(id))),
    },
    resumes: {
      /** The caller's resumes with their counts, and the platform's limit ("3 of 10"). */
      list: () => unwrap(resumes.GET("/resumes/v1/resumes")),
      get: (id: string) => unwrap(resumes.GET("/resumes/v1/resumes/{id}", resume(id))),
      /** 409 `resume_limit_reached` past the limit. */
      create: (body: ResumeCreate) => unwrap(resumes.POST("/resumes/v1/resumes", { body })),
      update: (id: string, body: ResumePatch) =>
        unwrap(resumes.PATCH("/resumes/v1/resumes/{id}", { ...resume(id), body })),
      remove: (id: string) => unwrap(resumes.DELETE("/resumes/v1/resumes/{id}", resume(id))),
      setAutoTailor: (id: string, enabled: boolean) =>
        unwrap(resumes.PUT("/resumes/v1/resumes/{id}/auto-tailor", { ...resume(id), body: { enabled } })),
      /** A new version written by Gemini from the caller's sources; unsupported claims come back rejected. */
      build: (id: string, body: BuildRequest) =>
        unwrap(resumes.POST("/resumes/v1/resumes/{id}/build", { ...resume(id), body })),
      versions: (id: string) => unwrap(resumes.GET("/resumes/v1/resumes/{id}/versions", resume(id))),
      version: (id: string, versionId: string) =>
        unwrap(resumes.GET("/resumes/v1/resumes/{id}/versions/{version_id}", version(id, versionId))),
      activate: (id: string, versionId: string) =>
        unwrap(
          resumes.POST("/resumes/v1/resumes/{id}/versions/{version_id}/activate", version(id, versionId)),
        ),
      discard: (id: string, versionId: string) =>
        unwrap(resumes.DELETE("/resumes/v1/resumes/{id}/versions/{version_id}", version(id, versionId))),
      ats: (id: string, body: AtsRequest) =>
        unwrap(resumes.POST("/resumes/v1/resumes/{id}/ats", { ...resume(id), body })),
      /** A signed PDF link; 409 `resume_pdf_not_ready` while the runner renders it. */
      download: (id: string, versionId?: string) =>
        unwrap(
          resumes.GET("/resumes/v1/resumes/{id}/download", {
            params: { path: { id }, query: compact({ version_id: versionId }) },
          }),
        ),
      record: () => unwrap(resumes.GET("/resumes/v1/career-record")),
      addEntry: (body: CareerEntryCreate) => unwrap(resumes.POST("/resumes/v1/career-record", { body })),
      updateEntry: (id: string, body: CareerEntryPatch) =>
        unwrap(resumes.PATCH("/resumes/v1/career-record/{id}", { ...resume(id), body })),
      removeEntry: (id: string) => unwrap(resumes.DELETE("/resumes/v1/career-record/{id}", resume(id))),
      /** A signed URL to PUT an existing resume PDF to (≤ 5 MiB); the upload starts the import. */
      importTarget: (size: number) =>
        unwrap(resumes.POST("/resumes/v1/career-record/import", { body: { size } })),
      importStatus: (id: string) => unwrap(resumes.GET("/resumes/v1/career-record/imports/{id}", resume(id))),
    },
    notifications: {
      /** One page of the caller's notifications, newest first, with the unread count. */
      list: ({ read, ...query }: NotificationListQuery = {}) =>
        unwrap(
          notifications.GET("/notifications/v1/notifications", {
            params: {
              query: compact({
                ...query,
                read: read === undefined ? undefined : read ? "true" : "false",
              } as const),
            },
          }),
        ),
      /** How many notifications are unread (the shell's bell). */
      unreadCount: async () =>
        (await unwrap(notifications.GET("/notifications/v1/notifications/unread-count"))).unread_count,
      /** Marks one notification read (`true`) or unread (`false`). */
      setRead: async (id: string, read: boolean): Promise<{ read: boolean }> => {
        const target = { params: { path: { id } } };
        if (read) return unwrap(notifications.PUT("/notifications/v1/notifications/{id}/read", target));
        return unwrap(notifications.DELETE("/notifications/v1/notifications/{id}/read", target));
      },
      /** Marks every unread notification read; returns how many were unread. */
      markAllRead: async () =>
        (await unwrap(notifications.POST("/notifications/v1/notifications/read-all"))).updated,
      /** The caller's notification preferences (the defaults until saved). */
      preferences: () => unwrap(notifications.GET("/notifications/v1/notifications/preferences")),
      /** Saves the given preferences (others keep their values). */
      savePreferences: (body: Partial<NotificationPreferences>) =>
        unwrap(notifications.PUT("/notifications/v1/notifications/preferences", { body })),
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
