/**
 * Intro videos end to end through the runner: clips generated with ffmpeg lavfi (tests/fakes/clips.ts:
 * 10 s, 25 s and 35 s as MediaRecorder-like WebM and as MP4, random bytes, a cut-off file) are
 * uploaded the way the page does it — `POST /v1/projects/:id/video/signed-url`, then supabase-js
 * `uploadToSignedUrl` — and a runner process started here (queue project_videos) turns them into
 * `transcoded` (playable H.264/AAC faststart mp4 + poster) or `failed` with the reason the user
 * reads through `GET /v1/projects/:id/video`. Then the runner is killed (SIGKILL) and stopped
 * (SIGTERM) in the middle of a transcode, and the message is still handled exactly once.
 *
 * Repositories are inserted directly (arranging state: the sync has its own tests).
 * Needs the stack without its own runner (tests/run.ts starts it with --no-runner).
 */
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import postgres from "postgres";
import { isFaststart, runTool } from "../../scraper-runner/src/videos/media.js";
import { clipDir, makeClip, makeGarbage, makeTruncated, removeClips } from "../fakes/clips.js";
import { callFunction, env, newUser, serviceClient, type TestUser } from "../support/env.js";
import { assertNoStackRunner, killRunner, type RunnerProcess, startRunner } from "../support/runner.js";

const QUEUE = "project_videos";
let sql: postgres.Sql;
let user: TestUser;
let original: { visibility_timeout_s: number } | undefined;
const runners: RunnerProcess[] = [];
let peakRssMb = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Video {
  status: string;
  video_id?: string;
  duration_sec?: number;
  failure_reason?: string;
  playback_url?: string;
  poster_url?: string;
}

async function newRepo(name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.repositories (user_id, provider_repo_id, name, full_name, html_url)
    values (${user.userId}, ${randomInt(1, 2 ** 31)}, ${name}, ${`octocat/${name}`}, ${`https://github.com/octocat/${name}`})
    returning id`;
  if (!row) throw new Error("no repository");
  return row.id;
}

/** Uploads `file` as the repository's intro video the way the page does; returns the video id. */
async function upload(repoId: string, file: string): Promise<string> {
  const contentType = file.endsWith(".mp4") ? "video/mp4" : "video/webm";
  const data = await readFile(file);
  const target = await callFunction(`projects/v1/projects/${repoId}/video/signed-url`, {
    method: "POST",
    token: user.accessToken,
    body: { content_type: contentType, size: data.length },
  });
  assert.equal(target.status, 200, JSON.stringify(target.body));
  const t = target.body as { storage_path: string; token: string; video_id: string };
  const up = await user.client.storage
    .from("project-videos")
    .uploadToSignedUrl(t.storage_path, t.token, new Blob([data], { type: contentType }), { contentType });
  assert.equal(up.error, null, JSON.stringify(up.error));
  return t.video_id;
}

async function video(repoId: string): Promise<Video> {
  const res = await callFunction(`projects/v1/projects/${repoId}/video`, { token: user.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as Video;
}

/** Polls the user's view of the video until it is transcoded or failed. */
async function final(repoId: string, timeoutMs = 120_000): Promise<Video> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await video(repoId);
    if (v.status === "transcoded" || v.status === "failed") return v;
    if (Date.now() > deadline) assert.fail(`video of ${repoId} still ${v.status} after ${timeoutMs} ms`);
    await sleep(500);
  }
}

/** The video's original path and outputs, and every Storage object under its folder. */
async function storedObjects(videoId: string) {
  const [v] = await sql<{ storage_path: string; playback_path: string | null; poster_path: string | null }[]>`
    select storage_path, playback_path, poster_path from public.project_videos where id = ${videoId}`;
  if (!v) throw new Error(`no video ${videoId}`);
  const folder = v.storage_path.slice(0, v.storage_path.lastIndexOf("/") + 1);
  const objects = await sql<{ name: string }[]>`
    select name from storage.objects where bucket_id = 'project-videos' and name like ${`${folder}%`} order by name`;
  return {
    original: v.storage_path,
    playback: v.playback_path,
    poster: v.poster_path,
    names: objects.map((o) => o.name),
  };
}

/** How many project_video.processed events were emitted for a video. */
async function processedEvents(videoId: string): Promise<{ status: string }[]> {
  const rows = await sql<{ status: string }[]>`
    select payload ->> 'status' as status from public.event_log
     where event_type = 'project_video.processed' and payload ->> 'video_id' = ${videoId}`;
  return rows.map((r) => ({ status: r.status }));
}

async function queueRow(videoId: string) {
  const [row] = await sql<{ msg_id: string; read_ct: number; vt_in_s: number }[]>`
    select msg_id::text, read_ct, extract(epoch from vt - clock_timestamp())::float8 as vt_in_s
      from pgmq.q_project_videos where message -> 'payload' ->> 'video_id' = ${videoId}`;
  return row ?? null;
}

async function runner(extraEnv: Record<string, string> = {}): Promise<RunnerProcess> {
  const r = await startRunner({ queues: [QUEUE], env: extraEnv });
  runners.push(r);
  const sample = setInterval(() => {
    fetch(r.healthUrl)
      .then((res) => res.json() as Promise<{ rss_mb: number }>)
      .then((h) => {
        peakRssMb = Math.max(peakRssMb, h.rss_mb);
      })
      .catch(() => {});
  }, 500);
  void r.exited.then(() => clearInterval(sample));
  return r;
}

async function stop(r: RunnerProcess): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  r.kill("SIGTERM");
  const exit = await r.exited;
  assert.equal(exit.code, 0, r.stderr());
}

async function setVisibilityTimeout(seconds: number): Promise<void> {
  await sql`update private.event_consumers set visibility_timeout_s = ${seconds} where queue_name = ${QUEUE}`;
}

async function ffprobeJson(file: string) {
  const out = await runTool(
    "ffprobe",
    [
      "-v",
      "error",
      "-show_entries",
      "stream=codec_type,codec_name,width,height,pix_fmt:format=duration",
      "-of",
      "json",
      file,
    ],
    { timeoutMs: 30_000 },
  );
  return JSON.parse(out.stdout) as {
    streams: { codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string }[];
    format: { duration: string };
  };
}

before(async () => {
  await assertNoStackRunner();
  sql = postgres(env.dbUrl, { max: 2, onnotice: () => {} });
  const [row] = await sql<{ visibility_timeout_s: number }[]>`
    select visibility_timeout_s from private.event_consumers where queue_name = ${QUEUE}`;
  original = row;
  assert.ok(original, "the project_videos consumer is registered");
  user = await newUser("runner-video");
});

after(async () => {
  for (const r of runners) await killRunner(r);
  if (original) await setVisibilityTimeout(original.visibility_timeout_s).catch(() => {});
  await sql?.end({ timeout: 5 });
  removeClips();
  if (peakRssMb > 0) console.log(`# runner peak RSS: ${peakRssMb} MiB`);
});

describe("intro videos through the runner", () => {
  test("clips outside 20–30 s and damaged files fail with a reason the user reads", async () => {
    const clips = {
      webm10: await makeClip({ seconds: 10, container: "webm" }),
      webm35: await makeClip({ seconds: 35, container: "webm" }),
      mp4_10: await makeClip({ seconds: 10, container: "mp4" }),
      mp4_35: await makeClip({ seconds: 35, container: "mp4" }),
      garbage: await makeGarbage("webm"),
      truncated: await makeTruncated(
        await makeClip({ seconds: 25, container: "mp4", faststart: true }),
        0.25,
      ),
    };
    const repos: Record<string, string> = {};
    const videos: Record<string, string> = {};
    for (const [name, file] of Object.entries(clips)) {
      repos[name] = await newRepo(`bad-${name}-${randomInt(1e6)}`);
      videos[name] = await upload(repos[name] as string, file);
    }
    const r = await runner();
    try {
      const got: Record<string, Video> = {};
      for (const name of Object.keys(clips)) got[name] = await final(repos[name] as string);

      for (const [name, secs] of [
        ["webm10", 10],
        ["webm35", 35],
        ["mp4_10", 10],
        ["mp4_35", 35],
      ] as const) {
        const v = got[name];
        assert.equal(v?.status, "failed", name);
        assert.match(
          v?.failure_reason ?? "",
          new RegExp(`^The clip is ${secs}\\.\\d s long; intro videos must be 20–30 s\\.$`),
          name,
        );
        assert.ok(Math.abs((v?.duration_sec ?? 0) - secs) < 0.3, `${name}: duration_sec ${v?.duration_sec}`);
        assert.equal(v?.playback_url, undefined);
      }
      assert.equal(got.garbage?.status, "failed");
      assert.equal(
        got.garbage?.failure_reason,
        "The file could not be read as a video: it may be damaged, or it is not a WebM or MP4 file.",
      );
      assert.equal(got.truncated?.status, "failed");
      assert.match(got.truncated?.failure_reason ?? "", /damaged/);

      for (const name of Object.keys(clips)) {
        assert.deepEqual(await processedEvents(videos[name] as string), [{ status: "failed" }], name);
        const project = await callFunction(`projects/v1/projects/${repos[name]}`, {
          token: user.accessToken,
        });
        assert.equal((project.body as { has_intro_video: boolean }).has_intro_video, false, name);
        const stored = await storedObjects(videos[name] as string);
        assert.deepEqual(stored.names, [stored.original], `${name}: a rejected clip's original is kept`);
      }
    } finally {
      await stop(r);
    }
  });

  test("25 s WebM (no header duration) and MP4 → H.264/AAC faststart mp4 ≤ 720p + poster, has_intro_video", async () => {
    const clips = {
      webm25: await makeClip({ seconds: 25, container: "webm" }),
      mp4_25: await makeClip({ seconds: 25, container: "mp4" }),
    };
    const r = await runner();
    try {
      for (const [name, file] of Object.entries(clips)) {
        const repoId = await newRepo(`good-${name}-${randomInt(1e6)}`);
        const videoId = await upload(repoId, file);
        const v = await final(repoId);
        assert.equal(v.status, "transcoded", `${name}: ${v.failure_reason}`);
        assert.ok(Math.abs((v.duration_sec ?? 0) - 25) < 0.5, `${name}: duration_sec ${v.duration_sec}`);
        assert.ok(v.playback_url && v.poster_url, `${name}: signed URLs`);

        const mp4 = Buffer.from(await (await fetch(v.playback_url)).arrayBuffer());
        assert.equal(isFaststart(mp4), true, `${name}: moov before mdat`);
        const mp4File = path.join(clipDir(), `${name}-intro.mp4`);
        await writeFile(mp4File, mp4);
        const info = await ffprobeJson(mp4File);
        const vs = info.streams.find((s) => s.codec_type === "video");
        const as = info.streams.find((s) => s.codec_type === "audio");
        assert.deepEqual(
          [vs?.codec_name, vs?.pix_fmt, as?.codec_name],
          ["h264", "yuv420p", "aac"],
          `${name}: ${JSON.stringify(info.streams)}`,
        );
        assert.ok(
          (vs?.height ?? 0) <= 720 && (vs?.width ?? 0) <= 1280,
          `${name}: ${vs?.width}x${vs?.height}`,
        );
        assert.ok(
          Math.abs(Number(info.format.duration) - 25) < 0.5,
          `${name}: plays ${info.format.duration} s`,
        );

        const poster = Buffer.from(await (await fetch(v.poster_url)).arrayBuffer());
        assert.deepEqual([...poster.subarray(0, 3)], [0xff, 0xd8, 0xff], `${name}: poster is a JPEG`);
        const posterFile = path.join(clipDir(), `${name}-poster.jpg`);
        await writeFile(posterFile, poster);
        const pinfo = await ffprobeJson(posterFile);
        assert.deepEqual(
          [pinfo.streams[0]?.width, pinfo.streams[0]?.height],
          [vs?.width, vs?.height],
          `${name}: poster size`,
        );

        const project = await callFunction(`projects/v1/projects/${repoId}`, { token: user.accessToken });
        assert.equal((project.body as { has_intro_video: boolean }).has_intro_video, true, name);
        assert.deepEqual(await processedEvents(videoId), [{ status: "transcoded" }], name);

        const handled = await r.waitForLog(
          (l) => l.msg === "message handled" && l.video_id === videoId,
          5000,
        );
        // The original upload is deleted once the transcode is recorded; the outputs stay.
        const stored = await storedObjects(videoId);
        assert.deepEqual(
          stored.names,
          [stored.playback ?? "", stored.poster ?? ""].sort(),
          `${name}: only the outputs remain`,
        );
        const gone = await serviceClient().storage.from("project-videos").download(stored.original);
        assert.ok(gone.error, `${name}: the original ${stored.original} can no longer be downloaded`);
        console.log(
          `# ${name}: transcode ${handled.transcode_ms} ms, ${handled.in_bytes} → ${handled.out_bytes} bytes, ${handled.size}`,
        );
      }
    } finally {
      await stop(r);
    }
  });

  test("a runner SIGKILLed mid-transcode: the message reappears after its visibility timeout and is handled exactly once", async () => {
    const VT = 6;
    await setVisibilityTimeout(VT);
    const clip = await makeClip({ seconds: 25, container: "webm", size: "854x480" });
    const repoId = await newRepo(`kill-${randomInt(1e6)}`);
    const first = await runner();
    const videoId = await upload(repoId, clip);
    await first.waitForLog((l) => l.msg === "video probed" && l.video_id === videoId, 120_000);
    await first.waitForChild("ffmpeg"); // inside the transcode (the 480p one takes several seconds)
    first.kill("SIGKILL");
    const killed = await first.exited;
    assert.equal(killed.signal, "SIGKILL");
    assert.ok(
      !first.lines.some((l) => l.msg === "message handled" && l.video_id === videoId),
      "killed mid-job",
    );

    assert.equal((await video(repoId)).status, "processing");
    const hidden = await queueRow(videoId);
    assert.ok(hidden, "the message is still queued");
    assert.equal(hidden.read_ct, 1);
    assert.ok(
      hidden.vt_in_s > 0 && hidden.vt_in_s <= VT + 0.5,
      `invisible for at most the vt (${hidden.vt_in_s} s)`,
    );
    await sleep(Math.max(0, hidden.vt_in_s * 1000) + 300);
    const visible = await queueRow(videoId);
    assert.ok(visible && visible.vt_in_s <= 0, "visible again after its visibility timeout");

    const second = await runner();
    try {
      const v = await final(repoId);
      assert.equal(v.status, "transcoded", v.failure_reason);
      assert.deepEqual(
        await processedEvents(videoId),
        [{ status: "transcoded" }],
        "one outcome, emitted once",
      );
      assert.equal(await queueRow(videoId), null, "archived");
      const [archived] = await sql<{ read_ct: number }[]>`
        select read_ct from pgmq.a_project_videos where message -> 'payload' ->> 'video_id' = ${videoId}`;
      assert.equal(archived?.read_ct, 2, "archived on its second delivery");
      const [receipts] = await sql<{ n: number }[]>`
        select count(*)::int as n from private.consumer_receipts r join pgmq.a_project_videos a
          on r.event_id = (a.message ->> 'event_id')::bigint
         where r.queue_name = ${QUEUE} and a.message -> 'payload' ->> 'video_id' = ${videoId}`;
      assert.equal(receipts?.n, 1);
    } finally {
      await stop(second);
    }
  });

  test("SIGTERM mid-transcode: exits 0 after the grace period, hands the message back at once, the next runner finishes it", async () => {
    await setVisibilityTimeout(60);
    const clip = await makeClip({ seconds: 25, container: "webm", size: "854x480" });
    const repoId = await newRepo(`term-${randomInt(1e6)}`);
    const first = await runner({ RUNNER_SHUTDOWN_GRACE_S: "1" });
    const videoId = await upload(repoId, clip);
    await first.waitForLog((l) => l.msg === "video probed" && l.video_id === videoId, 120_000);
    await first.waitForChild("ffmpeg");
    const t0 = Date.now();
    first.kill("SIGTERM");
    const exit = await first.exited;
    assert.equal(exit.code, 0, first.stderr());
    assert.ok(exit.at - t0 < 5000, `exited after ${exit.at - t0} ms`);
    assert.ok(first.lines.some((l) => l.msg === "message abandoned at shutdown"));
    const back = await queueRow(videoId);
    assert.ok(back, "still queued");
    assert.ok(
      back.vt_in_s <= 0,
      `released now rather than after the 60 s visibility timeout (${back.vt_in_s} s)`,
    );

    const second = await runner();
    try {
      const v = await final(repoId);
      assert.equal(v.status, "transcoded", v.failure_reason);
      assert.deepEqual(await processedEvents(videoId), [{ status: "transcoded" }]);
    } finally {
      await stop(second);
    }
  });
});
