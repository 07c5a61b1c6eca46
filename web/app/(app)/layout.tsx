import { getApplyReadiness, getIntegrations, getJobSettings } from "@/lib/job-search";
import { requireUser } from "@/lib/supabase/server";
import { AppShell } from "./_components/app-shell";
import { autoApplyState } from "./_lib/auto-apply";

/** Every page in this group needs a session, checked on the server before anything renders. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const [job, integrations, readiness] = await Promise.all([
    getJobSettings(user),
    getIntegrations(user),
    getApplyReadiness(user),
  ]);
  return (
    <AppShell
      user={{ email: user.email, displayName: user.displayName, role: user.role }}
      autoApplySummary={job ? autoApplyState(job, integrations, readiness).summary : null}
    >
      {children}
    </AppShell>
  );
}
