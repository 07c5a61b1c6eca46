import type { ExportType } from "@/lib/api";

/** How the export panels name each report type. */
export const EXPORT_TYPE_LABELS: Record<ExportType, string> = {
  applications: "Applications",
  jobs: "Fetched jobs",
  resume_performance: "Resume performance",
  skill_gaps: "Skill gaps",
  users: "Users",
};
