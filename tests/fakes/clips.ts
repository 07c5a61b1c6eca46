/**
 * Test clips made with ffmpeg's lavfi sources (`testsrc2` picture + `sine` tone), shaped like what
 * browsers upload:
 *
 *   webm  VP8 + Opus written as a live stream (`-live 1`): no duration in the header, no cues —
 *         what Chrome's MediaRecorder produces (ffprobe reports no duration for it)
 *   mp4   H.264 + AAC (Safari's MediaRecorder / a phone recording), moov at the end
 *
 * plus damaged files: random bytes, and a real clip cut short.
 * Clips are cached per process in one temp dir (`clipDir()`); remove it with `removeClips()`.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

let dir: string | null = null;

/** The temp dir holding this process's clips. */
export function clipDir(): string {
  dir ??= mkdtempSync(path.join(os.tmpdir(), "cp-clips-"));
  return dir;
}

/** Deletes every clip of this process. */
export function removeClips(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
}

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      "ffmpeg",
      ["-hide_banner", "-nostdin", "-v", "error", "-y", ...args],
      // Making a fixture is no measurement: on a machine shared with other work a 25 s clip has
      // taken over 2 minutes to encode.
      { timeout: 300_000 },
      (err, _o, e) => (err ? reject(new Error(`ffmpeg ${args.join(" ")}: ${e || err.message}`)) : resolve()),
    );
  });
}

/** Options of {@link makeClip}. */
export interface ClipOptions {
  seconds: number;
  container: "webm" | "mp4";
  /** `WxH`, default 640x360. */
  size?: string;
  fps?: number;
  /** mp4 only: moov before mdat (default false: moov at the end, as most recorders write it). */
  faststart?: boolean;
}

/** Generates (once per options) a clip and returns its path. */
export async function makeClip(opts: ClipOptions): Promise<string> {
  const size = opts.size ?? "640x360";
  const fps = opts.fps ?? 30;
  const fast = opts.container === "mp4" && opts.faststart === true;
  const file = path.join(
    clipDir(),
    `clip-${opts.seconds}s-${size}-${fps}${fast ? "-faststart" : ""}.${opts.container}`,
  );
  if (existsSync(file)) return file;
  const inputs = [
    "-f",
    "lavfi",
    "-i",
    `testsrc2=size=${size}:rate=${fps}`,
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:sample_rate=48000",
    "-t",
    String(opts.seconds),
  ];
  if (opts.container === "webm") {
    await ffmpeg([
      ...inputs,
      "-c:v",
      "libvpx",
      "-deadline",
      "realtime",
      "-cpu-used",
      "8",
      "-b:v",
      "800k",
      "-c:a",
      "libopus",
      "-live",
      "1",
      "-f",
      "webm",
      file,
    ]);
  } else {
    await ffmpeg([
      ...inputs,
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-pix_fmt",
      "yuv420p",
      "-c:a",
      "aac",
      ...(fast ? ["-movflags", "+faststart"] : []),
      "-f",
      "mp4",
      file,
    ]);
  }
  return file;
}

/** 300 KiB of random bytes named like an upload (`.webm` / `.mp4`). */
export async function makeGarbage(ext: "webm" | "mp4" = "webm"): Promise<string> {
  const file = path.join(clipDir(), `garbage-${randomBytes(3).toString("hex")}.${ext}`);
  await writeFile(file, randomBytes(300 * 1024));
  return file;
}

/** The first `fraction` of a real clip: a header that promises more than the file holds. */
export async function makeTruncated(source: string, fraction = 0.2): Promise<string> {
  const data = await readFile(source);
  const file = path.join(clipDir(), `truncated-${path.basename(source)}`);
  await writeFile(file, data.subarray(0, Math.floor(data.length * fraction)));
  return file;
}
