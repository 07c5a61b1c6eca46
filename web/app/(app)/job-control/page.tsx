import { CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { PageHeader } from "../_components/page-header";
import { JobControlForm } from "./_components/job-control-form";

export const metadata: Metadata = { title: "Job Control" };

export default async function JobControlPage() {
  const user = await requireUser();
  const settings = await serverApi(user.accessToken)
    .onboarding.jobSettings()
    .catch(() => null);
  return (
    <>
      <PageHeader
        title="Job Control"
        description="Choose where and what CareerPilot searches for, and whether it applies for you."
      />
      {settings ? (
        <JobControlForm initial={settings} />
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
