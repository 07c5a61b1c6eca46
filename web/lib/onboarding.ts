import { type Integration, type Onboarding, type Profile, WIZARD_STEPS, type WizardStep } from "@/lib/api";
import { type CurrentUser, serverApi } from "@/lib/supabase/server";

/**
 * Where a signed-in user lands: admins in the admin console; job seekers in the wizard until
 * onboarding is completed, then the dashboard.
 */
export type HomePath = "/admin" | "/onboarding" | "/dashboard";

/** The admin console's address: where admins land after signing in. */
export const ADMIN_HOME = "/admin";

/** The user's onboarding record, or null when the onboarding stack cannot be reached. */
export async function getOnboarding(user: CurrentUser): Promise<Onboarding | null> {
  try {
    return await serverApi(user.accessToken).onboarding.get();
  } catch {
    return null;
  }
}

/** What the onboarding wizard and Settings both start from (each null when its stack is unreachable). */
export interface SetupData {
  onboarding: Onboarding | null;
  integrations: Integration[] | null;
  /** The caller's profile (display name, LinkedIn URL). */
  profile: Profile | null;
}

/** Loads the onboarding record, the integrations and the profile, in parallel. */
export async function loadSetupData(user: CurrentUser): Promise<SetupData> {
  const api = serverApi(user.accessToken);
  const [onboarding, integrations, profile] = await Promise.all([
    getOnboarding(user),
    api.integrations.list().catch((): Integration[] | null => null),
    api.authIdentity.profile().catch((): Profile | null => null),
  ]);
  return { onboarding, integrations, profile };
}

/**
 * Where to send `user` after sign-in (and from `/auth` when already signed in), decided on the
 * server: admins go to the admin console (they are not job seekers, so never into the wizard);
 * everyone else by `GET /onboarding/v1/onboarding`. If that stack is unreachable the dashboard is
 * the safe default: it shows an onboarding card of its own.
 */
export async function homePathFor(user: CurrentUser): Promise<HomePath> {
  if (user.role === "admin") return ADMIN_HOME;
  const onboarding = await getOnboarding(user);
  if (!onboarding) return "/dashboard";
  return onboarding.completed ? "/dashboard" : "/onboarding";
}

/** A `?step=` value, if it names a wizard step. */
export function parseStep(raw: string | undefined): WizardStep | undefined {
  return WIZARD_STEPS.find((s) => s === raw);
}
