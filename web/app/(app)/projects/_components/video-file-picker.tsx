"use client";

import { CircleAlert, FileVideo, LoaderCircle, Upload } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { MAX_VIDEO_SEC, MIN_VIDEO_SEC, type VideoContentType } from "@/lib/api";
import { clipProblem, formatBytes, formatSeconds, probeDuration, videoContentType } from "../_lib/video";

/** The type to upload a file as: its own, or guessed from the extension when the OS gave none. */
function typeOf(file: File): string {
  if (file.type) return file.type;
  if (/\.webm$/i.test(file.name)) return "video/webm";
  if (/\.mp4$/i.test(file.name)) return "video/mp4";
  return "";
}

interface Picked {
  file: File;
  contentType: VideoContentType | null;
  duration: number | null;
  problem: string | null;
  url: string;
}

/**
 * Choose a WebM or MP4 file: its type, size (≤ 50 MB) and, where the browser can read it, length
 * (20–30 s) are checked before anything is sent; the server checks again after the upload.
 */
export function VideoFilePicker({ onUse }: { onUse: (blob: Blob, contentType: VideoContentType) => void }) {
  const id = useId();
  const [picked, setPicked] = useState<Picked | null>(null);
  const [checking, setChecking] = useState(false);

  useEffect(
    () => () => {
      if (picked) URL.revokeObjectURL(picked.url);
    },
    [picked],
  );

  async function choose(file: File | undefined) {
    if (!file) return;
    const type = typeOf(file);
    const contentType = videoContentType(type);
    const early = clipProblem({ type, size: file.size }, null);
    const base = { file, contentType, url: URL.createObjectURL(file) };
    if (early) {
      setPicked({ ...base, duration: null, problem: early });
      return;
    }
    setChecking(true);
    const duration = await probeDuration(file);
    setChecking(false);
    setPicked({ ...base, duration, problem: clipProblem({ type, size: file.size }, duration) });
  }

  return (
    <div className="grid gap-3" data-test="video-file-picker">
      <label
        htmlFor={id}
        className="flex cursor-pointer flex-col items-center gap-2 rounded-md border-2 border-dashed border-input bg-muted/30 px-4 py-8 text-center hover:border-primary/50 focus-within:ring-2 focus-within:ring-ring"
      >
        <FileVideo className="size-8 text-primary" />
        <span className="text-sm font-medium">Choose a video file</span>
        <span className="text-xs text-muted-foreground">
          WebM or MP4, {MIN_VIDEO_SEC}–{MAX_VIDEO_SEC} seconds, up to 50 MB
        </span>
        <input
          id={id}
          type="file"
          accept="video/webm,video/mp4,.webm,.mp4"
          className="sr-only"
          onChange={(e) => {
            void choose(e.target.files?.[0]);
            e.target.value = "";
          }}
          data-test="video-file-input"
        />
      </label>

      {checking ? (
        <p className="flex items-center gap-2 text-sm text-muted-foreground">
          <LoaderCircle className="size-4 animate-spin" />
          Checking the video…
        </p>
      ) : picked ? (
        <div className="grid gap-3">
          <div
            className="flex min-w-0 items-start gap-3 rounded-md border p-3"
            data-test="video-file-summary"
          >
            <FileVideo className="mt-0.5 size-5 shrink-0 text-muted-foreground" />
            <div className="min-w-0 flex-1 text-sm">
              <p className="truncate font-medium">{picked.file.name}</p>
              <p className="text-muted-foreground">
                {formatBytes(picked.file.size)}
                {picked.duration !== null
                  ? ` · ${formatSeconds(Math.round(picked.duration * 10) / 10)}`
                  : picked.problem
                    ? ""
                    : " · length is checked after the upload"}
              </p>
            </div>
          </div>
          {picked.problem ? (
            <p
              role="alert"
              className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm text-red-700 dark:text-red-300"
              data-test="video-file-error"
            >
              <CircleAlert className="mt-0.5 size-4 shrink-0" />
              {picked.problem}
            </p>
          ) : (
            // biome-ignore lint/a11y/useMediaCaption: the user's own clip, previewed before upload
            <video
              src={picked.url}
              controls
              playsInline
              className="aspect-video w-full rounded-md bg-black"
            />
          )}
          <div className="flex justify-end">
            <Button
              type="button"
              onClick={() => picked.contentType && onUse(picked.file, picked.contentType)}
              disabled={picked.problem !== null || !picked.contentType}
              data-test="video-upload-start"
            >
              <Upload />
              Upload video
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
