/**
 * Resume routes: the caller's resumes (at most the platform's `resume_limit`), building versions
 * with Gemini through the no-fabrication guard, versions (diff, activate, discard drafts), the ATS
 * score and the PDF download. The PDF itself is rendered by the runner (`resume.version.created`).
 *
 * Every route reads and writes inside `asUser` (RLS) and also filters by `auth.uid()`; a `user_id`
 * anywhere in a request is ignored.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { currentUser, requireUser } from "../_shared/auth.ts";
import { RESUME_GENERATED_FROM, RESUME_TEMPLATES, type ResumeDocument } from "../_shared/contract/resume.ts";
import { resumeHtml } from "../_shared/contract/resume-html.ts";
import { asUser, type Tx } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import { serviceClient } from "../_shared/supabase.ts";
import { text } from "../_shared/text.ts";
import { getUserToken } from "../_shared/tokens.ts";
import { atsScore } from "./ats.ts";
import { buildVersion } from "./build.ts";
import { resumesConfig } from "./config.ts";
import { diffResumes } from "./diff.ts";
import { loadSources } from "./sources.ts";

export const resumes = createRouter();

const BUCKET = "resumes";
/** How long a download link works. */
const DOWNLOAD_URL_TTL_S = 600;

// ---------------------------------------------------------------- shapes

const Template = z.enum(RESUME_TEMPLATES);
const PdfStatus = z.enum(["pending", "rendering", "ready", "failed"]);

const RejectedClaim = z
  .object({
    pointer: z.string(),
    text: z.string(),
    sources: z.array(z.string()),
    reason: z.enum(["no_sources", "unknown_source", "unsupported_facts", "entry_rejected"]),
    facts: z.array(z.string()).openapi({
      description: "What was not found (facts, or unknown source refs).",
    }),
    message: z.string().openapi({ description: "For people." }),
  })
  .openapi("ResumeRejectedClaim");

const VersionSummary = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    status: z.enum(["draft", "published"]),
    generated_from: z.enum(RESUME_GENERATED_FROM),
    template: Template,
    pdf_status: PdfStatus,
    pdf_check: z.record(z.string(), z.unknown()).nullable().openapi({
      description: "The runner's parse-back check.",
    }),
    pdf_error: z.string().nullable(),
    rejected_count: z.number().int(),
    source_repo_ids: z.array(z.string()),
    active: z.boolean(),
    created_at: z.iso.datetime(),
  })
  .openapi("ResumeVersionSummary");

const Resume = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role_type: z.string(),
    template: Template,
    auto_tailor_enabled: z.boolean(),
    active_version_id: z.uuid().nullable(),
    active_version: z.union([VersionSummary, z.null()]),
    version_count: z.number().int(),
    draft_count: z.number().int().openapi({ description: "Auto-update drafts waiting for approval." }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi("Resume");

const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
const VersionParams = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
  version_id: z.uuid().openapi({ param: { name: "version_id", in: "path" } }),
});

interface VersionRow {
  id: string;
  resume_id: string;
  number: number;
  status: "draft" | "published";
  generated_from: (typeof RESUME_GENERATED_FROM)[number];
  template: "ats" | "modern";
  pdf_status: z.infer<typeof PdfStatus>;
  pdf_check: Record<string, unknown> | null;
  pdf_error: string | null;
  pdf_storage_path: string | null;
  rejected_claims: z.infer<typeof RejectedClaim>[];
  source_repo_ids: string[];
  parent_version_id: string | null;
  content_json: ResumeDocument;
  active: boolean;
  created_at: Date;
}

const toVersionSummary = (v: VersionRow): z.infer<typeof VersionSummary> => ({
  id: v.id,
  number: v.number,
  status: v.status,
  generated_from: v.generated_from,
  template: v.template,
  pdf_status: v.pdf_status,
  pdf_check: v.pdf_check,
  pdf_error: v.pdf_error,
  rejected_count: v.rejected_claims.length,
  source_repo_ids: v.source_repo_ids,
  active: v.active,
  created_at: v.created_at.toISOString(),
});

const selectVersions = (tx: Tx) =>
  tx`
    select v.id, v.resume_id, v.number, v.status::text as status, v.generated_from::text as generated_from, v.template,
           v.pdf_status::text as pdf_status, v.pdf_check, v.pdf_error, v.pdf_storage_path, v.rejected_claims,
           v.source_repo_ids, v.parent_version_id, v.content_json, (r.active_version_id = v.id) as active, v.created_at
      from public.resume_versions v join public.resumes r on r.id = v.resume_id`;

interface ResumeRow {
  id: string;
  name: string;
  role_type: string;
  template: "ats" | "modern";
  auto_tailor_enabled: boolean;
  active_version_id: string | null;
  version_count: number;
  draft_count: number;
  created_at: Date;
  updated_at: Date;
}

const selectResumes = (tx: Tx) =>
  tx`
    select r.id, r.name, r.role_type, r.template, r.auto_tailor_enabled, r.active_version_id,
           (select count(*)::int from public.resume_versions v where v.resume_id = r.id) as version_count,
           (select count(*)::int from public.resume_versions v where v.resume_id = r.id and v.status = 'draft') as draft_count,
           r.created_at, r.updated_at
      from public.resumes r`;

async function toResume(tx: Tx, r: ResumeRow): Promise<z.infer<typeof Resume>> {
  const [active] = r.active_version_id
    ? await tx<VersionRow[]>`${
      selectVersions(tx)
    } where v.id = ${r.active_version_id} and v.user_id = auth.uid()`
    : [];
  return {
    ...r,
    active_version: active ? toVersionSummary(active) : null,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

async function findResume(tx: Tx, id: string): Promise<ResumeRow> {
  const [row] = await tx<ResumeRow[]>`${selectResumes(tx)} where r.id = ${id} and r.user_id = auth.uid()`;
  if (!row) throw new AppError("not_found", "No such resume.");
  return row;
}

async function findVersion(tx: Tx, resumeId: string, versionId: string | undefined): Promise<VersionRow> {
  const [row] = versionId
    ? await tx<VersionRow[]>`${selectVersions(tx)}
        where v.id = ${versionId} and v.resume_id = ${resumeId} and v.user_id = auth.uid()`
    : await tx<VersionRow[]>`${selectVersions(tx)}
        where v.id = r.active_version_id and r.id = ${resumeId} and r.user_id = auth.uid()`;
  if (!row) {
    throw new AppError(
      "not_found",
      versionId ? "No such version of this resume." : "This resume has no version yet: build it first.",
    );
  }
  return row;
}

// ---------------------------------------------------------------- GET /v1/resumes

const ResumeList = z
  .object({
    items: z.array(Resume),
    count: z.number().int(),
    limit: z.number().int().openapi({ description: "The platform's resume_limit (5–10)." }),
  })
  .openapi("ResumeList");

resumes.openapi(
  createRoute({
    method: "get",
    path: "/v1/resumes",
    tags: ["resumes"],
    summary: 'The caller\'s resumes with their counts, and the limit ("3 of 10")',
    security: bearerSecurity,
    middleware: [requireUser] as const,
    responses: {
      200: { description: "The list", content: { "application/json": { schema: ResumeList } } },
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const body = await asUser(c, async (tx) => {
      const rows = await tx<ResumeRow[]>`${
        selectResumes(tx)
      } where r.user_id = auth.uid() order by r.created_at, r.id`;
      const [{ limit }] = await tx<{ limit: number }[]>`select private.resume_limit() as limit`;
      const items = [];
      for (const r of rows) items.push(await toResume(tx, r));
      return { items, count: rows.length, limit };
    });
    return c.json(body, 200);
  },
);

// ---------------------------------------------------------------- POST /v1/resumes

const CreateBody = z
  .strictObject({
    name: text().trim().min(1).max(80),
    role_type: text().trim().min(1).max(80),
    template: Template.default("ats"),
  })
  .openapi("ResumeCreate");

resumes.openapi(
  createRoute({
    method: "post",
    path: "/v1/resumes",
    tags: ["resumes"],
    summary: "Create a resume (409 resume_limit_reached past the platform's limit)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { body: { required: true, content: { "application/json": { schema: CreateBody } } } },
    responses: {
      201: { description: "Created", content: { "application/json": { schema: Resume } } },
      ...errorResponses(401, 409, 422),
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const body = await asUser(c, async (tx) => {
      try {
        const [row] = await tx<{ id: string }[]>`
          insert into public.resumes (name, role_type, template) values (${input.name}, ${input.role_type}, ${input.template})
          returning id`;
        return await toResume(tx, await findResume(tx, row!.id));
      } catch (err) {
        const pg = err as { name?: string; code?: string; message?: string; detail?: string };
        if (pg?.name === "PostgresError" && pg.code === "PT409") {
          throw new AppError("resume_limit_reached", String(pg.message), { limit: Number(pg.detail) }, {
            cause: err,
          });
        }
        throw err;
      }
    });
    return c.json(body, 201);
  },
);

// ---------------------------------------------------------------- GET/PATCH/DELETE /v1/resumes/{id}

resumes.openapi(
  createRoute({
    method: "get",
    path: "/v1/resumes/{id}",
    tags: ["resumes"],
    summary: "One of the caller's resumes",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: IdParam },
    responses: {
      200: { description: "The resume", content: { "application/json": { schema: Resume } } },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await asUser(c, async (tx) => toResume(tx, await findResume(tx, id))), 200);
  },
);

const PatchBody = z
  .strictObject({
    name: text().trim().min(1).max(80).optional(),
    role_type: text().trim().min(1).max(80).optional(),
    template: Template.optional().openapi({ description: "Used by the next version (and its PDF)." }),
  })
  .openapi("ResumePatch");

resumes.openapi(
  createRoute({
    method: "patch",
    path: "/v1/resumes/{id}",
    tags: ["resumes"],
    summary: "Rename, retarget or change the template of one of the caller's resumes",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: {
      params: IdParam,
      body: { required: true, content: { "application/json": { schema: PatchBody } } },
    },
    responses: {
      200: { description: "Saved", content: { "application/json": { schema: Resume } } },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const p = c.req.valid("json");
    const body = await asUser(c, async (tx) => {
      const updated = await tx`
        update public.resumes set name = coalesce(${p.name ?? null}, name), role_type = coalesce(${
        p.role_type ?? null
      }, role_type),
               template = coalesce(${p.template ?? null}, template)
         where id = ${id} and user_id = auth.uid() returning id`;
      if (!updated.length) throw new AppError("not_found", "No such resume.");
      return toResume(tx, await findResume(tx, id));
    });
    return c.json(body, 200);
  },
);

resumes.openapi(
  createRoute({
    method: "delete",
    path: "/v1/resumes/{id}",
    tags: ["resumes"],
    summary: "Delete one of the caller's resumes and its versions",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: IdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses(401, 404, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const paths = await asUser(c, async (tx) => {
      const rows = await tx<{ pdf_storage_path: string | null }[]>`
        select pdf_storage_path from public.resume_versions where resume_id = ${id} and user_id = auth.uid()`;
      const gone =
        await tx`delete from public.resumes where id = ${id} and user_id = auth.uid() returning id`;
      if (!gone.length) throw new AppError("not_found", "No such resume.");
      return rows.map((r) => r.pdf_storage_path).filter((p): p is string => Boolean(p));
    });
    // The PDFs are the caller's own objects (<user_id>/...); removing them is best effort.
    if (paths.length) await serviceClient().storage.from(BUCKET).remove(paths).catch(() => undefined);
    return c.body(null, 204);
  },
);

// ---------------------------------------------------------------- PUT /v1/resumes/{id}/auto-tailor

const AutoTailor = z.strictObject({ enabled: z.boolean() }).openapi("ResumeAutoTailor");

resumes.openapi(
  createRoute({
    method: "put",
    path: "/v1/resumes/{id}/auto-tailor",
    tags: ["resumes"],
    summary: "Turn auto-update on or off: new or changed projects make a draft version to approve",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: {
      params: IdParam,
      body: { required: true, content: { "application/json": { schema: AutoTailor } } },
    },
    responses: {
      200: { description: "Saved", content: { "application/json": { schema: AutoTailor } } },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { enabled } = c.req.valid("json");
    const rows = await asUser(c, (tx) =>
      tx<{ enabled: boolean }[]>`
        update public.resumes set auto_tailor_enabled = ${enabled} where id = ${id} and user_id = auth.uid()
        returning auto_tailor_enabled as enabled`);
    if (!rows.length) throw new AppError("not_found", "No such resume.");
    return c.json({ enabled: rows[0]!.enabled }, 200);
  },
);

// ---------------------------------------------------------------- POST /v1/resumes/{id}/build

const BuildBody = z
  .strictObject({
    mode: z.literal("ai"),
    instructions: text().trim().max(2000).optional(),
    tailor_for_role: text().trim().min(1).max(120).optional(),
    job_description: text().trim().min(1).max(20000).optional(),
  })
  .openapi("ResumeBuild");

const BuildResult = z
  .object({
    version_id: z.uuid(),
    number: z.number().int(),
    preview_html: z.string(),
    content: z.record(z.string(), z.unknown()).openapi({ description: "The published ResumeDocument." }),
    rejected_claims: z.array(RejectedClaim),
    pdf_status: PdfStatus,
  })
  .openapi("ResumeBuildResult");

resumes.openapi(
  createRoute({
    method: "post",
    path: "/v1/resumes/{id}/build",
    tags: ["resumes"],
    summary:
      "Build a new version with Gemini from the caller's sources; unsupported claims are refused, not published",
    description:
      "Uses the caller's Gemini key. Every claim cites its sources; one whose sources are not the caller's, or " +
      "whose names, numbers or dates are not in them, goes to `rejected_claims`. The new version becomes active; " +
      "its PDF renders in the runner (poll the version or download until `pdf_status` is ready). 409 " +
      "`gemini_key_missing`; 422 `invalid_api_key`; 429 `llm_rate_limited`; 502 `upstream_unavailable`.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: {
      params: IdParam,
      body: { required: true, content: { "application/json": { schema: BuildBody } } },
    },
    responses: {
      201: { description: "Built", content: { "application/json": { schema: BuildResult } } },
      ...errorResponses(401, 404, 409, 422, 429, 502),
    },
  }),
  async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const { resume, sources } = await asUser(c, async (tx) => ({
      resume: await findResume(tx, id),
      sources: await loadSources(tx),
    }));
    const gemini = await getUserToken(user.id, "gemini");
    if (!gemini || gemini.expired) {
      throw new AppError(
        "gemini_key_missing",
        gemini
          ? "Your Gemini API key has expired. Add a new one in Settings › API keys & tokens."
          : "Resumes are written with your own Gemini API key. Add one in Settings › API keys & tokens.",
      );
    }
    const config = resumesConfig();
    const built = await buildVersion(sources, {
      resumeName: resume.name,
      roleType: resume.role_type,
      template: resume.template,
      instructions: input.instructions,
      tailorForRole: input.tailor_for_role,
      jobDescription: input.job_description,
    }, { apiKey: gemini.token, baseUrl: config.geminiApiBaseUrl, model: config.geminiModel });
    const version = await asUser(c, async (tx) => {
      const [row] = await tx<{ version_id: string; number: number }[]>`
        select version_id, number from private.add_resume_version(
          ${id}::uuid, ${tx.json(built.doc as never)}, ${tx.json(built.rejected as never)}, 'ai', 'published',
          ${built.sourceRepoIds}::text[], ${input.instructions ?? null}, ${input.tailor_for_role ?? null},
          ${input.job_description ?? null})`;
      return row!;
    });
    return c.json({
      version_id: version.version_id,
      number: version.number,
      preview_html: resumeHtml(built.doc, resume.template),
      content: built.doc as unknown as Record<string, unknown>,
      rejected_claims: built.rejected,
      pdf_status: "pending" as const,
    }, 201);
  },
);

// ---------------------------------------------------------------- versions

resumes.openapi(
  createRoute({
    method: "get",
    path: "/v1/resumes/{id}/versions",
    tags: ["resumes"],
    summary: "The resume's versions, newest first (drafts included)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: IdParam },
    responses: {
      200: {
        description: "Versions",
        content: {
          "application/json": {
            schema: z.object({ items: z.array(VersionSummary) }).openapi("ResumeVersionList"),
          },
        },
      },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const rows = await asUser(c, async (tx) => {
      await findResume(tx, id);
      return tx<VersionRow[]>`${
        selectVersions(tx)
      } where v.resume_id = ${id} and v.user_id = auth.uid() order by v.number desc`;
    });
    return c.json({ items: rows.map(toVersionSummary) }, 200);
  },
);

const VersionDetail = VersionSummary.extend({
  content: z.record(z.string(), z.unknown()),
  rejected_claims: z.array(RejectedClaim),
  preview_html: z.string(),
  compared_with: z.number().int().nullable().openapi({
    description:
      "The version number the diff is against (the parent, else the previous one); null for the first.",
  }),
  diff: z.object({
    added: z.array(z.object({ pointer: z.string(), text: z.string() })),
    removed: z.array(z.object({ pointer: z.string(), text: z.string() })),
    changed: z.array(z.object({ pointer: z.string(), before: z.string(), after: z.string() })),
  }),
}).openapi("ResumeVersion");

resumes.openapi(
  createRoute({
    method: "get",
    path: "/v1/resumes/{id}/versions/{version_id}",
    tags: ["resumes"],
    summary:
      "One version: content with provenance, rejected claims, and the diff against the version before it",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: VersionParams },
    responses: {
      200: { description: "The version", content: { "application/json": { schema: VersionDetail } } },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id, version_id } = c.req.valid("param");
    const body = await asUser(c, async (tx) => {
      const v = await findVersion(tx, id, version_id);
      const [prev] = await tx<VersionRow[]>`${selectVersions(tx)}
        where v.resume_id = ${id} and v.user_id = auth.uid()
          and (v.id = ${v.parent_version_id} or (${v.parent_version_id}::uuid is null and v.number < ${v.number}))
        order by (v.id = ${v.parent_version_id}) desc nulls last, v.number desc limit 1`;
      return {
        ...toVersionSummary(v),
        content: v.content_json as unknown as Record<string, unknown>,
        rejected_claims: v.rejected_claims,
        preview_html: resumeHtml(v.content_json, v.template),
        compared_with: prev?.number ?? null,
        diff: diffResumes(prev?.content_json ?? null, v.content_json),
      };
    });
    return c.json(body, 200);
  },
);

resumes.openapi(
  createRoute({
    method: "post",
    path: "/v1/resumes/{id}/versions/{version_id}/activate",
    tags: ["resumes"],
    summary: "Make a version the active one (approving a draft publishes it)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: VersionParams },
    responses: {
      200: { description: "The resume", content: { "application/json": { schema: Resume } } },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id, version_id } = c.req.valid("param");
    const body = await asUser(c, async (tx) => {
      await tx`select private.activate_resume_version(${id}::uuid, ${version_id}::uuid)`;
      return toResume(tx, await findResume(tx, id));
    });
    return c.json(body, 200);
  },
);

resumes.openapi(
  createRoute({
    method: "delete",
    path: "/v1/resumes/{id}/versions/{version_id}",
    tags: ["resumes"],
    summary: "Discard a draft (409 for a published or the active version: history is kept)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: VersionParams },
    responses: { 204: { description: "Discarded" }, ...errorResponses(401, 404, 409, 422) },
  }),
  async (c) => {
    const { id, version_id } = c.req.valid("param");
    const path = await asUser(c, async (tx) => {
      const v = await findVersion(tx, id, version_id);
      if (v.status !== "draft" || v.active) {
        throw new AppError(
          "conflict",
          "Only drafts waiting for approval can be discarded; published versions are kept.",
        );
      }
      await tx`delete from public.resume_versions where id = ${version_id} and user_id = auth.uid()`;
      return v.pdf_storage_path;
    });
    if (path) await serviceClient().storage.from(BUCKET).remove([path]).catch(() => undefined);
    return c.body(null, 204);
  },
);

// ---------------------------------------------------------------- POST /v1/resumes/{id}/ats

const AtsBody = z
  .strictObject({
    job_description: text().trim().min(20).max(20000).optional(),
    job_id: z.uuid().optional().openapi({ description: "A fetched job whose description to use." }),
    version_id: z.uuid().optional().openapi({ description: "Default: the active version." }),
  })
  .openapi("ResumeAtsRequest");

const AtsResult = z
  .object({
    version_id: z.uuid(),
    score: z.number().int().min(0).max(100),
    breakdown: z.object({
      keywords: z.number().int().nullable().openapi({
        description: "Out of 50; null without a job description.",
      }),
      skills: z.number().int().nullable().openapi({
        description: "Out of 20; null without a job description.",
      }),
      sections: z.number().int().openapi({ description: "Out of 20." }),
      contact: z.number().int().openapi({ description: "Out of 10." }),
    }),
    keywords: z.array(z.string()),
    matched_keywords: z.array(z.string()),
    missing_keywords: z.array(z.object({
      keyword: z.string(),
      in_sources: z.boolean().openapi({
        description:
          "true: your sources support it (build again, tailored, to add it); false: a gap — never suggested as a claim.",
      }),
    })),
    missing_sections: z.array(z.string()),
  })
  .openapi("ResumeAtsResult");

resumes.openapi(
  createRoute({
    method: "post",
    path: "/v1/resumes/{id}/ats",
    tags: ["resumes"],
    summary: "ATS score of a version against a job description (formula: docs/resumes.md)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: {
      params: IdParam,
      body: { required: true, content: { "application/json": { schema: AtsBody } } },
    },
    responses: {
      200: { description: "The score", content: { "application/json": { schema: AtsResult } } },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const body = await asUser(c, async (tx) => {
      const v = await findVersion(tx, id, input.version_id);
      let jd = input.job_description;
      if (!jd && input.job_id) {
        const [{ present }] = await tx<
          { present: boolean }[]
        >`select to_regclass('public.fetched_jobs') is not null as present`;
        const [job] = present
          ? await tx<{ description: string | null }[]>`
              select description from public.fetched_jobs where id = ${input.job_id} and user_id = auth.uid()`
          : [];
        if (!job) throw new AppError("not_found", "No such job.");
        jd = job.description ?? undefined;
      }
      const sources = await loadSources(tx);
      return { version_id: v.id, ...atsScore(v.content_json, jd, sources.map((s) => s.text).join("\n")) };
    });
    return c.json(body, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/resumes/{id}/download

resumes.openapi(
  createRoute({
    method: "get",
    path: "/v1/resumes/{id}/download",
    tags: ["resumes"],
    summary: "A signed, expiring link to the PDF of the active version (or ?version_id=)",
    description:
      "409 `resume_pdf_not_ready` (details.pdf_status pending | rendering | failed) while the runner renders it: retry.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: {
      params: IdParam,
      query: z.object({ version_id: z.uuid().optional() }),
    },
    responses: {
      200: {
        description: "The link",
        content: {
          "application/json": {
            schema: z.object({ file_url: z.url(), expires_at: z.iso.datetime(), version_id: z.uuid() })
              .openapi("ResumeDownload"),
          },
        },
      },
      ...errorResponses(401, 404, 409, 422, 502),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { version_id } = c.req.valid("query");
    const v = await asUser(c, (tx) => findVersion(tx, id, version_id));
    if (v.pdf_status !== "ready" || !v.pdf_storage_path) {
      c.header("retry-after", "2");
      throw new AppError(
        "resume_pdf_not_ready",
        v.pdf_status === "failed"
          ? `The PDF could not be made: ${v.pdf_error ?? "unknown error"}. Build again to retry.`
          : "The PDF is still being made. Try again in a moment.",
        { pdf_status: v.pdf_status },
      );
    }
    // Service path: a signed link to exactly this caller's own object.
    const { data, error } = await serviceClient().storage.from(BUCKET).createSignedUrl(
      v.pdf_storage_path,
      DOWNLOAD_URL_TTL_S,
      {
        download: `resume-v${v.number}.pdf`,
      },
    );
    if (error || !data) {
      throw new AppError("upstream_unavailable", "Storage could not sign the download; try again.");
    }
    return c.json({
      file_url: data.signedUrl,
      expires_at: new Date(Date.now() + DOWNLOAD_URL_TTL_S * 1000).toISOString(),
      version_id: v.id,
    }, 200);
  },
);
