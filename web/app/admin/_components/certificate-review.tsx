"use client";

import { Check, ChevronLeft, ChevronRight, LoaderCircle, X } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { type AdminCertificate, type AdminCertificateDetail, errorMessage } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import {
  CertificateStatusBadge,
  DOCUMENT_TYPE_LABELS,
  DocumentPreview,
} from "../../(app)/resumes/_components/certificates-tab";

type StatusFilter = "pending" | "verified" | "rejected" | "all";

interface Extract {
  text?: string;
  method?: string;
  confidence?: number;
  reason?: string;
  looks_like_certificate?: boolean;
  fields?: Record<string, string | null>;
  name_match?: { profile_name: string | null; holder_name: string | null; score: number; verdict: string };
  government_ids?: { kind: string; masked: string }[];
}

const FIELD_LABELS: [string, string][] = [
  ["holder_name", "Holder"],
  ["title", "Title"],
  ["issuer", "Issuer"],
  ["issue_date", "Issued"],
  ["credential_id", "Credential ID"],
  ["credential_url", "Credential URL"],
];

const VERDICT_TONE: Record<string, string> = {
  match: "bg-emerald-100 text-emerald-800",
  partial: "bg-amber-100 text-amber-800",
  mismatch: "bg-red-100 text-red-800",
  unknown: "bg-zinc-100 text-zinc-700",
};

/**
 * The review queue: a list of uploaded certificates (all users, or one user's) and the selected
 * one's file beside its OCR extract, with Approve / Reject (notes required). Keyboard: J / K next
 * and previous, A approve, R reject (focuses the notes; Ctrl+Enter sends).
 */
export function CertificateReview({ userId }: { userId?: string }) {
  const api = useRef(browserApi()).current;
  const notesId = useId();
  const [status, setStatus] = useState<StatusFilter>("pending");
  const [items, setItems] = useState<AdminCertificate[] | null>(null);
  const [total, setTotal] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<AdminCertificateDetail | null>(null);
  const [notes, setNotes] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const notesRef = useRef<HTMLTextAreaElement>(null);

  const load = useCallback(
    async (keep?: string | null) => {
      try {
        const query = { page_size: 100, ...(status === "all" ? {} : { status: [status] }) } as const;
        const page = userId
          ? await api.admin.userCertificates(userId, query)
          : await api.admin.certificates(query);
        setItems(page.items);
        setTotal(page.total);
        setSelected((cur) => {
          const want = keep === undefined ? cur : keep;
          return want && page.items.some((i) => i.id === want) ? want : (page.items[0]?.id ?? null);
        });
        setError(null);
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    [api, status, userId],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  useEffect(() => {
    setDetail(null);
    setNotes("");
    if (!selected) return;
    let live = true;
    api.admin
      .certificate(selected)
      .then((d) => live && setDetail(d))
      .catch((e) => live && toast.error(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api, selected]);

  // A document still being read: look again every few seconds until the extract is there.
  useEffect(() => {
    if (!detail || (detail.ocr_status !== "queued" && detail.ocr_status !== "processing")) return;
    const id = detail.id;
    const t = setTimeout(() => {
      api.admin
        .certificate(id)
        .then((d) => setDetail((cur) => (cur?.id === id ? d : cur)))
        .catch(() => {});
    }, 3000);
    return () => clearTimeout(t);
  }, [api, detail]);

  const index = items?.findIndex((i) => i.id === selected) ?? -1;
  const move = useCallback(
    (step: number) => {
      if (!items?.length) return;
      const next = items[Math.min(items.length - 1, Math.max(0, index + step))];
      if (next) setSelected(next.id);
    },
    [items, index],
  );

  const decide = useCallback(
    async (decision: "approve" | "reject") => {
      if (!selected || busy) return;
      if (decision === "reject" && !notes.trim()) {
        notesRef.current?.focus();
        toast.error("Write a note for the user before rejecting.");
        return;
      }
      setBusy(true);
      try {
        if (decision === "approve") await api.admin.approve(selected);
        else await api.admin.reject(selected, notes.trim());
        toast.success(
          decision === "approve"
            ? "Verified — the user is notified."
            : "Rejected — the user sees your notes.",
        );
        const after = items?.[index + 1]?.id ?? items?.[index - 1]?.id ?? null;
        await load(status === "pending" ? after : selected);
      } catch (e) {
        toast.error(errorMessage(e));
        await load(selected);
      } finally {
        setBusy(false);
      }
    },
    [api, busy, index, items, load, notes, selected, status],
  );

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const t = e.target as HTMLElement | null;
      const typing = t && (t.tagName === "TEXTAREA" || t.tagName === "INPUT" || t.tagName === "SELECT");
      if (typing) {
        if (t.tagName === "TEXTAREA" && e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void decide("reject");
        }
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "j") move(1);
      else if (e.key === "k") move(-1);
      else if (e.key === "a" && detail?.status === "pending") void decide("approve");
      else if (e.key === "r" && detail?.status === "pending") {
        e.preventDefault();
        notesRef.current?.focus();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [decide, move, detail]);

  const extract = (detail?.ocr_extract ?? null) as Extract | null;

  return (
    <div className="space-y-4" data-test="certificate-review">
      <div className="flex flex-wrap items-center gap-2">
        {(["pending", "verified", "rejected", "all"] as const).map((s) => (
          <Button
            key={s}
            size="sm"
            variant={status === s ? "default" : "outline"}
            onClick={() => setStatus(s)}
            data-test={`review-filter-${s}`}
          >
            {s === "all" ? "All" : s[0]?.toUpperCase() + s.slice(1)}
          </Button>
        ))}
        <span className="ml-auto text-sm text-muted-foreground" data-test="review-count">
          {total} {status === "all" ? "uploaded" : status}
        </span>
      </div>
      <p className="text-xs text-muted-foreground">
        Keys: <kbd className="rounded border px-1">J</kbd>/<kbd className="rounded border px-1">K</kbd>{" "}
        next/previous · <kbd className="rounded border px-1">A</kbd> approve ·{" "}
        <kbd className="rounded border px-1">R</kbd> reject (notes, then Ctrl+Enter)
      </p>
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      {items === null ? (
        <p className="text-sm text-muted-foreground">Loading…</p>
      ) : items.length === 0 ? (
        <Card>
          <CardContent className="py-10 text-center text-muted-foreground" data-test="review-empty">
            Nothing {status === "all" ? "uploaded" : status} here.
          </CardContent>
        </Card>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[13rem_minmax(0,1fr)]">
          <ul
            className="max-h-[75vh] space-y-1 overflow-y-auto"
            aria-label="Certificates"
            data-test="review-list"
          >
            {items.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  onClick={() => setSelected(c.id)}
                  aria-current={c.id === selected ? "true" : undefined}
                  data-test="review-item"
                  className={`w-full rounded-md border px-3 py-2 text-left text-sm ${
                    c.id === selected ? "border-primary bg-primary/5" : "bg-background hover:bg-muted"
                  }`}
                >
                  <span className="block truncate font-medium">
                    {c.title ?? DOCUMENT_TYPE_LABELS[c.document_type]}
                  </span>
                  <span className="block truncate text-xs text-muted-foreground">
                    {userId ? DOCUMENT_TYPE_LABELS[c.document_type] : (c.user_display_name ?? c.user_email)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {detail ? (
            <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" data-test="review-detail">
              <Card className="min-w-0">
                <CardHeader className="flex flex-row items-center justify-between gap-2">
                  <CardTitle className="truncate">
                    {detail.title ?? DOCUMENT_TYPE_LABELS[detail.document_type]}
                  </CardTitle>
                  <CertificateStatusBadge status={detail.status} />
                </CardHeader>
                <CardContent className="space-y-2">
                  <DocumentPreview url={detail.preview_url} contentType={detail.content_type} />
                  <p className="text-xs text-muted-foreground">
                    {DOCUMENT_TYPE_LABELS[detail.document_type]} ·{" "}
                    {userId ? null : (
                      <>
                        <Link
                          href={`/admin/users/${detail.user_id}`}
                          className="underline underline-offset-2"
                        >
                          {detail.user_display_name ?? detail.user_email}
                        </Link>{" "}
                        ·{" "}
                      </>
                    )}
                    uploaded {detail.uploaded_at ? new Date(detail.uploaded_at).toLocaleString("en-IN") : "—"}
                  </p>
                </CardContent>
              </Card>
              <Card className="min-w-0">
                <CardHeader>
                  <CardTitle>What the document says</CardTitle>
                </CardHeader>
                <CardContent className="space-y-4 text-sm" data-test="ocr-extract">
                  {detail.ocr_status === "queued" || detail.ocr_status === "processing" ? (
                    <p className="flex items-center gap-2 text-muted-foreground">
                      <LoaderCircle className="size-4 animate-spin" /> Still being read…
                    </p>
                  ) : null}
                  {extract?.reason ? (
                    <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900" data-test="ocr-reason">
                      {extract.reason}
                    </p>
                  ) : null}
                  {extract?.name_match ? (
                    <div className="flex flex-wrap items-center gap-2" data-test="name-match">
                      <span
                        className={`rounded px-2 py-0.5 text-xs font-medium ${VERDICT_TONE[extract.name_match.verdict] ?? ""}`}
                      >
                        Name {extract.name_match.verdict}
                      </span>
                      <span className="text-muted-foreground">
                        profile “{extract.name_match.profile_name ?? "—"}” vs document “
                        {extract.name_match.holder_name ?? "—"}”
                      </span>
                    </div>
                  ) : null}
                  {extract?.fields ? (
                    <dl className="divide-y rounded-md border">
                      {FIELD_LABELS.map(([key, label]) => (
                        <div key={key} className="flex justify-between gap-3 px-3 py-1.5">
                          <dt className="text-muted-foreground">{label}</dt>
                          <dd className="truncate text-right font-medium" data-test={`ocr-${key}`}>
                            {extract.fields?.[key] ?? "—"}
                          </dd>
                        </div>
                      ))}
                    </dl>
                  ) : null}
                  {extract?.government_ids?.length ? (
                    <p data-test="ocr-government-ids">
                      ID numbers (masked):{" "}
                      {extract.government_ids.map((g) => `${g.kind.toUpperCase()} ${g.masked}`).join(", ")}
                    </p>
                  ) : null}
                  {extract?.confidence !== undefined ? (
                    <p className="text-muted-foreground">
                      Read by {extract.method?.replaceAll("_", " ")} · confidence{" "}
                      {Math.round(extract.confidence * 100)}%
                    </p>
                  ) : null}
                  {extract?.text ? (
                    <details>
                      <summary className="cursor-pointer text-muted-foreground">Full text</summary>
                      <pre className="mt-2 max-h-60 overflow-auto rounded-md bg-muted p-2 text-xs whitespace-pre-wrap">
                        {extract.text}
                      </pre>
                    </details>
                  ) : null}
                  {detail.status === "pending" ? (
                    <div className="space-y-2 border-t pt-4">
                      <label htmlFor={notesId} className="text-sm font-medium">
                        Notes for the user (needed to reject)
                      </label>
                      <textarea
                        id={notesId}
                        ref={notesRef}
                        value={notes}
                        maxLength={1000}
                        onChange={(e) => setNotes(e.target.value)}
                        rows={3}
                        className="w-full rounded-md border border-input bg-transparent px-3 py-2 text-sm shadow-xs"
                        placeholder="The name on the certificate does not match your profile."
                        data-test="review-notes"
                      />
                      <div className="flex flex-wrap gap-2">
                        <Button
                          onClick={() => void decide("approve")}
                          disabled={busy}
                          data-test="review-approve"
                        >
                          <Check /> Approve
                        </Button>
                        <Button
                          variant="destructive"
                          onClick={() => void decide("reject")}
                          disabled={busy}
                          data-test="review-reject"
                        >
                          <X /> Reject
                        </Button>
                        <div className="ml-auto flex gap-1">
                          <Button
                            variant="ghost"
                            size="icon"
                            onClick={() => move(-1)}
                            aria-label="Previous (K)"
                          >
                            <ChevronLeft />
                          </Button>
                          <Button variant="ghost" size="icon" onClick={() => move(1)} aria-label="Next (J)">
                            <ChevronRight />
                          </Button>
                        </div>
                      </div>
                    </div>
                  ) : (
                    <p className="border-t pt-4 text-muted-foreground" data-test="review-decided">
                      {detail.status === "verified" ? "Verified" : "Rejected"}
                      {detail.reviewed_at
                        ? ` on ${new Date(detail.reviewed_at).toLocaleString("en-IN")}`
                        : ""}
                      {detail.rejection_notes ? ` — “${detail.rejection_notes}”` : ""}
                    </p>
                  )}
                </CardContent>
              </Card>
            </div>
          ) : (
            <p className="text-sm text-muted-foreground">Loading the document…</p>
          )}
        </div>
      )}
    </div>
  );
}
