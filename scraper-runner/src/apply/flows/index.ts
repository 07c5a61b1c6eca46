/**
 * The portal apply flows, one per portal: `applyFlows[portal].apply(page, input)` drives that
 * portal's apply UI for one job in a fresh page; `checkApplied(page, input)` asks the portal
 * whether this job is already applied (used after a crash between the submit click and the
 * record, so a retry never submits twice). The orchestration owns the browser, the page and
 * every record; see ./types.ts for the contract.
 */
import type { Page } from "playwright-core";
import type { Portal } from "../../../../supabase/functions/_shared/contract/enums.ts";
import type { Config } from "../../config.js";
import { indeedFlow } from "./indeed.js";
import { linkedinFlow } from "./linkedin.js";
import { naukriFlow } from "./naukri.js";
import type { ApplyInput, ApplyOutcome } from "./types.js";

export type { Answer, ApplyInput, ApplyOutcome, ScreeningQuestion } from "./types.js";

/** One portal's apply flow. */
export interface ApplyFlow {
  apply(page: Page, input: ApplyInput): Promise<ApplyOutcome>;
  checkApplied(page: Page, input: ApplyInput): Promise<boolean>;
}

export const applyFlows: Record<Portal, ApplyFlow> = {
  linkedin: linkedinFlow,
  naukri: naukriFlow,
  indeed: indeedFlow,
};

/** Where each portal's pages are (config: LINKEDIN_BASE_URL, NAUKRI_BASE_URL, INDEED_BASE_URL). */
export function applyBaseUrls(portals: Config["portals"]): Record<Portal, string> {
  return {
    linkedin: portals.linkedinBaseUrl,
    naukri: portals.naukriBaseUrl,
    indeed: portals.indeedWebBaseUrl,
  };
}

/**
 * The job page to apply from, on the configured base URL: the fetched `job_url` points at the
 * portal's public host (in.linkedin.com, in.indeed.com…), which tests and staging replace.
 * LinkedIn `/jobs/view/<id>/`, Indeed `/viewjob?jk=<id>`, Naukri the stored path
 * (`/job-listings-<slug>-<id>`; Naukri needs the slug).
 */
export function applyJobUrl(
  portal: Portal,
  baseUrl: string,
  externalJobId: string,
  storedJobUrl?: string,
): string {
  const base = baseUrl.replace(/\/+$/, "");
  if (portal === "linkedin") return `${base}/jobs/view/${encodeURIComponent(externalJobId)}/`;
  if (portal === "indeed") return `${base}/viewjob?jk=${encodeURIComponent(externalJobId)}`;
  let path = "";
  try {
    path = storedJobUrl ? new URL(storedJobUrl, base).pathname : "";
  } catch {
    path = "";
  }
  return `${base}${path.startsWith("/job-listings-") ? path : `/job-listings-${encodeURIComponent(externalJobId)}`}`;
}
