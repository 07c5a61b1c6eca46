import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Logo } from "@/components/logo";
import { ApiError, createApiClient } from "@/lib/api";

/** Never indexed, never cached: each visit signs its own short-lived playback URLs. */
export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Project intro video",
  robots: { index: false, follow: false, nocache: true },
  referrer: "no-referrer",
};

const SLUG = /^[A-Za-z0-9_-]{22}$/;

/**
 * A shared project intro video (the "Watch intro" link of a resume PDF): plays without signing in.
 * The link is the authorisation; a revoked or unknown one is a 404. Shows the project's name and
 * the owner's display name, nothing else about them.
 */
export default async function SharedVideoPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!SLUG.test(slug)) notFound();
  let video: Awaited<ReturnType<ReturnType<typeof createApiClient>["projects"]["sharedVideo"]>>;
  try {
    video = await createApiClient({
      getAccessToken: async () => null,
      allowSignedOut: true,
    }).projects.sharedVideo(slug);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) notFound();
    throw err;
  }
  return (
    <main className="flex min-h-dvh flex-col px-4 py-8 sm:px-8">
      <Logo />
      <div className="flex flex-1 items-center justify-center py-10">
        <article className="grid w-full max-w-[880px] gap-4" data-test="shared-video">
          <header className="space-y-1">
            <p className="text-sm font-medium text-primary">Project intro</p>
            <h1
              className="text-2xl font-semibold tracking-tight break-words"
              data-test="shared-video-project"
            >
              {video.project_name}
            </h1>
            <p className="text-muted-foreground" data-test="shared-video-owner">
              by {video.owner_name}
            </p>
          </header>
          {/* biome-ignore lint/a11y/useMediaCaption: a user's recorded intro clip has no caption track */}
          <video
            className="aspect-video w-full rounded-lg border bg-black"
            controls
            playsInline
            preload="metadata"
            poster={video.poster_url}
            src={video.playback_url}
            data-test="shared-video-player"
            aria-label={`Intro video of ${video.project_name}`}
          />
          <p className="text-sm text-muted-foreground">
            Shared from CareerPilot. The owner can turn this link off at any time.
          </p>
        </article>
      </div>
    </main>
  );
}
