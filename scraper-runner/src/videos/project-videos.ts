/**
 * Queue `project_videos`: turns an uploaded intro clip into the playable intro.
 *
 *   project_video.uploaded {user_id, repo_id, video_id, storage_path, content_type}
 *     1. `private.video_begin_processing(video_id)` (own transaction: the user sees `processing`);
 *        already `transcoded` / `failed` → skipped (a redelivery), video gone (PT404) → skipped
 *     2. download the original from Storage (bucket `project-videos`, service key) to a temp dir
 *     3. probe (media.ts): unreadable / no video track / outside 20–30 s → `failed` with the reason
 *     4. transcode to H.264/AAC mp4 (+faststart, ≤ 720p) and check the output is as long as the
 *        input (a truncated upload converts to a few seconds only → `failed`, "damaged")
 *     5. poster JPEG at 1 s
 *     6. upload `{user_id}/{repo_id}/{video_id}/intro.mp4` and `…/poster.jpg` (upsert)
 *     7. commit: `private.video_finish(video_id, 'transcoded', duration, paths, null)` in the same
 *        transaction as the receipt and the archive (it sets has_intro_video and emits
 *        `project_video.processed`), or `'failed'` with the reason for a bad clip.
 *     8. after a transcode has committed: delete the original upload from Storage (service key).
 *        Only then: were it deleted first and the commit failed, the redelivery would find no
 *        original. A failed delete is logged (the outcome stands; the object stays an orphan).
 *        A rejected clip's original is kept (the user sees why and uploads again).
 *
 * Infrastructure trouble (Storage or database down, ffmpeg timeout) throws: back-off and retry;
 * when the attempts run out `giveUp` marks the video failed with a generic reason so the user is
 * never left at `processing`.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { SupabaseClient } from "@supabase/supabase-js";
import { type ConsumerDeps, defineConsumer, type Outcome } from "../consumer.js";
import { asService, sqlState, type Tx } from "../db.js";
import type { Logger } from "../log.js";
import { checkIntroDuration, MediaError, poster, probe, seconds, transcode } from "./media.js";

/** Queue name. */
export const PROJECT_VIDEOS_QUEUE = "project_videos";
/** The private bucket holding originals and outputs. */
export const VIDEO_BUCKET = "project-videos";
/** Shown when the runner gives up for reasons that are not the clip's fault. */
export const GIVE_UP_REASON = "We could not process this video. Please upload it again.";
/** Output length may differ from the input's by this much before the file counts as damaged. */
const LENGTH_SLACK_S = 1;

/** Deletes the original upload once its playable outputs are recorded (never an output itself). */
async function deleteOriginal(
  supabase: SupabaseClient,
  source: string,
  outputs: { playback: string; poster: string },
  log: Logger,
): Promise<void> {
  if (source === outputs.playback || source === outputs.poster) return;
  const { data, error } = await supabase.storage.from(VIDEO_BUCKET).remove([source]);
  if (error) throw new Error(`storage delete of ${source} failed: ${error.message}`);
  log.info("original deleted", { storage_path: source, removed: data?.length ?? 0 });
}

/** Storage paths of a video's outputs. */
export function outputPaths(userId: string, repoId: string, videoId: string) {
  const dir = `${userId}/${repoId}/${videoId}`;
  return { playback: `${dir}/intro.mp4`, poster: `${dir}/poster.jpg` };
}

interface BeginResult {
  user_id?: string;
  repo_id?: string;
  storage_path?: string;
  content_type?: string;
  status?: string;
}

async function finish(
  tx: Tx,
  videoId: string,
  status: "transcoded" | "failed",
  durationS: number | null,
  paths: { playback: string; poster: string } | null,
  reason: string | null,
): Promise<void> {
  const d = durationS === null ? null : Math.round(durationS * 100) / 100;
  await tx`select private.video_finish(${videoId}::uuid, ${status}, ${d}::numeric,
                                       ${paths?.playback ?? null}, ${paths?.poster ?? null}, ${reason})`;
}

/** The project_videos consumer. */
export function projectVideosConsumer(deps: ConsumerDeps) {
  const timeoutMs = deps.config.ffmpegTimeoutMs;
  return defineConsumer({
    queue: PROJECT_VIDEOS_QUEUE,
    events: ["project_video.uploaded"],

    async handle(d, ctx): Promise<Outcome> {
      const { video_id: videoId } = d.payload;
      const log = ctx.log.child({ video_id: videoId });
      let begun: BeginResult | null;
      try {
        begun = await asService(ctx.db, async (tx) => {
          const [row] = await tx<{ v: BeginResult | null }[]>`
            select private.video_begin_processing(${videoId}::uuid) as v`;
          return row?.v ?? null;
        });
      } catch (err) {
        // PT404: the video row is gone (account or repository deleted since the upload).
        if (sqlState(err) === "PT404") return { status: "skipped", reason: "video no longer exists" };
        throw err;
      }
      if (!begun)
        return { status: "skipped", reason: "video no longer exists", fields: { video_id: videoId } };
      if (begun.status !== "processing") {
        // transcoded / failed: a redelivery after the outcome was recorded; pending: never uploaded.
        return {
          status: "skipped",
          reason: `video is ${begun.status ?? "in an unknown state"}`,
          fields: { video_id: videoId },
        };
      }
      const userId = begun.user_id ?? d.payload.user_id;
      const repoId = begun.repo_id ?? d.payload.repo_id;
      const source = begun.storage_path ?? d.payload.storage_path;
      const failed = (reason: string, durationS: number | null = null): Outcome => {
        log.info("video rejected", { reason, duration_s: durationS });
        return {
          status: "done",
          finalize: (tx) => finish(tx, videoId, "failed", durationS, null, reason),
          fields: { video_id: videoId, video_status: "failed", reason },
        };
      };

      const dir = await mkdtemp(path.join(os.tmpdir(), "cp-video-"));
      try {
        // 2. download
        const { data, error } = await deps.supabase.storage.from(VIDEO_BUCKET).download(source);
        if (error || !data) {
          const status = (error as { status?: number; statusCode?: string } | null)?.status;
          if (status === 404 || /not.?found/i.test(error?.message ?? "")) {
            return failed("The uploaded file could not be found. Please upload the video again.");
          }
          throw new Error(`storage download of ${source} failed: ${error?.message ?? "no data"}`);
        }
        const ext = source.toLowerCase().endsWith(".mp4") ? "mp4" : "webm";
        const input = path.join(dir, `original.${ext}`);
        await writeFile(input, Buffer.from(await data.arrayBuffer()));
        const inputBytes = (await stat(input)).size;
        if (ctx.signal.aborted) throw ctx.signal.reason;

        // 3. probe + length rule
        const run = { timeoutMs, signal: ctx.signal };
        let durationS: number;
        try {
          const p = await probe(input, run);
          const check = checkIntroDuration(p.durationS);
          if (!check.ok) return failed(check.reason, p.durationS);
          durationS = check.durationS;
          log.info("video probed", {
            container: p.container,
            duration_s: p.durationS,
            duration_source: p.durationSource,
            video: p.video,
            audio: p.audio,
            bytes: inputBytes,
          });

          // 4. transcode, then make sure the whole clip made it
          const output = path.join(dir, "intro.mp4");
          const t0 = Date.now();
          await transcode(input, output, run);
          const transcodeMs = Date.now() - t0;
          const out = await probe(output, run);
          const outS = out.durationS ?? 0;
          if (outS < durationS - LENGTH_SLACK_S) {
            return failed(
              `The video is damaged: only ${seconds(outS)} of its ${seconds(durationS)} could be read.`,
              durationS,
            );
          }
          durationS = outS;

          // 5. poster
          const posterFile = path.join(dir, "poster.jpg");
          await poster(output, posterFile, { ...run, atS: 1 });

          // 6. upload (upsert: a redelivery overwrites its own earlier outputs)
          const paths = outputPaths(userId, repoId, videoId);
          const mp4 = await readFile(output);
          const jpg = await readFile(posterFile);
          for (const [key, body, contentType] of [
            [paths.playback, mp4, "video/mp4"],
            [paths.poster, jpg, "image/jpeg"],
          ] as const) {
            const up = await deps.supabase.storage
              .from(VIDEO_BUCKET)
              .upload(key, body, { contentType, upsert: true, cacheControl: "3600" });
            if (up.error) throw new Error(`storage upload of ${key} failed: ${up.error.message}`);
          }

          // 7. commit with the receipt and the archive; 8. then drop the original
          const final = durationS;
          return {
            status: "done",
            finalize: (tx) => finish(tx, videoId, "transcoded", final, paths, null),
            afterCommit: () => deleteOriginal(deps.supabase, source, paths, log),
            fields: {
              video_id: videoId,
              video_status: "transcoded",
              duration_s: Math.round(final * 100) / 100,
              transcode_ms: transcodeMs,
              in_bytes: inputBytes,
              out_bytes: mp4.length,
              poster_bytes: jpg.length,
              size: out.video ? `${out.video.width}x${out.video.height}` : null,
            },
          };
        } catch (err) {
          // A MediaError while the runner shuts down may be ffmpeg stopped by the same signal.
          if (err instanceof MediaError && !ctx.isStopping()) {
            log.info("video unreadable", { detail: err.detail });
            return failed(err.reason);
          }
          throw err;
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    async giveUp(tx, d) {
      await finish(tx, d.payload.video_id, "failed", null, null, GIVE_UP_REASON);
    },
  });
}
