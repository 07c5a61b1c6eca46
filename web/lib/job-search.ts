import { cache } from "react";
import type { Integration, JobSettings } from "@/lib/api";
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
