/**
 * Identity & Document Verification routes: a user's certificates, degrees and government IDs
 * (upload URL, list, detail with a signed preview, delete) and the admin review (per user, the
 * pending queue across users, approve / reject with notes).
 *
 * User routes read inside `asUser` (RLS) and scope by `auth.uid()` explicitly (the admin select
 * policy would otherwise show an admin everyone's rows on the user routes). Admin routes sit
 * behind `requireAdmin`, and the SQL they call re-checks the role (`private.is_admin()`); every
 * decision writes its audit row in the same transaction (`private.certificate_decide`).
 * The OCR itself runs in the runner (scraper-runner/src/ocr/), started by the upload.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { requireAdmin, requireUser } from "../_shared/auth.ts";
import {
  CERTIFICATE_CONTENT_TYPES,
  CERTIFICATE_DOCUMENT_TYPES,
  CERTIFICATE_MAX_BYTES,
  CERTIFICATE_OCR_STATUSES,
  CERTIFICATE_STATUSES,
} from "../_shared/contract/enums.ts";
import { asUser, type Tx } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import {
  arrayParam,
  limitOffset,
  listParams,
  listQuery,
  listWhere,
  orderBy,
  pageOf,
  SearchParam,
  toPage,
  UserIdsParam,
} from "../_shared/pagination.ts";
import { text } from "../_shared/text.ts";
import { serviceClient } from "../_shared/supabase.ts";
import { issueSignedUpload } from "../_shared/uploads.ts";

export const verification = createRouter();

const BUCKET = "certificates";
/** Lifetime of a preview URL: long enough to look at the document, short enough not to be shared. */
const PREVIEW_URL_TTL_S = 300;
/** Storage's lifetime of a signed upload URL (fixed by Supabase Storage: 2 hours). */
const UPLOAD_URL_TTL_S = 2 * 60 * 60;

// ---------------------------------------------------------------- shapes

const DocumentType = z.enum(CERTIFICATE_DOCUMENT_TYPES);
const Status = z.enum(CERTIFICATE_STATUSES);
const OcrStatus = z.enum(CERTIFICATE_OCR_STATUSES);

const Certificate = z
  .object({
    id: z.uuid(),
    document_type: DocumentType,
    title: z.string().nullable(),
    issuer: z.string().nullable(),
    content_type: z.string(),
    status: Status,
    rejection_notes: z.string().nullable().openapi({ description: "The reviewer's reason (rejected)." }),
    ocr_status: OcrStatus,
    created_at: z.iso.datetime(),
    uploaded_at: z.iso.datetime().nullable(),
    reviewed_at: z.iso.datetime().nullable(),
  })
  .openapi("Certificate");

const OcrExtract = z
  .record(z.string(), z.unknown())
  .nullable()
  .openapi({
    description:
      "{text, fields: {holder_name, issuer, title, issue_date, credential_id, credential_url}, confidence, " +
      "name_match: {profile_name, score, verdict}, method, pages, government_ids: [{kind, masked}], reason?, " +
      "file_redaction?: {status: redacted | no_number_located | deleted, characters?, pages?}}. " +
      "Government ID numbers are masked, in the text and in the stored file (file_redaction).",
  });

const CertificateDetail = Certificate.extend({
  ocr_extract: OcrExtract,
  preview_url: z.url().nullable().openapi({ description: "Signed URL of the file (once uploaded)." }),
  expires_in: z.number().int().nullable().openapi({ description: "Seconds the preview URL stays valid." }),
}).openapi("CertificateDetail");

const AdminCertificate = Certificate.extend({
  user_id: z.uuid(),
  user_email: z.string().nullable(),
  user_display_name: z.string().nullable(),
  ocr_extract: OcrExtract,
  reviewed_by_admin_id: z.uuid().nullable(),
}).openapi("AdminCertificate");

const AdminCertificateDetail = AdminCertificate.extend({
  preview_url: z.url().nullable(),
  expires_in: z.number().int().nullable(),
}).openapi("AdminCertificateDetail");

const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
const UserIdParam = z.object({ user_id: z.uuid().openapi({ param: { name: "user_id", in: "path" } }) });

interface CertificateRow {
  id: string;
  user_id: string;
  document_type: z.infer<typeof DocumentType>;
  title: string | null;
  issuer: string | null;
  content_type: string;
  storage_path: string;
  status: z.infer<typeof Status>;
  rejection_notes: string | null;
  ocr_status: z.infer<typeof OcrStatus>;
  ocr_extract_json: Record<string, unknown> | null;
  created_at: Date;
  uploaded_at: Date | null;
  reviewed_at: Date | null;
  reviewed_by_admin_id: string | null;
  user_email: string | null;
  user_display_name: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function summary(r: CertificateRow): z.infer<typeof Certificate> {
  return {
    id: r.id,
    document_type: r.document_type,
    title: r.title,
    issuer: r.issuer,
    content_type: r.content_type,
    status: r.status,
    rejection_notes: r.rejection_notes,
    ocr_status: r.ocr_status,
    created_at: r.created_at.toISOString(),
    uploaded_at: iso(r.uploaded_at),
    reviewed_at: iso(r.reviewed_at),
  };
}

function adminItem(r: CertificateRow): z.infer<typeof AdminCertificate> {
  return {
    ...summary(r),
    user_id: r.user_id,
    user_email: r.user_email,
    user_display_name: r.user_display_name,
    ocr_extract: r.ocr_extract_json,
    reviewed_by_admin_id: r.reviewed_by_admin_id,
  };
}

/** Selects certificate rows (`c`) with their owner's email and name; callers add where/order. */
function selectCertificates(tx: Tx) {
  return tx`
    select c.id, c.user_id, c.document_type::text as document_type, c.title, c.issuer, c.content_type,
           c.storage_path, c.status::text as status, c.rejection_notes, c.ocr_status::text as ocr_status,
           c.ocr_extract_json, c.created_at, c.uploaded_at, c.reviewed_at, c.reviewed_by_admin_id,
           p.email as user_email, p.display_name as user_display_name
      from public.certificates c
      left join public.profiles p on p.id = c.user_id`;
}

/** The sortable columns, qualified (profiles has a created_at too). */
function sortColumns(tx: Tx) {
  return { created_at: tx`c.created_at`, uploaded_at: tx`c.uploaded_at`, reviewed_at: tx`c.reviewed_at` };
}

/** A signed preview URL of an uploaded file (service path: the caller was authorised for the row). */
async function previewUrl(
  r: CertificateRow,
): Promise<{ preview_url: string | null; expires_in: number | null }> {
  if (!r.uploaded_at || r.ocr_status === "failed") return { preview_url: null, expires_in: null };
  const { data, error } = await serviceClient().storage.from(BUCKET).createSignedUrl(
    r.storage_path,
    PREVIEW_URL_TTL_S,
  );
  // A file that is gone (deleted out of band) must not make the whole row unreadable: the review
  // shows it without a preview instead of failing.
  if (error && /not.?found/i.test(error.message)) return { preview_url: null, expires_in: null };
  if (error || !data?.signedUrl) {
    throw new AppError(
      "upstream_unavailable",
      "Storage could not sign the preview URL; try again.",
      undefined,
      {
        cause: error,
      },
    );
  }
  return { preview_url: data.signedUrl, expires_in: PREVIEW_URL_TTL_S };
}

// ---------------------------------------------------------------- POST /v1/certificates

const CreateBody = z
  .strictObject({
    document_type: DocumentType,
    title: text().max(200).optional(),
    issuer: text().max(200).optional(),
    content_type: z.string().max(100).openapi({
      description: "application/pdf, image/png, image/jpeg or image/webp (anything else: 415).",
    }),
    size: z.number().int().min(1, "The file is empty.").openapi({
      description: "Bytes, 1 … 10485760 (10 MiB; larger: 413).",
    }),
  })
  .openapi("CertificateUploadRequest");

const UploadTarget = z
  .object({
    certificate_id: z.uuid(),
    upload_url: z.url().openapi({ description: "PUT the file here (absolute URL, works once, 2 hours)." }),
    storage_path: z.string().openapi({
      description: "{user_id}/{certificate_id}.pdf|png|jpg|webp in bucket certificates.",
    }),
    token: z.string().openapi({ description: "For supabase-js `uploadToSignedUrl(path, token, file)`." }),
    expires_in: z.number().int(),
  })
  .openapi("CertificateUploadTarget");

verification.openapi(
  createRoute({
    method: "post",
    path: "/v1/certificates",
    tags: ["verification"],
    summary: "An upload URL for a certificate, degree or government ID (PDF/PNG/JPEG/WebP, ≤ 10 MiB)",
    description: "Creates a pending certificate; the upload itself queues the OCR (runner). 415 " +
      "`unsupported_media_type` for other types, 413 `payload_too_large` over 10 MiB, 429 " +
      "`upload_rate_limited` past 20 upload URLs an hour.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { body: { required: true, content: { "application/json": { schema: CreateBody } } } },
    responses: {
      201: { description: "Where to upload", content: { "application/json": { schema: UploadTarget } } },
      ...errorResponses(401, 413, 415, 422, 429, 502),
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    if (!(CERTIFICATE_CONTENT_TYPES as readonly string[]).includes(body.content_type)) {
      throw new AppError("unsupported_media_type", "Upload a PDF, PNG, JPEG or WebP file.", {
        allowed: CERTIFICATE_CONTENT_TYPES,
      });
    }
    if (body.size > CERTIFICATE_MAX_BYTES) {
      throw new AppError("payload_too_large", "Certificates can be at most 10 MiB.", {
        max_bytes: CERTIFICATE_MAX_BYTES,
      });
    }
    // One transaction: the pending row (and the quota it used) exists only if Storage issued its URL.
    const target = await asUser(c, async (tx) => {
      const { row, signedUrl, token } = await issueSignedUpload(c, BUCKET, async () => {
        const [created] = await tx<{ certificate_id: string; storage_path: string }[]>`
          select certificate_id, storage_path from private.create_certificate(
            ${body.document_type}, ${body.title ?? null}, ${
          body.issuer ?? null
        }, ${body.content_type}, ${body.size})`;
        return created;
      });
      return {
        certificate_id: row.certificate_id,
        upload_url: signedUrl,
        storage_path: row.storage_path,
        token,
        expires_in: UPLOAD_URL_TTL_S,
      };
    });
    return c.json(target, 201);
  },
);

// ---------------------------------------------------------------- GET /v1/certificates

const UserListQuery = listParams(
  listQuery(["created_at", "uploaded_at"], "-created_at").extend({
    status: arrayParam(Status, "Review statuses."),
    document_type: arrayParam(DocumentType, "Document types."),
  }),
);

verification.openapi(
  createRoute({
    method: "get",
    path: "/v1/certificates",
    tags: ["verification"],
    summary: "The caller's certificates (status, OCR state), newest first",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { query: UserListQuery },
    responses: {
      200: { description: "A page", content: { "application/json": { schema: pageOf(Certificate) } } },
      ...errorResponses(401, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await asUser(c, async (tx) => {
      const where = tx`c.user_id = auth.uid() and ${
        listWhere(tx, q, {
          arrays: {
            status: { column: "c.status", type: "public.certificate_status" },
            document_type: { column: "c.document_type", type: "public.certificate_document_type" },
          },
        })
      }`;
      const { limit, offset } = limitOffset(q);
      const rows = await tx<CertificateRow[]>`${selectCertificates(tx)} where ${where}
        ${
        orderBy(tx, q.sort, { columns: sortColumns(tx), then: [tx`c.id`], nullsLast: true })
      } limit ${limit} offset ${offset}`;
      const [{ total }] = await tx<{ total: number }[]>`
        select count(*)::int as total from public.certificates c where ${where}`;
      return toPage(rows.map(summary), total, q);
    });
    return c.json(page, 200);
  },
);

// ---------------------------------------------------------------- GET /v1/certificates/{id}

async function ownCertificate(tx: Tx, id: string): Promise<CertificateRow> {
  const [row] = await tx<CertificateRow[]>`${
    selectCertificates(tx)
  } where c.id = ${id} and c.user_id = auth.uid()`;
  if (!row) throw new AppError("not_found", "Certificate not found.");
  return row;
}

verification.openapi(
  createRoute({
    method: "get",
    path: "/v1/certificates/{id}",
    tags: ["verification"],
    summary: "One of the caller's certificates, its OCR extract and a signed preview URL (5 min)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: IdParam },
    responses: {
      200: { description: "The certificate", content: { "application/json": { schema: CertificateDetail } } },
      ...errorResponses(401, 404, 422, 502),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const row = await asUser(c, (tx) => ownCertificate(tx, id));
    return c.json({ ...summary(row), ocr_extract: row.ocr_extract_json, ...(await previewUrl(row)) }, 200);
  },
);

// ---------------------------------------------------------------- DELETE /v1/certificates/{id}

verification.openapi(
  createRoute({
    method: "delete",
    path: "/v1/certificates/{id}",
    tags: ["verification"],
    summary: "Delete one of the caller's certificates while it is pending or rejected (verified: 409)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: IdParam },
    responses: {
      200: {
        description: "Deleted (the file is removed from Storage by the runner)",
        content: { "application/json": { schema: z.object({ deleted: z.literal(true) }) } },
      },
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await asUser(c, (tx) => tx`select private.delete_certificate(${id}::uuid)`);
    return c.json({ deleted: true as const }, 200);
  },
);

// ---------------------------------------------------------------- admin: lists

const AdminListQuery = listParams(
  listQuery(["uploaded_at", "created_at", "reviewed_at"], "uploaded_at").extend({
    ...SearchParam.shape,
    ...UserIdsParam.shape,
    status: arrayParam(Status, "Review statuses (the queue: pending)."),
    document_type: arrayParam(DocumentType, "Document types."),
  }),
);

async function adminList(
  tx: Tx,
  q: z.infer<typeof AdminListQuery>,
  userId?: string,
) {
  const where = tx`c.uploaded_at is not null and ${userId ? tx`c.user_id = ${userId}` : tx`true`} and ${
    listWhere(tx, q, {
      search: ["c.title", "c.issuer", "p.email", "p.display_name"],
      arrays: {
        status: { column: "c.status", type: "public.certificate_status" },
        document_type: { column: "c.document_type", type: "public.certificate_document_type" },
        user_id: { column: "c.user_id", type: "uuid" },
      },
    })
  }`;
  const { limit, offset } = limitOffset(q);
  const rows = await tx<CertificateRow[]>`${selectCertificates(tx)} where ${where}
    ${
    orderBy(tx, q.sort, { columns: sortColumns(tx), then: [tx`c.id`], nullsLast: true })
  } limit ${limit} offset ${offset}`;
  const [{ total }] = await tx<{ total: number }[]>`
    select count(*)::int as total from public.certificates c left join public.profiles p on p.id = c.user_id where ${where}`;
  return toPage(rows.map(adminItem), total, q);
}

verification.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/certificates",
    tags: ["verification", "admin"],
    summary:
      "Admin: uploaded certificates across users (the review queue: status=pending), oldest upload first",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { query: AdminListQuery },
    responses: {
      200: { description: "A page", content: { "application/json": { schema: pageOf(AdminCertificate) } } },
      ...errorResponses(401, 403, 422),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    return c.json(await asUser(c, (tx) => adminList(tx, q)), 200);
  },
);

verification.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/users/{user_id}/certificates",
    tags: ["verification", "admin"],
    summary: "Admin: one user's uploaded certificates with their OCR extracts and statuses",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: UserIdParam, query: AdminListQuery },
    responses: {
      200: { description: "A page", content: { "application/json": { schema: pageOf(AdminCertificate) } } },
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  async (c) => {
    const { user_id } = c.req.valid("param");
    const q = c.req.valid("query");
    const page = await asUser(c, async (tx) => {
      const [known] = await tx`select 1 from public.profiles p where p.id = ${user_id}`;
      if (!known) throw new AppError("not_found", "User not found.");
      return adminList(tx, q, user_id);
    });
    return c.json(page, 200);
  },
);

verification.openapi(
  createRoute({
    method: "get",
    path: "/v1/admin/certificates/{id}",
    tags: ["verification", "admin"],
    summary: "Admin: one certificate, its OCR extract and a signed preview URL (5 min)",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: IdParam },
    responses: {
      200: {
        description: "The certificate",
        content: { "application/json": { schema: AdminCertificateDetail } },
      },
      ...errorResponses(401, 403, 404, 422, 502),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const row = await asUser(c, async (tx) => {
      const [r] = await tx<CertificateRow[]>`${
        selectCertificates(tx)
      } where c.id = ${id} and private.is_admin()`;
      if (!r) throw new AppError("not_found", "Certificate not found.");
      return r;
    });
    return c.json({ ...adminItem(row), ...(await previewUrl(row)) }, 200);
  },
);

// ---------------------------------------------------------------- admin: decisions

const Decision = z.object({ status: Status, reviewed_at: z.iso.datetime() }).openapi("CertificateDecision");
const RejectBody = z
  .strictObject({ notes: text().trim().min(1, "Say why, for the user.").max(1000) })
  .openapi("CertificateRejection");

async function decide(
  c: Parameters<typeof asUser>[0],
  id: string,
  decision: "verified" | "rejected",
  notes: string | null,
) {
  const [row] = await asUser(c, (tx) =>
    tx<{ status: z.infer<typeof Status>; reviewed_at: Date }[]>`
      select (d).status::text as status, (d).reviewed_at
        from private.certificate_decide(${id}::uuid, ${decision}, ${notes}) d`);
  return { status: row!.status, reviewed_at: row!.reviewed_at.toISOString() };
}

verification.openapi(
  createRoute({
    method: "post",
    path: "/v1/admin/certificates/{id}/approve",
    tags: ["verification", "admin"],
    summary: "Admin: verify a pending certificate (audited; the user is notified)",
    description: "409 when it was already decided or nothing was uploaded; 404 when unknown or deleted.",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: IdParam },
    responses: {
      200: { description: "Verified", content: { "application/json": { schema: Decision } } },
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await decide(c, id, "verified", null), 200);
  },
);

verification.openapi(
  createRoute({
    method: "post",
    path: "/v1/admin/certificates/{id}/reject",
    tags: ["verification", "admin"],
    summary: "Admin: reject a pending certificate with notes for the user (audited; the user is notified)",
    description: "Notes are required (422). 409 when it was already decided; 404 when unknown or deleted.",
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: {
      params: IdParam,
      body: { required: true, content: { "application/json": { schema: RejectBody } } },
    },
    responses: {
      200: { description: "Rejected", content: { "application/json": { schema: Decision } } },
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { notes } = c.req.valid("json");
    return c.json(await decide(c, id, "rejected", notes), 200);
  },
);
