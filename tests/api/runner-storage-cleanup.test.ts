/**
 * The runner's storage_cleanup consumer (scraper-runner/src/storage/cleanup.ts) against the stack:
 * an intro video larger than the size declared for its upload URL is failed by the upload
 * trigger, and its FILE is then deleted through the Storage API (a SQL delete of the
 * storage.objects row would leave the file in hosted Storage). An event whose path is not under
 * its user is dead-lettered and deletes nothing.
 */
import assert from "node:assert/strict";
import { randomBytes, randomInt } from "node:crypto";
import { after, before, describe, test } from "node:test";
import postgres from "postgres";
import { callFunction, env, newUser, serviceClient, type TestUser } from "../support/env.js";
import { assertNoStackRunner, killRunner, type RunnerProcess, startRunner } from "../support/runner.js";

const QUEUE = "storage_cleanup";
const BUCKET = "project-videos";
let sql: postgres.Sql;
let runner: RunnerProcess | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function newRepo(user: TestUser, name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.repositories (user_id, provider_repo_id, name, full_name, html_url)
    values (${user.userId}, ${randomInt(1, 2 ** 31)}, ${name}, ${`octocat/${name}`}, ${`https://github.com/octocat/${name}`})
    returning id`;
  if (!row) throw new Error("no repository");
  return row.id;
}

/** Uploads `bytes` through a signed URL issued for `declared` bytes; returns the storage path. */
async function uploadDeclaring(
  user: TestUser,
  repoId: string,
  declared: number,
  bytes: number,
): Promise<string> {
  const res = await callFunction(`projects/v1/projects/${repoId}/video/signed-url`, {
    method: "POST",
    token: user.accessToken,
    body: { content_type: "video/webm", size: declared },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const t = res.body as { storage_path: string; token: string };
  const up = await user.client.storage
    .from(BUCKET)
    .uploadToSignedUrl(t.storage_path, t.token, new Blob([randomBytes(bytes)], { type: "video/webm" }), {
      contentType: "video/webm",
    });
  assert.equal(up.error, null, JSON.stringify(up.error));
  return t.storage_path;
}

/** Whether the file can still be downloaded (service role), i.e. is still in Storage. */
async function stored(path: string): Promise<boolean> {
  const { data, error } = await serviceClient().storage.from(BUCKET).download(path);
  return !error && data !== null;
}

async function waitUntil(what: string, pred: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await sleep(250);
  }
}

describe("storage_cleanup (runner)", () => {
  before(async () => {
    await assertNoStackRunner();
    sql = postgres(env.dbUrl, { max: 2, onnotice: () => {} });
  });
  after(async () => {
    await killRunner(runner);
    await sql?.end({ timeout: 5 });
  });

  test("attack: a file larger than declared is deleted from Storage; the video says why", async () => {
    const user = await newUser("cleanup");
    const repoId = await newRepo(user, "too-big");
    const path = await uploadDeclaring(user, repoId, 1000, 256 * 1024);
    assert.ok(await stored(path), "Storage accepted the file (under the bucket cap)");

    runner = await startRunner({ queues: [QUEUE] });
    await waitUntil("the rejected file is deleted", async () => !(await stored(path)));
    const rows = await sql`select 1 from storage.objects where bucket_id = ${BUCKET} and name = ${path}`;
    assert.equal(rows.length, 0, "its storage.objects row is gone with it");

    const res = await callFunction(`projects/v1/projects/${repoId}/video`, { token: user.accessToken });
    assert.equal(res.status, 200);
    const v = res.body as { status: string; failure_reason?: string };
    assert.equal(v.status, "failed");
    assert.match(v.failure_reason ?? "", /larger than the 1000 B announced .* so it was deleted/);
  });

  test("an event naming a path outside its user's folder is dead-lettered and deletes nothing", async () => {
    const [victim, other] = await Promise.all([newUser("cleanup-victim"), newUser("cleanup-other")]);
    const repoId = await newRepo(victim, "keep-me");
    // An object of the victim's that must survive (uploaded as declared, so it is not rejected).
    const path = await uploadDeclaring(victim, repoId, 4096, 4096);
    assert.ok(await stored(path));

    runner ??= await startRunner({ queues: [QUEUE] });
    const [ev] = await sql<{ id: string }[]>`
      select private.emit('storage.object.rejected', ${sql.json({
        user_id: other.userId,
        bucket: BUCKET,
        path,
        reason: "test: foreign path",
      })})::text as id`;
    await waitUntil("the event is dead-lettered", async () => {
      const dead = await sql`
        select 1 from private.dead_letters
         where queue_name = ${QUEUE} and event_id = ${ev?.id ?? "0"}::bigint`;
      return dead.length > 0;
    });
    assert.ok(await stored(path), "the victim's file is untouched");
  });
});
