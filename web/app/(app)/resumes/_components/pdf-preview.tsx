"use client";

import { Download, LoaderCircle } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, errorMessage, type ResumeVersion } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Renders at most this many pages (a resume has one or two; a runaway document stays bounded). */
const MAX_PAGES = 6;

type State =
  | { kind: "waiting" } // the runner is rendering the PDF (409 resume_pdf_not_ready): HTML preview meanwhile
  | { kind: "rendering"; url: string }
  | { kind: "ready"; url: string; pages: number }
  | { kind: "failed"; message: string; url?: string };

/**
 * pdf.js, loaded only when a preview is shown: it is a large library, and /resumes must stay
 * within the first-load budget. Its worker is a separate file the bundler emits next to it.
 */
async function loadPdfJs() {
  const pdfjs = await import("pdfjs-dist");
  if (!pdfjs.GlobalWorkerOptions.workerSrc) {
    pdfjs.GlobalWorkerOptions.workerSrc = new URL(
      "pdfjs-dist/build/pdf.worker.min.mjs",
      import.meta.url,
    ).toString();
  }
  return pdfjs;
}

/** The signed link of the version's PDF, waiting while it renders; null when it failed. */
async function pdfLink(resumeId: string, versionId: string, signal: AbortSignal, onWaiting: () => void) {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      return await browserApi().resumes.download(resumeId, versionId);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== "resume_pdf_not_ready") throw err;
      if ((err.details as { pdf_status?: string } | undefined)?.pdf_status === "failed") throw err;
      onWaiting();
    }
    await sleep(Math.min(1000 + attempt * 500, 4000));
  }
  return null;
}

/**
 * The version's real PDF, page by page on canvases (pdf.js), as a recruiter will see it; while the
 * runner renders it, the HTML preview of the same content stands in (and stays one click away as the
 * text view: canvases are pictures, the text view is what screen readers read). A download link.
 */
export function PdfPreview({ resumeId, version }: { resumeId: string; version: ResumeVersion }) {
  const [state, setState] = useState<State>({ kind: "waiting" });
  // The text view: the same content as a web page (selectable, read by screen readers).
  const [textView, setTextView] = useState(false);
  const pagesRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    let cleanup: (() => void) | undefined;
    setState({ kind: "waiting" });
    (async () => {
      let url: string | undefined;
      try {
        const link = await pdfLink(resumeId, version.id, abort.signal, () => setState({ kind: "waiting" }));
        if (!link || abort.signal.aborted) return;
        url = link.file_url;
        setState({ kind: "rendering", url });
        const [pdfjs, bytes] = await Promise.all([
          loadPdfJs(),
          fetch(url, { signal: abort.signal }).then((r) => {
            if (!r.ok) throw new Error(`The PDF could not be fetched (${r.status}).`);
            return r.arrayBuffer();
          }),
        ]);
        const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false });
        const doc = await task.promise;
        cleanup = () => void task.destroy();
        const host = pagesRef.current;
        if (!host || abort.signal.aborted) return;
        host.replaceChildren();
        const count = Math.min(doc.numPages, MAX_PAGES);
        const scale = Math.min(window.devicePixelRatio || 1, 2) * 1.5;
        for (let n = 1; n <= count; n++) {
          const page = await doc.getPage(n);
          const viewport = page.getViewport({ scale });
          const canvas = document.createElement("canvas");
          canvas.width = Math.ceil(viewport.width);
          canvas.height = Math.ceil(viewport.height);
          canvas.className = "h-auto w-full max-w-full min-w-0 rounded-md border bg-white shadow-sm";
          canvas.setAttribute("role", "img");
          canvas.setAttribute("aria-label", `Page ${n} of ${doc.numPages} of version ${version.number}`);
          canvas.dataset.test = "pdf-page";
          host.append(canvas);
          await page.render({ canvas, viewport }).promise;
          if (abort.signal.aborted) return;
        }
        setState({ kind: "ready", url, pages: doc.numPages });
      } catch (err) {
        if (abort.signal.aborted) return;
        setState({ kind: "failed", message: errorMessage(err), url });
      }
    })();
    return () => {
      abort.abort();
      cleanup?.();
    };
  }, [resumeId, version.id, version.number]);

  const url =
    state.kind === "rendering" || state.kind === "ready" || state.kind === "failed" ? state.url : undefined;
  const showHtml = textView || state.kind === "waiting" || state.kind === "failed";
  return (
    <section
      className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-2"
      data-test="pdf-preview"
      data-state={state.kind}
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <h4 className="font-semibold">PDF preview</h4>
        <span className="text-muted-foreground" data-test="pdf-preview-status" aria-live="polite">
          {state.kind === "waiting"
            ? "The PDF is being made; this is the same content as a web page meanwhile."
            : state.kind === "rendering"
              ? "Drawing the PDF…"
              : state.kind === "ready"
                ? `${state.pages} ${state.pages === 1 ? "page" : "pages"}, exactly as the PDF prints`
                : `The PDF could not be shown here (${state.message}).`}
        </span>
        {state.kind === "waiting" || state.kind === "rendering" ? (
          <LoaderCircle className="size-4 animate-spin text-muted-foreground" aria-hidden />
        ) : null}
        <span className="flex-1" />
        <Button
          size="sm"
          variant="ghost"
          aria-pressed={textView}
          onClick={() => setTextView((v) => !v)}
          data-test="pdf-preview-text"
        >
          {textView ? "Show PDF pages" : "Show as text"}
        </Button>
        {url ? (
          <Button asChild size="sm" variant="outline">
            <a href={url} data-test="pdf-preview-download">
              <Download className="size-4" />
              Download PDF
            </a>
          </Button>
        ) : null}
      </div>
      <div
        ref={pagesRef}
        className="grid max-h-[48rem] min-w-0 grid-cols-[minmax(0,1fr)] gap-3 overflow-auto rounded-lg border bg-muted/40 p-3"
        data-test="pdf-pages"
        hidden={showHtml}
      />
      {showHtml ? (
        <iframe
          title={`Preview of version ${version.number}`}
          srcDoc={version.preview_html}
          sandbox="allow-same-origin"
          className="h-[32rem] w-full rounded-lg border bg-white"
          data-test="version-preview"
        />
      ) : null}
    </section>
  );
}
