/**
 * The tracker: the caller's runs and applications (every spec filter), one application with its
 * timeline and a signed URL of the exact PDF that was sent, employer responses, the approval
 * queue (approve one, approve all, reject), and answers to the questions an application stopped at.
 *
 * Every query scopes by `auth.uid()` as well as RLS (admins' select policies would otherwise show
 * an admin everyone's rows here).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { requireUser } from "../_shared/auth.ts";
import { RESPONSE_STATUSES } from "../_shared/contract/enums.ts";
import { asUser } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import { limitOffset, listParams, listQuery, pageOf, toPage } from "../_shared/pagination.ts";
import { serviceClient } from "../_shared/supabase.ts";
import { text } from "../_shared/text.ts";
import { ApplicationsQuery, listApplications, listRuns, RunsQuery, selectApplications } from "./queries.ts";
import {
  Application,
  ApplicationDetail,
  type ApplicationRow,
  IdParam,
  iso,
  Run,
  type RunRow,
  toApplication,
  toRun,
} from "./schemas.ts";

export const applicationRoutes = createRouter();

const RESUME_URL_TTL_S = 300;

// ---------------------------------------------------------------------------------------- runs

applicationRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/job-apply/runs",
    tags: ["job-apply"],
    summary: "The caller's apply runs, newest first",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { query: RunsQuery },
    responses: {
      200: {
        description: "A page",
        content: { "application/json": { schema: pageOf(Run).openapi("JobApplyRunPage") } },
      },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    return c.json(
      await asUser(c, (tx) => listRuns(tx, tx`r.user_id = (select auth.uid())`, q, false, toRun)),
      200,
    );
  },
);

applicationRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/job-apply/runs/{id}",
    tags: ["job-apply"],
    summary: "One of the caller's apply runs",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: IdParam },
    responses: {
      200: { description: "The run", content: { "application/json": { schema: Run } } },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await asUser(c, (tx) =>
      tx<RunRow[]>`
        select r.*, (select count(*)::int from public.job_applications a
                      where a.run_id = r.id and a.status in ('pending', 'queued', 'submitting', 'held', 'awaiting_approval')) as open_count
          from public.job_apply_runs r where r.id = ${id} and r.user_id = (select auth.uid())`);
    if (!row) throw new AppError("not_found", "No such run.");
    return c.json(toRun(row), 200);
  },
);

// ---------------------------------------------------------------------------------------- applications

applicationRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/job-apply/applications",
    tags: ["job-apply"],
    summary: "The caller's applications with their job and resume, filtered and sorted",
    description: "Sort: created_at (default, newest first), applied_at, updated_at, company, match_score. " +
      "`from`/`to` apply to when the application was made; `q` searches the job's title and company.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { query: ApplicationsQuery },
    responses: {
      200: {
        description: "A page",
        content: { "application/json": { schema: pageOf(Application).openapi("JobApplicationPage") } },
      },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    return c.json(
      await asUser(
        c,
        (tx) => listApplications(tx, tx`a.user_id = (select auth.uid())`, q, false, toApplication),
      ),
      200,
    );
  },
);

interface DetailRow extends ApplicationRow {
  cover_letter_text: string | null;
  cover_letter_source: "user" | "generated" | "none" | null;
  cover_letter_grounding: Record<string, unknown> | null;
  resume_choice: Record<string, unknown> | null;
  portal_application_id: string | null;
  attempt_started_at: Date | null;
  needs_input_json: z.infer<typeof ApplicationDetail>["needs_input"];
  answers_json: z.infer<typeof ApplicationDetail>["answers"];
  sent_resume_path: string | null;
  pdf_storage_path: string | null;
  timeline: {
    id: number;
    at: string;
    kind: string;
    from: string | null;
    to: string | null;
    detail: Record<string, unknown>;
  }[];
}

applicationRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/job-apply/applications/{id}",
    tags: ["job-apply"],
    summary: "One application: documents sent, answers given, questions open, the timeline",
    description:
      "resume_pdf_url is a signed URL (5 minutes) of the exact PDF that was sent (else of the chosen version).",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: IdParam },
    responses: {
      200: { description: "The application", content: { "application/json": { schema: ApplicationDetail } } },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await asUser(c, (tx) =>
      tx<DetailRow[]>`${
        selectApplications(
          tx,
          tx`, a.cover_letter_text, a.cover_letter_source, a.cover_letter_grounding, a.resume_choice,
               a.portal_application_id, a.attempt_started_at, a.needs_input_json, a.answers_json, a.sent_resume_path,
               v.pdf_storage_path,
               coalesce((select jsonb_agg(jsonb_build_object('id', e.id, 'at', e.at, 'kind', e.kind, 'from', e.from_status,
                                                             'to', e.to_status, 'detail', e.detail) order by e.at, e.id)
                           from public.job_application_events e where e.application_id = a.id), '[]'::jsonb) as timeline`,
        )
      } where a.id = ${id} and a.user_id = (select auth.uid())`);
    if (!row) throw new AppError("not_found", "No such application.");
    const path = row.sent_resume_path ?? row.pdf_storage_path;
    let url: string | null = null;
    if (path) {
      const { data } = await serviceClient().storage.from("resumes").createSignedUrl(path, RESUME_URL_TTL_S);
      url = data?.signedUrl ?? null;
    }
    return c.json({
      ...toApplication(row),
      cover_letter_text: row.cover_letter_text,
      cover_letter_source: row.cover_letter_source,
      cover_letter_grounding: row.cover_letter_grounding,
      resume_choice: row.resume_choice,
      portal_application_id: row.portal_application_id,
      attempt_started_at: iso(row.attempt_started_at),
      needs_input: row.needs_input_json,
      answers: row.answers_json,
      resume_pdf_url: url,
      timeline: row.timeline.map((e) => ({
        id: e.id,
        at: iso(e.at)!,
        kind: e.kind as z.infer<typeof ApplicationDetail>["timeline"][number]["kind"],
        from: e.from,
        to: e.to,
        detail: e.detail,
      })),
    }, 200);
  },
);

const ResponseBody = z
  .strictObject({
    response_status: z.enum(RESPONSE_STATUSES.filter((s) => s !== "pending") as [
      "viewed",
      "shortlisted",
      "rejected",
      "interview",
      "offer",
    ]),
    note: text().trim().min(1).max(1000).optional().openapi({ description: "Kept in the timeline." }),
  })
  .openapi("JobApplyResponseRequest");

applicationRoutes.openapi(
  createRoute({
    method: "put",
    path: "/v1/job-apply/applications/{id}/response",
    tags: ["job-apply"],
    summary: "Record the employer's response (lands in the timeline)",
    description: "Only a submitted application has a response: 409 before.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: {
      params: IdParam,
      body: { required: true, content: { "application/json": { schema: ResponseBody } } },
    },
    responses: {
      200: {
        description: "Saved",
        content: {
          "application/json": {
            schema: z.object({ response_status: z.enum(RESPONSE_STATUSES) }).openapi("JobApplyResponse"),
          },
        },
      },
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { response_status, note } = c.req.valid("json");
    const [row] = await asUser(c, (tx) =>
      tx<{ r: z.infer<typeof ResponseBody>["response_status"] }[]>`
        select private.set_application_response(${id}::uuid, ${response_status}, ${note ?? null}) as r`);
    return c.json({ response_status: row!.r }, 200);
  },
);

// ---------------------------------------------------------------------------------------- approvals

const ApprovalItem = Application.extend({
  cover_letter_text: z.string().nullable(),
  resume_choice: z.record(z.string(), z.unknown()).nullable(),
}).openapi("JobApplyApprovalItem");

const ApprovalsQuery = listParams(
  listQuery(["created_at", "match_score"], "created_at").extend({
    run_id: z.uuid().optional().openapi({ description: "Of one run." }),
  }),
);

applicationRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/job-apply/approvals",
    tags: ["job-apply"],
    summary: "The approval queue: applications waiting for your review, with the documents they will send",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { query: ApprovalsQuery },
    responses: {
      200: {
        description: "A page",
        content: { "application/json": { schema: pageOf(ApprovalItem).openapi("JobApplyApprovalPage") } },
      },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await asUser(c, async (tx) => {
      const where = tx`a.user_id = (select auth.uid()) and a.status = 'awaiting_approval'
        ${q.run_id ? tx`and a.run_id = ${q.run_id}` : tx``}`;
      const { limit, offset } = limitOffset(q);
      const order = q.sort.endsWith("match_score")
        ? tx`order by j.match_score ${q.sort.startsWith("-") ? tx`desc` : tx`asc`}, a.id`
        : tx`order by a.created_at ${q.sort.startsWith("-") ? tx`desc` : tx`asc`}, a.id`;
      const [rows, [count]] = await Promise.all([
        tx<
          (ApplicationRow & {
            cover_letter_text: string | null;
            resume_choice: Record<string, unknown> | null;
          })[]
        >`
          ${selectApplications(tx, tx`, a.cover_letter_text, a.resume_choice`)} where ${where} ${order}
          limit ${limit} offset ${offset}`,
        tx<{ n: number }[]>`select count(*)::int as n from public.job_applications a where ${where}`,
      ]);
      return toPage(
        rows.map((r) => ({
          ...toApplication(r),
          cover_letter_text: r.cover_letter_text,
          resume_choice: r.resume_choice,
        })),
        count!.n,
        q,
      );
    });
    return c.json(page, 200);
  },
);

const ApproveBody = z
  .strictObject({
    cover_letter: text().trim().max(10000).nullable().optional().openapi({
      description: "Replace the cover letter (empty or null: send none); absent: keep it.",
    }),
  })
  .openapi("JobApplyApproveRequest");

const StatusResult = z.object({ status: z.enum(["queued", "cancelled"]) }).openapi("JobApplyStatusResult");

applicationRoutes.openapi(
  createRoute({
    method: "post",
    path: "/v1/job-apply/applications/{id}/approve",
    tags: ["job-apply"],
    summary: "Approve one application waiting for review (optionally with your edited cover letter)",
    description: "409 when it is not waiting for approval.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: {
      params: IdParam,
      body: { required: false, content: { "application/json": { schema: ApproveBody } } },
    },
    responses: {
      200: { description: "Queued", content: { "application/json": { schema: StatusResult } } },
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const raw = c.req.header("content-length") === "0" ? {} : await c.req.json().catch(() => undefined);
    const parsed = ApproveBody.safeParse(raw ?? {});
    if (!parsed.success) {
      throw new AppError("validation_failed", "cover_letter must be text of at most 10000 characters.");
    }
    const setCover = parsed.data.cover_letter !== undefined;
    const [row] = await asUser(c, (tx) =>
      tx<{ s: "queued" }[]>`
        select private.approve_job_application(${id}::uuid, ${
        parsed.data.cover_letter ?? null
      }, ${setCover}) as s`);
    return c.json({ status: row!.s }, 200);
  },
);

applicationRoutes.openapi(
  createRoute({
    method: "post",
    path: "/v1/job-apply/applications/{id}/reject",
    tags: ["job-apply"],
    summary: "Reject an application in review, or withdraw one not attempted yet",
    description: "409 when it was attempted already or is final.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: IdParam },
    responses: {
      200: { description: "Cancelled", content: { "application/json": { schema: StatusResult } } },
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await asUser(
      c,
      (tx) => tx<{ s: "cancelled" }[]>`select private.reject_job_application(${id}::uuid) as s`,
    );
    return c.json({ status: row!.s }, 200);
  },
);

const ApproveAllBody = z
  .strictObject({ run_id: z.uuid().optional().openapi({ description: "Only this run's applications." }) })
  .openapi("JobApplyApproveAllRequest");

applicationRoutes.openapi(
  createRoute({
    method: "post",
    path: "/v1/job-apply/approvals/approve-all",
    tags: ["job-apply"],
    summary: "Approve every application waiting for review (of one run, when given)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { body: { required: false, content: { "application/json": { schema: ApproveAllBody } } } },
    responses: {
      200: {
        description: "Approved",
        content: {
          "application/json": {
            schema: z.object({ approved_count: z.number().int() }).openapi("JobApplyApproveAllResult"),
          },
        },
      },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const raw = c.req.header("content-length") === "0" ? {} : await c.req.json().catch(() => undefined);
    const parsed = ApproveAllBody.safeParse(raw ?? {});
    if (!parsed.success) throw new AppError("validation_failed", "run_id must be a uuid.");
    const [row] = await asUser(
      c,
      (tx) =>
        tx<{ n: number }[]>`select private.approve_all_job_applications(${
          parsed.data.run_id ?? null
        }::uuid) as n`,
    );
    return c.json({ approved_count: row!.n }, 200);
  },
);

// ---------------------------------------------------------------------------------------- answers

const AnswersBody = z
  .strictObject({
    answers: z.array(
      z.strictObject({ question_id: text().min(1).max(200), value: text().trim().min(1).max(2000) }),
    ).min(1)
      .max(50),
  })
  .openapi("JobApplyAnswersRequest");

applicationRoutes.openapi(
  createRoute({
    method: "post",
    path: "/v1/job-apply/applications/{id}/answers",
    tags: ["job-apply"],
    summary: "Answer the screening questions an application stopped at (needs_input); it is queued again",
    description:
      "Every required question must be answered (422 names the missing ones); 409 when it is not waiting " +
      "for answers. To reuse an answer next time, add it to your answer bank.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: {
      params: IdParam,
      body: { required: true, content: { "application/json": { schema: AnswersBody } } },
    },
    responses: {
      200: { description: "Queued", content: { "application/json": { schema: StatusResult } } },
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { answers } = c.req.valid("json");
    const [row] = await asUser(
      c,
      (tx) =>
        tx<{ s: "queued" }[]>`select private.answer_job_application(${id}::uuid, ${
          tx.json(answers as never)
        }) as s`,
    );
    return c.json({ status: row!.s }, 200);
  },
);
