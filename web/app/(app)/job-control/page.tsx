import { CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import type { JobApplyUsage } from "@/lib/api";
import { getApplyReadiness, getIntegrations, getJobSettings } from "@/lib/job-search";
import { getOnboarding } from "@/lib/onboarding";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { PageHeader } from "../_components/page-header";
import { PauseBanner } from "../applications/_components/pause-banner";
import { ApplySettingsForm } from "./_components/apply-settings-form";
import { ApplyUsage } from "./_components/apply-usage";
import { JobControlForm } from "./_components/job-control-form";
import { PortalSchedule } from "./_components/portal-schedule";

export const metadata: Metadata = { title: "Job Control" };

export default async function JobControlPage() {
  const user = await requireUser();
  const [settings, integrations, onboarding, schedule, readiness, usage] = await Promise.all([
    getJobSettings(user),
    getIntegrations(user),
    getOnboarding(user),
    serverApi(user.accessToken)
      .jobs.schedule()
      .catch(() => null),
    getApplyReadiness(user),
    serverApi(user.accessToken)
      .jobApply.usage()
      .catch((): JobApplyUsage | null => null),
  ]);
  const applySettings = readiness.settings;
  return (
    <>
      <PageHeader
        title="Job Control"
        description="Choose where and what CareerPilot searches for, and whether it applies for you."
      />
      {settings ? (
        <>
          {usage ? <PauseBanner pause={usage.pause} showJobControlLink={false} /> : null}
          <JobControlForm
            initial={settings}
            integrations={integrations}
            readiness={readiness}
            careerMinLpa={onboarding ? onboarding.min_target_lpa : undefined}
          />
          <div className="mt-6 grid gap-6">
            {applySettings ? (
              <ApplySettingsForm initial={applySettings} autoApply={settings.auto_apply} />
            ) : (
              <Alert variant="destructive" data-test="apply-settings-unavailable">
                <CircleAlert />
                <AlertDescription>
                  Your applying settings could not be loaded. Refresh the page to try again.
                </AlertDescription>
              </Alert>
            )}
            {usage ? <ApplyUsage usage={usage} /> : null}
            <PortalSchedule portals={schedule} />
          </div>
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
