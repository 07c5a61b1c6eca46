import { SlidersHorizontal, X } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PORTAL_LABELS } from "../../_lib/forms";
import { filtered, type JobsState, SORTS } from "../_lib/query";
import { STATUS_LABELS } from "./job-card";

const select =
  "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none";

/**
 * The filters as a plain GET form: applying them is a navigation to `/jobs?…`, so every filtered
 * view is a link (and works before the page's scripts load).
 */
export function JobsFilters({ state }: { state: JobsState }) {
  return (
    <form
      method="get"
      action="/jobs"
      className="grid gap-3 rounded-xl border bg-card p-4"
      data-test="jobs-filters"
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="grid gap-1.5 lg:col-span-2">
          <Label htmlFor="jobs-q">Search</Label>
          <Input
            id="jobs-q"
            name="q"
            defaultValue={state.q}
            placeholder="Title or company"
            maxLength={200}
            data-test="filter-q"
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="jobs-location">Location</Label>
          <Input
            id="jobs-location"
            name="location"
            defaultValue={state.location}
            placeholder="Bengaluru, Remote…"
            maxLength={80}
            data-test="filter-location"
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="jobs-min-lpa">Min salary (LPA)</Label>
          <Input
            id="jobs-min-lpa"
            name="min_lpa"
            type="number"
            min={0}
            max={1000}
            step="0.5"
            defaultValue={state.min_lpa ?? ""}
            data-test="filter-min-lpa"
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="jobs-company">Company</Label>
          <Input
            id="jobs-company"
            name="company"
            defaultValue={state.company}
            maxLength={200}
            data-test="filter-company"
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="jobs-portal">Portal</Label>
          <select
            id="jobs-portal"
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
          <Label htmlFor="jobs-status">Status</Label>
          <select
            id="jobs-status"
            name="status"
            defaultValue={state.status[0] ?? ""}
            className={select}
            data-test="filter-status"
          >
            <option value="">Any status</option>
            {Object.entries(STATUS_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="jobs-sort">Sort by</Label>
          <select
            id="jobs-sort"
            name="sort"
            defaultValue={state.sort}
            className={select}
            data-test="filter-sort"
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="jobs-from">Posted from</Label>
          <Input id="jobs-from" name="from" type="date" defaultValue={state.from} data-test="filter-from" />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="jobs-to">Posted until</Label>
          <Input id="jobs-to" name="to" type="date" defaultValue={state.to} data-test="filter-to" />
        </div>
      </div>
      {state.run ? <input type="hidden" name="run" value={state.run} /> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" data-test="filters-apply">
          <SlidersHorizontal />
          Apply filters
        </Button>
        {filtered(state) ? (
          <Button asChild variant="ghost" data-test="filters-clear">
            <Link href="/jobs">
              <X />
              Clear
            </Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}
