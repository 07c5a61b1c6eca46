import { DemoModeBadge } from "@/components/demo-badge";
import { Logo } from "@/components/logo";
import { ThemeToggle } from "@/components/theme-toggle";
import { MobileNav } from "./mobile-nav";
import { NavLinks } from "./nav-links";
import { NotificationBell } from "./notification-bell";
import { UnreadCountProvider } from "./unread-count";
import { type ShellUser, UserMenu } from "./user-menu";

/** Signed-in frame: sidebar on large screens, a top bar with the drawer, the notification bell and the account menu. */
export function AppShell({
  user,
  autoApplySummary,
  children,
}: {
  user: ShellUser;
  /** Auto-apply's state in one sentence, from the same source as the dashboard (null: unknown; left out: not shown). */
  autoApplySummary?: string | null;
  children: React.ReactNode;
}) {
  return (
    <UnreadCountProvider>
      <div className="min-h-dvh bg-muted/40 lg:grid lg:grid-cols-[16rem_minmax(0,1fr)]">
        <a
          href="#content"
          className="sr-only z-50 rounded-md bg-background px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
        >
          Skip to content
        </a>
        <aside className="hidden border-r bg-background lg:block">
          <div className="sticky top-0 flex h-dvh flex-col">
            <div className="flex h-16 shrink-0 items-center border-b px-5">
              <Logo href="/dashboard" />
            </div>
            <nav aria-label="Main" className="flex-1 overflow-y-auto p-3" data-test="sidebar">
              <NavLinks prefix="nav" />
            </nav>
            {autoApplySummary === undefined ? null : (
              <p className="border-t p-4 text-xs text-muted-foreground" data-test="sidebar-auto-apply">
                {autoApplySummary ?? "Auto-apply's state could not be loaded."}
              </p>
            )}
          </div>
        </aside>
        <div className="min-w-0">
          <header className="sticky top-0 z-20 flex h-16 items-center gap-2 border-b bg-background/90 px-4 backdrop-blur sm:px-6">
            <MobileNav />
            <div className="lg:hidden">
              <Logo href="/dashboard" />
            </div>
            <div className="ml-auto flex items-center gap-1 sm:gap-2">
              <DemoModeBadge />
              <ThemeToggle />
              <NotificationBell />
              <UserMenu user={user} />
            </div>
          </header>
          <main
            id="content"
            tabIndex={-1}
            className="mx-auto w-full max-w-5xl px-4 py-8 outline-none sm:px-6 lg:py-10"
          >
            {children}
          </main>
        </div>
      </div>
    </UnreadCountProvider>
  );
}
