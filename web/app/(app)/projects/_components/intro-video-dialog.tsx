"use client";

import { Camera, CircleAlert, CircleCheck, LoaderCircle, RotateCcw, Upload } from "lucide-react";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Progress } from "@/components/ui/progress";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { errorMessage, type VideoContentType } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { cn } from "@/lib/utils";
import { putWithProgress } from "../_lib/video";
import type { IntroVideoState } from "./use-intro-video";
import { VideoFilePicker } from "./video-file-picker";
import { VideoPlayer } from "./video-player";
import { VideoRecorder } from "./video-recorder";

type Phase = "choose" | "sending" | "tracking";

interface Clip {
  blob: Blob;
  contentType: VideoContentType;
}

const STEPS = [
  { id: "uploaded", label: "Uploaded" },
  { id: "processing", label: "Processing" },
  { id: "transcoded", label: "Ready" },
] as const;

/** Uploaded → Processing → Ready, as far as the clip has got. */
function Stepper({ status }: { status: IntroVideoState["status"] }) {
  const reached = status === "transcoded" ? 2 : status === "processing" ? 1 : 0;
  return (
    <ol className="grid grid-cols-3 gap-2" data-test="video-track-steps">
      {STEPS.map((s, i) => {
        const done = i < reached || status === "transcoded";
        const current = i === reached && status !== "transcoded";
        return (
          <li
            key={s.id}
            className={cn(
              "flex items-center gap-1.5 rounded-md border px-2 py-1.5 text-xs font-medium",
              done && "border-emerald-200 bg-emerald-50 text-emerald-800",
              current && "border-primary/40 bg-brand-soft text-brand-ink",
              !done && !current && "text-muted-foreground",
            )}
            aria-current={current ? "step" : undefined}
          >
            {done ? (
              <CircleCheck className="size-3.5 shrink-0" />
            ) : current ? (
              <LoaderCircle className="size-3.5 shrink-0 animate-spin" />
            ) : (
              <span className="size-3.5 shrink-0 rounded-full border" aria-hidden="true" />
            )}
            {s.label}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * Record (camera, countdown, 20–30 s) or upload an intro video, then watch it upload (a real
 * progress bar), get processed and become playable — or see why it was not accepted and retake.
 */
export function IntroVideoDialog({
  open,
  onOpenChange,
  repoId,
  repoName,
  video,
  onUploaded,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  repoId: string;
  repoName: string;
  video: IntroVideoState;
  onUploaded: () => void;
}) {
  const [phase, setPhase] = useState<Phase>("choose");
  const [tab, setTab] = useState("record");
  const [progress, setProgress] = useState(0);
  const [clip, setClip] = useState<Clip | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  async function send(c: Clip) {
    setClip(c);
    setPhase("sending");
    setProgress(0);
    setSendError(null);
    const ctl = new AbortController();
    abort.current = ctl;
    try {
      const target = await browserApi().projects.videoUploadTarget(repoId, {
        content_type: c.contentType,
        size: c.blob.size,
      });
      await putWithProgress(target.upload_url, c.blob, c.contentType, setProgress, ctl.signal);
      onUploaded();
      setPhase("tracking");
    } catch (err) {
      if (ctl.signal.aborted) return;
      setSendError(errorMessage(err));
    } finally {
      abort.current = null;
    }
  }

  function close(next: boolean) {
    if (!next) abort.current?.abort();
    onOpenChange(next);
  }

  function retake() {
    setClip(null);
    setSendError(null);
    setPhase("choose");
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-xl"
        data-test="video-dialog"
      >
        <DialogHeader>
          <DialogTitle>Intro video for {repoName}</DialogTitle>
          <DialogDescription>
            20–30 seconds: what the project does, your part in it, and one thing you are proud of.
          </DialogDescription>
        </DialogHeader>

        {phase === "choose" ? (
          <Tabs value={tab} onValueChange={setTab} className="min-w-0">
            <TabsList className="grid w-full grid-cols-2">
              <TabsTrigger value="record" data-test="video-tab-record">
                <Camera />
                Record
              </TabsTrigger>
              <TabsTrigger value="upload" data-test="video-tab-upload">
                <Upload />
                Upload a file
              </TabsTrigger>
            </TabsList>
            <TabsContent value="record" className="min-w-0">
              <VideoRecorder onUse={(blob) => void send({ blob, contentType: "video/webm" })} />
            </TabsContent>
            <TabsContent value="upload" className="min-w-0">
              <VideoFilePicker onUse={(blob, contentType) => void send({ blob, contentType })} />
            </TabsContent>
          </Tabs>
        ) : phase === "sending" ? (
          <div className="grid gap-3" data-test="video-sending">
            {sendError ? (
              <>
                <p
                  role="alert"
                  className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm text-red-700 dark:text-red-300"
                  data-test="video-send-error"
                >
                  <CircleAlert className="mt-0.5 size-4 shrink-0" />
                  {sendError}
                </p>
                <DialogFooter>
                  <Button type="button" variant="outline" onClick={retake}>
                    Choose another video
                  </Button>
                  <Button type="button" onClick={() => clip && void send(clip)} data-test="video-send-retry">
                    Try again
                  </Button>
                </DialogFooter>
              </>
            ) : (
              <>
                <div className="flex items-center justify-between text-sm">
                  <span className="flex items-center gap-2">
                    <LoaderCircle className="size-4 animate-spin" />
                    {progress >= 1 ? "Finishing the upload…" : "Uploading…"}
                  </span>
                  <span className="font-medium tabular-nums" data-test="video-upload-percent">
                    {Math.round(progress * 100)}%
                  </span>
                </div>
                <Progress value={Math.round(progress * 100)} data-test="video-upload-progress" />
                <p className="text-xs text-muted-foreground">
                  Keep this window open until the upload finishes.
                </p>
                <DialogFooter>
                  <Button type="button" variant="ghost" onClick={() => close(false)}>
                    Cancel upload
                  </Button>
                </DialogFooter>
              </>
            )}
          </div>
        ) : (
          <div className="grid gap-4" data-test="video-tracking" data-status={video.status}>
            {video.status === "failed" ? (
              <>
                <div
                  role="alert"
                  className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm text-red-700 dark:text-red-300"
                  data-test="video-track-failure"
                >
                  <CircleAlert className="mt-0.5 size-4 shrink-0" />
                  <p>
                    This clip was not accepted:{" "}
                    <span>{video.failureReason ?? "it could not be processed."}</span>
                  </p>
                </div>
                <DialogFooter>
                  <Button type="button" onClick={retake} data-test="video-track-retake">
                    <RotateCcw />
                    Retake
                  </Button>
                </DialogFooter>
              </>
            ) : (
              <>
                <Stepper status={video.status} />
                {video.status === "transcoded" && video.playbackUrl ? (
                  <VideoPlayer
                    src={video.playbackUrl}
                    poster={video.posterUrl}
                    dataTest="video-track-player"
                  />
                ) : (
                  <p className="text-sm text-muted-foreground" data-test="video-track-status">
                    {video.status === "transcoded"
                      ? "Ready — loading the player…"
                      : "Checking the clip's length and converting it so it plays on every device. This usually takes under a minute; you can close this window."}
                  </p>
                )}
                <DialogFooter>
                  <Button
                    type="button"
                    variant={video.status === "transcoded" ? "default" : "outline"}
                    onClick={() => close(false)}
                    data-test="video-track-close"
                  >
                    {video.status === "transcoded" ? "Done" : "Close"}
                  </Button>
                </DialogFooter>
              </>
            )}
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
