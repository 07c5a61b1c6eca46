/**
 * The career record: `GET/POST /v1/career-record`, `PATCH/DELETE /v1/career-record/{id}`.
 * Entries are the user's own declarations (work, education, skills, achievements, links); imported
 * ones arrive `pending` and count as a resume source only once the user confirms them
 * (`PATCH {status: "confirmed"}`). RLS scopes every statement; each also filters by `auth.uid()`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../_shared/app.ts";
import { requireUser } from "../_shared/auth.ts";
import {
  CAREER_ENTRY_DATA,
  CAREER_ENTRY_KINDS,
  CAREER_ENTRY_ORIGINS,
  CAREER_ENTRY_STATUSES,
  CareerEntryInput,
  type CareerEntryKind,
} from "../_shared/contract/resume.ts";
import { asUser } from "../_shared/db.ts";
import { AppError, errorResponses } from "../_shared/errors.ts";
import { bearerSecurity } from "../_shared/openapi.ts";
import { issueSignedUpload } from "../_shared/uploads.ts";

export const record = createRouter();

/** At most this many entries per user (all kinds). */
const MAX_ENTRIES = 300;

export const CareerEntry = z
  .object({
    id: z.uuid(),
    kind: z.enum(CAREER_ENTRY_KINDS),
    status: z.enum(CAREER_ENTRY_STATUSES),
    origin: z.enum(CAREER_ENTRY_ORIGINS),
    data: z.record(z.string(), z.unknown()).openapi({
      description:
        "By kind: work {organization, title, location?, start_date?, end_date?, summary?, highlights[]}; " +
        "education {institution, area?, study_type?, start_date?, end_date?, score?}; skill {name, level?, keywords[]}; " +
        "achievement {title, date?, awarder?, summary?}; link {url, network?, label?}.",
    }),
    position: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi("CareerEntry");

interface EntryRow {
  id: string;
  kind: CareerEntryKind;
  status: "pending" | "confirmed";
  origin: "manual" | "import";
  data: Record<string, unknown>;
  position: number;
  created_at: Date;
  updated_at: Date;
}

const toEntry = (r: EntryRow): z.infer<typeof CareerEntry> => ({
  ...r,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const listRoute = createRoute({
  method: "get",
  path: "/v1/career-record",
  tags: ["resumes"],
  summary: "The caller's career record (every kind; pending imports included, marked)",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  responses: {
    200: {
      description: "The entries",
      content: {
        "application/json": {
          schema: z.object({
            items: z.array(CareerEntry),
            pending: z.number().int().openapi({ description: "Imported entries waiting for confirmation." }),
          }).openapi("CareerRecord"),
        },
      },
    },
    ...errorResponses(401),
  },
});

record.openapi(listRoute, async (c) => {
  const rows = await asUser(c, (tx) =>
    tx<EntryRow[]>`
      select id, kind::text as kind, status::text as status, origin::text as origin, data, position, created_at, updated_at
        from public.career_entries where user_id = auth.uid()
       order by kind, position, created_at`);
  return c.json(
    { items: rows.map(toEntry), pending: rows.filter((r) => r.status === "pending").length },
    200,
  );
});

const createEntryRoute = createRoute({
  method: "post",
  path: "/v1/career-record",
  tags: ["resumes"],
  summary: "Add an entry to the caller's career record (confirmed: the user typed it)",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { body: { required: true, content: { "application/json": { schema: CareerEntryInput } } } },
  responses: {
    201: { description: "Added", content: { "application/json": { schema: CareerEntry } } },
    ...errorResponses(401, 409, 422),
  },
});

record.openapi(createEntryRoute, async (c) => {
  const input = c.req.valid("json");
  const row = await asUser(c, async (tx) => {
    const [{ n }] = await tx<
      { n: number }[]
    >`select count(*)::int as n from public.career_entries where user_id = auth.uid()`;
    if (n >= MAX_ENTRIES) throw new AppError("conflict", `Your record already has ${MAX_ENTRIES} entries.`);
    const [saved] = await tx<EntryRow[]>`
      insert into public.career_entries (kind, data, position)
      values (${input.kind}::public.career_entry_kind, ${tx.json(input.data as never)},
              (select coalesce(max(position) + 1, 0) from public.career_entries
                where user_id = auth.uid() and kind = ${input.kind}::public.career_entry_kind))
      returning id, kind::text as kind, status::text as status, origin::text as origin, data, position, created_at, updated_at`;
    return saved!;
  });
  return c.json(toEntry(row), 201);
});

const PatchBody = z
  .strictObject({
    data: z.record(z.string(), z.unknown()).optional().openapi({
      description: "The entry's new fields (whole).",
    }),
    status: z.literal("confirmed").optional().openapi({ description: "Confirm an imported entry." }),
    position: z.number().int().min(0).max(10000).optional(),
  })
  .openapi("CareerEntryPatch");

const patchRoute = createRoute({
  method: "patch",
  path: "/v1/career-record/{id}",
  tags: ["resumes"],
  summary: "Edit, reorder or confirm one of the caller's entries",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: PatchBody } } },
  },
  responses: {
    200: { description: "Saved", content: { "application/json": { schema: CareerEntry } } },
    ...errorResponses(401, 404, 422),
  },
});

record.openapi(patchRoute, async (c) => {
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const row = await asUser(c, async (tx) => {
    const [current] = await tx<EntryRow[]>`
      select id, kind::text as kind from public.career_entries where id = ${id} and user_id = auth.uid() for update`;
    if (!current) throw new AppError("not_found", "No such entry in your record.");
    let data: Record<string, unknown> | undefined;
    if (body.data) {
      const parsed = CAREER_ENTRY_DATA[current.kind].safeParse(body.data);
      if (!parsed.success) {
        throw new AppError("validation_failed", "The entry's fields are not valid.", {
          issues: parsed.error.issues.map((i) => ({
            path: ["data", ...i.path].join("."),
            message: i.message,
          })),
        });
      }
      data = parsed.data as Record<string, unknown>;
    }
    const [saved] = await tx<EntryRow[]>`
      update public.career_entries
         set data = coalesce(${data ? tx.json(data as never) : null}::jsonb, data),
             status = case when ${
      body.status ?? null
    }::text = 'confirmed' then 'confirmed'::public.career_entry_status else status end,
             position = coalesce(${body.position ?? null}::int, position)
       where id = ${id} and user_id = auth.uid()
      returning id, kind::text as kind, status::text as status, origin::text as origin, data, position, created_at, updated_at`;
    return saved!;
  });
  return c.json(toEntry(row), 200);
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/v1/career-record/{id}",
  tags: ["resumes"],
  summary:
    "Remove one of the caller's entries (versions already built keep their text; new builds cannot cite it)",
  security: bearerSecurity,
  middleware: [requireUser] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...errorResponses(401, 404, 422) },
});

record.openapi(deleteRoute, async (c) => {
  const { id } = c.req.valid("param");
  const gone = await asUser(
    c,
    (tx) => tx`delete from public.career_entries where id = ${id} and user_id = auth.uid() returning id`,
  );
  if (!gone.length) throw new AppError("not_found", "No such entry in your record.");
  return c.body(null, 204);
});

// ---------------------------------------------------------------- importing a resume PDF

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const ImportBody = z
  .strictObject({
    size: z.number().int().min(1, "The file is empty.").max(
      MAX_IMPORT_BYTES,
      "Resume PDFs can be at most 5 MiB.",
    )
      .openapi({ description: "Bytes, 1 … 5242880 (5 MiB)." }),
  })
  .openapi("ResumeImportRequest");

const ImportTarget = z
  .object({
    import_id: z.uuid(),
    upload_url: z.url().openapi({ description: "PUT the PDF here (works once, 2 hours)." }),
    storage_path: z.string(),
    token: z.string().openapi({
      description: "For supabase-js `storage.from('resumes').uploadToSignedUrl(path, token, file)`.",
    }),
  })
  .openapi("ResumeImportTarget");

const ResumeImport = z
  .object({
    id: z.uuid(),
    status: z.enum(["pending", "uploaded", "processing", "done", "failed"]),
    entries_count: z.number().int().nullable().openapi({ description: "Pending entries added (done)." }),
    failure_reason: z.string().nullable(),
    created_at: z.iso.datetime(),
  })
  .openapi("ResumeImport");

record.openapi(
  createRoute({
    method: "post",
    path: "/v1/career-record/import",
    tags: ["resumes"],
    summary: "An upload URL for an existing resume PDF (at most 5 MiB) to import into the career record",
    description:
      "The upload starts the import: the runner extracts the text, structures it with the caller's Gemini " +
      "key and adds the entries as pending, for the user to confirm. Poll `GET /v1/career-record/imports/{id}`. " +
      "A file larger than `size` fails the import and is deleted. 429 `upload_rate_limited` past 10 an hour.",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { body: { required: true, content: { "application/json": { schema: ImportBody } } } },
    responses: {
      200: { description: "Where to upload", content: { "application/json": { schema: ImportTarget } } },
      ...errorResponses(401, 422, 429, 502),
    },
  }),
  async (c) => {
    const { size } = c.req.valid("json");
    const body = await asUser(c, async (tx) => {
      const { row, signedUrl, token } = await issueSignedUpload(c, "resumes", async () => {
        const [created] = await tx<{ import_id: string; storage_path: string }[]>`
          select import_id, storage_path from private.create_resume_import(${size})`;
        return created;
      });
      return { import_id: row.import_id, upload_url: signedUrl, storage_path: row.storage_path, token };
    });
    return c.json(body, 200);
  },
);

record.openapi(
  createRoute({
    method: "get",
    path: "/v1/career-record/imports/{id}",
    tags: ["resumes"],
    summary: "One of the caller's PDF imports (poll until done or failed)",
    security: bearerSecurity,
    middleware: [requireUser] as const,
    request: { params: IdParam },
    responses: {
      200: { description: "The import", content: { "application/json": { schema: ResumeImport } } },
      ...errorResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await asUser(
      c,
      (tx) =>
        tx<
          {
            id: string;
            status: z.infer<typeof ResumeImport>["status"];
            entries_count: number | null;
            failure_reason: string | null;
            created_at: Date;
          }[]
        >`
        select id, status::text as status, entries_count, failure_reason, created_at
          from public.resume_imports where id = ${id} and user_id = auth.uid()`,
    );
    if (!row) throw new AppError("not_found", "No such import.");
    return c.json({ ...row, created_at: row.created_at.toISOString() }, 200);
  },
);
