"use client";

import { CircleAlert, Download, LoaderCircle, Sparkles, Target, Trash2 } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import { Switch } from "@/components/ui/switch";
import {
  ApiError,
  type AtsResult,
  errorMessage,
  type RejectedClaim,
  type Resume,
  type ResumeVersion,
  type ResumeVersionSummary,
} from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { cn } from "@/lib/utils";
import { PdfPreview } from "./pdf-preview";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for a version's PDF (the runner renders it); resolves with the signed link or null on failure/time-out. */
async function waitForPdf(resumeId: string, versionId: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      return await browserApi().resumes.download(resumeId, versionId);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== "resume_pdf_not_ready") throw err;
      if ((err.details as { pdf_status?: string } | undefined)?.pdf_status === "failed") throw err;
    }
    await sleep(1500);
  }
  return null;
}

function RejectedClaims({ claims: all }: { claims: RejectedClaim[] }) {
  if (!all.length) return null;
  // The same suggestion refused in several places is listed once.
  const seen = new Map<string, RejectedClaim & { times: number }>();
  for (const c of all) {
    const key = `${c.reason}:${c.text}`;
    const prev = seen.get(key);
    if (prev) prev.times += 1;
    else seen.set(key, { ...c, times: 1 });
  }
  const claims = [...seen.values()];
  return (
    <section
      className="grid gap-2 rounded-lg border border-amber-300 bg-amber-50 p-3"
      data-test="rejected-claims"
    >
      <h4 className="flex items-center gap-2 text-sm font-semibold text-amber-900">
        <CircleAlert className="size-4" />
        Left out: {claims.length} {claims.length === 1 ? "suggestion" : "suggestions"} not backed by your
        record
      </h4>
      <ul className="grid gap-1.5 text-sm [overflow-wrap:anywhere]">
        {claims.map((c) => (
          <li key={`${c.reason}:${c.text}`} data-test="rejected-claim" data-reason={c.reason}>
            Gemini suggested <q className="font-medium">{c.text}</q>
            {c.times > 1 ? ` (${c.times} times)` : ""} — {c.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function VersionView({
  resumeId,
  version,
  onChanged,
}: {
  resumeId: string;
  version: ResumeVersion;
  onChanged: () => void;
}) {
  const d = version.diff;
  const changes = d.added.length + d.removed.length + d.changed.length;
  return (
    <div className="grid min-w-0 grid-cols-1 gap-4" data-test="version-view" data-version={version.number}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold">Version {version.number}</h3>
        {version.active ? <Badge data-test="version-active">active</Badge> : null}
        {version.status === "draft" ? (
          <Badge
            className="bg-amber-100 text-amber-900 dark:bg-amber-500/20 dark:text-amber-200"
            data-test="version-draft"
          >
            draft to review
          </Badge>
        ) : null}
        <Badge variant="secondary">{version.generated_from.replace("_", "-")}</Badge>
        <Badge variant="secondary">PDF: {version.pdf_status}</Badge>
        {version.pdf_check && typeof version.pdf_check.fidelity === "number" ? (
          <Badge variant="secondary" data-test="version-fidelity">
            read-back {Math.round((version.pdf_check.fidelity as number) * 100)}%
          </Badge>
        ) : null}
        <span className="flex-1" />
        {!version.active ? (
          <Button
            size="sm"
            onClick={async () => {
              await browserApi()
                .resumes.activate(resumeId, version.id)
                .catch((e) => toast.error(errorMessage(e)));
              toast.success(
                version.status === "draft"
                  ? "Draft approved and live"
                  : `Version ${version.number} is active`,
              );
              onChanged();
            }}
            data-test="version-activate"
          >
            {version.status === "draft" ? "Approve" : "Make active"}
          </Button>
        ) : null}
        {version.status === "draft" && !version.active ? (
          <Button
            size="sm"
            variant="outline"
            onClick={async () => {
              await browserApi()
                .resumes.discard(resumeId, version.id)
                .catch((e) => toast.error(errorMessage(e)));
              toast.success("Draft discarded");
              onChanged();
            }}
            data-test="version-discard"
          >
            Discard
          </Button>
        ) : null}
      </div>
      <RejectedClaims claims={version.rejected_claims} />
      <section className="grid gap-1.5" data-test="version-diff">
        <h4 className="text-sm font-semibold">
          {version.compared_with === null
            ? "First version"
            : `Changes since version ${version.compared_with}`}
          {version.compared_with !== null ? ` (${changes})` : ""}
        </h4>
        {version.compared_with !== null ? (
          changes === 0 ? (
            <p className="text-sm text-muted-foreground">No changes.</p>
          ) : (
            <ul className="grid gap-1 font-mono text-xs [overflow-wrap:anywhere]">
              {d.changed.map((c) => (
                <li key={`c${c.pointer}`} className="rounded bg-sky-50 px-2 py-1">
                  ~ {c.before} → <span className="font-semibold">{c.after}</span>
                </li>
              ))}
              {d.added.map((a) => (
                <li
                  key={`a${a.pointer}`}
                  className="rounded bg-emerald-50 px-2 py-1 text-emerald-900"
                  data-test="diff-added"
                >
                  + {a.text}
                </li>
              ))}
              {d.removed.map((r) => (
                <li key={`r${r.pointer}`} className="rounded bg-rose-50 px-2 py-1 text-rose-900 line-through">
                  − {r.text}
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>
      <PdfPreview resumeId={resumeId} version={version} />
    </div>
  );
}

function AtsPanel({ resumeId, versionId }: { resumeId: string; versionId: string | null }) {
  const [jd, setJd] = useState("");
  const [result, setResult] = useState<AtsResult | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Card className="min-w-0" data-test="ats-panel">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          <Target className="size-4" />
          ATS check
        </CardTitle>
        <CardDescription>
          Paste a job description to see how this version scores and what is missing.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid grid-cols-1 gap-3">
        <textarea
          rows={5}
          aria-label="Job description"
          className="rounded-md border border-input bg-transparent px-3 py-2 text-sm"
          value={jd}
          onChange={(e) => setJd(e.target.value)}
          placeholder="We are hiring a backend engineer…"
          data-test="ats-jd"
        />
        <Button
          className="justify-self-start"
          disabled={busy || !versionId || jd.trim().length < 20}
          onClick={async () => {
            setBusy(true);
            try {
              setResult(
                await browserApi().resumes.ats(resumeId, {
                  job_description: jd,
                  version_id: versionId ?? undefined,
                }),
              );
            } catch (err) {
              toast.error(errorMessage(err));
            } finally {
              setBusy(false);
            }
          }}
          data-test="ats-run"
        >
          {busy ? <LoaderCircle className="animate-spin" /> : <Target />}
          Score it
        </Button>
        {result ? (
          <div className="grid gap-3" data-test="ats-result">
            <p>
              <span className="text-3xl font-semibold tabular-nums" data-test="ats-score">
                {result.score}
              </span>
              <span className="text-muted-foreground"> / 100</span>
            </p>
            <ul className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
              <li>Keywords {result.breakdown.keywords ?? "–"}/50</li>
              <li>Skills {result.breakdown.skills ?? "–"}/20</li>
              <li>Sections {result.breakdown.sections}/20</li>
              <li>Contact {result.breakdown.contact}/10</li>
            </ul>
            {result.missing_keywords.length ? (
              <div className="grid gap-1.5">
                <p className="text-sm font-medium">Missing keywords</p>
                <ul className="flex flex-wrap gap-1.5">
                  {result.missing_keywords.map((k) => (
                    <li key={k.keyword}>
                      <Badge
                        variant="secondary"
                        className={cn(
                          k.in_sources ? "bg-emerald-100 text-emerald-800" : "bg-zinc-100 text-zinc-600",
                        )}
                        data-test="ats-missing"
                        data-in-sources={k.in_sources}
                        title={
                          k.in_sources
                            ? "In your record: build again with this job description to include it"
                            : "Not in your record: a gap, never added"
                        }
                      >
                        {k.keyword}
                        {k.in_sources ? " · in your record" : " · gap"}
                      </Badge>
                    </li>
                  ))}
                </ul>
                <p className="text-xs text-muted-foreground">
                  Green keywords are backed by your record: build again with this job description to include
                  them. Grey ones are gaps — they are never added to a resume.
                </p>
              </div>
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

const STAGES = [
  "Writing with Gemini from your record",
  "Checking every claim against its sources",
  "Rendering the PDF",
];

/** One resume: build (with progress), template, auto-update, versions with diffs and drafts, ATS, download. */
export function ResumeDetail({
  resume,
  initialVersionId,
  onChanged,
  onDeleted,
}: {
  resume: Resume;
  initialVersionId: string | null;
  onChanged: () => Promise<unknown>;
  onDeleted: () => Promise<void>;
}) {
  const [versions, setVersions] = useState<ResumeVersionSummary[]>([]);
  const [viewing, setViewing] = useState<string | null>(initialVersionId ?? resume.active_version_id);
  const [detail, setDetail] = useState<ResumeVersion | null>(null);
  const [stage, setStage] = useState<number | null>(null);
  const [instructions, setInstructions] = useState("");
  const [jobDescription, setJobDescription] = useState("");
  const [lastRejected, setLastRejected] = useState<RejectedClaim[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadVersions = useCallback(async () => {
    const { items } = await browserApi().resumes.versions(resume.id);
    setVersions(items);
    return items;
  }, [resume.id]);

  useEffect(() => {
    loadVersions().catch((e) => setError(errorMessage(e)));
  }, [loadVersions]);
  useEffect(() => {
    if (!viewing) return setDetail(null);
    browserApi()
      .resumes.version(resume.id, viewing)
      .then(setDetail)
      .catch((e) => setError(errorMessage(e)));
  }, [resume.id, viewing]);

  async function refreshAll(versionId?: string) {
    const items = await loadVersions();
    await onChanged();
    const id = versionId ?? viewing ?? items[0]?.id ?? null;
    setViewing(id);
    if (id) setDetail(await browserApi().resumes.version(resume.id, id));
  }

  async function build() {
    setError(null);
    setLastRejected(null);
    setStage(0);
    const timer = setTimeout(() => setStage((s) => (s === 0 ? 1 : s)), 1200);
    try {
      const built = await browserApi().resumes.build(resume.id, {
        mode: "ai",
        instructions: instructions.trim() || undefined,
        job_description: jobDescription.trim() || undefined,
      });
      clearTimeout(timer);
      setLastRejected(built.rejected_claims);
      setStage(2);
      await refreshAll(built.version_id);
      await waitForPdf(resume.id, built.version_id);
      await refreshAll(built.version_id);
      toast.success(`Version ${built.number} is ready`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      clearTimeout(timer);
      setStage(null);
    }
  }

  async function download() {
    try {
      const link = await browserApi().resumes.download(resume.id, viewing ?? undefined);
      // The signed link answers with Content-Disposition: attachment, so this downloads in place.
      const a = document.createElement("a");
      a.href = link.file_url;
      a.rel = "noopener";
      document.body.append(a);
      a.click();
      a.remove();
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  const drafts = versions.filter((v) => v.status === "draft");

  return (
    <>
      <Card className="min-w-0" data-test="resume-detail" data-name={resume.name}>
        <CardHeader>
          <CardTitle className="flex flex-wrap items-center justify-between gap-2 text-base">
            <span>
              {resume.name} <span className="font-normal text-muted-foreground">· {resume.role_type}</span>
            </span>
            <span className="flex items-center gap-2">
              <Button
                size="sm"
                variant="outline"
                onClick={download}
                disabled={!viewing}
                data-test="resume-download"
              >
                <Download />
                Download PDF
              </Button>
              <Button
                size="icon"
                variant="ghost"
                aria-label={`Delete ${resume.name}`}
                onClick={async () => {
                  if (!window.confirm(`Delete '${resume.name}' and all its versions?`)) return;
                  await browserApi()
                    .resumes.remove(resume.id)
                    .catch((e) => toast.error(errorMessage(e)));
                  await onDeleted();
                }}
                data-test="resume-delete"
              >
                <Trash2 />
              </Button>
            </span>
          </CardTitle>
          <CardDescription>
            Every line is checked against your career record, profile and projects before it is published.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-5">
          <div className="flex flex-wrap items-center gap-6">
            <div className="flex items-center gap-2">
              <Label htmlFor={`template-${resume.id}`}>Template</Label>
              <select
                id={`template-${resume.id}`}
                className="h-9 rounded-md border border-input bg-transparent px-3 text-sm"
                value={resume.template}
                onChange={async (e) => {
                  await browserApi()
                    .resumes.update(resume.id, { template: e.target.value as "ats" | "modern" })
                    .catch((err) => toast.error(errorMessage(err)));
                  await onChanged();
                  toast.success("Template saved: it applies to the next build");
                }}
                data-test="resume-template"
              >
                <option value="ats">ATS-safe</option>
                <option value="modern">Modern</option>
              </select>
            </div>
            <div className="flex items-center gap-2">
              <Switch
                id={`auto-${resume.id}`}
                checked={resume.auto_tailor_enabled}
                onCheckedChange={async (enabled) => {
                  await browserApi()
                    .resumes.setAutoTailor(resume.id, enabled)
                    .catch((e) => toast.error(errorMessage(e)));
                  await onChanged();
                }}
                data-test="resume-auto-update"
              />
              <Label htmlFor={`auto-${resume.id}`}>
                Auto-update from new projects (as drafts you approve)
              </Label>
            </div>
          </div>

          <div className="grid gap-3 rounded-lg border p-4" data-test="resume-build">
            <div className="grid gap-1.5">
              <Label htmlFor={`instr-${resume.id}`}>Instructions (optional)</Label>
              <Input
                id={`instr-${resume.id}`}
                value={instructions}
                maxLength={2000}
                onChange={(e) => setInstructions(e.target.value)}
                placeholder="Lead with backend work; keep it to one page"
                data-test="build-instructions"
              />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor={`jd-${resume.id}`}>Tailor to a job description (optional)</Label>
              <textarea
                id={`jd-${resume.id}`}
                rows={3}
                className="rounded-md border border-input bg-transparent px-3 py-2 text-sm"
                value={jobDescription}
                onChange={(e) => setJobDescription(e.target.value)}
                data-test="build-jd"
              />
            </div>
            <Button
              onClick={build}
              disabled={stage !== null}
              className="justify-self-start"
              data-test="build-submit"
            >
              {stage !== null ? <LoaderCircle className="animate-spin" /> : <Sparkles />}
              {versions.length ? "Build a new version" : "Build with AI"}
            </Button>
            {stage !== null ? (
              <div className="grid gap-2" role="status" aria-live="polite" data-test="build-progress">
                <Progress value={((stage + 1) / STAGES.length) * 100} />
                <ol className="grid gap-0.5 text-sm">
                  {STAGES.map((s, i) => (
                    <li
                      key={s}
                      className={cn(
                        i === stage
                          ? "font-medium"
                          : i < stage
                            ? "text-muted-foreground line-through"
                            : "text-muted-foreground",
                      )}
                    >
                      {i + 1}. {s}
                      {i === stage ? "…" : ""}
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
            {error ? (
              <p className="text-sm text-destructive" role="alert" data-test="build-error">
                {error}
              </p>
            ) : null}
            {lastRejected && stage === null ? (
              <p className="text-sm text-muted-foreground" data-test="build-summary">
                {lastRejected.length === 0
                  ? "Every claim Gemini made is backed by your record."
                  : `${lastRejected.length} of Gemini's suggestions were left out: see below.`}
              </p>
            ) : null}
          </div>

          {drafts.length ? (
            <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-test="resume-drafts">
              {drafts.length === 1 ? "An update is" : `${drafts.length} updates are`} waiting for your review:{" "}
              {drafts.map((v) => (
                <button
                  key={v.id}
                  type="button"
                  className="font-medium underline"
                  onClick={() => setViewing(v.id)}
                >
                  version {v.number}
                </button>
              ))}
              .
            </p>
          ) : null}

          {versions.length ? (
            <div className="grid gap-2">
              <h3 className="text-sm font-semibold">Versions</h3>
              <ul className="flex flex-wrap gap-2" data-test="versions">
                {versions.map((v) => (
                  <li key={v.id}>
                    <Button
                      size="sm"
                      variant={v.id === viewing ? "default" : "outline"}
                      onClick={() => setViewing(v.id)}
                      aria-pressed={v.id === viewing}
                      data-test="version-item"
                      data-status={v.status}
                    >
                      v{v.number}
                      {v.active ? " · active" : v.status === "draft" ? " · draft" : ""}
                      {v.rejected_count ? ` · ${v.rejected_count} left out` : ""}
                    </Button>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-sm text-muted-foreground" data-test="versions-empty">
              No versions yet: fill in your career record below, then build.
            </p>
          )}
          {detail ? (
            <VersionView resumeId={resume.id} version={detail} onChanged={() => refreshAll()} />
          ) : null}
        </CardContent>
      </Card>
      <AtsPanel resumeId={resume.id} versionId={viewing} />
    </>
  );
}
