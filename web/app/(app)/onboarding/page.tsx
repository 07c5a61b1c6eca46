import { CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { loadSetupData, parseStep } from "@/lib/onboarding";
import { requireUser } from "@/lib/supabase/server";
import { OnboardingWizard } from "./_components/onboarding-wizard";

export const metadata: Metadata = { title: "Set up CareerPilot" };

/**
 * The display name to prefill, unless it is only the default the account got at sign-up (the
 * email's local part, which is not a person's name): then the field starts empty.
 */
function realName(displayName: string | null, email: string | null): string {
  if (!displayName) return "";
  const localPart = email?.split("@")[0] ?? "";
  return displayName.trim().toLowerCase() === localPart.toLowerCase() ? "" : displayName;
}

export default async function OnboardingPage({
  searchParams,
}: {
  searchParams: Promise<{ step?: string; github?: string; reason?: string }>;
}) {
  const user = await requireUser();
  const { step, github, reason } = await searchParams;
  const { onboarding, integrations, profile } = await loadSetupData(user);

  if (!onboarding) {
    return (
      <Alert variant="destructive" data-test="onboarding-unavailable">
        <CircleAlert />
        <AlertDescription>Onboarding could not be loaded. Refresh the page to try again.</AlertDescription>
      </Alert>
    );
  }
  // Returning from GitHub lands on the Integrations step, whatever was saved.
  const initialStep = github ? "integrations" : (parseStep(step) ?? onboarding.current_step);

  return (
    <OnboardingWizard
      initialStep={initialStep}
      onboarding={onboarding}
      integrations={integrations}
      profile={{
        displayName: realName(user.displayName, user.email),
        email: user.email ?? "",
        linkedinUrl: profile?.linkedin_url ?? "",
      }}
      githubResult={github === "connected" ? "connected" : github === "error" ? { reason } : undefined}
    />
  );
}
