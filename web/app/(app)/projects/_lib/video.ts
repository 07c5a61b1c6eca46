import {
  MAX_VIDEO_BYTES,
  MAX_VIDEO_SEC,
  MIN_VIDEO_SEC,
  VIDEO_CONTENT_TYPES,
  type VideoContentType,
} from "@/lib/api";

/** "12.4 s" / "25 s". */
export function formatSeconds(sec: number): string {
  return `${Number.isInteger(sec) ? sec : sec.toFixed(1)} s`;
}

/** "4.2 MB" (decimal megabytes, as file managers show). */
export function formatBytes(bytes: number): string {
  if (bytes < 1_000_000) return `${Math.max(1, Math.round(bytes / 1000))} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** "0:07" for a timer. */
export function clock(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The content type to upload a file as, or null when intro videos cannot be that type. */
export function videoContentType(type: string): VideoContentType | null {
  const base = type.split(";")[0]?.trim().toLowerCase() ?? "";
  return (VIDEO_CONTENT_TYPES as readonly string[]).includes(base) ? (base as VideoContentType) : null;
}

/** What is wrong with a clip's type, size or (when known) length, in words a user can act on. */
export function clipProblem(file: { type: string; size: number }, durationSec: number | null): string | null {
  if (!videoContentType(file.type)) return "Choose a WebM or MP4 video.";
  if (file.size <= 0) return "This file is empty. Choose another video.";
  if (file.size > MAX_VIDEO_BYTES)
    return `This video is ${formatBytes(file.size)}; intro videos can be at most 50 MB. Trim it or record a new one.`;
  if (durationSec !== null && (durationSec < MIN_VIDEO_SEC - 0.5 || durationSec > MAX_VIDEO_SEC + 0.5))
    return `This clip is ${formatSeconds(Math.round(durationSec * 10) / 10)} long; intro videos must be ${MIN_VIDEO_SEC}–${MAX_VIDEO_SEC} s.`;
  return null;
}

/**
 * A video file's duration from a `<video>` element's metadata, or null when the browser cannot
 * tell (MediaRecorder WebM reports Infinity; some codecs do not load). The server checks again.
 */
export function probeDuration(blob: Blob): Promise<number | null> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(blob);
    const video = document.createElement("video");
    let done = false;
    const finish = (value: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      video.removeAttribute("src");
      video.load();
      URL.revokeObjectURL(url);
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), 5000);
    video.preload = "metadata";
    video.muted = true;
    video.onloadedmetadata = () => finish(Number.isFinite(video.duration) ? video.duration : null);
    video.onerror = () => finish(null);
    video.src = url;
  });
}

/** The MediaRecorder type to record in: WebM (VP8/VP9 + Opus) where supported. */
export function recorderMimeType(): string | undefined {
  if (typeof MediaRecorder === "undefined") return undefined;
  for (const t of ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp9,opus", "video/webm"]) {
    if (MediaRecorder.isTypeSupported(t)) return t;
  }
  return undefined;
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

/**
 * PUTs `blob` to a signed Storage upload URL with XMLHttpRequest (fetch cannot report upload
 * progress). The body is the raw file with its content type, which both hosted Storage and the
 * devstack gateway accept on `/object/upload/sign/...`. Resolves when Storage has stored it.
 */
export function putWithProgress(
  url: string,
  blob: Blob,
  contentType: string,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.setRequestHeader("content-type", contentType);
    xhr.setRequestHeader("x-upsert", "false");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
        return;
      }
      let message = `The upload failed (HTTP ${xhr.status}). Try again.`;
      try {
        const body = JSON.parse(xhr.responseText) as { message?: string; error?: string };
        if (xhr.status === 413) message = "The video is too large for storage (at most 50 MB).";
        else if (body.message) message = `The upload failed: ${body.message}`;
      } catch {
        /* not JSON: keep the generic message */
      }
      reject(new UploadError(message, xhr.status));
    };
    xhr.onerror = () =>
      reject(new UploadError("The upload was interrupted. Check your connection and try again.", 0));
    xhr.onabort = () => reject(new UploadError("The upload was cancelled.", 0));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(blob);
  });
}
