import Link from "next/link";
import { LogoMark } from "@/components/logo";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-6 text-center">
      <LogoMark className="size-12" />
      <div className="space-y-2">
        <p className="text-sm font-semibold text-primary">404</p>
        <h1 className="text-2xl font-semibold tracking-tight">This page is off the flight path</h1>
        <p className="max-w-md text-muted-foreground">The link may be old, or the page may have moved.</p>
      </div>
      <Button asChild data-test="not-found-home">
        <Link href="/">Back to CareerPilot</Link>
      </Button>
    </main>
  );
}
