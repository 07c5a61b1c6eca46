/**
 * Arranging what the Job Application tests need: fetched jobs (through the job-fetcher's ingest
 * route, the one door for jobs), resumes with a version and a real PDF in Storage (as the
 * resume_pdf runner leaves them), a portal session saved through Integrations (encrypted), and
 * the job-apply API's paths.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { callFunction, env, saveToken, serviceClient, type TestUser, withSql } from "./env.js";

export const APPLY = "job-apply/v1/job-apply";
export const ADMIN_APPLY = "job-apply/v1/admin/job-apply";

export type Portal = "linkedin" | "naukri" | "indeed";

export interface JobSpec {
  external_job_id?: string;
  title?: string;
  company?: string;
  location?: string;
  description?: string;
  skills?: string[];
  job_url?: string;
}

/** Ingests `jobs` for the user on `portal` (service key) and returns their ids, in order. */
export async function ingestJobs(user: TestUser, portal: Portal, jobs: JobSpec[]): Promise<string[]> {
  const withIds = jobs.map((j, i) => ({
    external_job_id: j.external_job_id ?? `${portal}-${randomUUID().slice(0, 8)}-${i}`,
    title: j.title ?? `Backend Engineer ${i}`,
    company: j.company ?? `Company ${randomUUID().slice(0, 6)}`,
    location: j.location ?? "Pune",
    description: j.description ?? "We build payment systems in TypeScript and PostgreSQL.",
    skills: j.skills ?? ["TypeScript", "PostgreSQL"],
    job_url: j.job_url ?? `https://www.${portal}.com/jobs/view/${randomUUID().slice(0, 8)}`,
  }));
  const res = await fetch(`${env.apiUrl}/functions/v1/job-fetcher/v1/internal/jobs/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${env.serviceRoleKey}`, "content-type": "application/json" },
    body: JSON.stringify({ user_id: user.userId, portal, jobs: withIds }),
  });
  assert.equal(res.status, 200, await res.text());
  const rows = await withSql(
    (sql) =>
      sql<{ id: string; external_job_id: string }[]>`
      select id, external_job_id from public.fetched_jobs
       where user_id = ${user.userId} and portal = ${portal}
         and external_job_id = any(${withIds.map((j) => j.external_job_id)}::text[])`,
  );
  return withIds.map((j) => rows.find((r) => r.external_job_id === j.external_job_id)!.id);
}

/** A minimal, valid PDF (one page, one line of text). */
export function tinyPdf(text: string): Uint8Array {
  const stream = `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, "")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/**
 * A resume with one published, active version whose content names `skills`, and (unless
 * `pdf: false`) its PDF in the private `resumes` bucket, ready — the state the resume_pdf runner
 * leaves a built version in.
 */
export async function giveResume(
  user: TestUser,
  opts: { name?: string; skills?: string[]; summary?: string; pdf?: boolean } = {},
): Promise<{ resumeId: string; versionId: string; path: string | null }> {
  const resumeId = randomUUID();
  const versionId = randomUUID();
  const name = opts.name ?? "Main resume";
  const doc = {
    basics: {
      name: "Asha Rao",
      email: user.email,
      summary: opts.summary ?? "Backend engineer.",
      profiles: [],
    },
    skills: (opts.skills ?? ["TypeScript"]).map((s) => ({ name: s, keywords: [] })),
    work: [{ name: "Acme", position: "Engineer", startDate: "2020-01", highlights: [] }],
    education: [{ institution: "IIT", area: "CS" }],
    meta: { provenance: {} },
  };
  const path = opts.pdf === false ? null : `${user.userId}/${resumeId}/${versionId}.pdf`;
  if (path) {
    const { error } = await serviceClient()
      .storage.from("resumes")
      .upload(
        path,
        new Blob([tinyPdf(`${name} of ${user.email}`) as BlobPart], { type: "application/pdf" }),
        {
          contentType: "application/pdf",
          upsert: true,
        },
      );
    assert.equal(error, null, String(error?.message));
  }
  await withSql(async (sql) => {
    await sql`insert into public.resumes (id, user_id, name, role_type, template)
              values (${resumeId}, ${user.userId}, ${name}, 'Backend Engineer', 'ats')`;
    await sql`insert into public.resume_versions (id, resume_id, user_id, number, generated_from, template, content_json,
                pdf_status, pdf_storage_path)
              values (${versionId}, ${resumeId}, ${user.userId}, 1, 'manual', 'ats', ${sql.json(doc)},
                      ${path ? "ready" : "pending"}, ${path})`;
    await sql`update public.resumes set active_version_id = ${versionId} where id = ${resumeId}`;
  });
  return { resumeId, versionId, path };
}

/** Saves the user's session for a portal through Integrations (encrypted at rest). */
export async function connectPortal(user: TestUser, portal: Portal, token: string): Promise<void> {
  await saveToken(user, portal, token);
}

/** PUT /v1/job-apply/settings, asserting 200. */
export async function applySettings(user: TestUser, patch: Record<string, unknown>): Promise<void> {
  const res = await callFunction(`${APPLY}/settings`, {
    method: "PUT",
    token: user.accessToken,
    body: patch,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** The user's application of a job (through the API), or undefined. */
export async function applicationOf(
  user: TestUser,
  jobId: string,
): Promise<{ id: string; status: string; fetched_job_id: string; duplicate_group_id: string } | undefined> {
  const res = await callFunction(`${APPLY}/applications?page_size=100`, { token: user.accessToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const items = (
    res.body as {
      items: { id: string; status: string; fetched_job_id: string; duplicate_group_id: string }[];
    }
  ).items;
  return items.find((a) => a.fetched_job_id === jobId || a.duplicate_group_id === jobId);
}

/** Turns the emergency stop off (tests that flip it leave it off, whatever happened). */
export async function liftEmergencyStop(): Promise<void> {
  await withSql(
    (sql) => sql`update public.apply_platform_controls set emergency_stop = false, stop_reason = null`,
  );
}
