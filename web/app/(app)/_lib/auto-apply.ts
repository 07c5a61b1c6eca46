import {
  type Integration,
  isConnected,
  type JobApplySettings,
  type JobSettings,
  type Resume,
} from "@/lib/api";
import { PORTAL_LABELS } from "./forms";

/**
 * What the apply side has for the user (null parts could not be loaded, and count as missing):
 * their résumés, and their apply settings (daily caps, and whether applying is paused).
 */
export interface ApplyReadiness {
  resumes: Pick<Resume, "active_version_id">[] | null;
  settings: Pick<JobApplySettings, "daily_caps" | "pause"> | null;
}

/** One thing auto-apply needs before it can send an application. */
export interface Prerequisite {
  id: "resume" | "portal-access" | "caps" | "search" | "not-paused";
  label: string;
  ready: boolean;
  /** What is missing and where to fix it (shown when not ready). */
  detail: string;
  href?: string;
}

/**
 * What auto-apply needs, checked against what the user has: a résumé with a version to send, a
 * token for each chosen portal, a daily cap above 0 on each chosen portal, a running job search,
 * and applying not paused (the platform's emergency stop or an administrator's pause). Anything
 * that could not be loaded is reported as missing rather than assumed.
 */
export function autoApplyPrerequisites(
  job: Pick<JobSettings, "portals" | "search_active">,
  integrations: Integration[] | null,
  readiness: ApplyReadiness,
): Prerequisite[] {
  const missingPortals = job.portals.filter(
    (p) => !isConnected(integrations?.find((i) => i.provider === p && i.token !== null)),
  );
  const caps = readiness.settings?.daily_caps;
  const zeroCaps = caps ? job.portals.filter((p) => caps[p] <= 0) : [];
  const pause = readiness.settings?.pause;
  return [
    {
      id: "resume",
      label: "A résumé to apply with",
      ready: Boolean(readiness.resumes?.some((r) => r.active_version_id !== null)),
      detail:
        readiness.resumes === null
          ? "Your résumés could not be checked. Refresh to try again."
          : "Build a résumé version in Résumés: there is none to send yet.",
      href: readiness.resumes === null ? undefined : "/resumes",
    },
    {
      id: "portal-access",
      label: "Access to your portals",
      ready: job.portals.length > 0 && missingPortals.length === 0,
      detail:
        job.portals.length === 0
          ? "No portal chosen yet: choose one under Portals."
          : `Add your ${missingPortals.map((p) => PORTAL_LABELS[p]).join(", ")} token in Settings.`,
      href: job.portals.length === 0 ? undefined : "/settings#api-keys",
    },
    {
      id: "caps",
      label: "A daily application cap",
      ready: caps !== undefined && job.portals.length > 0 && zeroCaps.length === 0,
      detail:
        caps === undefined
          ? "Your caps could not be checked. Refresh to try again."
          : job.portals.length === 0
            ? "Choose a portal first: caps are per portal."
            : `The daily cap is 0 for ${zeroCaps.map((p) => PORTAL_LABELS[p]).join(", ")}: raise it under Applying.`,
      href: caps === undefined || job.portals.length === 0 ? undefined : "/job-control#apply-settings",
    },
    {
      id: "search",
      label: "A running job search",
      ready: job.search_active,
      detail: "Job search is paused, so no jobs are found to apply to.",
    },
    {
      id: "not-paused",
      label: "Applying not paused",
      ready: pause !== undefined && !pause.applying_paused,
      detail:
        pause === undefined
          ? "Whether applying is paused could not be checked."
          : (pause.message ?? "Applying is paused for your account."),
    },
  ];
}

/** Auto-apply's state as every page shows it: the switch, and whether it can actually apply. */
export interface AutoApplyState {
  on: boolean;
  /** Prerequisites still missing (empty when auto-apply can apply). */
  missing: Prerequisite[];
  /** One sentence for badges and the sidebar. */
  summary: string;
}

/** The single source for "is auto-apply on?" used by the dashboard, the sidebar and Job Control. */
export function autoApplyState(
  job: Pick<JobSettings, "portals" | "search_active" | "auto_apply">,
  integrations: Integration[] | null,
  readiness: ApplyReadiness,
): AutoApplyState {
  const missing = autoApplyPrerequisites(job, integrations, readiness).filter((p) => !p.ready);
  const summary = !job.auto_apply
    ? "Auto-apply is off: nothing is sent to employers."
    : missing.length > 0
      ? `Auto-apply is on, but waiting for: ${missing.map((m) => m.label.toLowerCase()).join(", ")}.`
      : "Auto-apply is on: CareerPilot applies to matching jobs.";
  return { on: job.auto_apply, missing, summary };
}
