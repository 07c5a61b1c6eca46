import { cache } from "react";
import type { ApplyReadiness } from "@/app/(app)/_lib/auto-apply";
import type { Integration, JobApplySettings, JobSettings } from "@/lib/api";
import { type CurrentUser, serverApi } from "@/lib/supabase/server";

/**
 * The user's job settings for this request, or null when the onboarding stack cannot be reached.
 * Cached per request: the shell's sidebar and the page read the same answer.
 */
export const getJobSettings = cache(
  async (user: CurrentUser): Promise<JobSettings | null> =>
    serverApi(user.accessToken)
      .onboarding.jobSettings()
      .catch(() => null),
);

/** The user's integrations for this request (null when unreachable), cached like {@link getJobSettings}. */
export const getIntegrations = cache(
  async (user: CurrentUser): Promise<Integration[] | null> =>
    serverApi(user.accessToken)
      .integrations.list()
      .catch(() => null),
);

/**
 * What auto-apply's prerequisites read from the apply side, cached like {@link getJobSettings}:
 * the user's résumés and their apply settings (caps, pauses). A part that cannot be loaded is null.
 */
export const getApplyReadiness = cache(
  async (user: CurrentUser): Promise<ApplyReadiness & { settings: JobApplySettings | null }> => {
    const api = serverApi(user.accessToken);
    const [resumes, settings] = await Promise.all([
      api.resumes
        .list()
        .then((r) => r.items)
        .catch(() => null),
      api.jobApply.settings().catch(() => null),
    ]);
    return { resumes, settings };
  },
);
