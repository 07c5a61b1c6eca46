/**
 * Intro-video media work with Debian's ffprobe / ffmpeg (child_process.execFile, with timeouts
 * and an AbortSignal; never a shell).
 *
 * - probe: container, streams and duration. A MediaRecorder WebM has no duration in its header
 *   (ffprobe reports none), so the duration then comes from the packets themselves — the end of
 *   the last packet (`pts_time + duration_time`) minus the first pts, over every stream (the
 *   exact variant of `-count_packets`, which only counts them).
 * - checkIntro: 20–30 s, with `DURATION_TOLERANCE_S` (0.5 s) either side because a recorder that
 *   auto-stops at 30 s writes 30.0x s, and a trimmed file may be a frame short; the reason shown
 *   to the user names the measured length.
 * - transcode: H.264 (libx264, preset veryfast, CRF 23, yuv420p, ≤ 1280×720 landscape /
 *   720×1280 portrait, aspect kept, even sizes, ≤ 30 fps) + AAC 128 kb/s, `+faststart` (moov
 *   before mdat, so playback starts before the download ends).
 * - poster: a JPEG frame at 1 s of the transcoded file.
 *
 * Inputs are only read through the Matroska/WebM and MP4/MOV demuxers and the `file` protocol
 * (`-format_whitelist`, `-protocol_whitelist`): an upload that is really an HLS playlist or a
 * concat script cannot make ffmpeg open other files or URLs.
 *
 * `MediaError.reason` is written for the user (it becomes `project_videos.failure_reason`).
 */
import { execFile } from "node:child_process";

/** Shortest and longest accepted intro, in seconds. */
export const INTRO_MIN_S = 20;
export const INTRO_MAX_S = 30;
/** Accepted slack on either bound (a recorder stopping at 30 s writes 30.0x s). */
export const DURATION_TOLERANCE_S = 0.5;
/** Output bounds: the longer side ≤ 1280, the shorter ≤ 720 (720p in either orientation). */
export const MAX_LONG_SIDE = 1280;
export const MAX_SHORT_SIDE = 720;

const INPUT_GUARD = ["-format_whitelist", "matroska,mov", "-protocol_whitelist", "file"];
/** Leading arguments of every ffmpeg run: quiet, no stdin, overwrite the output. */
const FFMPEG_QUIET = ["-hide_banner", "-nostdin", "-v", "error", "-y"];

/** A problem with the clip itself: `reason` is shown to the user; retrying cannot help. */
export class MediaError extends Error {
  constructor(
    readonly reason: string,
    readonly detail = "",
  ) {
    super(detail ? `${reason} (${detail})` : reason);
    this.name = "MediaError";
  }
}

/** What probe() learns about a file. */
export interface Probe {
  /** ffprobe's format name, e.g. `matroska,webm` or `mov,mp4,m4a,3gp,3g2,mj2`. */
  formatName: string;
  container: "webm" | "mp4";
  durationS: number | null;
  /** Where the duration came from: the container header or the packets. */
  durationSource: "format" | "packets" | null;
  video: { codec: string; width: number; height: number } | null;
  audio: { codec: string } | null;
}

/** Options of every ffmpeg / ffprobe run. */
export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Runs a binary, resolving stdout; rejects with `{code, stderr}` on failure, timeout or abort. */
export function runTool(
  bin: "ffprobe" | "ffmpeg",
  args: string[],
  opts: RunOptions,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      {
        timeout: opts.timeoutMs,
        killSignal: "SIGKILL",
        signal: opts.signal,
        maxBuffer: 64 * 1024 * 1024,
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        if (err) {
          const e = err as Error & {
            code?: string | number;
            killed?: boolean;
            signal?: NodeJS.Signals | null;
          };
          const out = Object.assign(new Error(`${bin} failed: ${lastLines(stderr) || e.message}`), {
            code: e.code,
            killed: e.killed === true,
            aborted: e.name === "AbortError" || opts.signal?.aborted === true,
            timedOut: e.killed === true && !opts.signal?.aborted,
            // Stopped from outside (a signal to the process group, e.g. `docker stop` / devstack
            // `down`): killed by a signal, or ffmpeg's own exit 255 after SIGTERM/SIGINT with no error.
            signalled: Boolean(e.signal) || (e.code === 255 && stderr.trim() === ""),
            stderr,
          });
          reject(out);
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/**
 * True when a runTool error came from outside the file — the timeout, the abort signal, a signal
 * from outside, or a missing binary — so the clip must not be blamed (retry instead).
 */
export function isInterrupted(err: unknown): boolean {
  const e = err as {
    aborted?: boolean;
    timedOut?: boolean;
    signalled?: boolean;
    code?: unknown;
    name?: string;
  };
  return (
    e?.aborted === true ||
    e?.timedOut === true ||
    e?.signalled === true ||
    e?.code === "ENOENT" ||
    e?.name === "AbortError"
  );
}

/**
 * Runs a tool on the clip, resolving stdout. A failure that is the file's fault becomes a
 * MediaError with `reason` (for the user); an interruption ({@link isInterrupted}) is rethrown as is.
 */
async function runOnClip(
  bin: "ffprobe" | "ffmpeg",
  args: string[],
  opts: RunOptions,
  reason: string,
): Promise<string> {
  try {
    return (await runTool(bin, args, opts)).stdout;
  } catch (err) {
    if (isInterrupted(err)) throw err;
    throw new MediaError(reason, (err as Error).message);
  }
}

function lastLines(text: string, n = 3): string {
  return text.trim().split("\n").slice(-n).join(" | ").slice(0, 500);
}

interface FfprobeJson {
  format?: { format_name?: string; duration?: string };
  streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number }[];
}

/** Parses `ffprobe -show_format -show_streams -of json` output (duration null when absent or N/A). */
export function parseProbeJson(json: string): Omit<Probe, "durationSource"> {
  const data = JSON.parse(json) as FfprobeJson;
  const formatName = data.format?.format_name ?? "";
  const container = /\bmatroska\b|\bwebm\b/.test(formatName) ? "webm" : "mp4";
  const d = Number(data.format?.duration);
  const durationS = Number.isFinite(d) && d > 0 ? d : null;
  const v = data.streams?.find((s) => s.codec_type === "video");
  const a = data.streams?.find((s) => s.codec_type === "audio");
  return {
    formatName,
    container,
    durationS,
    video: v ? { codec: v.codec_name ?? "unknown", width: v.width ?? 0, height: v.height ?? 0 } : null,
    audio: a ? { codec: a.codec_name ?? "unknown" } : null,
  };
}

/**
 * Duration from `ffprobe -show_entries packet=pts_time,duration_time -of csv=p=0` lines: end of the
 * last packet minus the first pts (lines without a pts are ignored); null when there are none.
 */
export function durationFromPackets(csv: string): number | null {
  let first = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const line of csv.split("\n")) {
    const [ptsRaw, durRaw] = line.trim().split(",");
    const pts = Number(ptsRaw);
    if (!ptsRaw || !Number.isFinite(pts)) continue;
    const dur = Number(durRaw);
    first = Math.min(first, pts);
    end = Math.max(end, pts + (Number.isFinite(dur) ? dur : 0));
  }
  return Number.isFinite(first) && end > first ? end - first : null;
}

/**
 * Probes a file.
 * @throws MediaError when it is not a readable WebM / MP4 video
 */
export async function probe(file: string, opts: RunOptions): Promise<Probe> {
  const out = await runOnClip(
    "ffprobe",
    ["-v", "error", ...INPUT_GUARD, "-show_format", "-show_streams", "-of", "json", file],
    opts,
    "The file could not be read as a video: it may be damaged, or it is not a WebM or MP4 file.",
  );
  const p = parseProbeJson(out);
  if (!p.video) throw new MediaError("The file has no video track.");
  if (p.durationS !== null) return { ...p, durationSource: "format" };
  // No duration in the header (MediaRecorder WebM): read every packet's timestamps.
  const packets = await runOnClip(
    "ffprobe",
    ["-v", "error", ...INPUT_GUARD, "-show_entries", "packet=pts_time,duration_time", "-of", "csv=p=0", file],
    opts,
    "The video is damaged: its frames could not be read.",
  );
  const durationS = durationFromPackets(packets);
  return { ...p, durationS, durationSource: durationS === null ? null : "packets" };
}

/** `12.4` → "12.4 s"; one decimal. */
export function seconds(d: number): string {
  return `${(Math.round(d * 10) / 10).toFixed(1)} s`;
}

/** Checks the 20–30 s rule (± tolerance); the failure reason is the text the user sees. */
export function checkIntroDuration(
  durationS: number | null,
): { ok: true; durationS: number } | { ok: false; reason: string } {
  if (durationS === null) return { ok: false, reason: "The length of the clip could not be determined." };
  if (durationS < INTRO_MIN_S - DURATION_TOLERANCE_S || durationS > INTRO_MAX_S + DURATION_TOLERANCE_S) {
    return {
      ok: false,
      reason: `The clip is ${seconds(durationS)} long; intro videos must be ${INTRO_MIN_S}–${INTRO_MAX_S} s.`,
    };
  }
  return { ok: true, durationS };
}

/** The scale filter: fit into 1280×720 (landscape) or 720×1280 (portrait), never upscale, even sizes. */
export function scaleFilter(): string {
  const w = `if(gte(iw\\,ih)\\,min(${MAX_LONG_SIDE}\\,iw)\\,min(${MAX_SHORT_SIDE}\\,iw))`;
  const h = `if(gte(iw\\,ih)\\,min(${MAX_SHORT_SIDE}\\,ih)\\,min(${MAX_LONG_SIDE}\\,ih))`;
  return `scale=w='${w}':h='${h}':force_original_aspect_ratio=decrease:force_divisible_by=2,format=yuv420p`;
}

/** The ffmpeg arguments of {@link transcode}. */
export function transcodeArgs(input: string, output: string): string[] {
  return [
    ...FFMPEG_QUIET,
    ...INPUT_GUARD,
    "-i",
    input,
    "-map",
    "0:v:0",
    "-map",
    "0:a:0?",
    "-vf",
    scaleFilter(),
    "-fpsmax",
    "30",
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "23",
    "-profile:v",
    "high",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-b:a",
    "128k",
    "-ac",
    "2",
    "-max_muxing_queue_size",
    "1024",
    "-movflags",
    "+faststart",
    "-f",
    "mp4",
    output,
  ];
}

/**
 * Transcodes to the intro mp4.
 * @throws MediaError when ffmpeg cannot convert the file (damaged data); the raw error on timeout / abort
 */
export async function transcode(input: string, output: string, opts: RunOptions): Promise<void> {
  await runOnClip(
    "ffmpeg",
    transcodeArgs(input, output),
    opts,
    "The video could not be converted: it may be damaged.",
  );
}

/** Writes a JPEG of the frame at `atS` seconds (or the first frame of a shorter video). */
export async function poster(
  video: string,
  output: string,
  opts: RunOptions & { atS?: number },
): Promise<void> {
  const at = String(opts.atS ?? 1);
  const args = (ss: string[]) => [
    ...FFMPEG_QUIET,
    ...ss,
    "-i",
    video,
    "-frames:v",
    "1",
    "-q:v",
    "3",
    "-f",
    "image2",
    output,
  ];
  try {
    await runTool("ffmpeg", args(["-ss", at]), opts);
  } catch (err) {
    if (isInterrupted(err)) throw err;
    await runTool("ffmpeg", args([]), opts);
  }
}

/** True when an mp4's `moov` box comes before its `mdat` box (faststart), reading the top-level boxes. */
export function isFaststart(mp4: Buffer): boolean {
  let off = 0;
  while (off + 8 <= mp4.length) {
    let size = mp4.readUInt32BE(off);
    const type = mp4.toString("latin1", off + 4, off + 8);
    if (type === "moov") return true;
    if (type === "mdat") return false;
    if (size === 1 && off + 16 <= mp4.length) size = Number(mp4.readBigUInt64BE(off + 8));
    if (size < 8) return false;
    off += size;
  }
  return false;
}
