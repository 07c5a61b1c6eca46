/**
 * scraper-runner internals that need no stack: media.ts (duration rules, ffprobe parsing, the
 * MediaRecorder-WebM duration, the scale bounds, faststart detection) on real ffmpeg output, the
 * log's redaction, and the configuration's error messages.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, describe, test } from "node:test";
import { loadConfig } from "../../scraper-runner/src/config.js";
import { createLogger, redact } from "../../scraper-runner/src/log.js";
import {
  checkIntroDuration,
  DURATION_TOLERANCE_S,
  durationFromPackets,
  isFaststart,
  MediaError,
  parseProbeJson,
  probe,
  runTool,
  transcode,
} from "../../scraper-runner/src/videos/media.js";
import { clipDir, makeClip, makeGarbage, removeClips } from "../fakes/clips.js";

const run = { timeoutMs: 120_000 };

after(() => removeClips());

describe("intro length rule (20–30 s, ± 0.5 s)", () => {
  test("accepts 20–30 s within the tolerance and names the measured length otherwise", () => {
    assert.equal(DURATION_TOLERANCE_S, 0.5);
    for (const ok of [19.5, 19.6, 20, 25, 30, 30.4, 30.5]) {
      assert.deepEqual(checkIntroDuration(ok), { ok: true, durationS: ok }, String(ok));
    }
    assert.deepEqual(checkIntroDuration(12.43), {
      ok: false,
      reason: "The clip is 12.4 s long; intro videos must be 20–30 s.",
    });
    assert.deepEqual(checkIntroDuration(19.4), {
      ok: false,
      reason: "The clip is 19.4 s long; intro videos must be 20–30 s.",
    });
    assert.deepEqual(checkIntroDuration(30.6), {
      ok: false,
      reason: "The clip is 30.6 s long; intro videos must be 20–30 s.",
    });
    assert.equal(checkIntroDuration(null).ok, false);
  });
});

describe("ffprobe output parsing", () => {
  test("a header without a duration (MediaRecorder WebM) parses as null; streams are found", () => {
    const p = parseProbeJson(
      JSON.stringify({
        streams: [
          { codec_type: "video", codec_name: "vp8", width: 640, height: 480 },
          { codec_type: "audio", codec_name: "opus" },
        ],
        format: { format_name: "matroska,webm", duration: "N/A" },
      }),
    );
    assert.deepEqual(p, {
      formatName: "matroska,webm",
      container: "webm",
      durationS: null,
      video: { codec: "vp8", width: 640, height: 480 },
      audio: { codec: "opus" },
    });
    const mp4 = parseProbeJson(
      JSON.stringify({
        streams: [],
        format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2", duration: "25.008000" },
      }),
    );
    assert.equal(mp4.container, "mp4");
    assert.equal(mp4.durationS, 25.008);
    assert.equal(mp4.video, null);
  });

  test("duration from packets = end of the last packet − first pts, across streams", () => {
    const csv = [
      "0.000000,0.033000",
      "0.007000,0.020000",
      "24.967000,0.033000",
      "25.007000,0.020000",
      "N/A,N/A",
      "",
    ].join("\n");
    assert.ok(Math.abs((durationFromPackets(csv) ?? 0) - 25.027) < 1e-9);
    assert.equal(durationFromPackets(""), null);
    assert.equal(durationFromPackets("N/A,N/A\n"), null);
  });

  test("faststart: moov before mdat", () => {
    const box = (type: string, size = 16) => {
      const b = Buffer.alloc(size);
      b.writeUInt32BE(size, 0);
      b.write(type, 4, "latin1");
      return b;
    };
    assert.equal(isFaststart(Buffer.concat([box("ftyp", 24), box("moov"), box("mdat")])), true);
    assert.equal(isFaststart(Buffer.concat([box("ftyp", 24), box("mdat"), box("moov")])), false);
    assert.equal(isFaststart(Buffer.from("garbage")), false);
  });
});

describe("probe and transcode with ffmpeg", () => {
  test("a live-written WebM has no header duration; probe measures it from its packets", async () => {
    const webm = await makeClip({ seconds: 25, container: "webm" });
    const header = await runTool(
      "ffprobe",
      ["-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", webm],
      run,
    );
    assert.match(header.stdout.trim(), /^(N\/A)?$/, "like MediaRecorder output, the header has no duration");
    const p = await probe(webm, run);
    assert.equal(p.durationSource, "packets");
    assert.equal(p.container, "webm");
    assert.ok(Math.abs((p.durationS ?? 0) - 25) < 0.2, `measured ${p.durationS}`);
    assert.deepEqual(p.video, { codec: "vp8", width: 640, height: 360 });
    assert.deepEqual(p.audio, { codec: "opus" });

    const mp4 = await probe(await makeClip({ seconds: 10, container: "mp4" }), run);
    assert.equal(mp4.durationSource, "format");
    assert.ok(Math.abs((mp4.durationS ?? 0) - 10) < 0.2, `measured ${mp4.durationS}`);
  });

  test("random bytes are a MediaError with a reason for the user", async () => {
    await assert.rejects(probe(await makeGarbage("mp4"), run), (err: unknown) => {
      assert.ok(err instanceof MediaError);
      assert.equal(
        err.reason,
        "The file could not be read as a video: it may be damaged, or it is not a WebM or MP4 file.",
      );
      return true;
    });
  });

  test("an HLS playlist named .mp4 is refused (ffmpeg may only read the file itself)", async () => {
    const file = path.join(clipDir(), "playlist.mp4");
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(
        file,
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:9/x.ts\n#EXT-X-ENDLIST\n",
      ),
    );
    await assert.rejects(probe(file, run), MediaError);
  });

  test("output: H.264 yuv420p + AAC, faststart, ≤ 1280×720 landscape / 720×1280 portrait, aspect kept, ≤ 30 fps", async () => {
    const cases = [
      { size: "1920x1080", fps: 60, want: [1280, 720] },
      { size: "1080x1920", fps: 30, want: [720, 1280] },
      { size: "642x362", fps: 30, want: [642, 362] },
    ] as const;
    for (const c of cases) {
      const input = await makeClip({ seconds: 2, container: "mp4", size: c.size, fps: c.fps });
      const output = path.join(clipDir(), `out-${c.size}.mp4`);
      await transcode(input, output, run);
      const info = JSON.parse(
        (
          await runTool(
            "ffprobe",
            [
              "-v",
              "error",
              "-show_entries",
              "stream=codec_type,codec_name,width,height,pix_fmt,avg_frame_rate",
              "-of",
              "json",
              output,
            ],
            run,
          )
        ).stdout,
      ) as { streams: Record<string, string | number>[] };
      const v = info.streams.find((s) => s.codec_type === "video");
      const a = info.streams.find((s) => s.codec_type === "audio");
      assert.equal(v?.codec_name, "h264", c.size);
      assert.equal(v?.pix_fmt, "yuv420p", c.size);
      assert.deepEqual([v?.width, v?.height], c.want, c.size);
      const [num, den] = String(v?.avg_frame_rate).split("/").map(Number);
      assert.ok((num ?? 0) / (den ?? 1) <= 30.01, `${c.size}: ${v?.avg_frame_rate} fps`);
      assert.equal(a?.codec_name, "aac", c.size);
      assert.equal(isFaststart(await readFile(output)), true, `${c.size}: moov before mdat`);
    }
  });
});

describe("runner logs and configuration", () => {
  test("secrets never reach the log", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    const out: string[] = [];
    const log = createLogger({ write: (l) => out.push(l) });
    log.info(`calling with Bearer ${jwt}`, {
      service_role_key: jwt,
      headers: { authorization: `Bearer ${jwt}`, apikey: jwt },
      url: "postgresql://postgres:s3cret@127.0.0.1:5432/postgres",
      error: new Error(`token ${jwt} refused`),
    });
    const text = out.join("");
    assert.doesNotMatch(text, /eyJhbGci|s3cret/);
    const line = JSON.parse(text) as Record<string, unknown>;
    assert.equal(line.service_role_key, "[redacted]");
    assert.equal(line.url, "postgresql://postgres:[redacted]@127.0.0.1:5432/postgres");
    assert.equal(redact(`x ${jwt} y`), "x [jwt] y");
  });

  test("a bad environment names every problem", () => {
    assert.throws(
      () => loadConfig({ SUPABASE_URL: "nope", SUPABASE_DB_URL: "mysql://x", RUNNER_HEALTH_PORT: "70000" }),
      (err: Error) => {
        assert.match(err.message, /SUPABASE_URL/);
        assert.match(err.message, /SUPABASE_SERVICE_ROLE_KEY/);
        assert.match(err.message, /SUPABASE_DB_URL/);
        assert.match(err.message, /RUNNER_HEALTH_PORT/);
        return true;
      },
    );
    const c = loadConfig({
      SUPABASE_URL: "http://127.0.0.1:1/",
      SUPABASE_SERVICE_ROLE_KEY: "x".repeat(40),
      SUPABASE_DB_URL: "postgresql://u:p@127.0.0.1:1/db",
      RUNNER_QUEUES: " project_videos , ",
    });
    assert.equal(c.supabaseUrl, "http://127.0.0.1:1");
    assert.deepEqual(c.queues, ["project_videos"]);
    assert.equal(c.healthPort, 8080);
  });
});
