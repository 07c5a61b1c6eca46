/**
 * Which resume version to send with an application: the caller's choice, else the version that
 * scores best for the job by the resumes stack's ATS score (`resumes/ats.ts`, the formula in
 * docs/resumes.md). Pure (no I/O, no runtime APIs): the job-apply function (single applications)
 * and the runner (batch and auto applications) rank with this very code.
 */
import type { ResumeDocument } from "../_shared/contract/resume.ts";
import { atsScore } from "../resumes/ats.ts";

/** A candidate: the active (published) version of one of the user's resumes. */
export interface VersionCandidate {
  version_id: string;
  resume_id: string;
  resume_name: string;
  version_number: number;
  content_json: ResumeDocument;
  pdf_status: string;
}

/** One ranked candidate (stored in `job_applications.resume_choice.candidates`). */
export interface RankedVersion {
  version_id: string;
  resume_id: string;
  resume_name: string;
  version_number: number;
  ats_score: number;
  pdf_ready: boolean;
}

/** `job_applications.resume_choice`. */
export interface ResumeChoice {
  resume_id: string;
  resume_name: string;
  version_id: string;
  version_number: number;
  ats_score: number;
  chosen_by: "user" | "ats";
  candidates: RankedVersion[];
}

/** The text a job is scored against: its description, or its title, skills and requirements when the portal gave no description. */
export function jobText(job: {
  title: string;
  description?: string | null;
  requirements_snippet?: string | null;
  skills?: string[] | null;
}): string {
  return [job.title, job.description ?? "", job.requirements_snippet ?? "", (job.skills ?? []).join(", ")]
    .filter(Boolean)
    .join("\n");
}

/** Candidates ranked best first: ATS score, then a ready PDF, then the newer version. */
export function rankVersions(
  candidates: VersionCandidate[],
  jobDescription: string,
  sourcesText: string,
): RankedVersion[] {
  return candidates
    .map((c) => ({
      version_id: c.version_id,
      resume_id: c.resume_id,
      resume_name: c.resume_name,
      version_number: c.version_number,
      ats_score: atsScore(c.content_json, jobDescription, sourcesText).score,
      pdf_ready: c.pdf_status === "ready",
    }))
    .sort((a, b) =>
      b.ats_score - a.ats_score || Number(b.pdf_ready) - Number(a.pdf_ready) ||
      b.version_number - a.version_number || a.version_id.localeCompare(b.version_id)
    );
}

/**
 * The choice: the version of `wanted.resume_id` (or `wanted.version_id`) when the user named one,
 * else the best ranked. Null when the user has no resume version at all (or named one that is not
 * among the candidates).
 */
export function chooseVersion(
  candidates: VersionCandidate[],
  jobDescription: string,
  sourcesText: string,
  wanted: { resume_id?: string | null; version_id?: string | null } = {},
): ResumeChoice | null {
  const ranked = rankVersions(candidates, jobDescription, sourcesText);
  const byUser = wanted.version_id
    ? ranked.find((r) => r.version_id === wanted.version_id)
    : wanted.resume_id
    ? ranked.find((r) => r.resume_id === wanted.resume_id)
    : undefined;
  if ((wanted.version_id || wanted.resume_id) && !byUser) return null;
  const pick = byUser ?? ranked[0];
  if (!pick) return null;
  return {
    resume_id: pick.resume_id,
    resume_name: pick.resume_name,
    version_id: pick.version_id,
    version_number: pick.version_number,
    ats_score: pick.ats_score,
    chosen_by: byUser ? "user" : "ats",
    candidates: ranked.slice(0, 10),
  };
}
