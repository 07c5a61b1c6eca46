/** Projects arranged in SQL and Storage (what the sync, Gemini and the runner would have written). */
import { serviceClient, type TestUser, withSql } from "./env.js";

export const BUCKET = "project-videos";
export const AI_TEXT = "A CLI that syncs notes to S3, written in Go.";

/** A repository of `user` with an AI description (only the sync and describe write them; arranged in SQL). */
export async function repository(user: TestUser, name = "notes-sync"): Promise<string> {
  const providerId = 1 + Math.floor(Math.random() * 2_000_000_000);
  const [row] = await withSql(
    (sql) => sql<{ id: string }[]>`
      insert into public.repositories (user_id, provider_repo_id, name, full_name, html_url, description_ai, description_ai_at)
      values (${user.userId}, ${providerId}, ${name}, ${`someone/${name}`}, ${`https://github.com/someone/${name}`},
              ${AI_TEXT}, now())
      returning id`,
  );
  if (!row) throw new Error("no repository inserted");
  return row.id;
}

/**
 * A transcoded intro video of the repository with its three files in Storage (the runner's work,
 * arranged: the row first, so the upload trigger, which only looks at pending rows, leaves it be).
 */
export async function transcodedVideo(
  user: TestUser,
  repoId: string,
): Promise<{ id: string; paths: string[] }> {
  const id = crypto.randomUUID();
  const original = `${user.userId}/${repoId}/${id}.webm`;
  const playback = `${user.userId}/${repoId}/${id}/intro.mp4`;
  const poster = `${user.userId}/${repoId}/${id}/poster.jpg`;
  await withSql(async (sql) => {
    await sql`
      insert into public.project_videos
        (id, user_id, repo_id, storage_path, content_type, size_bytes, status, duration_sec, playback_path, poster_path)
      values (${id}, ${user.userId}, ${repoId}, ${original}, 'video/webm', 4, 'transcoded', 24, ${playback}, ${poster})`;
    await sql`update public.repositories set has_intro_video = true where id = ${repoId}`;
  });
  const storage = serviceClient().storage.from(BUCKET);
  for (const [path, type] of [
    [original, "video/webm"],
    [playback, "video/mp4"],
    [poster, "image/jpeg"],
  ] as const) {
    const { error } = await storage.upload(path, new Blob([new Uint8Array([1, 2, 3, 4])], { type }), {
      contentType: type,
    });
    if (error) throw new Error(`upload ${path}: ${error.message}`);
  }
  return { id, paths: [original, playback, poster] };
}
