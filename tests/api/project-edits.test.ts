/**
 * GitHub Projects: the user's own edit of a description (kept apart from the AI text) and
 * deleting an intro video (its rows and its Storage objects), with attacks by another user and
 * an admin first.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { callFunction, newAdmin, newUser, serviceClient, type TestUser, withSql } from "../support/env.js";
import { AI_TEXT, BUCKET, repository, transcodedVideo } from "../support/project-fixtures.js";

interface ProjectBody {
  id: string;
  description_ai: string | null;
  description_user: string | null;
  description_user_at: string | null;
  has_intro_video: boolean;
}

/** Which of `paths` still exist in the bucket. */
async function existing(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const { data } = await serviceClient().storage.from(BUCKET).download(path);
    if (data) out.push(path);
  }
  return out;
}

async function videoRows(repoId: string): Promise<number> {
  const [row] = await withSql(
    (sql) =>
      sql<{ n: number }[]>`select count(*)::int as n from public.project_videos where repo_id = ${repoId}`,
  );
  return row?.n ?? -1;
}

describe("projects: the user's own description", () => {
  let user: TestUser;
  let other: TestUser;
  let admin: TestUser;
  let repoId: string;

  before(async () => {
    [user, other, admin] = await Promise.all([
      newUser("edit-owner"),
      newUser("edit-other"),
      newAdmin("edit-admin"),
    ]);
    repoId = await repository(user);
  });

  test("another user and an admin cannot edit it: 404, and nothing changes", async () => {
    for (const attacker of [other, admin]) {
      const res = await callFunction(`projects/v1/projects/${repoId}/description`, {
        method: "PUT",
        token: attacker.accessToken,
        body: { description: "Hijacked." },
      });
      assert.equal(res.status, 404);
      assert.equal((res.body as { error: { code: string } }).error.code, "not_found");
    }
    const [row] = await withSql(
      (sql) => sql<{ description_user: string | null }[]>`
        select description_user from public.repositories where id = ${repoId}`,
    );
    assert.equal(row?.description_user, null);
    const anon = await callFunction(`projects/v1/projects/${repoId}/description`, {
      method: "PUT",
      body: { description: "Anonymous." },
    });
    assert.equal(anon.status, 401);
  });

  test("bad input is a 422 with a reason, and writes nothing", async () => {
    for (const body of [
      { description: "   " },
      { description: "x".repeat(2001) },
      { description: 42 },
      { description: "ok", user_id: other.userId },
      {},
    ]) {
      const res = await callFunction(`projects/v1/projects/${repoId}/description`, {
        method: "PUT",
        token: user.accessToken,
        body,
      });
      assert.equal(res.status, 422, JSON.stringify(body).slice(0, 60));
      assert.equal((res.body as { error: { code: string } }).error.code, "validation_failed");
    }
    const [row] = await withSql(
      (sql) => sql<{ description_user: string | null }[]>`
        select description_user from public.repositories where id = ${repoId}`,
    );
    assert.equal(row?.description_user, null);
  });

  test("the owner's edit is stored apart from the AI text, found by search, and removable", async () => {
    const saved = await callFunction(`projects/v1/projects/${repoId}/description`, {
      method: "PUT",
      token: user.accessToken,
      body: { description: "  A CLI I wrote to back my notes up to S3 every night.  " },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const p = saved.body as ProjectBody;
    assert.equal(p.description_user, "A CLI I wrote to back my notes up to S3 every night.");
    assert.ok(p.description_user_at);
    assert.equal(p.description_ai, AI_TEXT, "the AI text is kept as Gemini wrote it");

    const found = await callFunction("projects/v1/projects?q=every%20night", { token: user.accessToken });
    assert.deepEqual(
      (found.body as { items: ProjectBody[] }).items.map((i) => i.id),
      [repoId],
    );

    const cleared = await callFunction(`projects/v1/projects/${repoId}/description`, {
      method: "PUT",
      token: user.accessToken,
      body: { description: null },
    });
    assert.equal(cleared.status, 200);
    assert.equal((cleared.body as ProjectBody).description_user, null);
    assert.equal((cleared.body as ProjectBody).description_user_at, null);
    assert.equal((cleared.body as ProjectBody).description_ai, AI_TEXT);
  });

  test("an unknown repository id is a 404", async () => {
    const res = await callFunction(`projects/v1/projects/${crypto.randomUUID()}/description`, {
      method: "PUT",
      token: user.accessToken,
      body: { description: "Nothing here." },
    });
    assert.equal(res.status, 404);
  });
});

describe("projects: deleting an intro video", () => {
  let user: TestUser;
  let other: TestUser;
  let admin: TestUser;

  before(async () => {
    [user, other, admin] = await Promise.all([
      newUser("vdel-owner"),
      newUser("vdel-other"),
      newAdmin("vdel-admin"),
    ]);
  });

  test("another user and an admin cannot delete it: 404, rows and files stay", async () => {
    const repoId = await repository(user, "attacked");
    const video = await transcodedVideo(user, repoId);
    for (const attacker of [other, admin]) {
      const res = await callFunction(`projects/v1/projects/${repoId}/video`, {
        method: "DELETE",
        token: attacker.accessToken,
      });
      assert.equal(res.status, 404);
    }
    assert.equal(
      (await callFunction(`projects/v1/projects/${repoId}/video`, { method: "DELETE" })).status,
      401,
    );
    assert.equal(await videoRows(repoId), 1);
    assert.deepEqual(await existing(video.paths), video.paths);
  });

  test("the owner deletes it: rows, original, mp4 and poster are gone, and the project has no video", async () => {
    const repoId = await repository(user, "with-video");
    const video = await transcodedVideo(user, repoId);
    // An earlier clip that failed (no outputs) goes too.
    await withSql(
      (sql) => sql`
        insert into public.project_videos (user_id, repo_id, storage_path, content_type, size_bytes, status, failure_reason, created_at)
        values (${user.userId}, ${repoId}, ${`${user.userId}/${repoId}/${crypto.randomUUID()}.webm`}, 'video/webm', 4,
                'failed', 'Too short.', now() - interval '1 day')`,
    );
    const res = await callFunction(`projects/v1/projects/${repoId}/video`, {
      method: "DELETE",
      token: user.accessToken,
    });
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.equal(await videoRows(repoId), 0);
    assert.deepEqual(await existing(video.paths), []);
    const project = await callFunction(`projects/v1/projects/${repoId}`, { token: user.accessToken });
    assert.equal((project.body as ProjectBody).has_intro_video, false);
    const status = await callFunction(`projects/v1/projects/${repoId}/video`, { token: user.accessToken });
    assert.deepEqual(status.body, { status: "none" });

    const again = await callFunction(`projects/v1/projects/${repoId}/video`, {
      method: "DELETE",
      token: user.accessToken,
    });
    assert.equal(again.status, 404, "nothing left to delete");
  });

  test("a clip being processed cannot be deleted yet: 409, nothing changes", async () => {
    const repoId = await repository(user, "processing");
    await withSql(
      (sql) => sql`
        insert into public.project_videos (user_id, repo_id, storage_path, content_type, size_bytes, status)
        values (${user.userId}, ${repoId}, ${`${user.userId}/${repoId}/${crypto.randomUUID()}.webm`}, 'video/webm', 4, 'processing')`,
    );
    const res = await callFunction(`projects/v1/projects/${repoId}/video`, {
      method: "DELETE",
      token: user.accessToken,
    });
    assert.equal(res.status, 409);
    assert.match((res.body as { error: { message: string } }).error.message, /being processed/);
    assert.equal(await videoRows(repoId), 1);
  });
});
