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
import { publicEnv as env } from "@/lib/public-env";
import { ApiError, errorBodyOf } from "./errors";
import type * as Admin from "./generated/admin";
import type * as ApiManagement from "./generated/api-management";
import type * as AuthIdentity from "./generated/auth-identity";
import type * as Insights from "./generated/insights";
import type * as Integrations from "./generated/integrations";
import type * as JobApply from "./generated/job-apply";
import type * as JobFetcher from "./generated/job-fetcher";
import type * as Notifications from "./generated/notifications";
import type * as Onboarding from "./generated/onboarding";
import type * as Projects from "./generated/projects";
import type * as Resumes from "./generated/resumes";
import type * as Verification from "./generated/verification";
import { insightsMethods } from "./insights";
import type {
  AdminAuditQuery,
  AdminBroadcastRequest,
  AdminCertificateQuery,
  AdminJobApplicationsQuery,
  AdminJobApplyRunsQuery,
  AdminUsersQuery,
  AtsRequest,
  BuildRequest,
  CareerEntryCreate,
  CareerEntryPatch,
  CertificateListQuery,
  CertificateUploadRequest,
  JobApplicationsQuery,
  JobApplyAnswerBankUpdate,
  JobApplyBatchRequest,
  JobApplySettingsUpdate,
  JobApplySingleRequest,
  JobListQuery,
  JobSettingsUpdate,
  NotificationListQuery,
  NotificationPreferences,
  OnboardingUpdate,
  Portal,
  ProfilePatch,
  ProjectListQuery,
  Provider,
  ResumeCreate,
  ResumePatch,
  TokenProvider,
  UserJobStatus,
  VideoContentType,
} from "./types";

export * from "./errors";
export * from "./insights";
export * from "./types";

export interface ApiClientOptions {
  /** Returns the current access token, or null when signed out. */
  getAccessToken: () => Promise<string | null>;
  /** Defaults to the global fetch. */
  fetch?: (input: Request) => Promise<Response>;
  /**
   * Send requests without a session too (only the API key): for the few routes a signed-out
   * visitor may call (an email's unsubscribe link, whose signed token authorises).
   */
  allowSignedOut?: boolean;
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
    const parsed = errorBodyOf(error);
    if (parsed) {
      const { code, message, details } = parsed.error;
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
export function createApiClient({ getAccessToken, fetch: fetchImpl, allowSignedOut }: ApiClientOptions) {
  const authorize: Middleware = {
    async onRequest({ request }) {
      const token = await getAccessToken();
      if (!token && !allowSignedOut)
        throw new ApiError(401, "unauthorized", "You are signed out. Sign in again.");
      if (token) request.headers.set("authorization", `Bearer ${token}`);
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
  const verification = clientFor<Verification.paths>();
  const apiManagement = clientFor<ApiManagement.paths>();
  const admin = clientFor<Admin.paths>();
  const jobFetcher = clientFor<JobFetcher.paths>();
  const resumes = clientFor<Resumes.paths>();
  const insights = clientFor<Insights.paths>();
  const jobApply = clientFor<JobApply.paths>();
  const resume = (id: string) => ({ params: { path: { id } } });
  const version = (id: string, version_id: string) => ({ params: { path: { id, version_id } } });

  const repo = (id: string) => ({ params: { path: { id } } });

  return {
    insights: insightsMethods(insights, unwrap, compact),
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
      /** Shares the repository's intro video: its stable public page (the same link until revoked). */
      shareVideo: (id: string) => unwrap(projects.POST("/projects/v1/projects/{id}/video/share", repo(id))),
      /** Revokes the repository's video share links (their pages answer 404 from then on). */
      revokeVideoShare: (id: string) =>
        unwrap(projects.DELETE("/projects/v1/projects/{id}/video/share", repo(id))),
      /** A shared intro video by its link's slug (no sign-in needed: the unguessable link authorises). */
      sharedVideo: (slug: string) =>
        unwrap(projects.GET("/projects/v1/video-shares/{slug}", { params: { path: { slug } } })),
      /** Saves the user's own description (null removes the edit, showing the AI text again). */
      setDescription: (id: string, description: string | null) =>
        unwrap(
          projects.PUT("/projects/v1/projects/{id}/description", { ...repo(id), body: { description } }),
        ),
      /** Deletes the intro video and its files. */
      deleteVideo: (id: string) => unwrap(projects.DELETE("/projects/v1/projects/{id}/video", repo(id))),
    },
    jobs: {
      /** One page of the caller's fetched jobs (each job once; filters and sort as the query says). */
      list: (query: JobListQuery = {}) =>
        unwrap(jobFetcher.GET("/job-fetcher/v1/jobs", { params: { query: compact(query) } })),
      /** One job with its description and the portals it is also on. */
      get: (id: string) => unwrap(jobFetcher.GET("/job-fetcher/v1/jobs/{id}", { params: { path: { id } } })),
      /** The caller's decision on a job (shared by its copies on other portals). */
      setStatus: (id: string, status: UserJobStatus) =>
        unwrap(
          jobFetcher.PUT("/job-fetcher/v1/jobs/{id}/status", { params: { path: { id } }, body: { status } }),
        ),
      /** Fetch now: a run per portal (default: the enabled ones); running portals are joined. */
      fetchNow: (portals?: Portal[]) =>
        unwrap(jobFetcher.POST("/job-fetcher/v1/job-fetcher/sync", { body: portals ? { portals } : {} })),
      /** The caller's fetch runs, newest first. */
      runs: (query: { page?: number; page_size?: number } = {}) =>
        unwrap(jobFetcher.GET("/job-fetcher/v1/job-fetcher/runs", { params: { query: compact(query) } })),
      /** Each enabled portal's last and next run. */
      schedule: async () => (await unwrap(jobFetcher.GET("/job-fetcher/v1/job-fetcher/schedule"))).portals,
    },
    jobApply: {
      /** One page of the caller's applications with their job and résumé (filters and sort as the query says). */
      applications: (query: JobApplicationsQuery = {}) =>
        unwrap(jobApply.GET("/job-apply/v1/job-apply/applications", { params: { query: compact(query) } })),
      /** One application with its timeline, cover letter and a signed URL (5 min) of the PDF that was sent. */
      application: (id: string) =>
        unwrap(jobApply.GET("/job-apply/v1/job-apply/applications/{id}", repo(id))),
      /** Records the employer's response; the change lands in the timeline. */
      setResponse: (
        id: string,
        response_status: "viewed" | "shortlisted" | "rejected" | "interview" | "offer",
      ) =>
        unwrap(
          jobApply.PUT("/job-apply/v1/job-apply/applications/{id}/response", {
            ...repo(id),
            body: { response_status },
          }),
        ),
      /** The approval queue: applications waiting for review, with the documents they will send. */
      approvals: (
        query: {
          page?: number;
          page_size?: number;
          sort?: "created_at" | "-created_at" | "match_score" | "-match_score";
        } = {},
      ) => unwrap(jobApply.GET("/job-apply/v1/job-apply/approvals", { params: { query: compact(query) } })),
      /** Approves one application in review (optionally replacing its cover letter). */
      approve: (id: string, body: { cover_letter?: string | null } = {}) =>
        unwrap(jobApply.POST("/job-apply/v1/job-apply/applications/{id}/approve", { ...repo(id), body })),
      /** Rejects an application in review (it is never sent). */
      reject: (id: string) =>
        unwrap(jobApply.POST("/job-apply/v1/job-apply/applications/{id}/reject", repo(id))),
      /** Approves every application waiting for review. */
      approveAll: () => unwrap(jobApply.POST("/job-apply/v1/job-apply/approvals/approve-all", { body: {} })),
      /** Answers the questions an application stopped at (needs_input): it is queued again. */
      answer: (id: string, answers: { question_id: string; value: string }[]) =>
        unwrap(
          jobApply.POST("/job-apply/v1/job-apply/applications/{id}/answers", {
            ...repo(id),
            body: { answers },
          }),
        ),
      /** The review before applying: the résumé version that would be sent and a grounded draft cover letter. */
      preview: (jobId: string) =>
        unwrap(
          jobApply.POST("/job-apply/v1/job-apply/single/{job_id}/preview", {
            params: { path: { job_id: jobId } },
            body: { generate_cover_letter: true },
          }),
        ),
      /** Applies to one job with the reviewed documents (409 `application_exists` when it has an application). */
      apply: (jobId: string, body: JobApplySingleRequest) =>
        unwrap(
          jobApply.POST("/job-apply/v1/job-apply/single/{job_id}", {
            params: { path: { job_id: jobId } },
            body,
          }),
        ),
      /** Applies to several jobs as one run (each job's best résumé unless one is named); skipped jobs say why. */
      batch: (body: JobApplyBatchRequest) => unwrap(jobApply.POST("/job-apply/v1/job-apply/batch", { body })),
      /** The caller's apply runs (manual, batch and auto), newest first. */
      runs: (query: { page?: number; page_size?: number } = {}) =>
        unwrap(jobApply.GET("/job-apply/v1/job-apply/runs", { params: { query: compact(query) } })),
      /** The caller's apply settings, with the platform's maximum caps and whether applying is paused. */
      settings: () => unwrap(jobApply.GET("/job-apply/v1/job-apply/settings")),
      saveSettings: (body: JobApplySettingsUpdate) =>
        unwrap(jobApply.PUT("/job-apply/v1/job-apply/settings", { body })),
      /** Today's usage against each portal's cap, what waits, and pauses. */
      usage: () => unwrap(jobApply.GET("/job-apply/v1/job-apply/usage")),
      /** Resumes applying on a portal paused after a block. */
      resumePortal: (portal: Portal) =>
        unwrap(
          jobApply.POST("/job-apply/v1/job-apply/portals/{portal}/resume", { params: { path: { portal } } }),
        ),
      /** The caller's answers to screening questions. */
      answerBank: () => unwrap(jobApply.GET("/job-apply/v1/job-apply/answer-bank")),
      saveAnswerBank: (body: JobApplyAnswerBankUpdate) =>
        unwrap(jobApply.PUT("/job-apply/v1/job-apply/answer-bank", { body })),
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
      /** What an email's unsubscribe token would turn off (changes nothing; no sign-in needed). */
      unsubscribePreview: (token: string) =>
        unwrap(
          notifications.GET("/notifications/v1/notifications/unsubscribe", { params: { query: { token } } }),
        ),
      /** Turns the token's notification type's emails off (no sign-in needed: the token authorises). */
      unsubscribe: (token: string) =>
        unwrap(
          notifications.POST("/notifications/v1/notifications/unsubscribe", { params: { query: { token } } }),
        ),
    },
    certificates: {
      /** A signed URL to upload a certificate file to (415 for other types, 413 over 10 MiB). */
      uploadTarget: (body: CertificateUploadRequest) =>
        unwrap(verification.POST("/verification/v1/certificates", { body })),
      /** One page of the caller's certificates, newest first. */
      list: (query: CertificateListQuery = {}) =>
        unwrap(verification.GET("/verification/v1/certificates", { params: { query: compact(query) } })),
      /** One certificate with its OCR extract and a preview URL valid 5 minutes. */
      get: (id: string) => unwrap(verification.GET("/verification/v1/certificates/{id}", repo(id))),
      /** Deletes a pending or rejected certificate (409 when verified). */
      remove: (id: string) => unwrap(verification.DELETE("/verification/v1/certificates/{id}", repo(id))),
    },
    admin: {
      /** Dashboard counts: users, pending certificates, platform keys expiring. */
      dashboard: () => unwrap(admin.GET("/admin/v1/admin/dashboard")),
      /** One page of users with their summary fields. */
      users: (query: AdminUsersQuery = {}) =>
        unwrap(admin.GET("/admin/v1/admin/users", { params: { query: compact(query) } })),
      /** One user's profile, settings, integrations (status only) and counts. */
      user: (userId: string) =>
        unwrap(admin.GET("/admin/v1/admin/users/{user_id}", { params: { path: { user_id: userId } } })),
      /** Sends an in-app notification to everyone or to chosen users (idempotent per broadcast_id). */
      broadcast: (body: AdminBroadcastRequest) =>
        unwrap(admin.POST("/admin/v1/admin/notifications", { body })),
      /** One page of the audit log. */
      audit: (query: AdminAuditQuery = {}) =>
        unwrap(admin.GET("/admin/v1/admin/audit", { params: { query: compact(query) } })),
      /** Uploaded certificates across users (the review queue with status=pending). */
      certificates: (query: AdminCertificateQuery = {}) =>
        unwrap(
          verification.GET("/verification/v1/admin/certificates", { params: { query: compact(query) } }),
        ),
      /** One user's uploaded certificates with their OCR extracts. */
      userCertificates: (userId: string, query: AdminCertificateQuery = {}) =>
        unwrap(
          verification.GET("/verification/v1/admin/users/{user_id}/certificates", {
            params: { path: { user_id: userId }, query: compact(query) },
          }),
        ),
      /** One certificate with its OCR extract and a preview URL valid 5 minutes. */
      certificate: (id: string) =>
        unwrap(verification.GET("/verification/v1/admin/certificates/{id}", repo(id))),
      /** Verifies a pending certificate (409 when already decided). */
      approve: (id: string) =>
        unwrap(verification.POST("/verification/v1/admin/certificates/{id}/approve", repo(id))),
      /** Rejects a pending certificate with notes for the user. */
      reject: (id: string, notes: string) =>
        unwrap(
          verification.POST("/verification/v1/admin/certificates/{id}/reject", {
            ...repo(id),
            body: { notes },
          }),
        ),
      /** The emergency stop's state (who, when, why) and how many applications are held. */
      emergencyStopState: () => unwrap(jobApply.GET("/job-apply/v1/admin/job-apply/emergency-stop")),
      /** Stops (or resumes) every submission platform-wide; audited. */
      setEmergencyStop: (enabled: boolean, reason?: string) =>
        unwrap(
          jobApply.POST("/job-apply/v1/admin/job-apply/emergency-stop", {
            body: reason ? { enabled, reason } : { enabled },
          }),
        ),
      /** Pauses (holds every submission) or resumes one user's applying; audited. */
      pauseUserApplying: (userId: string, pause: boolean, reason?: string) =>
        unwrap(
          jobApply.POST("/job-apply/v1/admin/job-apply/user/{user_id}", {
            params: { path: { user_id: userId } },
            body: reason ? { pause, reason } : { pause },
          }),
        ),
      /** Apply runs across users. */
      applyRuns: (query: AdminJobApplyRunsQuery = {}) =>
        unwrap(jobApply.GET("/job-apply/v1/admin/job-apply/runs", { params: { query: compact(query) } })),
      /** Applications across users. */
      applyApplications: (query: AdminJobApplicationsQuery = {}) =>
        unwrap(
          jobApply.GET("/job-apply/v1/admin/job-apply/applications", { params: { query: compact(query) } }),
        ),
      /** The platform keys, masked. */
      apiKeys: async () => (await unwrap(apiManagement.GET("/api-management/v1/admin/api-management"))).items,
      /** Rotates a platform key; only its last 4 characters come back. */
      rotateApiKey: (service: string, body: { key: string; expiry_at?: string | null }) =>
        unwrap(
          apiManagement.PUT("/api-management/v1/admin/api-management/{service}", {
            params: { path: { service } },
            body,
          }),
        ),
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
