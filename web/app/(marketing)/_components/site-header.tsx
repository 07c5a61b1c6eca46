import Link from "next/link";
import { Logo } from "@/components/logo";
import { ThemeToggle } from "@/components/theme-toggle";
import { Button } from "@/components/ui/button";
import type { SignedInHome } from "../page";

const links = [
  { href: "#features", label: "Features" },
  { href: "#how-it-works", label: "How it works" },
  { href: "#security", label: "Security" },
];

export function SiteHeader({ home }: { home: SignedInHome | null }) {
  return (
    <header className="sticky top-0 z-40 border-b border-border/70 bg-background/85 backdrop-blur supports-[backdrop-filter]:bg-background/70">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <Logo />
        <nav aria-label="Sections" className="hidden items-center gap-1 md:flex">
          {links.map((l) => (
            <a
              key={l.href}
              href={l.href}
              data-test={`header-link-${l.href.slice(1)}`}
              className="rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
            >
              {l.label}
            </a>
          ))}
        </nav>
        <div className="flex items-center gap-2">
          <ThemeToggle />
          {home ? (
            <Button asChild data-test="header-go-home">
              <Link href={home.href}>{home.label}</Link>
            </Button>
          ) : (
            <>
              <Button asChild variant="ghost" data-test="header-sign-in">
                <Link href="/auth">Sign in</Link>
              </Button>
              <Button asChild className="hidden sm:inline-flex" data-test="header-get-started">
                <Link href="/auth?tab=create">Get Started</Link>
              </Button>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
