"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";
import { NAV_ITEMS } from "./nav-items";
import { badgeText, useUnreadCount } from "./unread-count";

/** The section links; the current one is highlighted and marked `aria-current="page"`. */
export function NavLinks({ prefix, onNavigate }: { prefix: "nav" | "mobile-nav"; onNavigate?: () => void }) {
  const pathname = usePathname();
  const unread = useUnreadCount() ?? 0;
  return (
    <ul className="grid gap-1">
      {NAV_ITEMS.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              data-test={`${prefix}-${item.id}`}
              className={cn(
                "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
                active
                  ? "bg-brand-soft text-brand-ink"
                  : "text-muted-foreground hover:bg-muted hover:text-foreground",
              )}
            >
              <item.icon className={cn("size-4 shrink-0", active ? "text-primary" : "")} />
              {item.label}
              {item.id === "notifications" && unread > 0 ? (
                <span
                  className="ml-auto rounded-full bg-primary px-1.5 py-0.5 text-[0.6875rem] leading-none font-semibold tabular-nums text-primary-foreground"
                  data-test={`${prefix}-notifications-count`}
                >
                  {badgeText(unread)}
                  <span className="sr-only"> unread</span>
                </span>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
