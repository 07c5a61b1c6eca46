import { type Integration, type Onboarding, WIZARD_STEPS, type WizardStep } from "@/lib/api";
import { type CurrentUser, createClient, serverApi } from "@/lib/supabase/server";

/** Where a signed-in user lands: the wizard until onboarding is completed, then the dashboard. */
export type HomePath = "/onboarding" | "/dashboard";

/** The user's onboarding record, or null when the onboarding stack cannot be reached. */
export async function getOnboarding(user: CurrentUser): Promise<Onboarding | null> {
  try {
    return await serverApi(user.accessToken).onboarding.get();
  } catch {
    return null;
  }
}

/** What the onboarding wizard and Settings both start from (onboarding, integrations: null when unreachable). */
export interface SetupData {
  onboarding: Onboarding | null;
  integrations: Integration[] | null;
  /** The auth user's `user_metadata` (LinkedIn URL, notification preferences, ...). */
  metadata: Record<string, unknown>;
}

/** Loads the onboarding record, the integrations and the auth user's metadata, in parallel. */
export async function loadSetupData(user: CurrentUser): Promise<SetupData> {
  const supabase = await createClient();
  const [onboarding, integrations, authUser] = await Promise.all([
    getOnboarding(user),
    serverApi(user.accessToken)
      .integrations.list()
      .catch((): Integration[] | null => null),
    supabase.auth.getUser(),
  ]);
  return { onboarding, integrations, metadata: authUser.data.user?.user_metadata ?? {} };
}

/**
 * Where to send `user` after sign-in (and from `/auth` when already signed in), decided on the
 * server from `GET /onboarding/v1/onboarding`. If the stack is unreachable the dashboard is the
 * safe default: it shows an onboarding card of its own.
 */
export async function homePathFor(user: CurrentUser): Promise<HomePath> {
  const onboarding = await getOnboarding(user);
  if (!onboarding) return "/dashboard";
  return onboarding.completed ? "/dashboard" : "/onboarding";
}

/** A `?step=` value, if it names a wizard step. */
export function parseStep(raw: string | undefined): WizardStep | undefined {
  return WIZARD_STEPS.find((s) => s === raw);
}
