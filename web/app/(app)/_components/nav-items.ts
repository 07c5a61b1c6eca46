import {
  Bell,
  BriefcaseBusiness,
  ChartColumn,
  ClipboardList,
  FileText,
  FolderGit2,
  LayoutDashboard,
  type LucideIcon,
  Settings,
  SlidersHorizontal,
} from "lucide-react";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** `data-test` suffix. */
  id: string;
}

/** The signed-in app's sections, in sidebar order: only sections that are built (no placeholders). */
export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard, id: "dashboard" },
  { href: "/projects", label: "Projects", icon: FolderGit2, id: "projects" },
  { href: "/resumes", label: "Resumes", icon: FileText, id: "resumes" },
  { href: "/jobs", label: "Jobs", icon: BriefcaseBusiness, id: "jobs" },
  { href: "/applications", label: "Applications", icon: ClipboardList, id: "applications" },
  { href: "/job-control", label: "Job Control", icon: SlidersHorizontal, id: "job-control" },
  { href: "/reports", label: "Reports", icon: ChartColumn, id: "reports" },
  { href: "/notifications", label: "Notifications", icon: Bell, id: "notifications" },
  { href: "/settings", label: "Settings", icon: Settings, id: "settings" },
];
