/**
 * "Watch intro" links of a resume PDF: each project of the document that rests on a repository
 * with a transcoded intro video gets the video's public share page (`<SITE_URL>/v/<slug>`), never a
 * signed URL (the PDF outlives any). `private.resume_video_shares` makes the share for a video never
 * shared and leaves out one whose link the owner revoked.
 */
import type { ResumeDocument } from "../../../supabase/functions/_shared/contract/resume.ts";
import type { Tx } from "../db.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** project index → the repository ids its name cites (the project's source). */
export function projectRepositories(doc: ResumeDocument): Map<number, string[]> {
  const out = new Map<number, string[]>();
  (doc.projects ?? []).forEach((_, i) => {
    const refs = doc.meta.provenance[`/projects/${i}/name`] ?? [];
    const ids = refs.filter((r) => r.kind === "repository" && UUID.test(r.id)).map((r) => r.id);
    if (ids.length) out.set(i, ids);
  });
  return out;
}

/** The document with `meta.videoLinks` (project name → share page) for its projects with a video. */
export async function withVideoLinks(
  tx: Tx,
  userId: string,
  doc: ResumeDocument,
  siteUrl: string,
): Promise<ResumeDocument> {
  const byProject = projectRepositories(doc);
  const repoIds = [...new Set([...byProject.values()].flat())];
  if (!repoIds.length) return doc;
  const rows = await tx<{ repo_id: string; slug: string }[]>`
    select repo_id, slug from private.resume_video_shares(${userId}::uuid, ${repoIds}::uuid[])`;
  const slugOf = new Map(rows.map((r) => [r.repo_id, r.slug]));
  const links: Record<string, string> = {};
  for (const [i, ids] of byProject) {
    const slug = ids.map((id) => slugOf.get(id)).find(Boolean);
    const name = doc.projects?.[i]?.name;
    if (slug && name) links[name] = `${siteUrl.replace(/\/+$/, "")}/v/${slug}`;
  }
  if (!Object.keys(links).length) return doc;
  return { ...doc, meta: { ...doc.meta, videoLinks: { ...doc.meta.videoLinks, ...links } } };
}
