/**
 * The shapes the web exchanges with the stack functions, named for the UI. Every request and
 * response type is an alias of a type generated from the functions' OpenAPI documents
 * (./generated, `npm run gen:api`), so a changed route breaks the build instead of the page. The
 * option lists the UI renders (steps, portals, providers, …) are checked against the generated
 * enums at compile time.
 */
import {
  COMPANY_TYPES,
  type CompanyType,
  type NotificationType,
  PORTALS,
  type Portal,
  PROVIDERS,
  type Provider,
  VIDEO_STATUSES as STORED_VIDEO_STATUSES,
  TOKEN_PROVIDERS,
  type TokenProvider,
} from "@contract";
import { z } from "zod";
import type * as AuthIdentity from "./generated/auth-identity";
import type * as Integrations from "./generated/integrations";
import type * as Notifications from "./generated/notifications";
import type * as Onboarding_ from "./generated/onboarding";
import type * as Projects from "./generated/projects";
import type * as Resumes_ from "./generated/resumes";

/** The generated `components.schemas` of each function. */
type AuthIdentitySchemas = AuthIdentity.components["schemas"];
type OnboardingSchemas = Onboarding_.components["schemas"];
type IntegrationsSchemas = Integrations.components["schemas"];
type ProjectsSchemas = Projects.components["schemas"];
type NotificationsSchemas = Notifications.components["schemas"];

/** `true` only when A and B are the same union; assigning `true` fails the build otherwise. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

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

// ---------------------------------------------------------------- auth-identity

/** `GET /auth-identity/v1/auth/session`. */
export type AuthSession = AuthIdentitySchemas["Session"];
/** `GET|PATCH /auth-identity/v1/auth/profile`. */
export type Profile = AuthIdentitySchemas["Profile"];
/** `PATCH /auth-identity/v1/auth/profile` body: the fields to change (`linkedin_url` null or "" removes it). */
export type ProfilePatch = AuthIdentitySchemas["ProfilePatch"];

/** The display-name rule of `PATCH /v1/auth/profile`, for the forms that edit it. */
export const ProfileUpdate = z.object({
  display_name: z.string().trim().min(1, "Enter a display name").max(80, "Keep it under 80 characters"),
});
export type ProfileUpdate = z.infer<typeof ProfileUpdate>;

// ---------------------------------------------------------------- onboarding

export type Onboarding = OnboardingSchemas["Onboarding"];
/** `PUT /onboarding/v1/onboarding` body: every field optional, merged into the stored record. */
export type OnboardingUpdate = OnboardingSchemas["OnboardingUpdate"];
export type JobSettings = OnboardingSchemas["JobSettings"];
export type JobSettingsUpdate = OnboardingSchemas["JobSettingsUpdate"];

/** Wizard steps, in order (`onboarding.current_step`). */
export const WIZARD_STEPS = ["profile", "career", "integrations", "review"] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
const wizardStepsMatch: Same<WizardStep, Onboarding["current_step"]> = true;

// The shared vocabularies are the contract module's (supabase/functions/_shared/contract); the
// checks below keep them equal to what the generated documents say.
export {
  COMPANY_TYPES,
  type CompanyType,
  PORTALS,
  type Portal,
  PROVIDERS,
  type Provider,
  TOKEN_PROVIDERS,
  type TokenProvider,
};

const portalsMatch: Same<Portal, JobSettings["portals"][number]> = true;

const companyTypesMatch: Same<CompanyType, JobSettings["company_types"][number]> = true;

/** At most this many roles / locations, each at most {@link MAX_ITEM_LENGTH} characters (as the API). */
export const MAX_ITEMS = 10;
export const MAX_ITEM_LENGTH = 80;
export const MAX_LPA = 1000;

// ---------------------------------------------------------------- integrations

export type Integration = IntegrationsSchemas["Integration"];

const providersMatch: Same<Provider, IntegrationsSchemas["IntegrationProvider"]> = true;

const tokenProvidersMatch: Same<TokenProvider, IntegrationsSchemas["SaveTokenRequest"]["provider"]> = true;

/** True when the provider is usable now (connected, token not expired). */
export function isConnected(i: Pick<Integration, "status"> | undefined): boolean {
  return i?.status === "connected";
}

// ---------------------------------------------------------------- projects

export type Project = ProjectsSchemas["Project"];
/** `GET /projects/v1/projects`: one page of repositories plus the sync and GitHub state. */
export type ProjectList = ProjectsSchemas["ProjectPage"];
export type ProjectListQuery = NonNullable<
  Projects.paths["/projects/v1/projects"]["get"]["parameters"]["query"]
>;
/**
 * A repository sync run (`POST /projects/v1/projects/sync` answers 202 with one;
 * `GET /projects/v1/projects/sync-runs/{id|latest}`): queued → running → succeeded | failed.
 */
export type ProjectSyncRun = ProjectsSchemas["ProjectsSyncRun"];
export type ProjectDescription = ProjectsSchemas["DescribeResult"];
export type ProjectVideoSummary = NonNullable<ProjectsSchemas["ProjectVideoSummary"]>;
/** `POST /projects/v1/projects/:id/video/signed-url`: where to PUT the original clip. */
export type VideoUploadTarget = ProjectsSchemas["VideoUploadTarget"];
/** `GET /projects/v1/projects/:id/video`: status and, once transcoded, signed playback URLs. */
export type ProjectVideo = ProjectsSchemas["ProjectVideo"];

/** Where the user's GitHub connection stands, as the projects list reports it. */
export const GITHUB_STATES = ["connected", "needs_reconnect", "revoked", "not_connected"] as const;
export type GithubState = (typeof GITHUB_STATES)[number];
const githubStatesMatch: Same<GithubState, ProjectList["github"]["status"]> = true;

/** An intro video's life: URL issued → uploaded → processing → transcoded (ready) or failed. */
export const VIDEO_STATUSES = ["none", ...STORED_VIDEO_STATUSES] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];
const videoStatusesMatch: Same<VideoStatus, ProjectVideo["status"]> = true;

/** Content types an intro video may have, and its size and length limits (as the API and runner). */
export const VIDEO_CONTENT_TYPES = ["video/webm", "video/mp4"] as const;
export type VideoContentType = (typeof VIDEO_CONTENT_TYPES)[number];
const videoContentTypesMatch: Same<VideoContentType, ProjectsSchemas["VideoUploadRequest"]["content_type"]> =
  true;
export const MAX_VIDEO_BYTES = 50 * 1024 * 1024;
export const MIN_VIDEO_SEC = 20;
export const MAX_VIDEO_SEC = 30;

// ---------------------------------------------------------------- notifications

/** One notification (`GET /notifications/v1/notifications` item). */
export type AppNotification = NotificationsSchemas["Notification"];
/** `GET /notifications/v1/notifications`: a page plus the caller's unread count. */
export type NotificationPage = NotificationsSchemas["NotificationPage"];
/** Settings › Notifications & privacy. */
export type NotificationPreferences = NotificationsSchemas["NotificationPreferences"];

/**
 * The notification types the web has a label and an icon for (the contract's list). Each stack
 * registers its own types in its migration, so the API may send others: they show with a
 * generic label.
 */
export { NOTIFICATION_TYPES, type NotificationType } from "@contract";

export interface NotificationListQuery {
  page?: number;
  page_size?: number;
  type?: NotificationType;
  /** true: only read; false: only unread; undefined: all. */
  read?: boolean;
}

// ---------------------------------------------------------------- resumes

type ResumesSchemas = Resumes_.components["schemas"];
export type Resume = ResumesSchemas["Resume"];
export type ResumeList = ResumesSchemas["ResumeList"];
export type ResumeCreate = ResumesSchemas["ResumeCreate"];
export type ResumePatch = ResumesSchemas["ResumePatch"];
export type BuildRequest = ResumesSchemas["ResumeBuild"];
export type BuildResult = ResumesSchemas["ResumeBuildResult"];
export type ResumeVersionSummary = ResumesSchemas["ResumeVersionSummary"];
export type ResumeVersion = ResumesSchemas["ResumeVersion"];
export type RejectedClaim = ResumesSchemas["ResumeRejectedClaim"];
export type AtsRequest = ResumesSchemas["ResumeAtsRequest"];
export type AtsResult = ResumesSchemas["ResumeAtsResult"];
export type CareerEntry = ResumesSchemas["CareerEntry"];
export type CareerRecord = ResumesSchemas["CareerRecord"];
export type CareerEntryPatch = ResumesSchemas["CareerEntryPatch"];
/** `POST /v1/career-record` body: `{kind, data}` checked by the contract's schemas. */
export type CareerEntryCreate =
  Resumes_.paths["/resumes/v1/career-record"]["post"]["requestBody"]["content"]["application/json"];

// The checks above are compile-time only.
void [
  wizardStepsMatch,
  portalsMatch,
  companyTypesMatch,
  providersMatch,
  tokenProvidersMatch,
  githubStatesMatch,
  videoStatusesMatch,
  videoContentTypesMatch,
];
