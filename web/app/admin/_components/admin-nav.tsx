"use client";

import {
  Bell,
  ChartColumn,
  FileCheck2,
  KeyRound,
  LayoutDashboard,
  OctagonPause,
  ScrollText,
  Users,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const ITEMS = [
  { href: "/admin", label: "Dashboard", icon: LayoutDashboard, id: "dashboard" },
  { href: "/admin/users", label: "Users", icon: Users, id: "users" },
  { href: "/admin/certificates", label: "Certificates", icon: FileCheck2, id: "certificates" },
  { href: "/admin/control", label: "Apply control", icon: OctagonPause, id: "control" },
  { href: "/admin/api-management", label: "API Management", icon: KeyRound, id: "api-management" },
  { href: "/admin/notifications", label: "Notifications", icon: Bell, id: "notifications" },
  { href: "/admin/reports", label: "Reports", icon: ChartColumn, id: "reports" },
  { href: "/admin/audit", label: "Audit log", icon: ScrollText, id: "audit" },
];

/** The console's sections; the current one is highlighted. */
export function AdminNav() {
  const path = usePathname();
  return (
    <ul className="flex gap-1 overflow-x-auto lg:flex-col">
      {ITEMS.map((item) => {
        const active = item.href === "/admin" ? path === "/admin" : path.startsWith(item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              data-test={`admin-nav-${item.id}`}
              className={cn(
                "flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap text-muted-foreground hover:bg-muted hover:text-foreground",
                active && "bg-muted text-foreground",
              )}
            >
              <item.icon className="size-4" aria-hidden />
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
