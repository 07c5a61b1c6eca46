import { SlidersHorizontal } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "../_components/coming-soon";

export const metadata: Metadata = { title: "Job Control" };

export default function JobControlPage() {
  return (
    <ComingSoon
      title="Job Control"
      description="Decide where, what and how CareerPilot searches and applies."
      icon={SlidersHorizontal}
      upcoming={[
        "Start or stop job search; turn auto-apply on or off",
        "Choose portals: LinkedIn, Naukri, Indeed",
        "Filter by role, location, minimum LPA and company type",
      ]}
    />
  );
}
