import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/logo";

export const metadata: Metadata = { title: "Video not available", robots: { index: false, follow: false } };

/** An unknown or revoked share link: says only that, whichever it was. */
export default function SharedVideoNotFound() {
  return (
    <main className="flex min-h-dvh flex-col px-4 py-8 sm:px-8">
      <Logo />
      <div className="flex flex-1 items-center justify-center py-10">
        <div className="grid w-full max-w-[440px] gap-3 text-center" data-test="shared-video-missing">
          <h1 className="text-2xl font-semibold tracking-tight">This video is not available</h1>
          <p className="text-muted-foreground">
            The link may be mistyped, or its owner turned it off. Ask them for a new one.
          </p>
          <Link href="/" className="font-medium text-primary underline-offset-4 hover:underline">
            About CareerPilot
          </Link>
        </div>
      </div>
    </main>
  );
}
