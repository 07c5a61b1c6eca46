/**
 * Applying: auto-apply on/off, the manual apply of one job (a preview with the chosen resume
 * version and a grounded draft cover letter, then the submit with what the user kept), and
 * batches. The runner does the applying (job.apply.requested); these routes answer at once.
 *
 * Every route runs inside `asUser` (RLS) and scopes by `auth.uid()` explicitly; a `user_id`
 * anywhere in the request is ignored.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { currentUser, requireUser } from "../_shared/auth.ts";
import { APPLICATION_STATUSES, type ApplicationStatus } from "../_shared/contract/enums.ts";
import { asUser, type Tx } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import { text } from "../_shared/text.ts";
import { getUserToken } from "../_shared/tokens.ts";
import { resumesConfig } from "../resumes/config.ts";
import { loadSources } from "../resumes/sources.ts";
import type { CoverJob } from "./cover-letter.ts";
import { writeCoverLetter } from "./write-cover-letter.ts";
import { chooseVersion, jobText, type ResumeChoice, type VersionCandidate } from "./resume-choice.ts";
import { JobIdParam } from "./schemas.ts";

export const applyRoutes = createRouter();

// ---------------------------------------------------------------------------------------- activate

const ActivateBody = z.strictObject({ auto_apply: z.boolean() }).openapi("JobApplyActivateRequest");
const ActivateResult = z
  .object({ auto_apply: z.boolean(), status: z.enum(["activated", "deactivated"]) })
  .openapi("JobApplyActivateResult");

applyRoutes.openapi(
  createRoute({
    method: "post",
    path: "/v1/job-apply/activate",
    tags: ["job-apply"],
    summary: "Turn auto-apply on or off (job_settings.auto_apply)",
    description:
      "With auto-apply on, each fetch queues the jobs at or above your match threshold; with review " +
      "before submit (the default) they wait for your approval.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { body: { required: true, content: { "application/json": { schema: ActivateBody } } } },
    responses: {
      200: { description: "Saved", content: { "application/json": { schema: ActivateResult } } },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const { auto_apply } = c.req.valid("json");
    const [row] = await asUser(
      c,
      (tx) => tx<{ on: boolean }[]>`select private.set_auto_apply(${auto_apply}) as on`,
    );
    return c.json(
      { auto_apply: row!.on, status: row!.on ? "activated" as const : "deactivated" as const },
      200,
    );
  },
);

// ---------------------------------------------------------------------------------------- documents

interface JobRow extends CoverJob {
  portal: string;
  status: string;
  requirements_snippet: string | null;
  skills: string[];
  group_id: string;
}

async function findJob(tx: Tx, id: string): Promise<JobRow> {
  const [job] = await tx<JobRow[]>`
    select j.id, j.title, j.company, j.location, j.description, j.portal, j.status, j.requirements_snippet, j.skills,
           coalesce(j.duplicate_of, j.id) as group_id
      from public.fetched_jobs j where j.id = ${id} and j.user_id = (select auth.uid())`;
  if (!job) throw new AppError("not_found", "No such job.");
  return job;
}

/** The user's resume versions that may be sent: each resume's active version, plus `versionId` when named. */
export async function versionCandidates(tx: Tx, versionId?: string | null): Promise<VersionCandidate[]> {
  return await tx<VersionCandidate[]>`
    select v.id as version_id, r.id as resume_id, r.name as resume_name, v.number as version_number,
           v.content_json, v.pdf_status::text as pdf_status
      from public.resumes r join public.resume_versions v on v.resume_id = r.id
     where r.user_id = (select auth.uid()) and v.status = 'published'
       and (v.id = r.active_version_id or v.id = ${versionId ?? null}::uuid)`;
}

async function choose(
  tx: Tx,
  job: JobRow,
  wanted: { resume_id?: string | null; version_id?: string | null },
): Promise<{ choice: ResumeChoice | null; sourcesText: string }> {
  const [candidates, sources] = await Promise.all([
    versionCandidates(tx, wanted.version_id),
    loadSources(tx),
  ]);
  const sourcesText = sources.map((s) => s.text).join("\n");
  return { choice: chooseVersion(candidates, jobText(job), sourcesText, wanted), sourcesText };
}

const noResume = (wanted: boolean) =>
  new AppError(
    wanted ? "not_found" : "no_resume",
    wanted
      ? "No such resume (or it has no published version yet)."
      : "You have no resume to send yet: build one in Resumes, then apply.",
  );

const Candidate = z.object({
  version_id: z.uuid(),
  resume_id: z.uuid(),
  resume_name: z.string(),
  version_number: z.number().int(),
  ats_score: z.number().int(),
  pdf_ready: z.boolean(),
});

const Choice = z
  .object({
    resume_id: z.uuid(),
    resume_name: z.string(),
    version_id: z.uuid(),
    version_number: z.number().int(),
    ats_score: z.number().int(),
    chosen_by: z.enum(["user", "ats"]),
    candidates: z.array(Candidate),
  })
  .openapi("JobApplyResumeChoice");

const Rejected = z
  .object({
    text: z.string(),
    sources: z.array(z.string()),
    reason: z.string(),
    facts: z.array(z.string()),
    message: z.string(),
  })
  .openapi("JobApplyRejectedSentence");

const PreviewBody = z
  .strictObject({
    resume_id: z.uuid().optional().openapi({
      description: "Send this resume's active version (default: best ATS score).",
    }),
    resume_version_id: z.uuid().optional().openapi({ description: "Send this exact version." }),
    generate_cover_letter: z.boolean().default(true).openapi({
      description: "Draft a cover letter with your Gemini key (grounded: no claim without a source).",
    }),
  })
  .openapi("JobApplyPreviewRequest");

const Preview = z
  .object({
    job: z.object({
      id: z.uuid(),
      title: z.string(),
      company: z.string(),
      portal: z.string(),
      status: z.string(),
    }),
    resume: Choice,
    cover_letter: z.object({
      text: z.string().nullable().openapi({
        description: "The draft: edit it, then send it with the submit.",
      }),
      source: z.enum(["generated", "none"]),
      claims: z.array(z.object({ text: z.string(), sources: z.array(z.string()) })),
      rejected: z.array(Rejected).openapi({
        description: "Sentences dropped: their facts are not in your record.",
      }),
      error: z.object({ code: z.string(), message: z.string() }).nullable().openapi({
        description:
          "Why there is no draft (no Gemini key, Gemini failed): you can still write one or apply without.",
      }),
    }),
    existing_application: z.object({ id: z.uuid(), status: z.enum(APPLICATION_STATUSES) }).nullable().openapi(
      {
        description: "This job (or a duplicate of it on another portal) already has an application.",
      },
    ),
  })
  .openapi("JobApplyPreview");

applyRoutes.openapi(
  createRoute({
    method: "post",
    path: "/v1/job-apply/single/{job_id}/preview",
    tags: ["job-apply"],
    summary: "Review before applying: the resume version that will be sent and a grounded draft cover letter",
    description:
      "Nothing is saved. The resume version is yours if named, else the one with the best ATS score " +
      "for the job. 409 `no_resume` when there is no resume to send.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: {
      params: JobIdParam,
      body: { required: false, content: { "application/json": { schema: PreviewBody } } },
    },
    responses: {
      200: { description: "The preview", content: { "application/json": { schema: Preview } } },
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  async (c) => {
    const user = currentUser(c);
    const { job_id } = c.req.valid("param");
    const raw = c.req.header("content-length") === "0" ? {} : await c.req.json().catch(() => ({}));
    const parsed = PreviewBody.safeParse(raw ?? {});
    if (!parsed.success) {
      throw new AppError("validation_failed", "resume_id and resume_version_id must be uuids.");
    }
    const body = parsed.data;
    const wanted = { resume_id: body.resume_id, version_id: body.resume_version_id };
    const { job, choice, sources, applicant, existing } = await asUser(c, async (tx) => {
      const job = await findJob(tx, job_id);
      const [{ choice }, sources, [applicant], [existing]] = await Promise.all([
        choose(tx, job, wanted),
        loadSources(tx),
        tx<
          { name: string }[]
        >`select coalesce(display_name, split_part(email, '@', 1)) as name from public.profiles
          where id = (select auth.uid())`,
        tx<{ id: string; status: ApplicationStatus }[]>`
          select a.id, a.status from public.job_applications a
           where a.user_id = (select auth.uid()) and a.duplicate_group_id = ${job.group_id}`,
      ]);
      return { job, choice, sources, applicant, existing };
    });
    if (!choice) throw noResume(Boolean(wanted.resume_id || wanted.version_id));

    let cover: z.infer<typeof Preview>["cover_letter"] = {
      text: null,
      source: "none",
      claims: [],
      rejected: [],
      error: null,
    };
    if (body.generate_cover_letter) {
      const gemini = await getUserToken(user.id, "gemini");
      if (!gemini || gemini.expired) {
        cover.error = {
          code: "gemini_key_missing",
          message:
            "Cover letters are drafted with your own Gemini API key. Add one in Settings › API keys & tokens, or write your own.",
        };
      } else {
        try {
          const config = resumesConfig();
          const letter = await writeCoverLetter(sources, job, applicant?.name ?? "the applicant", {
            apiKey: gemini.token,
            baseUrl: config.geminiApiBaseUrl,
            model: config.geminiModel,
          });
          cover = {
            text: letter.text || null,
            source: letter.text ? "generated" : "none",
            claims: letter.claims,
            rejected: letter.rejected.map((r) => ({
              text: r.text,
              sources: r.sources,
              reason: r.reason,
              facts: r.facts,
              message: r.message,
            })),
            error: null,
          };
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          cover.error = { code: err.code, message: err.message };
        }
      }
    }
    return c.json({
      job: { id: job.id, title: job.title, company: job.company, portal: job.portal, status: job.status },
      resume: choice,
      cover_letter: cover,
      existing_application: existing ? { id: existing.id, status: existing.status } : null,
    }, 200);
  },
);

// ---------------------------------------------------------------------------------------- single

const SingleBody = z
  .strictObject({
    resume_id: z.uuid().optional().openapi({
      description: "Send this resume's active version (default: best ATS score).",
    }),
    resume_version_id: z.uuid().optional().openapi({ description: "Send this exact version." }),
    cover_letter: text().trim().max(10000).nullable().optional().openapi({
      description: "The cover letter to send (the preview's draft as you edited it); empty or absent: none.",
    }),
  })
  .openapi("JobApplySingleRequest");

const SingleResult = z
  .object({
    application_id: z.uuid(),
    status: z.enum(APPLICATION_STATUSES),
    run_id: z.uuid(),
    resume: Choice,
  })
  .openapi("JobApplySingleResult");

applyRoutes.openapi(
  createRoute({
    method: "post",
    path: "/v1/job-apply/single/{job_id}",
    tags: ["job-apply"],
    summary: "Apply to one job now (queued for the runner at once: you reviewed it)",
    description:
      "One application per job and per cross-portal duplicate group, ever: 409 `application_exists` " +
      "(details: application_id, status) when there is one — a failed or withdrawn one is retried instead. " +
      "409 `no_resume` without a resume; 409 `conflict` for an expired job. The emergency stop, an admin pause or a " +
      "paused portal hold it (status held) until lifted.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: {
      params: JobIdParam,
      body: { required: false, content: { "application/json": { schema: SingleBody } } },
    },
    responses: {
      201: { description: "Queued", content: { "application/json": { schema: SingleResult } } },
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  async (c) => {
    const { job_id } = c.req.valid("param");
    const raw = c.req.header("content-length") === "0" ? {} : await c.req.json().catch(() => undefined);
    const parsed = SingleBody.safeParse(raw ?? {});
    if (!parsed.success) {
      throw new AppError("validation_failed", "Invalid request body.", {
        fields: parsed.error.issues.map((i) => ({
          path: i.path.join("."),
          code: i.code,
          message: i.message,
        })),
      });
    }
    const body = parsed.data;
    const wanted = { resume_id: body.resume_id, version_id: body.resume_version_id };
    const out = await asUser(c, async (tx) => {
      const job = await findJob(tx, job_id);
      const { choice } = await choose(tx, job, wanted);
      if (!choice) throw noResume(Boolean(wanted.resume_id || wanted.version_id));
      const cover = body.cover_letter ? body.cover_letter : null;
      const [row] = await tx<
        { r: { application_id: string; status: string; outcome: string; run_id?: string } }[]
      >`
        select private.apply_single(${job.id}::uuid, ${choice.version_id}::uuid, ${tx.json(choice as never)},
          ${cover}, ${cover ? "user" : "none"}, null) as r`;
      return { ...row!.r, choice };
    });
    if (out.outcome === "exists") {
      throw new AppError(
        "application_exists",
        "You already applied to this job (or to the same job on another portal).",
        {
          application_id: out.application_id,
          status: out.status,
        },
      );
    }
    return c.json({
      application_id: out.application_id,
      status: out.status as ApplicationStatus,
      run_id: out.run_id!,
      resume: out.choice,
    }, 201);
  },
);

// ---------------------------------------------------------------------------------------- batch

const BatchBody = z
  .strictObject({
    job_ids: z.array(z.uuid()).min(1).max(100),
    resume_id: z.uuid().optional().openapi({
      description: "Send this resume for every job (default: best ATS score per job).",
    }),
  })
  .openapi("JobApplyBatchRequest");

const BatchResult = z
  .object({
    run_id: z.uuid(),
    status: z.literal("started"),
    queued_count: z.number().int(),
    skipped: z.array(
      z.object({
        job_id: z.uuid(),
        reason: z.enum(["not_found", "expired", "already_applied"]),
        application_id: z.uuid().optional(),
        status: z.enum(APPLICATION_STATUSES).optional(),
      }),
    ),
  })
  .openapi("JobApplyBatchResult");

applyRoutes.openapi(
  createRoute({
    method: "post",
    path: "/v1/job-apply/batch",
    tags: ["job-apply"],
    summary: "Apply to several jobs: a run (the runner picks each job's resume, then approval or queue)",
    description:
      "Jobs already applied to (or in progress, or a duplicate of one), unknown or expired are skipped " +
      "with the reason. With review before submit on (the default), the applications wait in the approval queue.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { body: { required: true, content: { "application/json": { schema: BatchBody } } } },
    responses: {
      202: { description: "Started", content: { "application/json": { schema: BatchResult } } },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { job_ids, resume_id } = c.req.valid("json");
    const [row] = await asUser(
      c,
      (tx) =>
        tx<
          { r: { run_id: string; queued_count: number; skipped: z.infer<typeof BatchResult>["skipped"] } }[]
        >`
        select private.apply_batch(${job_ids}::uuid[], ${resume_id ?? null}::uuid) as r`,
    );
    return c.json({ ...row!.r, status: "started" as const }, 202);
  },
);
