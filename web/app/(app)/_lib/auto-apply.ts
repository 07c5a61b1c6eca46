import { type Integration, isConnected, type JobSettings } from "@/lib/api";
import { PORTAL_LABELS } from "./forms";

/** One thing auto-apply needs before it can send an application. */
export interface Prerequisite {
  id: "resume" | "portal-access" | "caps" | "search";
  label: string;
  ready: boolean;
  /** What is missing and where to fix it (shown when not ready). */
  detail: string;
  href?: string;
}

/**
 * What auto-apply needs, checked against what the user has: a résumé to send, a token for each
 * chosen portal, a daily cap, and a running job search. Résumés and caps are not in this app yet,
 * so they are honestly reported as missing rather than assumed.
 */
export function autoApplyPrerequisites(
  job: Pick<JobSettings, "portals" | "search_active">,
  integrations: Integration[] | null,
): Prerequisite[] {
  const missingPortals = job.portals.filter(
    (p) => !isConnected(integrations?.find((i) => i.provider === p && i.token !== null)),
  );
  return [
    {
      id: "resume",
      label: "A résumé to apply with",
      ready: false,
      detail: "Résumés are not available yet, so there is none to send.",
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
      ready: false,
      detail: "Caps are not available yet: nothing would limit how many applications go out.",
    },
    {
      id: "search",
      label: "A running job search",
      ready: job.search_active,
      detail: "Job search is paused, so no jobs are found to apply to.",
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
): AutoApplyState {
  const missing = autoApplyPrerequisites(job, integrations).filter((p) => !p.ready);
  const summary = !job.auto_apply
    ? "Auto-apply is off: nothing is sent to employers."
    : missing.length > 0
      ? `Auto-apply is on, but waiting for: ${missing.map((m) => m.label.toLowerCase()).join(", ")}.`
      : "Auto-apply is on: CareerPilot applies to matching jobs.";
  return { on: job.auto_apply, missing, summary };
}
