"use client";

import { Bell } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { browserApi } from "@/lib/supabase/client";
import { cn } from "@/lib/utils";

/** How often the bell asks for the unread count while the tab is visible. */
const REFRESH_MS = 60_000;

/**
 * Dispatched on `window` by whatever changes read state (the notifications page), so the bell
 * updates at once instead of at its next refresh. `detail.unread_count`, when known, is used as is.
 */
export const NOTIFICATIONS_CHANGED = "careerpilot:notifications-changed";

export function announceNotificationsChanged(unreadCount?: number) {
  window.dispatchEvent(new CustomEvent(NOTIFICATIONS_CHANGED, { detail: { unread_count: unreadCount } }));
}

/** "3", "99+". */
function badgeText(n: number): string {
  return n > 99 ? "99+" : String(n);
}

/**
 * The header's bell: links to /notifications and shows the unread count. Refreshes on every
 * navigation, every minute while the tab is visible, when the tab comes back into view, and
 * when the notifications page announces a change.
 */
export function NotificationBell() {
  const pathname = usePathname();
  const [count, setCount] = useState<number | null>(null);
  const latest = useRef(0);

  const refresh = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const n = await browserApi().notifications.unreadCount();
      if (ticket === latest.current) setCount(n);
    } catch {
      // Keep the last known count; the next refresh tries again.
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh on every navigation
  useEffect(() => {
    void refresh();
  }, [pathname, refresh]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") void refresh();
    }, REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === "visible") void refresh();
    };
    const onChanged = (e: Event) => {
      const known = (e as CustomEvent<{ unread_count?: number }>).detail?.unread_count;
      if (typeof known === "number") {
        latest.current++;
        setCount(known);
      } else {
        void refresh();
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener(NOTIFICATIONS_CHANGED, onChanged);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener(NOTIFICATIONS_CHANGED, onChanged);
    };
  }, [refresh]);

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
