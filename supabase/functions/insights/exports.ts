/**
 * Exports of reports, for users (their own data) and admins (platform data):
 *
 *   GET /v1/reports/exports?type&from&to&format&portal[]           user
 *   GET /v1/admin/reports/exports?type&from&to&format&portal[]&user_id[]   admin
 *   GET /v1/reports/exports/{id}                                    the export's state and link
 *
 * Every request writes a public.report_exports row first (the export audit; an admin's also
 * lands in admin_audit_log), then:
 *   - CSV of at most INLINE_ROWS rows: made here (csv-stringify), stored in the private bucket
 *     `exports` at `<user_id>/<export_id>.csv`, answered 200 with a signed URL that expires;
 *   - PDF (charts drawn with pdf-lib need Node) or a larger CSV: report.export.requested for the
 *     runner (scraper-runner/src/reports/), answered 202 with the export's id: poll
 *     `/v1/reports/exports/{id}` until it is ready.
 * The rows come from private.export_rows in the caller's session (RLS; the runner acts as the
 * same user), so an export never holds more than the caller may read.
 */
import { createRoute, z } from "@hono/zod-openapi";
// @ts-types="./csv_stringify.d.ts"
import { stringify } from "csv-stringify/sync";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { createRouter } from "../_shared/app.ts";
import { type AppEnv, currentUser, requireUser, requireUserWriting } from "../_shared/auth.ts";
import { PORTALS } from "../_shared/contract/enums.ts";
import { asService, asUser } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import { arrayParam, listParams, UserIdsParam } from "../_shared/pagination.ts";
import { serviceClient } from "../_shared/supabase.ts";
import { rangeOf, ReportRangeParams, withRange } from "./range.ts";

export const exportRoutes = createRouter();

const BUCKET = "exports";
/** A CSV up to this many rows is made by the function; a larger one by the runner. */
export const INLINE_ROWS = 5000;
/** How long a download link works. */
export const EXPORT_URL_TTL_S = 600;

const USER_TYPES = ["applications", "jobs", "skill_gaps", "resume_performance"] as const;
const ADMIN_TYPES = ["applications", "users", "resume_performance", "skill_gaps"] as const;

const ExportResult = z
  .object({
    export_id: z.uuid(),
    status: z.enum(["ready", "pending", "failed", "expired"]).openapi({
      description: "expired: the file was removed 7 days after it was made (the export stays on record).",
    }),
    type: z.string(),
    format: z.enum(["csv", "pdf"]),
    file_url: z.url().nullable().openapi({
      description: "Signed download link (ready only); expires at expires_at.",
    }),
    expires_at: z.iso.datetime().nullable(),
    row_count: z.number().int().nullable(),
    error: z.string().nullable(),
    created_at: z.iso.datetime(),
  })
  .openapi("ReportExport");

type ExportBody = z.infer<typeof ExportResult>;

/** An expired export's explanation (the retention job, migration 20261130007400). */
const EXPIRED_MESSAGE =
  "Export files are kept for 7 days and this one has been removed. Export again for a new file.";

interface ExportRow {
  id: string;
  user_id: string;
  scope: "user" | "admin";
  type: string;
  format: "csv" | "pdf";
  state: "pending" | "ready" | "failed" | "expired";
  storage_path: string | null;
  row_count: number | null;
  error: string | null;
  created_at: Date;
}

async function signed(row: ExportRow): Promise<ExportBody> {
  let file_url: string | null = null;
  let expires_at: string | null = null;
  if (row.state === "ready" && row.storage_path) {
    // Service path: a link to this export's own object, for the user who owns the row.
    const { data, error } = await serviceClient().storage.from(BUCKET).createSignedUrl(
      row.storage_path,
      EXPORT_URL_TTL_S,
      { download: `careerpilot-${row.type}-${row.created_at.toISOString().slice(0, 10)}.${row.format}` },
    );
    if (error || !data) {
      throw new AppError("upstream_unavailable", "Storage could not sign the download; try again.");
    }
    file_url = data.signedUrl;
    expires_at = new Date(Date.now() + EXPORT_URL_TTL_S * 1000).toISOString();
  }
  return {
    export_id: row.id,
    status: row.state,
    type: row.type,
    format: row.format,
    file_url,
    expires_at,
    row_count: row.row_count,
    error: row.state === "expired" ? EXPIRED_MESSAGE : row.error,
    created_at: row.created_at.toISOString(),
  };
}

/** CSV text of rows keyed by `columns` (header first; dates ISO, objects JSON, null empty). */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return stringify(rows, {
    header: true,
    columns,
    bom: true, // Excel reads UTF-8 (₹, names) correctly only with a BOM
    cast: {
      boolean: (v) => (v ? "true" : "false"),
      date: (v) => v.toISOString(),
      object: (v) => JSON.stringify(v),
    },
  });
}

/** The shared path: audit row, then the file here (small CSV) or by the runner. */
async function runExport(
  c: Context<AppEnv>,
  scope: "user" | "admin",
  type: string,
  format: "csv" | "pdf",
  filters: Record<string, unknown>,
) {
  const uid = currentUser(c).id;
  const made = await asUser(c, async (tx) => {
    let rows: Record<string, unknown>[] | null = null;
    let columns: string[] = [];
    if (format === "csv") {
      const [head] = await tx<{ cols: string[] }[]>`select private.export_columns(${type}) as cols`;
      const cols = head!.cols;
      columns = cols;
      const found = await tx<{ r: Record<string, unknown> }[]>`
        select r from private.export_rows(${type}, ${tx.json(filters as never)}) r limit ${INLINE_ROWS + 1}`;
      rows = found.length <= INLINE_ROWS ? found.map((x) => x.r) : null;
    }
    const byRunner = rows === null;
    const [row] = await tx<ExportRow[]>`
      select * from private.create_report_export(${scope}, ${type}, ${format}, ${
      tx.json(filters as never)
    }, ${byRunner})`;
    return { row: row!, rows, columns };
  });
  if (made.rows === null) {
    return c.json(await signed(made.row), 202);
  }
  const csv = toCsv(made.columns, made.rows);
  const bytes = new TextEncoder().encode(csv);
  const path = `${uid}/${made.row.id}.csv`;
  const { error } = await serviceClient().storage.from(BUCKET).upload(
    path,
    new Blob([bytes], { type: "text/csv" }),
    { contentType: "text/csv", upsert: false },
  );
  if (error) {
    await asService((tx) =>
      tx`select private.finish_report_export(${made.row.id}::uuid, 'failed', null, null, null, ${`storage refused the file: ${error.message}`})`
    );
    throw new AppError("upstream_unavailable", "Storage could not keep the export; try again.");
  }
  // Service path: the row this request created, finished with the file it just stored.
  const [done] = await asService((tx) =>
    tx<ExportRow[]>`
      select * from private.finish_report_export(${made.row.id}::uuid, 'ready', ${path}, ${made.rows!.length},
                                                 ${bytes.byteLength}, null)`
  );
  return c.json(await signed(done!), 200);
}

const exportResponses = {
  200: { description: "Ready: a signed link", content: { "application/json": { schema: ExportResult } } },
  202: {
    description: "Being made by the runner (PDF, large CSV): poll /v1/reports/exports/{export_id}",
    content: { "application/json": { schema: ExportResult } },
  },
};

// ---------------------------------------------------------------- user

const UserExportQuery = listParams(
  ReportRangeParams.extend({
    type: z.enum(USER_TYPES),
    format: z.enum(["csv", "pdf"]).default("csv"),
    portal: arrayParam(z.enum(PORTALS), "Portals (applications, jobs)."),
  }),
).superRefine(withRange);

exportRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/reports/exports",
    tags: ["insights"],
    summary: "Export a report of your data as CSV or PDF (a signed link that expires)",
    description:
      "Types: applications (created in the range), jobs (fetched in the range), skill_gaps (open), resume_performance (applied in the range). from/to are IST days. Every export is recorded.",
    security: bearerSecurity,
    middleware: [requireUserWriting] as const,
    request: { query: UserExportQuery },
    responses: { ...exportResponses, ...errorResponses(401, 422, 429) },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const range = rangeOf(q);
    return await runExport(c, "user", q.type, q.format, {
      ...range,
      ...(q.portal ? { portal: q.portal } : {}),
    });
  },
);

// ---------------------------------------------------------------- admin

/** After {@link requireUserWriting}: 403 unless the caller is an admin (as `requireAdmin`, read-write). */
const adminOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (currentUser(c).role !== "admin") throw new AppError("forbidden", "This needs an admin account.");
  await next();
});

const AdminExportQuery = listParams(
  ReportRangeParams.extend({
    type: z.enum(ADMIN_TYPES),
    format: z.enum(["csv", "pdf"]).default("csv"),
    portal: arrayParam(z.enum(PORTALS), "Portals (applications)."),
    ...UserIdsParam.shape,
  }),
).superRefine(withRange);

exportRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/reports/exports",
    tags: ["insights-admin"],
    summary: "Admin: export a platform report as CSV or PDF (audited)",
    description:
      "Types: applications, users (created in the range), resume_performance, skill_gaps; filters user_id[], portal[]. Recorded in the admin audit log.",
    security: bearerSecurity,
    // A GET that writes (the export row, the audit row): read-write, the role checked before the
    // query is even validated (private.create_report_export checks it again).
    middleware: [requireUserWriting, adminOnly] as const,
    request: { query: AdminExportQuery },
    responses: { ...exportResponses, ...errorResponses(401, 403, 422, 429) },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const range = rangeOf(q);
    return await runExport(c, "admin", q.type, q.format, {
      ...range,
      ...(q.portal ? { portal: q.portal } : {}),
      ...(q.user_id ? { user_id: q.user_id } : {}),
    });
  },
);

// ---------------------------------------------------------------- GET /v1/reports/exports/{id}

exportRoutes.openapi(
  createRoute({
    method: "get",
    path: "/v1/reports/exports/{id}",
    tags: ["insights"],
    summary: "An export you asked for: its state, and a fresh signed link once ready",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: z.object({ id: z.uuid() }) },
    responses: {
      200: { description: "The export", content: { "application/json": { schema: ExportResult } } },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    // Scoped to the caller explicitly: an admin's select policy would show everyone's exports.
    const [row] = await asUser(
      c,
      (tx) => tx<ExportRow[]>`select * from public.report_exports where id = ${id} and user_id = auth.uid()`,
    );
    if (!row) throw new AppError("not_found", "No such export.");
    return c.json(await signed(row), 200);
  },
);
