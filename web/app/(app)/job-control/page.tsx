import { CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { PageHeader } from "../_components/page-header";
import { JobControlForm } from "./_components/job-control-form";
import { PortalSchedule } from "./_components/portal-schedule";

export const metadata: Metadata = { title: "Job Control" };

export default async function JobControlPage() {
  const user = await requireUser();
  const api = serverApi(user.accessToken);
  const [settings, schedule] = await Promise.all([
    api.onboarding.jobSettings().catch(() => null),
    api.jobs.schedule().catch(() => null),
  ]);
  return (
    <>
      <PageHeader
        title="Job Control"
        description="Choose where and what CareerPilot searches for, and whether it applies for you."
      />
      {settings ? (
        <>
          <JobControlForm initial={settings} />
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
