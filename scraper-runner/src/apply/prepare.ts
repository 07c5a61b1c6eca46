/**
 * Documents of a batch or auto application, chosen by the runner (functions answer fast): the
 * resume version the user named for the run, else the one that scores best for the job by ATS
 * score — the same ranking code as the job-apply function (`job-apply/resume-choice.ts`).
 *
 * Reads run as the user (RLS), so only their own resumes and sources are candidates.
 */
import {
  chooseVersion,
  jobText,
  type ResumeChoice,
  type VersionCandidate,
} from "../../../supabase/functions/job-apply/resume-choice.ts";
import type { Tx } from "../db.js";

export interface PrepareJob {
  title: string;
  description: string | null;
  requirements_snippet: string | null;
  skills: string[];
}

/** Everything of the user's record the ATS score may count as "in your sources". */
async function sourcesText(tx: Tx): Promise<string> {
  const [row] = await tx<{ text: string }[]>`
    select concat_ws(E'\n',
      (select string_agg(e.data::text, E'\n') from public.career_entries e
        where e.user_id = auth.uid() and e.status = 'confirmed'),
      (select string_agg(concat_ws(' ', r.name, r.description, r.description_ai, r.description_user,
                                   array_to_string(r.topics, ' '), (select string_agg(l.key, ' ') from jsonb_each(r.languages) l)), E'\n')
         from public.repositories r where r.user_id = auth.uid() and not r.fork)) as text`;
  return row?.text ?? "";
}

/** The user's sendable versions: each resume's active published version. */
async function candidates(tx: Tx): Promise<VersionCandidate[]> {
  return await tx<VersionCandidate[]>`
    select v.id as version_id, r.id as resume_id, r.name as resume_name, v.number as version_number,
           v.content_json, v.pdf_status::text as pdf_status
      from public.resumes r join public.resume_versions v on v.id = r.active_version_id
     where r.user_id = auth.uid() and v.status = 'published'`;
}

/**
 * The choice for one application (`tx` runs as the user). `wanted.resume_id`: the run's resume;
 * when it has no active version any more, the best by ATS is taken instead (recorded as such).
 */
export async function chooseDocuments(
  tx: Tx,
  job: PrepareJob,
  wanted: { resume_id?: string | null },
): Promise<ResumeChoice | null> {
  const [list, text] = await Promise.all([candidates(tx), sourcesText(tx)]);
  const jd = jobText(job);
  return chooseVersion(list, jd, text, wanted) ?? chooseVersion(list, jd, text);
}
