"use client";

import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import { browserApi } from "@/lib/supabase/client";

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
export function badgeText(n: number): string {
  return n > 99 ? "99+" : String(n);
}

const UnreadCount = createContext<number | null>(null);

/** The unread count, or null before the first answer. Inside {@link UnreadCountProvider}. */
export function useUnreadCount(): number | null {
  return useContext(UnreadCount);
}

/**
 * Holds the signed-in user's unread notification count for the whole shell (the bell and the
 * sidebar read it, one request between them). Refreshes on every navigation, every minute while
 * the tab is visible, when the tab comes back into view, and when the notifications page
 * announces a change.
 */
export function UnreadCountProvider({ children }: { children: React.ReactNode }) {
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

  return <UnreadCount.Provider value={count}>{children}</UnreadCount.Provider>;
}
