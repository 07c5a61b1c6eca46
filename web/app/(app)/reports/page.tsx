import { ChartColumn } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "../_components/coming-soon";

export const metadata: Metadata = { title: "Reports" };

export default function ReportsPage() {
  return (
    <ComingSoon
      title="Reports"
      description="What is working in your job search."
      icon={ChartColumn}
      upcoming={[
        "Applications over time and by portal",
        "Résumé performance and skill-gap analytics",
        "CSV/PDF exports and daily or weekly email reports",
      ]}
    />
  );
}
