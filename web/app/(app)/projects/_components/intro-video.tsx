"use client";

import { CircleAlert, LoaderCircle, RotateCcw, Trash2, Video } from "lucide-react";
import dynamic from "next/dynamic";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ProjectVideoSummary } from "@/lib/api";
import { formatSeconds } from "../_lib/video";
import { IN_FLIGHT, useIntroVideo } from "./use-intro-video";
import { VideoPlayer } from "./video-player";
import { VideoShare } from "./video-share";

// The recorder and uploader (a Radix dialog, MediaRecorder, the file picker) load when a user opens
// them, not with the projects page.
const IntroVideoDialog = dynamic(() => import("./intro-video-dialog").then((m) => m.IntroVideoDialog), {
  ssr: false,
});

const DeleteVideoDialog = dynamic(() => import("./delete-video-dialog").then((m) => m.DeleteVideoDialog), {
  ssr: false,
});

/** The card's intro video: add one, its processing status, the player, or why it was not accepted. */
export function IntroVideo({
  repoId,
  repoName,
  initial,
}: {
  repoId: string;
  repoName: string;
  initial: ProjectVideoSummary | null;
}) {
  const { video, track, clear } = useIntroVideo(repoId, initial);
  const [open, setOpen] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const section = useRef<HTMLElement>(null);
  const inFlight = IN_FLIGHT.includes(video.status);

  return (
    <section
      ref={section}
      // Where focus lands when a dialog's action removed the button that opened it.
      data-focus-return
      tabIndex={-1}
      className="grid gap-2 outline-none"
      aria-label="Intro video"
      data-test="repo-video"
      data-status={video.status}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="flex items-center gap-1.5 text-xs font-medium tracking-wide text-muted-foreground uppercase">
          <Video className="size-3.5 text-primary" />
          Intro video
        </h3>
        <div className="flex items-center gap-1">
          {video.status === "transcoded" ? (
            <Button
              type="button"
              size="sm"
              variant="ghost"
              onClick={() => setOpen(true)}
              data-test="repo-video-replace"
            >
              <RotateCcw />
              Replace
            </Button>
          ) : null}
          {video.status === "transcoded" || video.status === "failed" ? (
            <Button
              type="button"
              size="sm"
              variant="ghost"
              className="text-destructive hover:text-destructive"
              onClick={() => setDeleting(true)}
              data-test="repo-video-delete"
            >
              <Trash2 />
              Delete
            </Button>
          ) : null}
        </div>
      </div>

      {video.status === "transcoded" ? (
        video.playbackUrl ? (
          <VideoPlayer src={video.playbackUrl} poster={video.posterUrl} dataTest="repo-video-player" />
        ) : (
          <div className="flex aspect-video w-full items-center justify-center rounded-md bg-muted">
            <LoaderCircle
              className="size-5 animate-spin text-muted-foreground"
              aria-label="Loading the video"
            />
          </div>
        )
      ) : inFlight ? (
        <p className="flex items-center gap-2 text-sm text-muted-foreground" data-test="repo-video-status">
          <LoaderCircle className="size-4 animate-spin" />
          {video.status === "uploaded"
            ? "Uploaded — waiting to be processed…"
            : "Processing your intro video (checking its length, making it play everywhere)…"}
        </p>
      ) : video.status === "failed" ? (
        <div
          role="alert"
          className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm text-red-700 dark:text-red-300"
          data-test="repo-video-failure"
        >
          <CircleAlert className="mt-0.5 size-4 shrink-0" />
          <div className="grid flex-1 gap-2">
            <p>
              Your intro video was not accepted:{" "}
              <span data-test="repo-video-failure-reason">
                {video.failureReason ?? "it could not be processed."}
              </span>
            </p>
            <Button
              type="button"
              size="sm"
              variant="outline"
              className="justify-self-start"
              onClick={() => setOpen(true)}
              data-test="repo-video-retake"
            >
              <RotateCcw />
              Record or upload again
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-muted-foreground" data-test="repo-video-empty">
            {video.status === "pending"
              ? "The last upload did not finish."
              : "A 20–30 second clip where you introduce this project."}
          </p>
          <Button
            type="button"
            size="sm"
            variant="outline"
            className="self-start sm:self-auto"
            onClick={() => setOpen(true)}
            data-test="repo-video-add"
          >
            <Video />
            Add intro video
          </Button>
        </div>
      )}
      {video.status === "transcoded" && video.durationSec ? (
        <p className="text-xs text-muted-foreground">{formatSeconds(Math.round(video.durationSec))}</p>
      ) : null}
      {video.status === "transcoded" ? <VideoShare repoId={repoId} /> : null}

      {video.stale ? (
        <p className="text-xs text-muted-foreground" role="status" data-test="repo-video-stale">
          Could not check on this video just now; trying again…
        </p>
      ) : null}

      {deleting ? (
        <DeleteVideoDialog
          open={deleting}
          onOpenChange={setDeleting}
          repoId={repoId}
          repoName={repoName}
          onDeleted={clear}
          returnFocusTo={() =>
            section.current?.querySelector<HTMLElement>(
              '[data-test="repo-video-delete"], [data-test="repo-video-add"]',
            ) ?? null
          }
        />
      ) : null}
      {open ? (
        <IntroVideoDialog
          open={open}
          onOpenChange={setOpen}
          repoId={repoId}
          repoName={repoName}
          video={video}
          onUploaded={() => track("uploaded")}
        />
      ) : null}
    </section>
  );
}
