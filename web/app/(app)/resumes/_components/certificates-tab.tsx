"use client";

import { Eye, FileCheck2, LoaderCircle, ShieldCheck, Trash2, Upload } from "lucide-react";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import {
  CERTIFICATE_CONTENT_TYPES,
  CERTIFICATE_MAX_BYTES,
  type Certificate,
  type CertificateDetail,
  errorMessage,
} from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

/** How each document type is named. */
export const DOCUMENT_TYPE_LABELS = {
  course: "Course certificate",
  professional: "Professional certification",
  degree: "Degree",
  government_id: "Government ID (KYC)",
} as const;
type DocumentType = keyof typeof DOCUMENT_TYPE_LABELS;

const OCR_LABELS: Record<Certificate["ocr_status"], string> = {
  awaiting_upload: "Upload not finished",
  queued: "Waiting to be read",
  processing: "Reading the document…",
  extracted: "Read",
  unreadable: "Could not be read automatically",
  failed: "Upload refused",
};

/** The review status as the user sees it. */
export function CertificateStatusBadge({ status }: { status: Certificate["status"] }) {
  if (status === "verified")
    return (
      <Badge className="bg-emerald-700 text-white" data-test="certificate-status">
        <ShieldCheck /> Verified
      </Badge>
    );
  if (status === "rejected")
    return (
      <Badge variant="destructive" data-test="certificate-status">
        Rejected
      </Badge>
    );
  return (
    <Badge variant="secondary" data-test="certificate-status">
      Pending review
    </Badge>
  );
}

/** PUTs a file to a signed Storage upload URL, reporting progress (0…1). */
function putWithProgress(url: string, file: File, onProgress: (f: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.setRequestHeader("content-type", file.type);
    xhr.setRequestHeader("x-upsert", "false");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new Error(`The upload failed (HTTP ${xhr.status}). Try again.`));
    xhr.onerror = () => reject(new Error("The upload was interrupted. Check your connection and try again."));
    xhr.send(file);
  });
}

const IN_FLIGHT: Certificate["ocr_status"][] = ["queued", "processing"];

/**
 * The Certificates tab of /resumes: upload a certificate, degree or government ID (PDF, PNG,
 * JPEG or WebP up to 10 MiB, with a progress bar), follow its review (Pending / Verified /
 * Rejected with the reviewer's notes), preview it, delete it while pending or rejected.
 */
export function CertificatesTab() {
  const api = useRef(browserApi()).current;
  const [items, setItems] = useState<Certificate[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [preview, setPreview] = useState<CertificateDetail | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await api.certificates.list({ page_size: 100 });
      setItems(page.items.filter((c) => c.ocr_status !== "awaiting_upload"));
      setLoadError(null);
    } catch (e) {
      setLoadError(errorMessage(e));
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  // While a document is being read, look again every few seconds.
  const reading = items?.some((c) => IN_FLIGHT.includes(c.ocr_status)) ?? false;
  useEffect(() => {
    if (!reading) return;
    const t = setInterval(() => void load(), 3000);
    return () => clearInterval(t);
  }, [reading, load]);

  async function openPreview(id: string) {
    try {
      setPreview(await api.certificates.get(id));
    } catch (e) {
      toast.error(errorMessage(e));
    }
  }

  async function remove(c: Certificate) {
    if (!window.confirm(`Delete “${c.title ?? DOCUMENT_TYPE_LABELS[c.document_type]}”?`)) return;
    try {
      await api.certificates.remove(c.id);
      toast.success("Certificate deleted");
      await load();
    } catch (e) {
      toast.error(errorMessage(e));
    }
  }

  return (
    <div className="space-y-6" data-test="certificates-tab">
      <UploadCard onUploaded={load} />
      {loadError ? (
        <Alert variant="destructive">
          <AlertDescription>{loadError}</AlertDescription>
        </Alert>
      ) : null}
      <section aria-labelledby="my-certificates" className="space-y-3">
        <h2 id="my-certificates" className="text-lg font-semibold">
          Your documents
        </h2>
        {items === null ? (
          <p className="text-sm text-muted-foreground">Loading…</p>
        ) : items.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-test="certificates-empty">
            No documents yet. Upload a certificate to have it verified; verified ones show with a badge on
            your résumés.
          </p>
        ) : (
          <ul className="grid gap-3" data-test="certificates-list">
            {items.map((c) => (
              <li key={c.id}>
                <Card className="py-4" data-test="certificate-item" data-id={c.id}>
                  <CardContent className="flex flex-wrap items-start gap-4 px-4">
                    <FileCheck2 className="mt-1 size-5 text-muted-foreground" aria-hidden />
                    <div className="min-w-0 flex-1 space-y-1">
                      <div className="flex flex-wrap items-center gap-2">
                        <p className="font-medium" data-test="certificate-title">
                          {c.title ?? DOCUMENT_TYPE_LABELS[c.document_type]}
                        </p>
                        <CertificateStatusBadge status={c.status} />
                      </div>
                      <p className="text-sm text-muted-foreground">
                        {DOCUMENT_TYPE_LABELS[c.document_type]}
                        {c.issuer ? ` · ${c.issuer}` : ""} · uploaded{" "}
                        {c.uploaded_at ? new Date(c.uploaded_at).toLocaleDateString() : "—"} ·{" "}
                        <span data-test="certificate-ocr">
                          {IN_FLIGHT.includes(c.ocr_status) ? (
                            <LoaderCircle className="inline size-3 animate-spin" aria-hidden />
                          ) : null}{" "}
                          {OCR_LABELS[c.ocr_status]}
                        </span>
                      </p>
                      {c.status === "rejected" && c.rejection_notes ? (
                        <p className="text-sm text-destructive" data-test="certificate-notes">
                          Reviewer’s notes: {c.rejection_notes}
                        </p>
                      ) : null}
                    </div>
                    <div className="flex gap-2">
                      <Button
                        variant="outline"
                        size="sm"
                        onClick={() => void openPreview(c.id)}
                        data-test="certificate-preview"
                      >
                        <Eye /> Preview
                      </Button>
                      {c.status !== "verified" ? (
                        <Button
                          variant="ghost"
                          size="sm"
                          onClick={() => void remove(c)}
                          aria-label={`Delete ${c.title ?? "certificate"}`}
                          data-test="certificate-delete"
                        >
                          <Trash2 />
                        </Button>
                      ) : null}
                    </div>
                  </CardContent>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Dialog open={preview !== null} onOpenChange={(open) => !open && setPreview(null)}>
        <DialogContent className="sm:max-w-3xl" data-test="certificate-preview-dialog">
          <DialogHeader>
            <DialogTitle>
              {preview?.title ?? (preview ? DOCUMENT_TYPE_LABELS[preview.document_type] : "")}
            </DialogTitle>
            <DialogDescription>The link to this file expires in a few minutes.</DialogDescription>
          </DialogHeader>
          {preview ? <DocumentPreview url={preview.preview_url} contentType={preview.content_type} /> : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}

/** The file itself: an image, or a PDF in the browser's viewer. */
export function DocumentPreview({ url, contentType }: { url: string | null; contentType: string }) {
  if (!url) return <p className="text-sm text-muted-foreground">No file to show.</p>;
  return contentType === "application/pdf" ? (
    <iframe
      src={url}
      title="Document preview"
      className="h-[70vh] w-full rounded-md border"
      data-test="document-preview"
    />
  ) : (
    // biome-ignore lint/performance/noImgElement: a short-lived signed Storage URL, not an optimisable asset
    <img
      src={url}
      alt="The uploaded document"
      className="max-h-[70vh] w-full rounded-md border object-contain"
      data-test="document-preview"
    />
  );
}

function UploadCard({ onUploaded }: { onUploaded: () => Promise<void> }) {
  const api = useRef(browserApi()).current;
  const ids = { type: useId(), title: useId(), issuer: useId(), file: useId() };
  const [documentType, setDocumentType] = useState<DocumentType>("course");
  const [title, setTitle] = useState("");
  const [issuer, setIssuer] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  function check(f: File | null): string | null {
    if (!f) return "Choose a file.";
    if (!(CERTIFICATE_CONTENT_TYPES as readonly string[]).includes(f.type))
      return "Upload a PDF, PNG, JPEG or WebP file.";
    if (f.size > CERTIFICATE_MAX_BYTES) return "The file is larger than 10 MB.";
    if (f.size === 0) return "The file is empty.";
    return null;
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const problem = check(file);
    setError(problem);
    if (problem || !file) return;
    setProgress(0);
    try {
      const target = await api.certificates.uploadTarget({
        document_type: documentType,
        content_type: file.type,
        size: file.size,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(issuer.trim() ? { issuer: issuer.trim() } : {}),
      });
      await putWithProgress(target.upload_url, file, setProgress);
      toast.success("Uploaded. We are reading it now; an admin will review it.");
      setFile(null);
      setTitle("");
      setIssuer("");
      if (fileInput.current) fileInput.current.value = "";
      await onUploaded();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setProgress(null);
    }
  }

  const field = "h-9 w-full rounded-md border border-input bg-transparent px-3 text-sm shadow-xs";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Upload a certificate</CardTitle>
        <CardDescription>
          Course and professional certificates, degrees or a government ID. PDF, PNG, JPEG or WebP, up to 10
          MB. An admin verifies each one; government ID numbers are stored masked.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2" data-test="certificate-upload-form">
          <div className="space-y-1.5">
            <Label htmlFor={ids.type}>Document type</Label>
            <select
              id={ids.type}
              className={field}
              value={documentType}
              onChange={(e) => setDocumentType(e.target.value as DocumentType)}
              data-test="certificate-type"
            >
              {Object.entries(DOCUMENT_TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor={ids.file}>File</Label>
            <Input
              id={ids.file}
              ref={fileInput}
              type="file"
              accept={CERTIFICATE_CONTENT_TYPES.join(",")}
              onChange={(e) => {
                const f = e.target.files?.[0] ?? null;
                setFile(f);
                setError(f ? check(f) : null);
              }}
              data-test="certificate-file"
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor={ids.title}>Title (optional)</Label>
            <Input
              id={ids.title}
              value={title}
              maxLength={200}
              placeholder="e.g. Machine Learning Foundations"
              onChange={(e) => setTitle(e.target.value)}
              data-test="certificate-title-input"
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor={ids.issuer}>Issuer (optional)</Label>
            <Input
              id={ids.issuer}
              value={issuer}
              maxLength={200}
              placeholder="e.g. Coursera"
              onChange={(e) => setIssuer(e.target.value)}
              data-test="certificate-issuer-input"
            />
          </div>
          {error ? (
            <p
              className="text-sm text-destructive sm:col-span-2"
              role="alert"
              data-test="certificate-upload-error"
            >
              {error}
            </p>
          ) : null}
          {progress !== null ? (
            <div className="space-y-1 sm:col-span-2">
              <p className="text-sm text-muted-foreground">Uploading… {Math.round(progress * 100)}%</p>
              <Progress value={Math.round(progress * 100)} data-test="certificate-upload-progress" />
            </div>
          ) : null}
          <div className="sm:col-span-2">
            <Button type="submit" disabled={progress !== null} data-test="certificate-upload">
              <Upload /> Upload
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
