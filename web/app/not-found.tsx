import type { Metadata } from "next";
import Link from "next/link";
import { LogoMark } from "@/components/logo";
import { Button } from "@/components/ui/button";
import { getCurrentUser } from "@/lib/supabase/server";

export const metadata: Metadata = { title: "Page not found" };

/** Any unknown address: says so in the tab title too, and offers the way back that fits the visitor. */
export default async function NotFound() {
  const user = await getCurrentUser();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-6 text-center">
      <LogoMark className="size-12" />
      <div className="space-y-2">
        <p className="text-sm font-semibold text-primary">404</p>
        <h1 className="text-2xl font-semibold tracking-tight">This page is off the flight path</h1>
        <p className="max-w-md text-muted-foreground">
          There is no page at this address. The link may be old, or the page may not exist yet.
        </p>
      </div>
      {user ? (
        <Button asChild data-test="not-found-dashboard">
          <Link href="/dashboard">Go to your dashboard</Link>
        </Button>
      ) : (
        <Button asChild data-test="not-found-home">
          <Link href="/">Back to CareerPilot</Link>
        </Button>
      )}
    </main>
  );
}
