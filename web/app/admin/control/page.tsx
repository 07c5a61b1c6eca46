import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import {
  type AdminJobApplicationPage,
  type AdminJobApplyRunPage,
  APPLY_MODES,
  PORTALS,
  RUN_STATUSES,
} from "@/lib/api";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { cn } from "@/lib/utils";
import { PORTAL_LABELS } from "../../(app)/_lib/forms";
import { ResponseBadge, StateBadge } from "../../(app)/applications/_components/state-badges";
import {
  APPLICATION_STATES,
  MODE_LABELS,
  RESPONSE_LABELS,
  RESPONSES,
  runState,
  STATE_LABELS,
} from "../../(app)/applications/_lib/labels";
import { AdminHeader } from "../_components/admin-header";
import { ApiErrorAlert } from "../_components/api-error";
import { Pager } from "../_components/pager";
import { EmergencyStop } from "./_components/emergency-stop";
import { UserPauseControls } from "./_components/user-pause";

export const metadata = { title: "Apply control" };

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Search = Record<string, string | undefined>;

const among = <T extends string>(list: readonly T[], v: string | undefined): T | undefined =>
  v && (list as readonly string[]).includes(v) ? (v as T) : undefined;

const field =
  "h-9 rounded-md border border-input bg-background px-3 text-sm shadow-xs focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none";

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-IN", {
    timeZone: "Asia/Kolkata",
    dateStyle: "medium",
    timeStyle: "short",
  });

/** The page's filters, cleaned (unknown values are dropped, never sent). */
function readSearch(sp: Search) {
  const tab = sp.tab === "runs" ? ("runs" as const) : ("applications" as const);
  return {
    tab,
    user_id: UUID.test(sp.user_id ?? "") ? sp.user_id : undefined,
    portal: among(PORTALS, sp.portal),
    status: tab === "runs" ? among(RUN_STATUSES, sp.status) : among(APPLICATION_STATES, sp.status),
    response: among(RESPONSES, sp.response),
    mode: among(APPLY_MODES, sp.mode),
    from: DATE.test(sp.from ?? "") ? sp.from : undefined,
    to: DATE.test(sp.to ?? "") ? sp.to : undefined,
    q: sp.q?.trim().slice(0, 200) || undefined,
    page: Math.max(1, Number(sp.page) || 1),
  };
}
type State = ReturnType<typeof readSearch>;

/** `/admin/control?…` with `changes` applied; the page resets unless given. */
function hrefOf(s: State, changes: Partial<Record<keyof State, string | number | undefined>>): string {
  const next: Record<string, string | number | undefined> = { ...s, page: undefined, ...changes };
  if (next.tab === "applications") next.tab = undefined;
  if (next.page === 1) next.page = undefined;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v !== undefined && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return `/admin/control${qs ? `?${qs}` : ""}`;
}

/**
 * Apply control: the platform-wide emergency stop (its current state, behind a confirmation),
 * and every user's applications and apply runs with the spec's filters. Choosing a user (their
 * email in a row) narrows both lists to them and offers pausing or resuming their applying.
 * Every change is in the audit log.
 */
export default async function AdminControlPage({ searchParams }: { searchParams: Promise<Search> }) {
  const s = readSearch(await searchParams);
  const me = await requireUser();
  const api = serverApi(me.accessToken);
  const common = {
    page: s.page,
    page_size: PAGE_SIZE,
    user_id: s.user_id,
    from: s.from,
    to: s.to,
  };
  const [stop, list] = await Promise.all([
    api.admin.emergencyStopState().catch((e: unknown) => ({ error: e })),
    (s.tab === "runs"
      ? api.admin.applyRuns({
          ...common,
          mode: s.mode,
          status: s.status as (typeof RUN_STATUSES)[number] | undefined,
        })
      : api.admin.applyApplications({
          ...common,
          portal: s.portal,
          status: s.status as (typeof APPLICATION_STATES)[number] | undefined,
          response_status: s.response,
          mode: s.mode,
          q: s.q,
        })
    ).catch((e: unknown) => ({ error: e })),
  ]);
  const chosenEmail =
    s.user_id && !("error" in list)
      ? ((list.items as { user_id: string; user_email: string | null }[]).find((i) => i.user_id === s.user_id)
          ?.user_email ?? null)
      : null;

  return (
    <>
      <AdminHeader
        title="Apply control"
        description="Stop or pause applying, and see every user's applications and runs."
      />
      <div className="grid gap-8">
        {"error" in stop ? (
          <ApiErrorAlert error={stop.error} />
        ) : (
          <EmergencyStop
            state={{
              enabled: stop.enabled,
              reason: stop.reason,
              since: stop.changed_at,
              by: stop.changed_by_email,
              held: stop.held,
            }}
          />
        )}

        <section className="grid gap-4" aria-labelledby="across-users">
          <h2 id="across-users" className="text-lg font-semibold">
            Across users
          </h2>
          {s.user_id ? <UserPauseControls userId={s.user_id} email={chosenEmail} /> : null}
          <ul className="inline-flex w-fit rounded-lg bg-muted p-1 text-sm" data-test="control-tabs">
            {(
              [
                ["applications", "Applications"],
                ["runs", "Runs"],
              ] as const
            ).map(([t, label]) => (
              <li key={t}>
                <Link
                  href={hrefOf({ ...readSearch({}), user_id: s.user_id }, { tab: t })}
                  aria-current={s.tab === t ? "page" : undefined}
                  className={cn(
                    "inline-flex rounded-md px-3 py-1.5 font-medium text-muted-foreground hover:text-foreground",
                    s.tab === t && "bg-background text-foreground shadow-sm",
                  )}
                  data-test={`control-tab-${t}`}
                >
                  {label}
                </Link>
              </li>
            ))}
          </ul>
          <Filters s={s} />
          {"error" in list ? (
            <ApiErrorAlert error={list.error} />
          ) : (
            <>
              <Card className="overflow-x-auto p-0">
                {s.tab === "applications" ? (
                  <ApplicationsTable s={s} page={list as AdminJobApplicationPage} />
                ) : (
                  <RunsTable s={s} page={list as AdminJobApplyRunPage} />
                )}
              </Card>
              <Pager
                page={s.page}
                pageSize={PAGE_SIZE}
                total={list.total}
                hrefFor={(p) => hrefOf(s, { page: p })}
              />
            </>
          )}
        </section>
      </div>
    </>
  );
}

function Filters({ s }: { s: State }) {
  return (
    <form className="flex flex-wrap items-end gap-2" action="/admin/control" data-test="control-filters">
      {s.tab === "runs" ? <input type="hidden" name="tab" value="runs" /> : null}
      {s.user_id ? <input type="hidden" name="user_id" value={s.user_id} /> : null}
      {s.tab === "applications" ? (
        <>
          <label className="grid gap-1 text-sm">
            <span className="text-muted-foreground">Portal</span>
            <select name="portal" defaultValue={s.portal ?? ""} className={field} data-test="control-portal">
              <option value="">Any</option>
              {PORTALS.map((p) => (
                <option key={p} value={p}>
                  {PORTAL_LABELS[p]}
                </option>
              ))}
            </select>
          </label>
          <label className="grid gap-1 text-sm">
            <span className="text-muted-foreground">Status</span>
            <select name="status" defaultValue={s.status ?? ""} className={field} data-test="control-status">
              <option value="">Any</option>
              {APPLICATION_STATES.map((x) => (
                <option key={x} value={x}>
                  {STATE_LABELS[x]}
                </option>
              ))}
            </select>
          </label>
          <label className="grid gap-1 text-sm">
            <span className="text-muted-foreground">Response</span>
            <select
              name="response"
              defaultValue={s.response ?? ""}
              className={field}
              data-test="control-response"
            >
              <option value="">Any</option>
              {RESPONSES.map((r) => (
                <option key={r} value={r}>
                  {RESPONSE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
        </>
      ) : (
        <label className="grid gap-1 text-sm">
          <span className="text-muted-foreground">Status</span>
          <select name="status" defaultValue={s.status ?? ""} className={field} data-test="control-status">
            <option value="">Any</option>
            {RUN_STATUSES.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="grid gap-1 text-sm">
        <span className="text-muted-foreground">Mode</span>
        <select name="mode" defaultValue={s.mode ?? ""} className={field} data-test="control-mode">
          <option value="">Any</option>
          {APPLY_MODES.map((m) => (
            <option key={m} value={m}>
              {MODE_LABELS[m] ?? m}
            </option>
          ))}
        </select>
      </label>
      <label className="grid gap-1 text-sm" htmlFor="control-from">
        <span className="text-muted-foreground">From</span>
        <Input id="control-from" type="date" name="from" defaultValue={s.from} className="w-40" />
      </label>
      <label className="grid gap-1 text-sm" htmlFor="control-to">
        <span className="text-muted-foreground">To</span>
        <Input id="control-to" type="date" name="to" defaultValue={s.to} className="w-40" />
      </label>
      {s.tab === "applications" ? (
        <label className="grid gap-1 text-sm" htmlFor="control-q">
          <span className="text-muted-foreground">Search</span>
          <Input id="control-q" name="q" defaultValue={s.q} placeholder="Job or company" className="w-48" />
        </label>
      ) : null}
      <Button type="submit" variant="outline" data-test="control-filter">
        Filter
      </Button>
      {s.user_id ? (
        <Button asChild variant="ghost">
          <Link href={hrefOf(s, { user_id: undefined })} data-test="control-every-user">
            Every user
          </Link>
        </Button>
      ) : null}
    </form>
  );
}

/** A table's column headings; `from` hides a column below that breakpoint. */
function TableHead({ cols }: { cols: { label: string; from?: "sm" | "md" }[] }) {
  return (
    <thead className="border-b bg-muted/50 text-muted-foreground">
      <tr>
        {cols.map((c) => (
          <th
            key={c.label}
            scope="col"
            className={cn(
              "px-3 py-2 font-medium",
              c.from === "sm" && "hidden sm:table-cell",
              c.from === "md" && "hidden md:table-cell",
            )}
          >
            {c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function NoRows({ span, text }: { span: number; text: string }) {
  return (
    <tr>
      <td colSpan={span} className="px-3 py-8 text-center text-muted-foreground">
        {text}
      </td>
    </tr>
  );
}

function UserLink({ s, userId, email }: { s: State; userId: string; email: string | null }) {
  return (
    <Link
      href={hrefOf(s, { user_id: userId })}
      className="[overflow-wrap:anywhere] underline-offset-2 hover:underline"
      data-test="control-user"
    >
      {email ?? userId}
    </Link>
  );
}

function ApplicationsTable({ s, page }: { s: State; page: AdminJobApplicationPage }) {
  return (
    <table className="w-full text-left text-sm" data-test="control-applications">
      <TableHead
        cols={[
          { label: "User" },
          { label: "Job" },
          { label: "Portal", from: "md" },
          { label: "Status" },
          { label: "Response", from: "md" },
          { label: "Created", from: "md" },
        ]}
      />
      <tbody>
        {page.items.length === 0 ? (
          <NoRows span={6} text="No applications for these filters." />
        ) : (
          page.items.map((a) => (
            <tr key={a.id} className="border-b align-top last:border-0" data-test="control-application-row">
              <td className="px-3 py-2">
                <UserLink s={s} userId={a.user_id} email={a.user_email} />
              </td>
              <td className="px-3 py-2">
                <span className="font-medium [overflow-wrap:anywhere]">{a.job.title}</span>
                <span className="block text-muted-foreground [overflow-wrap:anywhere]">
                  {a.job.company}
                  <span className="md:hidden"> · {PORTAL_LABELS[a.portal]}</span>
                </span>
              </td>
              <td className="hidden px-3 py-2 md:table-cell">{PORTAL_LABELS[a.portal]}</td>
              <td className="px-3 py-2">
                <StateBadge status={a.status} />
                {a.held_reason ? (
                  <span className="block text-xs text-muted-foreground">
                    {a.held_reason.replace("_", " ")}
                  </span>
                ) : null}
              </td>
              <td className="hidden px-3 py-2 md:table-cell">
                <ResponseBadge response={a.response_status} />
              </td>
              <td className="hidden px-3 py-2 whitespace-nowrap text-muted-foreground md:table-cell">
                {when(a.created_at)}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function RunsTable({ s, page }: { s: State; page: AdminJobApplyRunPage }) {
  return (
    <table className="w-full text-left text-sm" data-test="control-runs">
      <TableHead
        cols={[
          { label: "User" },
          { label: "Mode", from: "sm" },
          { label: "Status" },
          { label: "Queued · applied · failed", from: "md" },
          { label: "Started", from: "md" },
        ]}
      />
      <tbody>
        {page.items.length === 0 ? (
          <NoRows span={5} text="No runs for these filters." />
        ) : (
          page.items.map((r) => (
            <tr key={r.id} className="border-b align-top last:border-0" data-test="control-run-row">
              <td className="px-3 py-2">
                <UserLink s={s} userId={r.user_id} email={r.user_email} />
              </td>
              <td className="hidden px-3 py-2 sm:table-cell">{MODE_LABELS[r.mode] ?? r.mode}</td>
              <td className="px-3 py-2">
                <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", runState(r).tone)}>
                  {runState(r).label}
                </span>
                {r.open_count ? (
                  <span className="block text-xs text-muted-foreground">{r.open_count} open</span>
                ) : null}
              </td>
              <td className="hidden px-3 py-2 tabular-nums md:table-cell">
                {r.total_queued} · {r.total_applied} · {r.total_failed}
              </td>
              <td className="hidden px-3 py-2 whitespace-nowrap text-muted-foreground md:table-cell">
                {when(r.started_at)}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
