"use client";

import { CircleAlert, CircleCheck, LoaderCircle, RefreshCw, Search, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { ApiError, errorMessage, type ProjectSyncRun, retryAfterSeconds } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { githubErrorText } from "../../_components/github-connect";
import { retryHint } from "../_lib/time";
import { RelativeTime } from "./relative-time";

const SEARCH_DEBOUNCE_MS = 350;
/** How often a sync run in progress is polled. */
const SYNC_POLL_MS = 1000;
/** A run still unfinished after this long is reported as taking long (the worker may be down). */
const SYNC_PATIENCE_MS = 3 * 60 * 1000;

type SyncState =
  | { kind: "idle" }
  | { kind: "syncing"; status: "queued" | "running" }
  | { kind: "done"; summary: string }
  | { kind: "error"; message: string; action?: { href: string; label: string }; retryAt?: number };

/** "Synced 30 repositories, 2 new" (and how many changed, when any did). */
export function syncSummary(r: ProjectSyncRun): string {
  const synced = r.synced_count ?? 0;
  const repos = `${synced} ${synced === 1 ? "repository" : "repositories"}`;
  const updated = (r.updated_count ?? 0) > 0 ? `, ${r.updated_count} updated` : "";
  return `Synced ${repos}, ${r.detected_count ?? 0} new${updated}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a run until it succeeded or failed, reporting each state; throws after {@link SYNC_PATIENCE_MS}. */
async function followRun(
  run: ProjectSyncRun,
  onProgress: (status: "queued" | "running") => void,
): Promise<ProjectSyncRun> {
  const deadline = Date.now() + SYNC_PATIENCE_MS;
  let current = run;
  while (current.status === "queued" || current.status === "running") {
    onProgress(current.status);
    if (Date.now() > deadline) {
      throw new ApiError(
        504,
        "sync_slow",
        "The sync is taking longer than usual. Check back in a few minutes.",
      );
    }
    await sleep(SYNC_POLL_MS);
    current = await browserApi().projects.syncRun(current.id);
  }
  return current;
}

/** A failed run's error as the API error it stands for (the same codes as the API's answers). */
function runFailure(run: ProjectSyncRun): ApiError {
  const e = run.error ?? { code: "sync_failed", message: "The sync failed. Try again.", retry_after_s: null };
  return new ApiError(
    e.code === "github_rate_limited" ? 429 : 409,
    e.code,
    e.message,
    e.retry_after_s ? { retry_after_s: e.retry_after_s } : undefined,
  );
}

function syncError(err: unknown): Extract<SyncState, { kind: "error" }> {
  if (err instanceof ApiError) {
    if (err.code === "github_rate_limited") {
      const s = retryAfterSeconds(err) ?? 60;
      return {
        kind: "error",
        message: `GitHub's rate limit for your account is used up. Sync again ${retryHint(s)}.`,
        retryAt: Date.now() + s * 1000,
      };
    }
    if (err.code === "github_reconnect_required")
      return {
        kind: "error",
        message: "GitHub no longer accepts CareerPilot's access. Reconnect GitHub, then sync again.",
        action: { href: "/settings#github", label: "Reconnect GitHub" },
      };
    if (err.code === "github_not_connected")
      return {
        kind: "error",
        message: "GitHub is not connected.",
        action: { href: "/settings#github", label: "Connect GitHub" },
      };
    if (err.code === "upstream_unavailable")
      return { kind: "error", message: "GitHub could not be reached. Try again in a minute." };
  }
  return { kind: "error", message: errorMessage(err) };
}

/**
 * The list's controls: a debounced search (kept in the URL as `?q=`), the last sync time and the
 * Sync button with its progress and outcome. A sync is a run the worker finishes: Sync asks for it
 * (202) and polls it; a run already going when the page loads (`activeRun`) is followed the same
 * way. Landing with `?github=connected` and no repositories yet starts the first sync at once.
 */
export function ProjectsToolbar({
  q,
  lastSyncedAt,
  canSync,
  login,
  autoSync,
  githubResult,
  activeRun,
}: {
  q: string;
  lastSyncedAt: string | null;
  canSync: boolean;
  login: string | null;
  autoSync: boolean;
  githubResult?: string;
  /** The caller's latest run when it is still queued or running. */
  activeRun?: ProjectSyncRun | null;
}) {
  const router = useRouter();
  const [search, setSearch] = useState(q);
  const [searching, startSearch] = useTransition();
  const [sync, setSync] = useState<SyncState>({ kind: "idle" });
  const [now, setNow] = useState(() => Date.now());
  const started = useRef(false);
  const lastPushed = useRef(q);

  // Follow the URL when it changes from outside (Back, a link that clears the search).
  useEffect(() => {
    if (q !== lastPushed.current) {
      lastPushed.current = q;
      setSearch(q);
    }
  }, [q]);

  useEffect(() => {
    const term = search.trim();
    if (term === lastPushed.current) return;
    const timer = setTimeout(() => {
      lastPushed.current = term;
      startSearch(() => {
        router.replace(term ? `/projects?q=${encodeURIComponent(term)}` : "/projects", { scroll: false });
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, router]);

  const retryAt = sync.kind === "error" ? sync.retryAt : undefined;
  useEffect(() => {
    if (!retryAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [retryAt]);
  const rateLimited = retryAt !== undefined && retryAt > now;

  /** Syncs now (or follows `existing`); `firstImport` words the outcome of the import right after connecting GitHub. */
  async function runSync(firstImport = false, existing?: ProjectSyncRun) {
    setSync({ kind: "syncing", status: existing?.status === "running" ? "running" : "queued" });
    try {
      const run = await followRun(existing ?? (await browserApi().projects.sync()), (status) =>
        setSync({ kind: "syncing", status }),
      );
      if (run.status === "failed") throw runFailure(run);
      const result = run;
      const summary = firstImport
        ? `Imported ${result.synced_count} ${result.synced_count === 1 ? "repository" : "repositories"} from GitHub`
        : syncSummary(result);
      // One message per sync: the result line under the toolbar (announced, aria-live), no toast too.
      setSync({ kind: "done", summary });
      router.refresh();
    } catch (err) {
      const state = syncError(err);
      if (
        err instanceof ApiError &&
        (err.code === "github_reconnect_required" || err.code === "github_not_connected")
      ) {
        // The page re-renders with the reconnect / connect prompt, which says what to do.
        setSync({ kind: "idle" });
        toast.error(state.message);
        router.refresh();
        return;
      }
      setSync(state);
    }
  }

  // A run already going when the page loads (another tab, the import after connecting, the
  // daily sync): show its progress and outcome.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the run the page loaded with, once
  useEffect(() => {
    if (!activeRun || githubResult || started.current) return;
    started.current = true;
    void runSync(false, activeRun);
  }, [activeRun?.id]);

  // Back from GitHub's consent screen: say so, start the first import, and tidy the URL.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per arrival from GitHub
  useEffect(() => {
    if (!githubResult || started.current) return;
    started.current = true;
    if (githubResult === "connected") {
      toast.success(login ? `GitHub connected as @${login}` : "GitHub connected");
      if (autoSync) void runSync(true);
    } else if (githubResult === "error") {
      toast.error(githubErrorText(new URLSearchParams(window.location.search).get("reason") ?? undefined));
    }
    router.replace(q ? `/projects?q=${encodeURIComponent(q)}` : "/projects", { scroll: false });
  }, [githubResult]);

  return (
    <div className="mb-6 grid gap-3">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <div className="relative min-w-0 flex-1">
          <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setSearch("");
            }}
            placeholder="Search name, description, language"
            aria-label="Search repositories"
            maxLength={200}
            className="h-10 pr-9 pl-9 [&::-webkit-search-cancel-button]:hidden"
            data-test="projects-search"
          />
          {searching ? (
            <LoaderCircle
              className="absolute top-1/2 right-3 size-4 -translate-y-1/2 animate-spin text-muted-foreground"
              aria-label="Searching"
            />
          ) : search ? (
            <button
              type="button"
              onClick={() => setSearch("")}
              className="absolute top-1/2 right-2 flex size-6 -translate-y-1/2 items-center justify-center rounded text-muted-foreground hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              aria-label="Clear search"
              data-test="projects-search-clear"
            >
              <X className="size-4" />
            </button>
          ) : null}
        </div>
        <div className="flex items-center justify-between gap-3 sm:justify-end">
          <p className="text-sm text-muted-foreground" data-test="projects-last-synced">
            {lastSyncedAt ? (
              <>
                Synced <RelativeTime iso={lastSyncedAt} />
              </>
            ) : (
              "Not synced yet"
            )}
          </p>
          <Button
            type="button"
            onClick={() => void runSync()}
            disabled={!canSync || sync.kind === "syncing" || rateLimited}
            title={canSync ? undefined : "Connect GitHub to sync"}
            className="h-10"
            data-test="projects-sync"
          >
            <RefreshCw className={sync.kind === "syncing" ? "animate-spin" : undefined} />
            {sync.kind === "syncing" ? "Syncing…" : "Sync"}
          </Button>
        </div>
      </div>
      <div aria-live="polite">
        {sync.kind === "syncing" ? (
          <p
            className="flex items-center gap-2 text-sm text-muted-foreground"
            data-test="projects-sync-progress"
          >
            <LoaderCircle className="size-4 animate-spin" />
            {sync.status === "queued"
              ? "Sync queued: waiting for the sync worker…"
              : `Fetching your repositories from GitHub${login ? ` (@${login})` : ""}…`}
          </p>
        ) : sync.kind === "done" ? (
          <p
            className="flex items-center gap-2 text-sm text-emerald-700 dark:text-emerald-400"
            data-test="projects-sync-result"
          >
            <CircleCheck className="size-4" />
            {sync.summary}
          </p>
        ) : sync.kind === "error" ? (
          <p
            role="alert"
            className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-destructive"
            data-test="projects-sync-error"
          >
            <CircleAlert className="size-4 shrink-0" />
            <span>{sync.message}</span>
            {sync.action ? (
              <Link href={sync.action.href} className="font-medium underline underline-offset-4">
                {sync.action.label}
              </Link>
            ) : null}
          </p>
        ) : null}
      </div>
    </div>
  );
}
