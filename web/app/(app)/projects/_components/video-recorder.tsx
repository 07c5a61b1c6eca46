"use client";

import { Camera, Circle, CircleAlert, RotateCcw, Square, Upload } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { MAX_VIDEO_BYTES, MAX_VIDEO_SEC, MIN_VIDEO_SEC } from "@/lib/api";
import { cn } from "@/lib/utils";
import { clock, formatBytes, recorderMimeType } from "../_lib/video";

type Phase = "starting" | "ready" | "countdown" | "recording" | "review" | "error";

/** Stop is offered a little after 20 s so the saved clip is never a frame short. */
const STOP_AFTER_SEC = MIN_VIDEO_SEC + 0.5;
/** Stop on our own just before 30 s, for the same reason. */
const AUTO_STOP_SEC = MAX_VIDEO_SEC - 0.2;

/**
 * MediaRecorder WebM has no duration in its header, so the player shows no length and cannot
 * seek; seeking far past the end makes Chromium scan the file and learn it, then we rewind.
 */
function revealDuration(video: HTMLVideoElement): void {
  if (Number.isFinite(video.duration)) return;
  video.addEventListener(
    "timeupdate",
    () => {
      video.currentTime = 0;
    },
    { once: true },
  );
  video.currentTime = Number.MAX_SAFE_INTEGER;
}

function cameraError(err: unknown): string {
  const name = err instanceof DOMException ? err.name : "";
  if (name === "NotAllowedError" || name === "SecurityError")
    return "Camera access is blocked. Allow the camera and microphone for this site in your browser's settings, or upload a video instead.";
  if (name === "NotFoundError" || name === "OverconstrainedError")
    return "No camera or microphone was found. Connect one, or upload a video instead.";
  if (name === "NotReadableError")
    return "The camera is in use by another app. Close it and try again, or upload a video instead.";
  return "The camera could not be started. Upload a video instead.";
}

/**
 * Records a 20–30 s clip from the camera: live preview, a 3-2-1 countdown, an elapsed timer
 * against the 20–30 s window (Stop unlocks at 20 s, recording ends by itself at 30 s), then a
 * preview with Retake or Use this video. The camera is released when this unmounts.
 */
export function VideoRecorder({ onUse }: { onUse: (blob: Blob, seconds: number) => void }) {
  const [phase, setPhase] = useState<Phase>("starting");
  const [error, setError] = useState<string | null>(null);
  const [count, setCount] = useState(3);
  const [elapsed, setElapsed] = useState(0);
  const [clip, setClip] = useState<{ blob: Blob; url: string; seconds: number } | null>(null);
  const live = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const timers = useRef<ReturnType<typeof setInterval>[]>([]);

  const clearTimers = useCallback(() => {
    for (const t of timers.current) clearInterval(t);
    timers.current = [];
  }, []);

  const startCamera = useCallback(async () => {
    setPhase("starting");
    setError(null);
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") {
      setError("This browser cannot record video here. Upload a video instead.");
      setPhase("error");
      return;
    }
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: "user" },
        audio: true,
      });
      if (live.current) live.current.srcObject = stream.current;
      setPhase("ready");
    } catch (err) {
      setError(cameraError(err));
      setPhase("error");
    }
  }, []);

  useEffect(() => {
    void startCamera();
    return () => {
      clearTimers();
      if (recorder.current?.state === "recording") {
        recorder.current.ondataavailable = null;
        recorder.current.onstop = null;
        recorder.current.stop();
      }
      for (const t of stream.current?.getTracks() ?? []) t.stop();
      stream.current = null;
    };
  }, [startCamera, clearTimers]);

  useEffect(
    () => () => {
      if (clip) URL.revokeObjectURL(clip.url);
    },
    [clip],
  );

  const stop = useCallback(() => {
    clearTimers();
    if (recorder.current?.state === "recording") recorder.current.stop();
  }, [clearTimers]);

  function record() {
    const s = stream.current;
    if (!s) return;
    const chunks: Blob[] = [];
    const mimeType = recorderMimeType();
    const rec = new MediaRecorder(s, mimeType ? { mimeType } : undefined);
    let startedAt = 0;
    rec.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    rec.onstart = () => {
      startedAt = performance.now();
      setElapsed(0);
      setPhase("recording");
      timers.current.push(
        setInterval(() => {
          const sec = (performance.now() - startedAt) / 1000;
          setElapsed(sec);
          if (sec >= AUTO_STOP_SEC) stop();
        }, 100),
      );
    };
    rec.onstop = () => {
      const seconds = (performance.now() - startedAt) / 1000;
      const blob = new Blob(chunks, { type: "video/webm" });
      setClip({ blob, url: URL.createObjectURL(blob), seconds });
      setPhase("review");
    };
    recorder.current = rec;
    rec.start(1000);
  }

  function countdown() {
    setCount(3);
    setPhase("countdown");
    let n = 3;
    const t = setInterval(() => {
      n -= 1;
      if (n > 0) {
        setCount(n);
        return;
      }
      clearInterval(t);
      timers.current = timers.current.filter((x) => x !== t);
      record();
    }, 1000);
    timers.current.push(t);
  }

  function retake() {
    setClip(null);
    setElapsed(0);
    setPhase("ready");
  }

  const canStop = elapsed >= STOP_AFTER_SEC;
  const tooBig = clip !== null && clip.blob.size > MAX_VIDEO_BYTES;

  return (
    <div className="grid gap-3" data-test="video-recorder" data-phase={phase}>
      <div className="relative aspect-video w-full overflow-hidden rounded-md bg-black">
        <video
          ref={live}
          autoPlay
          muted
          playsInline
          className={cn("size-full -scale-x-100 object-cover", phase === "review" && "hidden")}
          data-test="video-live"
        />
        {phase === "review" && clip ? (
          // biome-ignore lint/a11y/useMediaCaption: the user's own recording, previewed before upload
          <video
            src={clip.url}
            controls
            playsInline
            onLoadedMetadata={(e) => revealDuration(e.currentTarget)}
            className="absolute inset-0 size-full object-contain"
            data-test="video-review"
          />
        ) : null}
        {phase === "starting" ? (
          <p className="absolute inset-0 flex items-center justify-center text-sm text-white/80">
            Starting the camera…
          </p>
        ) : null}
        {phase === "countdown" ? (
          <div className="absolute inset-0 flex items-center justify-center bg-black/40">
            <span
              className="text-7xl font-bold text-white tabular-nums"
              data-test="video-countdown"
              aria-live="assertive"
            >
              {count}
            </span>
          </div>
        ) : null}
        {phase === "recording" ? (
          <div className="absolute top-2 left-2 flex items-center gap-1.5 rounded-full bg-black/60 px-2.5 py-1 text-xs font-medium text-white">
            <span className="size-2 animate-pulse rounded-full bg-red-500" aria-hidden="true" />
            REC <span data-test="video-recording-timer">{clock(elapsed)}</span>
          </div>
        ) : null}
        {phase === "error" ? (
          <div className="absolute inset-0 flex items-center justify-center p-6">
            <p role="alert" className="flex max-w-sm gap-2 text-sm text-white" data-test="video-camera-error">
              <CircleAlert className="mt-0.5 size-4 shrink-0" />
              {error}
            </p>
          </div>
        ) : null}
      </div>

      {phase === "recording" ? (
        <div className="grid gap-1.5">
          <div className="relative h-2 w-full overflow-hidden rounded-full bg-muted" aria-hidden="true">
            <div
              className="absolute inset-y-0 left-[66.67%] right-0 bg-emerald-100"
              title="20–30 s: a good length"
            />
            <div
              className={cn(
                "absolute inset-y-0 left-0 rounded-full",
                canStop ? "bg-emerald-600" : "bg-primary",
              )}
              style={{ width: `${Math.min(100, (elapsed / MAX_VIDEO_SEC) * 100)}%` }}
            />
          </div>
          <div className="flex justify-between text-xs text-muted-foreground tabular-nums">
            <span>0:00</span>
            <span>0:20</span>
            <span>0:30</span>
          </div>
          <p className="text-sm text-muted-foreground" data-test="video-recording-hint">
            {canStop
              ? `Good length. Stop any time; recording ends by itself at ${MAX_VIDEO_SEC} s.`
              : `Keep going: Stop unlocks at ${MIN_VIDEO_SEC} s, because intro videos must be ${MIN_VIDEO_SEC}–${MAX_VIDEO_SEC} s long.`}
          </p>
        </div>
      ) : null}

      {phase === "review" && clip ? (
        <p className="text-sm text-muted-foreground" data-test="video-review-summary">
          {clock(Math.round(clip.seconds))} recorded · {formatBytes(clip.blob.size)}. Watch it back, then use
          it or retake.
          {tooBig ? (
            <span className="block text-destructive">This recording is over 50 MB; retake it.</span>
          ) : null}
        </p>
      ) : null}
      {phase === "ready" ? (
        <p className="text-sm text-muted-foreground">
          Look at the camera. Recording starts after a 3-second countdown and runs {MIN_VIDEO_SEC}–
          {MAX_VIDEO_SEC} seconds.
        </p>
      ) : null}

      <div className="flex flex-wrap justify-end gap-2">
        {phase === "error" ? (
          <Button
            type="button"
            variant="outline"
            onClick={() => void startCamera()}
            data-test="video-camera-retry"
          >
            <Camera />
            Try the camera again
          </Button>
        ) : null}
        {phase === "ready" ? (
          <Button type="button" onClick={countdown} data-test="video-record-start">
            <Circle className="fill-current text-red-500" />
            Start recording
          </Button>
        ) : null}
        {phase === "recording" ? (
          <Button
            type="button"
            variant="destructive"
            onClick={stop}
            disabled={!canStop}
            title={canStop ? undefined : `Available after ${MIN_VIDEO_SEC} seconds`}
            data-test="video-record-stop"
          >
            <Square className="fill-current" />
            Stop
          </Button>
        ) : null}
        {phase === "review" && clip ? (
          <>
            <Button type="button" variant="outline" onClick={retake} data-test="video-retake">
              <RotateCcw />
              Retake
            </Button>
            <Button
              type="button"
              onClick={() => onUse(clip.blob, clip.seconds)}
              disabled={tooBig}
              data-test="video-use-recording"
            >
              <Upload />
              Use this video
            </Button>
          </>
        ) : null}
      </div>
    </div>
  );
}
