"use client";

import { Bell } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";
import { badgeText, useUnreadCount } from "./unread-count";

/** The header's bell: links to /notifications and shows the unread count. */
export function NotificationBell() {
  const pathname = usePathname();
  const count = useUnreadCount();
  const unread = count ?? 0;
  const active = pathname === "/notifications";
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";

  return (
    <Link
      href="/notifications"
      aria-label={label}
      title={label}
      aria-current={active ? "page" : undefined}
      data-test="notification-bell"
      data-unread={count === null ? undefined : unread}
      className={cn(
        "relative inline-flex size-10 items-center justify-center rounded-full text-muted-foreground transition-colors outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
        active && "bg-brand-soft text-brand-ink",
      )}
    >
      <Bell className="size-5" aria-hidden="true" />
      {unread > 0 ? (
        <span
          className="absolute top-1 right-0.5 flex h-[1.125rem] min-w-[1.125rem] items-center justify-center rounded-full bg-primary px-1 text-[0.6875rem] leading-none font-semibold text-primary-foreground ring-2 ring-background"
          data-test="notification-bell-count"
          aria-hidden="true"
        >
          {badgeText(unread)}
        </span>
      ) : null}
    </Link>
  );
}
