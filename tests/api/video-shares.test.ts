/**
 * Share links of intro videos (supabase/functions/projects/shares.ts): the owner shares and
 * revokes; anyone with a live link gets the video through short-lived signed URLs without signing
 * in; a revoked, guessed or malformed link, or another user's repository, gets nothing.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, test } from "node:test";
import { callFunction, env, newUser, type TestUser, withSql } from "../support/env.js";
import { type ArrangedVideo, arrangeRepository, arrangeTranscodedVideo } from "../support/videos.js";

const PROJECTS = "projects/v1/projects";
const PUBLIC = "projects/v1/video-shares";

interface Share {
  slug: string;
  url: string;
}
interface Shared {
  project_name: string;
  owner_name: string;
  duration_sec: number;
  playback_url: string;
  poster_url: string;
  expires_in: number;
}

const share = (user: TestUser, repoId: string, method = "POST") =>
  callFunction(`${PROJECTS}/${repoId}/video/share`, { method, token: user.accessToken });
/** The public route, as the share page calls it: no token at all. */
const open = (slug: string) => callFunction(`${PUBLIC}/${encodeURIComponent(slug)}`);
const code = (body: unknown) => (body as { error?: { code?: string } }).error?.code;
/** A slug of the right shape nobody was given. */
const guess = () => randomBytes(16).toString("base64url");

describe("video share links", () => {
  let owner: TestUser;
  let video: ArrangedVideo;
  before(async () => {
    owner = await newUser("share-owner");
    await withSql(
      (sql) => sql`update public.profiles set display_name = 'Asha Rao' where id = ${owner.userId}`,
    );
    video = await arrangeTranscodedVideo(owner, await arrangeRepository(owner, "ledgerline"));
  });

  test("the owner shares: one stable link; anyone opens it without signing in and gets the video", async () => {
    const first = await share(owner, video.repoId);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const link = first.body as Share;
    assert.match(link.slug, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(link.url, `${env.webUrl}/v/${link.slug}`);
    const again = await share(owner, video.repoId);
    assert.deepEqual(again.body, link, "sharing again gives the same link");

    const res = await open(link.slug);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.headers.get("cache-control"), "no-store");
    const body = res.body as Shared;
    assert.deepEqual(Object.keys(body).sort(), [
      "duration_sec",
      "expires_in",
      "owner_name",
      "playback_url",
      "poster_url",
      "project_name",
    ]);
    assert.equal(body.project_name, "ledgerline");
    assert.equal(body.owner_name, "Asha Rao");
    assert.equal(body.duration_sec, 24.5);
    assert.ok(!JSON.stringify(body).includes(owner.email), "the owner's email is not shown");
    const mp4 = await fetch(body.playback_url);
    assert.equal(mp4.status, 200);
    assert.deepEqual(Buffer.from(await mp4.arrayBuffer()), video.mp4);
    const jpg = await fetch(body.poster_url);
    assert.equal(jpg.status, 200);
    assert.deepEqual(Buffer.from(await jpg.arrayBuffer()), video.jpg);
  });

  test("attack: the signed URLs a visit gets expire within 15 minutes and sign only this video's files", async () => {
    const { slug } = (await share(owner, video.repoId)).body as Share;
    const body = (await open(slug)).body as Shared;
    assert.equal(body.expires_in, 900);
    for (const [url, file] of [
      [body.playback_url, "intro.mp4"],
      [body.poster_url, "poster.jpg"],
    ] as const) {
      const token = new URL(url).searchParams.get("token") ?? "";
      const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as {
        exp: number;
        iat: number;
        url: string;
      };
      assert.equal(claims.exp - claims.iat, 900, "signed for 15 minutes, not longer");
      assert.equal(claims.url, `project-videos/${owner.userId}/${video.repoId}/${video.videoId}/${file}`);
      // The token is bound to its object: replayed on the original upload, Storage refuses it.
      const other = new URL(url);
      other.pathname = other.pathname.replace(`/${video.videoId}/${file}`, `/${video.videoId}.mp4`);
      assert.notEqual((await fetch(other)).status, 200);
    }
  });

  test("attack: a guessed or malformed slug is the same 404 as a revoked one", async () => {
    const unknown = await open(guess());
    assert.equal(unknown.status, 404);
    assert.equal(code(unknown.body), "not_found");
    for (const bad of ["x", "../../v1/projects", "%00", "a".repeat(64), `${guess()}'--`]) {
      const res = await open(bad);
      assert.equal(res.status, 404, `${bad}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.body, unknown.body);
    }
  });

  test("attack: a revoked link answers 404 at once; sharing again makes a new link, never the old one", async () => {
    const user = await newUser("share-revoke");
    const v = await arrangeTranscodedVideo(user, await arrangeRepository(user, "billing"));
    const { slug } = (await share(user, v.repoId)).body as Share;
    assert.equal((await open(slug)).status, 200);

    const revoked = await share(user, v.repoId, "DELETE");
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.deepEqual(revoked.body, { revoked: 1 });
    const dead = await open(slug);
    assert.equal(dead.status, 404);
    assert.deepEqual(dead.body, (await open(guess())).body, "revoked and unknown are indistinguishable");
    assert.deepEqual((await share(user, v.repoId, "DELETE")).body, { revoked: 0 });

    const fresh = (await share(user, v.repoId)).body as Share;
    assert.notEqual(fresh.slug, slug);
    assert.equal((await open(slug)).status, 404, "the old link stays dead");
    assert.equal((await open(fresh.slug)).status, 200);
  });

  test("attack: another user's repository cannot be shared or revoked (404), and its link keeps working", async () => {
    const { slug } = (await share(owner, video.repoId)).body as Share;
    const stranger = await newUser("share-stranger");
    for (const method of ["POST", "DELETE"]) {
      const res = await share(stranger, video.repoId, method);
      assert.equal(res.status, 404, `${method}: ${JSON.stringify(res.body)}`);
    }
    // The video id is not a repository id either.
    assert.equal((await share(stranger, video.videoId)).status, 404);
    assert.equal((await share(owner, video.videoId)).status, 404);
    assert.equal((await open(slug)).status, 200);
    // Without a token: 401; a malformed id: 422.
    assert.equal(
      (await callFunction(`${PROJECTS}/${video.repoId}/video/share`, { method: "POST" })).status,
      401,
    );
    assert.equal((await share(owner, "not-a-uuid")).status, 422);
    // Share rows are the owner's alone under RLS as well.
    const seen = await withSql((sql) =>
      sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true),
                        set_config('request.jwt.claims', ${JSON.stringify({ sub: stranger.userId, role: "authenticated" })}, true)`;
        return tx`select slug from public.project_video_shares`;
      }),
    );
    assert.equal(seen.length, 0);
  });

  test("a repository without a transcoded video cannot be shared (409), and nothing is made", async () => {
    const user = await newUser("share-novideo");
    const repoId = await arrangeRepository(user, "no-video");
    const res = await share(user, repoId);
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.match((res.body as { error: { message: string } }).error.message, /no intro video/);
    const rows = await withSql(
      (sql) => sql`select 1 from public.project_video_shares where user_id = ${user.userId}`,
    );
    assert.equal(rows.length, 0);
  });
});
