/**
 * Arranging the Job Application pages' states for end-to-end tests: fetched jobs (through the
 * ingest route, the one door every source uses), a published résumé version (in SQL: builds need
 * Gemini), and applications in the states the runner would leave them in (submitted with the PDF it
 * sent, needs_input with its questions, awaiting review, held, failed). The pages then read and
 * change them only through the real job-apply API.
 */
import assert from "node:assert/strict";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { twoPageResume } from "../fixtures/resumes.ts";
import { callFunction, env, serviceClient, type TestUser, withSql } from "../support/env.ts";

/** Saves the user's job settings (the search the jobs come from). */
export async function jobSettings(user: TestUser, body: Record<string, unknown>): Promise<void> {
  const res = await callFunction("onboarding/v1/settings/job", {
    method: "PUT",
    token: user.accessToken,
    body: {
      search_active: false,
      auto_apply: false,
      locations: [],
      min_lpa: null,
      company_types: [],
      ...body,
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

export interface SeedJob {
  external_job_id: string;
  title: string;
  company: string;
}

/** Ingests jobs for the user on one portal; returns their ids by external id. */
export async function ingestJobs(
  user: TestUser,
  portal: string,
  jobs: SeedJob[],
): Promise<Map<string, string>> {
  const res = await callFunction("job-fetcher/v1/internal/jobs/ingest", {
    method: "POST",
    token: env.serviceRoleKey,
    body: {
      user_id: user.userId,
      portal,
      run_id: null,
      jobs: jobs.map((j) => ({
        ...j,
        location: "Pune",
        salary_text: "12-18 Lacs P.A.",
        experience_text: "3-5 Yrs",
        description: `<p>${j.title} at ${j.company}.</p><ul><li>React, TypeScript and Next.js</li></ul>`,
        skills: ["React", "TypeScript"],
        job_url: `https://www.naukri.com/job-listings-${j.external_job_id}`,
        posted_at: "2 days ago",
      })),
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const rows = await withSql(
    (sql) => sql<{ id: string; external_job_id: string }[]>`
      select id, external_job_id from public.fetched_jobs where user_id = ${user.userId} and portal = ${portal}`,
  );
  return new Map(rows.map((r) => [r.external_job_id, r.id]));
}

/** A résumé named `name` with one published version (the two-page fixture) as its active version. */
export async function publishedResume(
  user: TestUser,
  name: string,
): Promise<{ id: string; versionId: string }> {
  return withSql(async (sql) => {
    const [r] = await sql<{ id: string }[]>`
      insert into public.resumes (user_id, name, role_type) values (${user.userId}, ${name}, 'Frontend Developer')
      returning id`;
    assert.ok(r);
    const [v] = await sql<{ id: string }[]>`
      insert into public.resume_versions (resume_id, user_id, number, generated_from, template, content_json)
      values (${r.id}, ${user.userId}, 1, 'manual', 'ats', ${sql.json(twoPageResume() as never)})
      returning id`;
    assert.ok(v);
    await sql`update public.resumes set active_version_id = ${v.id} where id = ${r.id}`;
    return { id: r.id, versionId: v.id };
  });
}

/** A one-page PDF saying whose résumé it is, stored where the runner keeps the PDF it sent. */
export async function storeSentPdf(user: TestUser, label: string): Promise<string> {
  const doc = await PDFDocument.create();
  const pageDoc = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  pageDoc.drawText("Arjun Sharma", { x: 56, y: 770, size: 24, font });
  pageDoc.drawText(`Resume as sent: ${label}`, { x: 56, y: 740, size: 12, font });
  const bytes = await doc.save();
  const path = `${user.userId}/applications/${crypto.randomUUID()}.pdf`;
  const { error } = await serviceClient()
    .storage.from("resumes")
    .upload(path, new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), {
      contentType: "application/pdf",
    });
  if (error) throw new Error(`upload ${path}: ${error.message}`);
  return path;
}

export interface SeedApplication {
  status: "queued" | "awaiting_approval" | "submitted" | "needs_input" | "held" | "failed";
  mode?: "manual" | "batch" | "auto";
  versionId?: string;
  coverLetter?: string;
  sentPdf?: string;
  heldReason?: "emergency_stop" | "admin_pause" | "portal_paused";
  questions?: { id: string; label: string; kind: string; options?: string[]; required: boolean }[];
  error?: { code: string; message: string };
}

/**
 * An application of `jobId` in the state the runner would leave it in, made the way the runner
 * moves it (created queued, then changed, with "by runner" in the timeline), in one transaction.
 */
export async function seedApplication(user: TestUser, jobId: string, a: SeedApplication): Promise<string> {
  return withSql((sql) =>
    sql.begin(async (tx) => {
      await tx`select set_config('careerpilot.apply_event_detail', ${JSON.stringify({ by: "user" })}, true)`;
      const [row] = await tx<{ id: string }[]>`
        insert into public.job_applications (user_id, fetched_job_id, duplicate_group_id, portal, mode, status,
          resume_version_id, resume_choice, cover_letter_text, cover_letter_source)
        select ${user.userId}, j.id, coalesce(j.duplicate_of, j.id), j.portal, ${a.mode ?? "batch"},
               ${a.status === "awaiting_approval" ? "pending" : "queued"},
               ${a.versionId ?? null}, ${a.versionId ? tx.json({ ats_score: 74, chosen_by: "ats" }) : null},
               ${a.coverLetter ?? null}, ${a.coverLetter ? "user" : "none"}
          from public.fetched_jobs j where j.id = ${jobId}
        returning id`;
      assert.ok(row, "job exists");
      await tx`select set_config('careerpilot.apply_event_detail', ${JSON.stringify({ by: "runner" })}, true)`;
      if (a.status === "awaiting_approval") {
        await tx`update public.job_applications set status = 'awaiting_approval', approval = 'pending' where id = ${row.id}`;
      } else if (a.status === "submitted") {
        await tx`update public.job_applications set status = 'submitting', attempt_started_at = now(), attempts = 1
                  where id = ${row.id}`;
        await tx`update public.job_applications set status = 'submitted', applied_at = now(),
                   sent_resume_path = ${a.sentPdf ?? null}, portal_application_id = 'NK-2026-118342'
                  where id = ${row.id}`;
        await tx`update public.fetched_jobs set status = 'applied' where id = ${jobId}`;
      } else if (a.status === "needs_input") {
        await tx`update public.job_applications set status = 'needs_input', needs_input_json = ${tx.json(a.questions ?? [])},
                   error_json = ${tx.json({ code: "needs_input", message: "A screening question needs your answer." })}
                  where id = ${row.id}`;
      } else if (a.status === "held") {
        await tx`update public.job_applications set status = 'held', held_reason = ${a.heldReason ?? "portal_paused"}
                  where id = ${row.id}`;
      } else if (a.status === "failed") {
        await tx`update public.job_applications set status = 'failed',
                   error_json = ${tx.json(a.error ?? { code: "job_closed", message: "The job is no longer accepting applications." })}
                  where id = ${row.id}`;
      }
      return row.id;
    }),
  );
}
