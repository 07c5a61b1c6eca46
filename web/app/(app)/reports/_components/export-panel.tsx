"use client";

import { CircleAlert, Download, FileSpreadsheet, FileText, LoaderCircle } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { formatLocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import { Progress } from "@/components/ui/progress";
import { type ExportFormat, type ExportType, errorMessage, type ReportExport } from "@/lib/api";
import { EXPORT_TYPE_LABELS } from "@/lib/export-types";

const POLL_MS = 1500;
/** An export still pending after this long is reported as slow (the runner may be busy or down). */
const PATIENCE_MS = 3 * 60 * 1000;

/** What a user can export (the admin console passes its own list). */
export const EXPORT_TYPES: { value: ExportType; label: string }[] = (
  ["applications", "jobs", "resume_performance", "skill_gaps"] as const
).map((value) => ({ value, label: EXPORT_TYPE_LABELS[value] }));

type State =
  | { kind: "idle" }
  | { kind: "working"; format: ExportFormat; startedAt: number; progress: number }
  | { kind: "ready"; result: ReportExport }
  | { kind: "error"; message: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the download of a signed link (the link answers with Content-Disposition: attachment). */
function download(url: string) {
  const a = document.createElement("a");
  a.href = url;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * Export buttons with progress: a small CSV comes back ready; a PDF or a large CSV is made by the
 * runner, so the panel follows it ("Preparing your PDF…", a progress bar that creeps while it
 * waits) and downloads it when ready. The signed link expires: the panel says when.
 */
export function ExportPanel({
  from,
  to,
  types = EXPORT_TYPES,
  scope = "user",
  dataTest = "export",
}: {
  from: string;
  to: string;
  types?: { value: ExportType; label: string }[];
  /** user: the caller's own data; admin: platform data (the admin export, audited). */
  scope?: "user" | "admin";
  dataTest?: string;
}) {
  const [type, setType] = useState<ExportType>(types[0]?.value ?? "applications");
  const [state, setState] = useState<State>({ kind: "idle" });
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  async function client() {
    const { browserApi } = await import("@/lib/supabase/client");
    const insights = browserApi().insights;
    // The route checks the type against its own list (422 otherwise); each scope's panel offers only its own.
    type Q = { type: ExportType; format: ExportFormat; from: string; to: string };
    const start = (q: Q) =>
      scope === "admin"
        ? insights.adminExportReport(q as Parameters<typeof insights.adminExportReport>[0])
        : insights.exportReport(q as Parameters<typeof insights.exportReport>[0]);
    return { start, status: insights.exportStatus };
  }

  async function run(format: ExportFormat) {
    const startedAt = Date.now();
    setState({ kind: "working", format, startedAt, progress: 10 });
    try {
      const exports = await client();
      let result = await exports.start({ type, format, from, to });
      while (result.status === "pending") {
        if (!alive.current) return;
        const waited = Date.now() - startedAt;
        if (waited > PATIENCE_MS) {
          setState({
            kind: "error",
            message: "The export is taking longer than usual. Try again in a few minutes.",
          });
          return;
        }
        // Creeps towards 90 % (never claims done before it is): about half-way after 10 s.
        setState({
          kind: "working",
          format,
          startedAt,
          progress: 10 + 80 * (1 - Math.exp(-waited / 15_000)),
        });
        await sleep(POLL_MS);
        result = await exports.status(result.export_id);
      }
      if (result.status === "failed" || !result.file_url) {
        setState({ kind: "error", message: result.error ?? "The export could not be made. Try again." });
        return;
      }
      setState({ kind: "ready", result });
      download(result.file_url);
    } catch (err) {
      setState({ kind: "error", message: errorMessage(err) });
    }
  }

  const busy = state.kind === "working";
  const typeId = `${dataTest}-type`;
  return (
    <div className="grid gap-4" data-test={dataTest} data-state={state.kind}>
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1.5">
          <Label htmlFor={typeId}>Report</Label>
          <NativeSelect
            id={typeId}
            value={type}
            onChange={(e) => setType(e.target.value as ExportType)}
            disabled={busy}
            data-test={`${dataTest}-type`}
          >
            {types.map((t) => (
              <NativeSelectOption key={t.value} value={t.value}>
                {t.label}
              </NativeSelectOption>
            ))}
          </NativeSelect>
        </div>
        <div className="flex gap-2">
          <Button
            variant="outline"
            onClick={() => void run("csv")}
            disabled={busy}
            data-test={`${dataTest}-csv`}
          >
            <FileSpreadsheet />
            CSV
          </Button>
          <Button
            variant="outline"
            onClick={() => void run("pdf")}
            disabled={busy}
            data-test={`${dataTest}-pdf`}
          >
            <FileText />
            PDF
          </Button>
        </div>
      </div>
      <div role="status" aria-live="polite" className="min-h-5 text-sm" data-test={`${dataTest}-status`}>
        {state.kind === "working" ? (
          <div className="grid gap-2">
            <span className="flex items-center gap-2 text-muted-foreground">
              <LoaderCircle className="size-4 animate-spin" aria-hidden />
              Preparing your {state.format.toUpperCase()}…
            </span>
            <Progress value={state.progress} aria-label="Export progress" />
          </div>
        ) : state.kind === "ready" ? (
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <a
              href={state.result.file_url ?? "#"}
              className="inline-flex items-center gap-1.5 font-medium text-primary underline-offset-4 hover:underline"
              data-test={`${dataTest}-link`}
            >
              <Download className="size-4" aria-hidden />
              Download again
            </a>
            <span className="text-muted-foreground">
              {state.result.row_count === null ? "" : `${state.result.row_count} rows. `}
              {state.result.expires_at
                ? `The link works until ${formatLocalTime(state.result.expires_at)}.`
                : ""}
            </span>
          </span>
        ) : state.kind === "error" ? (
          <span className="flex items-center gap-1.5 text-destructive" data-test={`${dataTest}-error`}>
            <CircleAlert className="size-4" aria-hidden />
            {state.message}
          </span>
        ) : (
          <span className="text-muted-foreground">The export covers the date range above (India time).</span>
        )}
      </div>
    </div>
  );
}
