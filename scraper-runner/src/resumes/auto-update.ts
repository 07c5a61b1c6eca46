/**
 * Queue `resume_auto_update`: keeps resumes with auto-update on in step with the user's projects —
 * as drafts the user approves, never live.
 *
 *   repo.detected / repo.updated {user_id, repo_id, …}
 *   project_video.processed {user_id, repo_id, status}  (only `transcoded` counts)
 *
 * For each of the user's resumes with `auto_tailor_enabled` and an active version, the draft is the
 * active content with its projects section refreshed from the repositories that are new or changed
 * since that version was made (the most recently pushed 3, each as a grounded project entry: name,
 * description — the grounded AI one when there is one — languages, address; every claim cites its
 * repository and passes the no-fabrication guard). `private.add_resume_draft` keeps ONE draft per
 * resume (created, or refreshed), and announces a new one once ("Resume 'X' has an update to
 * review"). Coalescing: the draft is computed from the current database state, not from the event,
 * so the 200 `repo.detected` of a first import compute the same draft; when it equals the waiting
 * draft nothing is written (no re-render, no notification).
 */
import {
  checkClaim,
  type GroundingSource,
  type RejectedClaim,
} from "../../../supabase/functions/_shared/contract/grounding.ts";
import { ResumeDocument, type SourceRef } from "../../../supabase/functions/_shared/contract/resume.ts";
import { type ConsumerDeps, defineConsumer, type Outcome } from "../consumer.js";
import { actingAs, asService, type Tx } from "../db.js";

/** Queue name. */
export const RESUME_AUTO_UPDATE_QUEUE = "resume_auto_update";
/** New or changed projects one draft brings in. */
const MAX_NEW_PROJECTS = 3;
/** Projects a draft keeps at most. */
const MAX_PROJECTS = 8;

interface RepoRow {
  id: string;
  name: string;
  full_name: string;
  html_url: string;
  description: string | null;
  description_ai: string | null;
  /** The user's own edit of the description, which replaces the AI text. */
  description_user: string | null;
  languages: string[];
  topics: string[];
}

interface ResumeRow {
  id: string;
  active_version_id: string;
  active_created_at: Date;
  content_json: unknown;
  draft_content: unknown | null;
}

const stable = (v: unknown) =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );

/**
 * The active content with the given repositories as project entries (replacing an entry with the
 * same address or name, newest first), checked by the guard. Pure.
 */
export function withProjects(
  active: ResumeDocument,
  repos: RepoRow[],
): { doc: ResumeDocument; rejected: RejectedClaim[]; repoIds: string[] } {
  const doc: ResumeDocument = structuredClone(active);
  const rejected: RejectedClaim[] = [];
  const sources = new Map<string, GroundingSource>(
    repos.map((r) => [
      `repository:${r.id}`,
      {
        ref: `repository:${r.id}`,
        text: [
          r.name,
          r.name.replace(/[-_]/g, " "),
          r.full_name,
          r.html_url,
          r.description ?? "",
          r.description_user ?? r.description_ai ?? "",
          ...r.languages,
          ...r.topics,
        ].join("\n"),
      },
    ]),
  );
  // Remove the entries being replaced, and their provenance (pointers shift: rebuilt below).
  const oldProjects = doc.projects ?? [];
  const oldProv = doc.meta.provenance;
  const keep = oldProjects
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !repos.some((r) => p.url === r.html_url || p.name === r.name));
  const provenance: Record<string, SourceRef[]> = {};
  for (const [k, v] of Object.entries(oldProv)) if (!k.startsWith("/projects/")) provenance[k] = v;
  const projects: NonNullable<ResumeDocument["projects"]> = [];
  for (const r of repos) {
    const ref = `repository:${r.id}`;
    const at = `/projects/${projects.length}`;
    const src: SourceRef[] = [{ kind: "repository", id: r.id }];
    const take = (pointer: string, text: string | null | undefined, whole: boolean) => {
      if (!text) return undefined;
      const refused = checkClaim({ pointer, text, sources: [ref], whole }, sources);
      if (refused) {
        rejected.push(refused);
        return undefined;
      }
      provenance[pointer] = src;
      return text;
    };
    const name = take(`${at}/name`, r.name, true);
    if (!name) continue;
    const entry: NonNullable<ResumeDocument["projects"]>[number] = { name, url: r.html_url };
    provenance[`${at}/url`] = src;
    const description = take(
      `${at}/description`,
      r.description_user ?? r.description_ai ?? r.description,
      false,
    );
    if (description) entry.description = description;
    const keywords = r.languages
      .slice(0, 4)
      .filter((l, i) => take(`${at}/keywords/${i}`, l, true) !== undefined);
    if (keywords.length) entry.keywords = keywords;
    projects.push(entry);
  }
  for (const { p, i } of keep) {
    if (projects.length >= MAX_PROJECTS) break;
    const at = `/projects/${projects.length}`;
    for (const [k, v] of Object.entries(oldProv)) {
      if (k === `/projects/${i}` || k.startsWith(`/projects/${i}/`))
        provenance[at + k.slice(`/projects/${i}`.length)] = v;
    }
    projects.push(p);
  }
  doc.projects = projects;
  doc.meta = { ...doc.meta, provenance };
  delete doc.meta.lastModified;
  return { doc, rejected, repoIds: repos.map((r) => r.id) };
}

/** The resume_auto_update consumer. */
export function resumeAutoUpdateConsumer(_deps: ConsumerDeps) {
  return defineConsumer({
    queue: RESUME_AUTO_UPDATE_QUEUE,
    events: ["repo.detected", "repo.updated", "project_video.processed"],
    async handle(d, ctx): Promise<Outcome> {
      if (d.eventType === "project_video.processed" && d.payload.status !== "transcoded") {
        return { status: "skipped", reason: "the video was not accepted" };
      }
      const userId = d.payload.user_id;
      const drafts = await asService(ctx.db, async (tx: Tx) => {
        const work = await actingAs(tx, userId, async (tx) => {
          const resumes = await tx<ResumeRow[]>`
            select r.id, r.active_version_id, v.created_at as active_created_at, v.content_json,
                   (select dv.content_json from public.resume_versions dv
                     where dv.resume_id = r.id and dv.status = 'draft' and dv.generated_from = 'auto_update') as draft_content
              from public.resumes r join public.resume_versions v on v.id = r.active_version_id
             where r.user_id = auth.uid() and r.auto_tailor_enabled`;
          const out: {
            resumeId: string;
            doc: ResumeDocument;
            rejected: RejectedClaim[];
            repoIds: string[];
            same: boolean;
          }[] = [];
          for (const r of resumes) {
            const repos = await tx<RepoRow[]>`
              select x.id, x.name, x.full_name, x.html_url, x.description, x.description_ai, x.description_user,
                     array(select l.key from jsonb_each(x.languages) l
                           order by (case when jsonb_typeof(l.value) = 'number' then (l.value)::numeric else 0 end) desc, l.key)
                       as languages, x.topics
                from public.repositories x
               where x.user_id = auth.uid() and not x.fork
                 and (x.created_at > ${r.active_created_at} or x.updated_at > ${r.active_created_at} or x.id = ${d.payload.repo_id}::uuid)
               order by x.pushed_at desc nulls last, x.name
               limit ${MAX_NEW_PROJECTS}`;
            const active = ResumeDocument.safeParse(r.content_json);
            if (!repos.length || !active.success) continue;
            const next = withProjects(active.data, repos);
            out.push({
              resumeId: r.id,
              ...next,
              same: r.draft_content !== null && stable(r.draft_content) === stable(next.doc),
            });
          }
          return out;
        });
        return work;
      });
      const changed = drafts.filter((x) => !x.same);
      if (!changed.length)
        return {
          status: "skipped",
          reason: drafts.length ? "the waiting drafts are current" : "no resume with auto-update on",
        };
      return {
        status: "done",
        fields: { user_id: userId, drafts: changed.length },
        finalize: async (tx) => {
          for (const x of changed) {
            await tx`select private.add_resume_draft(${x.resumeId}::uuid, ${tx.json(x.doc as never)},
              ${tx.json(x.rejected as never)}, ${x.repoIds}::text[])`;
          }
        },
      };
    },
  });
}
