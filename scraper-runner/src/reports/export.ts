/**
 * Queue `reports_export`: makes an export file the insights function handed over (a PDF, or a CSV
 * too large to make in the request) and stores it in the private bucket `exports`.
 *
 *   report.export.requested {user_id, export_id, type, format}
 *     written with its public.report_exports row (pending) by private.create_report_export.
 *
 * The rows are read AS the user who asked (`asUser`: role authenticated, their claims), through
 * the same SQL the function uses (private.export_rows, private.applications_series/_summary), so
 * the file never holds more than that user may read — an admin who lost the role in between gets
 * only their own data. The file is uploaded first (upsert: a retry overwrites it), then the row
 * becomes ready in the commit transaction; a message whose row is no longer pending is skipped.
 */
import { stringify } from "csv-stringify/sync";
import { type ConsumerDeps, defineConsumer, type Outcome } from "../consumer.js";
import { asService, asUser, type Tx } from "../db.js";
import { type Chart, type Kpi, PORTAL_COLORS, type ReportTable, renderReportPdf } from "./pdf.js";

export const REPORTS_EXPORT_QUEUE = "reports_export";
const BUCKET = "exports";
/** Rows shown in a PDF's table (the CSV holds them all). */
export const PDF_TABLE_ROWS = 500;

interface ExportRow {
  id: string;
  user_id: string;
  scope: "user" | "admin";
  type: string;
  format: "csv" | "pdf";
  state: string;
  filters: { from?: string; to?: string; portal?: string[]; user_id?: string[] };
}

type Row = Record<string, unknown>;

/**
 * CSV text of rows keyed by `columns`: the same options as the function's `toCsv`
 * (supabase/functions/insights/exports.ts), so a file reads the same whoever made it.
 */
export function toCsv(columns: string[], rows: Row[]): string {
  return stringify(rows, {
    header: true,
    columns,
    bom: true,
    cast: {
      boolean: (v) => (v ? "true" : "false"),
      date: (v) => v.toISOString(),
      object: (v) => JSON.stringify(v),
    },
  });
}

const TITLES: Record<string, string> = {
  applications: "Applications report",
  jobs: "Jobs report",
  skill_gaps: "Skill gaps",
  resume_performance: "Resume performance",
  users: "Users report",
};

/** What each type's PDF table shows (column key → label, relative width). */
const TABLE_COLUMNS: Record<string, ReportTable["columns"]> = {
  applications: [
    { key: "applied_at", label: "Applied (IST)", width: 70 },
    { key: "portal", label: "Portal", width: 50 },
    { key: "company", label: "Company", width: 110 },
    { key: "title", label: "Title", width: 130 },
    { key: "status", label: "Status", width: 60 },
    { key: "response_status", label: "Response", width: 60 },
  ],
  jobs: [
    { key: "fetched_at", label: "Fetched (IST)", width: 70 },
    { key: "portal", label: "Portal", width: 50 },
    { key: "company", label: "Company", width: 110 },
    { key: "title", label: "Title", width: 130 },
    { key: "match_score", label: "Match", width: 40 },
    { key: "status", label: "Status", width: 50 },
  ],
  skill_gaps: [
    { key: "skill", label: "Skill", width: 90 },
    { key: "severity", label: "Severity", width: 50 },
    { key: "job_count", label: "Jobs", width: 35 },
    { key: "example_jobs", label: "For example", width: 250 },
  ],
  resume_performance: [
    { key: "resume", label: "Resume", width: 110 },
    { key: "version", label: "Version", width: 45 },
    { key: "applications", label: "Sent", width: 40 },
    { key: "responded", label: "Answered", width: 50 },
    { key: "interview", label: "Interview", width: 50 },
    { key: "offer", label: "Offer", width: 40 },
    { key: "response_rate", label: "Rate (95 % interval)", width: 110 },
  ],
  users: [
    { key: "email", label: "Email", width: 150 },
    { key: "created_at", label: "Joined (IST)", width: 70 },
    { key: "job_search_status", label: "Search", width: 60 },
    { key: "verified_certificates", label: "Certs", width: 40 },
    { key: "applications_total", label: "Applied", width: 50 },
    { key: "applications_30d", label: "30 days", width: 50 },
  ],
};

const pct = (v: unknown) => (v === null || v === undefined ? "—" : `${Math.round(Number(v) * 100)} %`);
const istDate = (v: unknown) =>
  typeof v === "string" && v
    ? new Intl.DateTimeFormat("en-GB", {
        timeZone: "Asia/Kolkata",
        day: "numeric",
        month: "short",
        year: "numeric",
      }).format(new Date(v))
    : "";

/** A row as the PDF table prints it. */
function cellsOf(type: string, r: Row): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) out[k] = v === null || v === undefined ? "" : String(v);
  for (const k of ["applied_at", "fetched_at", "created_at"]) if (k in r) out[k] = istDate(r[k]);
  if (type === "resume_performance") {
    out.response_rate = `${pct(r.response_rate)} (${pct(r.response_rate_low)}–${pct(r.response_rate_high)})`;
  }
  return out;
}

const dayLabel = (d: string) =>
  new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(`${d}T00:00:00Z`),
  );

interface Summary {
  applied: number;
  responded: number;
  response_rate: number | null;
  response_rate_low: number | null;
  response_rate_high: number | null;
  funnel: Record<"applied" | "viewed" | "shortlisted" | "interview" | "offer", number>;
}

/** Key numbers and charts of a type, read in the user's transaction. */
async function chartsOf(tx: Tx, row: ExportRow, rows: Row[]): Promise<{ kpis: Kpi[]; charts: Chart[] }> {
  const f = row.filters;
  if (row.type === "applications") {
    const from = f.from ?? "";
    const to = f.to ?? "";
    const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
    const bucket = days > 62 ? "week" : "day";
    const series = await tx<{ start: string; linkedin: number; naukri: number; indeed: number }[]>`
      select bucket_start::text as start, linkedin, naukri, indeed
        from private.applications_series(${from}::date, ${to}::date, ${bucket}, ${f.portal ?? null}::text[], ${f.user_id ?? null}::uuid[])`;
    const [s] = await tx<{ s: Summary }[]>`
      select private.applications_summary(${from}::date, ${to}::date, ${f.portal ?? null}::text[], ${f.user_id ?? null}::uuid[]) as s`;
    const sum = s?.s;
    if (!sum) return { kpis: [], charts: [] };
    return {
      kpis: [
        { label: "Applications", value: String(sum.applied) },
        { label: "Answered", value: String(sum.responded) },
        {
          label: "Response rate",
          value: pct(sum.response_rate),
          note:
            sum.response_rate === null
              ? undefined
              : `95 %: ${pct(sum.response_rate_low)}–${pct(sum.response_rate_high)}`,
        },
        { label: "Interviews", value: String(sum.funnel.interview) },
        { label: "Offers", value: String(sum.funnel.offer) },
      ],
      charts: [
        {
          kind: "stacked",
          title: bucket === "day" ? "Applications per day (IST)" : "Applications per week (from Monday, IST)",
          labels: series.map((p) => dayLabel(p.start)),
          series: (["linkedin", "naukri", "indeed"] as const).map((portal) => ({
            name: { linkedin: "LinkedIn", naukri: "Naukri", indeed: "Indeed" }[portal],
            color: PORTAL_COLORS[portal] ?? [0.5, 0.5, 0.5],
            values: series.map((p) => p[portal]),
          })),
        },
        {
          kind: "bars",
          title: "Funnel: how far applications got",
          bars: (["applied", "viewed", "shortlisted", "interview", "offer"] as const).map((k) => ({
            label: k[0]?.toUpperCase() + k.slice(1),
            value: sum.funnel[k],
          })),
        },
      ],
    };
  }
  if (row.type === "resume_performance") {
    const perVersion = rows.filter((r) => r.version !== "all");
    return {
      kpis: [{ label: "Resume versions sent", value: String(perVersion.length) }],
      charts: [
        {
          kind: "bars",
          title: "Response rate per resume version, with its 95 % interval",
          max: 1,
          format: (v) => `${Math.round(v * 100)} %`,
          bars: perVersion.slice(0, 20).map((r) => ({
            label: `${r.resume} v${r.version} (${r.responded}/${r.applications})`,
            value: Number(r.response_rate ?? 0),
            low: Number(r.response_rate_low ?? 0),
            high: Number(r.response_rate_high ?? 0),
          })),
        },
      ],
    };
  }
  if (row.type === "skill_gaps") {
    const color = { high: [0.86, 0.15, 0.15], medium: [0.92, 0.55, 0.08], low: [0.55, 0.55, 0.6] } as const;
    return {
      kpis: [
        { label: "Open gaps", value: String(rows.length) },
        { label: "High severity", value: String(rows.filter((r) => r.severity === "high").length) },
      ],
      charts: [
        {
          kind: "bars",
          title: "Matching jobs asking for each skill",
          bars: rows.slice(0, 15).map((r) => ({
            label: `${r.skill} (${r.severity})`,
            value: Number(r.job_count),
            color: [...(color[r.severity as keyof typeof color] ?? color.low)] as [number, number, number],
          })),
        },
      ],
    };
  }
  if (row.type === "jobs") {
    const by = new Map<string, number>();
    for (const r of rows) by.set(String(r.portal), (by.get(String(r.portal)) ?? 0) + 1);
    return {
      kpis: [{ label: "Jobs fetched", value: String(rows.length) }],
      charts: [
        {
          kind: "bars",
          title: "Jobs by portal",
          bars: ["linkedin", "naukri", "indeed"].map((p) => ({
            label: p,
            value: by.get(p) ?? 0,
            color: PORTAL_COLORS[p],
          })),
        },
      ],
    };
  }
  return { kpis: [{ label: "Rows", value: String(rows.length) }], charts: [] };
}

/** The file of an export, made in the requesting user's transaction. */
export async function makeExportFile(
  tx: Tx,
  row: ExportRow,
  now = new Date(),
): Promise<{ bytes: Uint8Array; rows: number; contentType: string }> {
  const [head] = await tx<{ cols: string[] }[]>`select private.export_columns(${row.type}) as cols`;
  const found = await tx<
    { r: Row }[]
  >`select r from private.export_rows(${row.type}, ${tx.json(row.filters as never)}) r`;
  const rows = found.map((x) => x.r);
  if (row.format === "csv") {
    return {
      bytes: new TextEncoder().encode(toCsv(head?.cols ?? [], rows)),
      rows: rows.length,
      contentType: "text/csv",
    };
  }
  const { kpis, charts } = await chartsOf(tx, row, rows);
  const range =
    row.filters.from && row.filters.to
      ? `${istDate(`${row.filters.from}T00:00:00+05:30`)} – ${istDate(`${row.filters.to}T00:00:00+05:30`)} (IST)`
      : "";
  const bytes = await renderReportPdf({
    title: TITLES[row.type] ?? "Report",
    subtitle: [range, row.scope === "admin" ? "all users in the filter" : "your data", `${rows.length} rows`]
      .filter(Boolean)
      .join(" · "),
    generatedAt: now,
    kpis,
    charts,
    table: {
      title: "Rows",
      columns: TABLE_COLUMNS[row.type] ?? [],
      rows: rows.slice(0, PDF_TABLE_ROWS).map((r) => cellsOf(row.type, r)),
      omitted: Math.max(0, rows.length - PDF_TABLE_ROWS),
    },
  });
  return { bytes, rows: rows.length, contentType: "application/pdf" };
}

/** The reports_export consumer. */
export function reportExportConsumer(deps: ConsumerDeps) {
  return defineConsumer({
    queue: REPORTS_EXPORT_QUEUE,
    events: ["report.export.requested"],
    async handle(d, ctx): Promise<Outcome> {
      const id = d.payload.export_id;
      const [row] = await asService(
        ctx.db,
        (tx) => tx<ExportRow[]>`select * from public.report_exports where id = ${id}`,
      );
      if (!row) return { status: "skipped", reason: "no export row (the account was deleted)" };
      if (row.state !== "pending")
        return { status: "skipped", reason: `export is ${row.state}`, fields: { export_id: id } };

      const file = await asUser(ctx.db, row.user_id, (tx) => makeExportFile(tx, row));
      const path = `${row.user_id}/${row.id}.${row.format}`;
      const { error } = await deps.supabase.storage
        .from(BUCKET)
        .upload(path, new Blob([file.bytes as BlobPart], { type: file.contentType }), {
          contentType: file.contentType,
          upsert: true,
        });
      if (error) throw new Error(`upload of ${BUCKET}/${path} failed: ${error.message}`);
      return {
        status: "done",
        finalize: async (tx) => {
          await tx`select private.finish_report_export(${id}::uuid, 'ready', ${path}, ${file.rows}, ${file.bytes.byteLength}, null)`;
        },
        fields: { export_id: id, rows: file.rows, bytes: file.bytes.byteLength, format: row.format },
      };
    },
    async giveUp(tx, d, error) {
      await tx`select private.finish_report_export(${d.payload.export_id}::uuid, 'failed', null, null, null, ${error})`;
    },
  });
}
