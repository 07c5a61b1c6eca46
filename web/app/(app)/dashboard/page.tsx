import { LayoutDashboard } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "../_components/coming-soon";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <ComingSoon
      title="Dashboard"
      description="Your job search at a glance."
      icon={LayoutDashboard}
      upcoming={[
        "Job search status, projects synced and résumé versions",
        "Verified certificates and skill-gap alerts",
        "Quick actions to Projects, Reports and Job Control",
      ]}
    />
  );
}
