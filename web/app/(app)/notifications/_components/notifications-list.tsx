"use client";

import {
  Bell,
  BriefcaseBusiness,
  CheckCheck,
  ChevronLeft,
  ChevronRight,
  CircleAlert,
  ClipboardList,
  FileText,
  FolderGit2,
  FolderSync,
  Github,
  Inbox,
  KeyRound,
  LoaderCircle,
  type LucideIcon,
  Mail,
  MailOpen,
  OctagonPause,
  PartyPopper,
  Send,
  ShieldCheck,
  Target,
  TriangleAlert,
  Video,
} from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useId, useState } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import {
  type AppNotification,
  errorMessage,
  NOTIFICATION_TYPES,
  type NotificationPage,
  type NotificationType,
} from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { cn } from "@/lib/utils";
import { announceNotificationsChanged } from "../../_components/unread-count";
import { exactTime, relativeTime } from "../_lib/relative-time";

const PAGE_SIZE = 20;

/** How each type is named in the filter and drawn in the list. */
const TYPES: Record<NotificationType, { label: string; icon: LucideIcon; tone: string }> = {
  "repo.detected": { label: "New repositories", icon: FolderGit2, tone: "bg-brand-soft text-primary" },
  "projects.synced": { label: "Repository imports", icon: FolderSync, tone: "bg-brand-soft text-primary" },
  "project_video.processed": {
    label: "Intro videos",
    icon: Video,
    tone: "bg-violet-100 text-violet-700",
  },
  "resume.draft.created": {
    label: "Resume updates",
    icon: FileText,
    tone: "bg-emerald-100 text-emerald-700",
  },
  "integrations.github.connected": {
    label: "GitHub connections",
    icon: Github,
    tone: "bg-zinc-100 text-zinc-800",
  },
  "integrations.token.rejected": {
    label: "Expired access",
    icon: TriangleAlert,
    tone: "bg-amber-100 text-amber-700",
  },
  "certificate.status.changed": {
    label: "Certificate reviews",
    icon: ShieldCheck,
    tone: "bg-emerald-100 text-emerald-700",
  },
  "api_key.expiry_warning": {
    label: "Platform keys (admins)",
    icon: KeyRound,
    tone: "bg-amber-100 text-amber-700",
  },
  "jobs.fetched": { label: "New jobs", icon: BriefcaseBusiness, tone: "bg-sky-100 text-sky-700" },
  "job.applied": { label: "Applications sent", icon: Send, tone: "bg-emerald-100 text-emerald-700" },
  "job.apply.summary": { label: "Apply run summaries", icon: ClipboardList, tone: "bg-sky-100 text-sky-700" },
  "job.apply.paused": { label: "Applying paused", icon: OctagonPause, tone: "bg-amber-100 text-amber-700" },
  "skill_gap.detected": { label: "Skill gaps", icon: Target, tone: "bg-amber-100 text-amber-700" },
  "user.onboarding.completed": {
    label: "Welcome",
    icon: PartyPopper,
    tone: "bg-emerald-100 text-emerald-700",
  },
};

const isKnownType = (t: string | null): t is NotificationType =>
  t !== null && (NOTIFICATION_TYPES as readonly string[]).includes(t);

function typeInfo(type: string) {
  return isKnownType(type) ? TYPES[type] : { label: "Update", icon: Bell, tone: "bg-muted text-foreground" };
}

/** A failed video reads as a warning, whatever its type's usual colour. */
function toneOf(n: AppNotification): string {
  if (n.type === "project_video.processed" && n.payload.status === "failed")
    return "bg-amber-100 text-amber-700";
  return typeInfo(n.type).tone;
}

type ReadFilter = "all" | "unread";

interface View {
  filter: ReadFilter;
  type: NotificationType | undefined;
  page: number;
}

function viewOf(params: Pick<URLSearchParams, "get">): View {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const type = params.get("type");
  return {
    filter: params.get("filter") === "unread" ? "unread" : "all",
    type: isKnownType(type) ? type : undefined,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The placeholder rows shown while the first page loads. */
export function NotificationsSkeleton() {
  return (
    <div
      className="overflow-hidden rounded-xl border bg-background"
      data-test="notifications-loading"
      role="status"
      aria-busy="true"
      aria-label="Loading notifications"
    >
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="flex gap-3 border-b px-4 py-4 last:border-b-0 sm:px-5">
          <div className="size-9 shrink-0 animate-pulse rounded-full bg-muted" />
          <div className="grid flex-1 gap-2 py-0.5">
            <div className="h-4 w-2/3 animate-pulse rounded bg-muted" />
            <div className="h-3 w-1/2 animate-pulse rounded bg-muted" />
            <div className="h-3 w-20 animate-pulse rounded bg-muted" />
          </div>
        </div>
      ))}
    </div>
  );
}

/**
 * The notifications list: All / Unread and a type filter (kept in the URL), read / unread toggles,
 * "Mark all read", deep links that mark the notification read as they open it, and paging.
 */
export function NotificationsList() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const view = viewOf(searchParams);
  const { filter, type, page } = view;

  const viewKey = `${filter}|${type ?? ""}|${page}`;
  const [data, setData] = useState<NotificationPage | null>(null);
  /** The view the shown data belongs to (the URL may already ask for another). */
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [markingAll, setMarkingAll] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const typeSelectId = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reloads` forces a refetch
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(null);
    browserApi()
      .notifications.list({ page, page_size: PAGE_SIZE, type, read: filter === "unread" ? false : undefined })
      .then((body) => {
        if (cancelled) return;
        setData(body);
        setLoadedKey(viewKey);
        setNow(Date.now());
        announceNotificationsChanged(body.unread_count);
      })
      .catch((err) => {
        if (!cancelled) setError(errorMessage(err));
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [filter, type, page, viewKey, reloads]);

  // Relative times ("5 minutes ago") stay true while the page is open.
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  /** Shows another view (filters, page) by replacing the URL; a filter change starts at page 1. */
  function navigate(next: Partial<View>) {
    const v = { ...view, page: 1, ...next };
    const params = new URLSearchParams();
    if (v.filter === "unread") params.set("filter", "unread");
    if (v.type) params.set("type", v.type);
    if (v.page > 1) params.set("page", String(v.page));
    const qs = params.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  /** Sets one notification's read state, optimistically; reverts and says so if the API refuses. */
  const setRead = useCallback(async (n: AppNotification, read: boolean) => {
    let unreadAfter: number | undefined;
    const apply = (value: boolean) =>
      setData((d) => {
        if (!d) return d;
        const current = d.items.find((i) => i.id === n.id);
        if (!current || current.read === value) return d;
        unreadAfter = Math.max(0, d.unread_count + (value ? -1 : 1));
        return {
          ...d,
          unread_count: unreadAfter,
          items: d.items.map((i) =>
            i.id === n.id ? { ...i, read: value, read_at: value ? new Date().toISOString() : null } : i,
          ),
        };
      });
    apply(read);
    setPending((p) => new Set(p).add(n.id));
    try {
      await browserApi().notifications.setRead(n.id, read);
      announceNotificationsChanged(unreadAfter);
    } catch (err) {
      apply(!read);
      toast.error(errorMessage(err));
    } finally {
      setPending((p) => {
        const next = new Set(p);
        next.delete(n.id);
        return next;
      });
    }
  }, []);

  async function markAllRead() {
    setMarkingAll(true);
    try {
      const updated = await browserApi().notifications.markAllRead();
      announceNotificationsChanged(0);
      toast.success(updated === 1 ? "Marked 1 notification read" : `Marked ${updated} notifications read`);
      setReloads((r) => r + 1);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setMarkingAll(false);
    }
  }

  const unreadCount = data?.unread_count ?? 0;
  const total = data?.total ?? 0;
  const items = data?.items ?? [];
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, (page - 1) * PAGE_SIZE + items.length);

  return (
    <div
      className="grid gap-4"
      data-test="notifications"
      data-ready={!loading && loadedKey === viewKey ? "true" : "false"}
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <fieldset
          className="inline-flex w-fit rounded-lg border bg-muted p-1"
          data-test="notifications-filter"
        >
          <legend className="sr-only">Show</legend>
          {(["all", "unread"] as const).map((f) => (
            <button
              key={f}
              type="button"
              aria-pressed={filter === f}
              onClick={() => navigate({ filter: f })}
              className={cn(
                "inline-flex items-center gap-2 rounded-md px-4 py-1.5 text-sm font-medium text-muted-foreground outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
                filter === f && "bg-background text-foreground shadow-sm",
              )}
              data-test={`filter-${f}`}
            >
              {f === "all" ? "All" : "Unread"}
              {f === "unread" && data ? (
                <span
                  className={cn(
                    "min-w-5 rounded-full px-1.5 py-0.5 text-xs leading-none tabular-nums",
                    unreadCount > 0 ? "bg-primary text-primary-foreground" : "bg-muted-foreground/15",
                  )}
                  data-test="filter-unread-count"
                >
                  {unreadCount}
                </span>
              ) : null}
            </button>
          ))}
        </fieldset>
        <div className="flex items-center gap-2">
          <label htmlFor={typeSelectId} className="sr-only">
            Type
          </label>
          {/* shadcn's NativeSelect: the browser's own picker (best on phones), styled like the inputs. */}
          <NativeSelect
            id={typeSelectId}
            value={type ?? ""}
            onChange={(e) => navigate({ type: isKnownType(e.target.value) ? e.target.value : undefined })}
            className="bg-background sm:w-52"
            data-test="filter-type"
          >
            <NativeSelectOption value="">All types</NativeSelectOption>
            {NOTIFICATION_TYPES.map((t) => (
              <NativeSelectOption key={t} value={t}>
                {TYPES[t].label}
              </NativeSelectOption>
            ))}
          </NativeSelect>
          <Button
            variant="outline"
            onClick={markAllRead}
            disabled={markingAll || unreadCount === 0}
            data-test="mark-all-read"
          >
            {markingAll ? <LoaderCircle className="animate-spin" /> : <CheckCheck />}
            Mark all read
          </Button>
        </div>
      </div>

      <p className="sr-only" aria-live="polite">
        {loading ? "Loading notifications" : data ? `${total} shown, ${unreadCount} unread` : ""}
      </p>

      {error ? (
        <Alert variant="destructive" data-test="notifications-error">
          <CircleAlert />
          <AlertDescription className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <span>Your notifications could not be loaded: {error}</span>
            <Button size="sm" variant="outline" onClick={() => setReloads((r) => r + 1)}>
              Try again
            </Button>
          </AlertDescription>
        </Alert>
      ) : null}

      {!data && loading ? <NotificationsSkeleton /> : null}

      {data && items.length === 0 ? (
        <EmptyState
          view={view}
          onShowAll={() => navigate({ filter: "all", type: undefined })}
          onFirstPage={() => navigate({ page: 1 })}
        />
      ) : null}

      {items.length > 0 ? (
        <ul
          className={cn(
            "overflow-hidden rounded-xl border bg-background transition-opacity",
            loading && "opacity-60",
          )}
          aria-busy={loading}
          data-test="notifications-list"
        >
          {items.map((n) => (
            <NotificationRow
              key={n.id}
              n={n}
              now={now}
              busy={pending.has(n.id)}
              onToggle={() => setRead(n, !n.read)}
              onOpen={() => {
                if (!n.read) void setRead(n, true);
              }}
            />
          ))}
        </ul>
      ) : null}

      {data && (total > PAGE_SIZE || page > 1) ? (
        <nav
          aria-label="Pages"
          className="flex flex-wrap items-center justify-between gap-3"
          data-test="notifications-pagination"
        >
          <p className="text-sm text-muted-foreground" data-test="notifications-range">
            {items.length > 0 ? `${first}–${last} of ${total}` : `${total} in all`}
          </p>
          <div className="flex items-center gap-2">
            <Button
              variant="outline"
              size="sm"
              disabled={page <= 1 || loading}
              onClick={() => navigate({ page: page - 1 })}
              data-test="page-prev"
            >
              <ChevronLeft />
              Previous
            </Button>
            <span className="text-sm text-muted-foreground tabular-nums" data-test="page-indicator">
              Page {page} of {lastPage}
            </span>
            <Button
              variant="outline"
              size="sm"
              disabled={page >= lastPage || loading}
              onClick={() => navigate({ page: page + 1 })}
              data-test="page-next"
            >
              Next
              <ChevronRight />
            </Button>
          </div>
        </nav>
      ) : null}
    </div>
  );
}

function NotificationRow({
  n,
  now,
  busy,
  onToggle,
  onOpen,
}: {
  n: AppNotification;
  now: number;
  busy: boolean;
  onToggle: () => void;
  onOpen: () => void;
}) {
  const info = typeInfo(n.type);
  const Icon = info.icon;
  return (
    <li
      className={cn(
        "relative flex gap-3 border-b px-4 py-4 last:border-b-0 sm:gap-4 sm:px-5",
        n.read ? "bg-background" : "bg-brand-soft/40",
      )}
      data-test="notification-item"
      data-id={n.id}
      data-read={n.read ? "true" : "false"}
      data-type={n.type}
    >
      <div className={cn("flex size-9 shrink-0 items-center justify-center rounded-full", toneOf(n))}>
        <Icon className="size-4" aria-hidden="true" />
      </div>
      <div className="min-w-0 flex-1">
        <p className={cn("text-sm break-words", n.read ? "font-normal text-foreground/90" : "font-semibold")}>
          {n.link_url ? (
            <Link
              href={n.link_url}
              onClick={onOpen}
              className="outline-none after:absolute after:inset-0 after:rounded-none hover:underline focus-visible:after:ring-[3px] focus-visible:after:ring-ring/50 focus-visible:after:ring-inset"
              data-test="notification-link"
            >
              {n.title}
            </Link>
          ) : (
            <span data-test="notification-title">{n.title}</span>
          )}
        </p>
        {n.body ? (
          <p className="mt-0.5 text-sm break-words text-muted-foreground" data-test="notification-body">
            {n.body}
          </p>
        ) : null}
        <p className="mt-1 text-xs text-muted-foreground">
          <time dateTime={n.created_at} title={exactTime(n.created_at)} data-test="notification-time">
            {relativeTime(n.created_at, now)}
          </time>
          <span aria-hidden="true"> · </span>
          <span>{info.label}</span>
          {n.read ? null : <span className="sr-only">, unread</span>}
        </p>
      </div>
      <div className="relative z-10 flex shrink-0 items-start gap-2">
        {n.read ? null : (
          <span className="mt-3 size-2 rounded-full bg-primary" aria-hidden="true" data-test="unread-dot" />
        )}
        <Button
          variant="ghost"
          size="icon"
          onClick={() => {
            if (!busy) onToggle();
          }}
          aria-disabled={busy || undefined}
          aria-label={n.read ? `Mark unread: ${n.title}` : `Mark read: ${n.title}`}
          title={n.read ? "Mark unread" : "Mark read"}
          data-test="notification-toggle-read"
        >
          {n.read ? <Mail /> : <MailOpen />}
        </Button>
      </div>
    </li>
  );
}

function EmptyState({
  view,
  onShowAll,
  onFirstPage,
}: {
  view: View;
  onShowAll: () => void;
  onFirstPage: () => void;
}) {
  let title: string;
  let body: string;
  let action: React.ReactNode;
  if (view.page > 1) {
    title = "Nothing on this page";
    body = "The notifications moved to earlier pages.";
    action = (
      <Button variant="outline" onClick={onFirstPage} data-test="empty-first-page">
        Go to the first page
      </Button>
    );
  } else if (view.type || view.filter === "unread") {
    title = view.filter === "unread" ? "You're all caught up" : "Nothing of this type yet";
    body =
      view.filter === "unread"
        ? `No unread notifications${view.type ? ` about ${TYPES[view.type].label.toLowerCase()}` : ""}.`
        : `No notifications about ${view.type ? TYPES[view.type].label.toLowerCase() : "this"} so far.`;
    action = (
      <Button variant="outline" onClick={onShowAll} data-test="empty-show-all">
        Show all notifications
      </Button>
    );
  } else {
    title = "No notifications yet";
    body =
      "New repositories, imported projects and intro videos will show up here as CareerPilot works for you.";
    action = (
      <Button asChild variant="outline" data-test="empty-projects">
        <Link href="/projects">Go to Projects</Link>
      </Button>
    );
  }
  return (
    <section
      className="flex flex-col items-center rounded-xl border-2 border-dashed border-input/70 bg-background px-6 py-14 text-center"
      data-test="notifications-empty"
    >
      <div className="flex size-14 items-center justify-center rounded-full bg-brand-soft text-primary">
        {view.filter === "unread" ? <CheckCheck className="size-6" /> : <Inbox className="size-6" />}
      </div>
      <h2 className="mt-4 text-lg font-semibold">{title}</h2>
      <p className="mt-1 max-w-md text-sm text-muted-foreground">{body}</p>
      <div className="mt-6">{action}</div>
    </section>
  );
}
