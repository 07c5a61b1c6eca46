/**
 * The portal apply flows, one per portal: `applyFlows[portal].apply(page, input)` drives that
 * portal's apply UI for one job in a fresh page; `checkApplied(page, input)` asks the portal
 * whether this job is already applied (used after a crash between the submit click and the
 * record, so a retry never submits twice). The orchestration owns the browser, the page and
 * every record; see ./types.ts for the contract.
 */
import type { Page } from "playwright-core";
import type { Portal } from "../../../../supabase/functions/_shared/contract/enums.ts";
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
