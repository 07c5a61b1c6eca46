"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { toast } from "sonner";

/**
 * Keeps toasts from piling up across pages: a toast may follow the user to the next page (a save
 * that navigates, like "You are all set" → dashboard), but the next navigation after that
 * dismisses it.
 */
export function ToastRouteReset() {
  const pathname = usePathname();
  const carried = useRef<Set<string | number>>(new Set());
  useEffect(() => {
    void pathname;
    for (const id of carried.current) toast.dismiss(id);
    carried.current = new Set(toast.getToasts().map((t) => t.id));
  }, [pathname]);
  return null;
}
