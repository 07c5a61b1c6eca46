import { CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { getIntegrations, getJobSettings } from "@/lib/job-search";
import { getOnboarding } from "@/lib/onboarding";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { PageHeader } from "../_components/page-header";
import { JobControlForm } from "./_components/job-control-form";
import { PortalSchedule } from "./_components/portal-schedule";

export const metadata: Metadata = { title: "Job Control" };

export default async function JobControlPage() {
  const user = await requireUser();
  const [settings, integrations, onboarding, schedule] = await Promise.all([
    getJobSettings(user),
    getIntegrations(user),
    getOnboarding(user),
    serverApi(user.accessToken)
      .jobs.schedule()
      .catch(() => null),
  ]);
  return (
    <>
      <PageHeader
        title="Job Control"
        description="Choose where and what CareerPilot searches for, and whether it applies for you."
      />
      {settings ? (
        <>
          <JobControlForm
            initial={settings}
            integrations={integrations}
            careerMinLpa={onboarding ? onboarding.min_target_lpa : undefined}
          />
          <PortalSchedule portals={schedule} />
        </>
      ) : (
        <Alert variant="destructive" data-test="job-control-unavailable">
          <CircleAlert />
          <AlertDescription>
            Your job settings could not be loaded. Refresh the page to try again.
          </AlertDescription>
        </Alert>
      )}
    </>
  );
}
