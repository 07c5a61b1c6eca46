import { SlidersHorizontal, X } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PORTAL_LABELS } from "../../_lib/forms";
import { APPLICATION_STATES, RESPONSE_LABELS, RESPONSES, STATE_LABELS } from "../_lib/labels";
import { type ApplicationsState, applicationsHref, filtered } from "../_lib/query";

const select =
  "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none";

/**
 * The tracker's filters as a plain GET form: applying them is a navigation to
 * `/applications?…`, so every filtered view is a link (and works before the page's scripts load).
 */
export function ApplicationsFilters({ state }: { state: ApplicationsState }) {
  return (
    <form
      method="get"
      action="/applications"
      className="grid gap-3 rounded-xl border bg-card p-4"
      data-test="applications-filters"
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <div className="grid gap-1.5 sm:col-span-2 lg:col-span-3">
          <Label htmlFor="applications-q">Search</Label>
          <Input
            id="applications-q"
            name="q"
            defaultValue={state.q}
            placeholder="Title or company"
            maxLength={200}
            data-test="filter-q"
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="applications-portal">Portal</Label>
          <select
            id="applications-portal"
            name="portal"
            defaultValue={state.portal[0] ?? ""}
            className={select}
            data-test="filter-portal"
          >
            <option value="">All portals</option>
            {Object.entries(PORTAL_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="applications-status">Status</Label>
          <select
            id="applications-status"
            name="status"
            defaultValue={state.status[0] ?? ""}
            className={select}
            data-test="filter-status"
          >
            <option value="">Any status</option>
            {APPLICATION_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="applications-response">Response</Label>
          <select
            id="applications-response"
            name="response"
            defaultValue={state.response[0] ?? ""}
            className={select}
            data-test="filter-response"
          >
            <option value="">Any response</option>
            {RESPONSES.map((r) => (
              <option key={r} value={r}>
                {RESPONSE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="applications-from">From</Label>
          <Input
            id="applications-from"
            name="from"
            type="date"
            defaultValue={state.from}
            data-test="filter-from"
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="applications-to">Until</Label>
          <Input id="applications-to" name="to" type="date" defaultValue={state.to} data-test="filter-to" />
        </div>
      </div>
      {state.view !== "table" ? <input type="hidden" name="view" value={state.view} /> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" data-test="filters-apply">
          <SlidersHorizontal />
          Apply filters
        </Button>
        {filtered(state) ? (
          <Button asChild variant="ghost" data-test="filters-clear">
            <Link
              href={applicationsHref(state, {
                q: undefined,
                portal: undefined,
                status: undefined,
                response: undefined,
                from: undefined,
                to: undefined,
              })}
            >
              <X />
              Clear
            </Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}
