/**
 * Arranging a repository with a transcoded intro video for a user (the projects sync and the
 * runner's transcoding are simulated through their SQL contract: `private.record_repository_sync`,
 * `private.video_begin_processing` / `private.video_finish`, and real objects in Storage).
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { serviceClient, type TestUser, withSql } from "./env.js";

export interface ArrangedVideo {
  repoId: string;
  videoId: string;
  mp4: Buffer;
  jpg: Buffer;
}

/** A synced repository named `name` of `user` (returns its id). */
export async function arrangeRepository(user: TestUser, name: string): Promise<string> {
  const repo = {
    provider_repo_id: randomInt(1, 2 ** 31),
    name,
    full_name: `asha/${name}`,
    html_url: `https://github.com/asha/${name}`,
    description: `The ${name} service`,
    languages: { Go: 4000 },
    topics: ["payments"],
    pushed_at: new Date().toISOString(),
  };
  return withSql((sql) =>
    sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${JSON.stringify({ sub: user.userId, role: "authenticated" })}, true)`;
      await tx`select private.record_repository_sync(${tx.json([repo])}, 'manual', true)`;
      await tx`reset role`;
      const [row] = await tx<{ id: string }[]>`
        select id from public.repositories where user_id = ${user.userId} and name = ${name}`;
      if (!row) throw new Error(`repository ${name} was not recorded`);
      return row.id;
    }),
  );
}

/** A transcoded intro video of `repoId` (its mp4 and poster stored in bucket project-videos; random bytes unless given). */
export async function arrangeTranscodedVideo(
  user: TestUser,
  repoId: string,
  media: { mp4?: Buffer; jpg?: Buffer } = {},
): Promise<ArrangedVideo> {
  const videoId = randomUUID();
  const base = `${user.userId}/${repoId}/${videoId}`;
  const mp4 = media.mp4 ?? randomBytes(512);
  const jpg = media.jpg ?? randomBytes(256);
  await withSql(
    (sql) => sql`
      insert into public.project_videos (id, user_id, repo_id, storage_path, content_type, size_bytes, status)
      values (${videoId}, ${user.userId}, ${repoId}, ${`${base}.mp4`}, 'video/mp4', 1000, 'uploaded')`,
  );
  const storage = serviceClient().storage.from("project-videos");
  for (const [path, bytes, type] of [
    [`${base}/intro.mp4`, mp4, "video/mp4"],
    [`${base}/poster.jpg`, jpg, "image/jpeg"],
  ] as const) {
    const { error } = await storage.upload(path, bytes, { contentType: type });
    if (error) throw new Error(`upload of ${path} failed: ${error.message}`);
  }
  await withSql((sql) =>
    sql.begin(async (tx) => {
      await tx`set local role service_role`;
      await tx`select private.video_begin_processing(${videoId}::uuid)`;
      await tx`select private.video_finish(${videoId}::uuid, 'transcoded', 24.5, ${`${base}/intro.mp4`}, ${`${base}/poster.jpg`}, null)`;
    }),
  );
  return { repoId, videoId, mp4, jpg };
}
