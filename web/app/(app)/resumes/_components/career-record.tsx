"use client";

import { Check, FileUp, LoaderCircle, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { type CareerEntry, type CareerEntryCreate, type CareerRecord, errorMessage } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

type Kind = CareerEntry["kind"];

interface Field {
  key: string;
  label: string;
  required?: boolean;
  placeholder?: string;
  /** list: one per line (textarea) or comma-separated. */
  list?: "lines" | "commas";
}

const KINDS: { kind: Kind; title: string; fields: Field[] }[] = [
  {
    kind: "work",
    title: "Work experience",
    fields: [
      { key: "organization", label: "Employer", required: true, placeholder: "Acme Payments" },
      { key: "title", label: "Title", required: true, placeholder: "Senior Backend Engineer" },
      { key: "location", label: "Location", placeholder: "Bengaluru" },
      { key: "start_date", label: "Start (YYYY-MM)", placeholder: "2019-04" },
      { key: "end_date", label: "End (YYYY-MM, empty = now)", placeholder: "2023-06" },
      { key: "highlights", label: "What you did (one per line, with real numbers)", list: "lines" },
    ],
  },
  {
    kind: "education",
    title: "Education",
    fields: [
      { key: "institution", label: "Institution", required: true, placeholder: "IIT Madras" },
      { key: "study_type", label: "Degree", placeholder: "B.Tech" },
      { key: "area", label: "Field", placeholder: "Computer Science" },
      { key: "start_date", label: "Start (YYYY)", placeholder: "2015" },
      { key: "end_date", label: "End (YYYY)", placeholder: "2019" },
    ],
  },
  {
    kind: "skill",
    title: "Skills",
    fields: [
      { key: "name", label: "Skill", required: true, placeholder: "PostgreSQL" },
      {
        key: "keywords",
        label: "Details (comma-separated)",
        list: "commas",
        placeholder: "partitioning, replication",
      },
    ],
  },
  {
    kind: "achievement",
    title: "Achievements",
    fields: [
      { key: "title", label: "Achievement", required: true, placeholder: "Hackathon winner" },
      { key: "awarder", label: "Awarded by", placeholder: "Razorpay" },
      { key: "date", label: "Date (YYYY-MM)", placeholder: "2022-08" },
    ],
  },
  {
    kind: "link",
    title: "Links",
    fields: [
      { key: "url", label: "Address", required: true, placeholder: "https://example.dev" },
      { key: "network", label: "Label", placeholder: "Portfolio" },
    ],
  },
];

const str = (v: unknown) => (typeof v === "string" ? v : "");

function summary(e: CareerEntry): string {
  const d = e.data;
  switch (e.kind) {
    case "work":
      return `${str(d.title)} · ${str(d.organization)}${d.start_date ? ` · ${str(d.start_date)} – ${str(d.end_date) || "now"}` : ""}`;
    case "education":
      return [str(d.study_type), str(d.area), str(d.institution)].filter(Boolean).join(" · ");
    case "skill":
      return str(d.name);
    case "achievement":
      return [str(d.title), str(d.awarder)].filter(Boolean).join(" · ");
    default:
      return str(d.network) || str(d.url);
  }
}

function EntryForm({ kind, fields, onSaved }: { kind: Kind; fields: Field[]; onSaved: () => Promise<void> }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const data: Record<string, unknown> = {};
    for (const f of fields) {
      const v = (values[f.key] ?? "").trim();
      if (!v) continue;
      data[f.key] = f.list
        ? v
            .split(f.list === "lines" ? /\n/ : /,/)
            .map((x) => x.trim())
            .filter(Boolean)
        : v;
    }
    setSaving(true);
    try {
      await browserApi().resumes.addEntry({ kind, data } as CareerEntryCreate);
      setValues({});
      await onSaved();
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }
  return (
    <form
      className="grid grid-cols-1 gap-2 sm:grid-cols-2"
      onSubmit={submit}
      data-test={`record-form-${kind}`}
    >
      {fields.map((f) => {
        const id = `record-${kind}-${f.key}`;
        return (
          <div key={f.key} className={f.list === "lines" ? "grid gap-1 sm:col-span-2" : "grid gap-1"}>
            <Label htmlFor={id} className="text-xs">
              {f.label}
            </Label>
            {f.list === "lines" ? (
              <textarea
                id={id}
                rows={3}
                className="rounded-md border border-input bg-transparent px-3 py-2 text-sm"
                value={values[f.key] ?? ""}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                data-test={`record-${kind}-${f.key}`}
              />
            ) : (
              <Input
                id={id}
                required={f.required}
                placeholder={f.placeholder}
                value={values[f.key] ?? ""}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                data-test={`record-${kind}-${f.key}`}
              />
            )}
          </div>
        );
      })}
      <Button
        type="submit"
        size="sm"
        variant="outline"
        className="justify-self-start"
        disabled={saving}
        data-test={`record-add-${kind}`}
      >
        <Plus />
        Add
      </Button>
    </form>
  );
}

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Import an existing resume PDF: upload (≤ 5 MiB), the runner reads it, entries arrive to confirm. */
function ImportPdf({ onDone }: { onDone: () => Promise<void> }) {
  const [state, setState] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function pick(file: File | undefined) {
    if (!file) return;
    if (file.type && file.type !== "application/pdf") return setState("Choose a PDF file.");
    if (file.size > MAX_IMPORT_BYTES) return setState("That PDF is larger than 5 MiB.");
    setBusy(true);
    try {
      setState("Uploading…");
      const target = await browserApi().resumes.importTarget(file.size);
      const put = await fetch(target.upload_url, {
        method: "PUT",
        headers: { "content-type": "application/pdf", "x-upsert": "false" },
        body: file,
      });
      if (!put.ok) throw new Error(`The upload failed (HTTP ${put.status}). Try again.`);
      setState("Reading your resume…");
      for (let i = 0; i < 90; i++) {
        const imp = await browserApi().resumes.importStatus(target.import_id);
        if (imp.status === "failed") return setState(imp.failure_reason ?? "The import failed.");
        if (imp.status === "done") {
          await onDone();
          return setState(
            imp.entries_count
              ? `${imp.entries_count} entries found. Check each one and confirm it: only confirmed entries are used.`
              : "No entries could be read from this PDF.",
          );
        }
        await sleep(1000);
      }
      setState("Still reading your resume: come back in a minute.");
    } catch (err) {
      setState(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="grid gap-2 rounded-lg border border-dashed p-3" data-test="record-import">
      <Label htmlFor="record-import-file" className="flex items-center gap-2 text-sm">
        {busy ? <LoaderCircle className="size-4 animate-spin" /> : <FileUp className="size-4" />}
        Import from an existing resume (PDF, up to 5 MiB)
      </Label>
      <input
        id="record-import-file"
        type="file"
        accept="application/pdf"
        disabled={busy}
        className="text-sm"
        onChange={(e) => pick(e.target.files?.[0])}
        data-test="record-import-file"
      />
      {state ? (
        <p className="text-sm text-muted-foreground" role="status" data-test="record-import-status">
          {state}
        </p>
      ) : null}
    </div>
  );
}

/** The career record: what resumes may say. Imported entries wait here for confirmation. */
export function CareerRecordEditor({
  record,
  onChanged,
}: {
  record: CareerRecord;
  onChanged: () => Promise<void>;
}) {
  async function act(fn: () => Promise<unknown>) {
    try {
      await fn();
      await onChanged();
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }
  return (
    <Card className="min-w-0" data-test="career-record">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          Career record
          {record.pending > 0 ? (
            <Badge
              className="bg-amber-100 text-amber-900 dark:bg-amber-500/20 dark:text-amber-200"
              data-test="record-pending"
            >
              {record.pending} to confirm
            </Badge>
          ) : null}
        </CardTitle>
        <CardDescription>
          The only facts a resume may state besides your profile and projects. Anything missing here is left
          out of your resumes, however confidently Gemini suggests it.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid grid-cols-1 gap-6">
        <ImportPdf onDone={onChanged} />
        {KINDS.map(({ kind, title, fields }) => {
          const entries = record.items.filter((e) => e.kind === kind);
          return (
            <section
              key={kind}
              className="grid min-w-0 grid-cols-1 gap-3"
              aria-labelledby={`record-h-${kind}`}
            >
              <h3 id={`record-h-${kind}`} className="text-sm font-semibold">
                {title}
              </h3>
              {entries.length ? (
                <ul className="grid grid-cols-1 gap-1.5">
                  {entries.map((e) => (
                    <li
                      key={e.id}
                      className="flex items-center gap-2 rounded-md border px-3 py-2 text-sm"
                      data-test="record-entry"
                      data-kind={kind}
                      data-status={e.status}
                    >
                      <span className="min-w-0 flex-1 truncate">{summary(e)}</span>
                      {e.status === "pending" ? (
                        <Button
                          size="sm"
                          variant="outline"
                          onClick={() =>
                            act(() => browserApi().resumes.updateEntry(e.id, { status: "confirmed" }))
                          }
                          data-test="record-confirm"
                        >
                          <Check />
                          Confirm
                        </Button>
                      ) : null}
                      <Button
                        size="icon"
                        variant="ghost"
                        aria-label={`Remove ${summary(e)}`}
                        onClick={() => act(() => browserApi().resumes.removeEntry(e.id))}
                        data-test="record-remove"
                      >
                        <Trash2 />
                      </Button>
                    </li>
                  ))}
                </ul>
              ) : null}
              <EntryForm kind={kind} fields={fields} onSaved={onChanged} />
            </section>
          );
        })}
      </CardContent>
    </Card>
  );
}
