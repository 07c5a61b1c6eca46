import { PORTALS } from "@contract/enums.ts";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import { PORTAL_LABELS } from "../../../(app)/_lib/forms";
import type { DateRange } from "../../../(app)/reports/_lib/range";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();
const lpa = (v: string) => {
  const n = Number(v);
  return v !== "" && Number.isFinite(n) && n >= 0 && n <= 1000 ? v : "";
};

/** The admin reports' filters as the URL has them, cleaned (unknown values are dropped, never sent). */
export function readReportFilters(sp: Search) {
  const portal = one(sp.portal);
  return {
    portal: (PORTALS as readonly string[]).includes(portal) ? portal : "",
    role: one(sp.role).slice(0, 80),
    location: one(sp.location).slice(0, 80),
    min_lpa_from: lpa(one(sp.min_lpa_from)),
    min_lpa_to: lpa(one(sp.min_lpa_to)),
  };
}
export type ReportFilters = ReturnType<typeof readReportFilters>;

/** The filters as query parameters (set ones only): for the API, and for links that keep them. */
export function filterParams(f: ReportFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ""));
}

/**
 * Narrows the applications across users by portal and by the users' job search (target role,
 * preferred location, minimum LPA), as `GET /v1/admin/reports/applications/series` can. A plain
 * GET form: the filters live in the URL with the range.
 */
export function ReportFilterBar({ range, filters }: { range: DateRange; filters: ReportFilters }) {
  const active = Object.keys(filterParams(filters)).length;
  return (
    <form
      // Remount on a new URL: the fields are uncontrolled, and a client navigation (Clear, a
      // preset) would otherwise keep showing the old values.
      key={JSON.stringify([range.from, range.to, filters])}
      method="get"
      action="/admin/reports"
      className="grid gap-3 rounded-xl border bg-card p-4"
      aria-label="Filter applications"
      data-test="admin-report-filters"
    >
      <input type="hidden" name="from" value={range.from} />
      <input type="hidden" name="to" value={range.to} />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <div className="grid content-start gap-1">
          <Label htmlFor="arf-portal" className="text-xs">
            Portal
          </Label>
          <NativeSelect
            id="arf-portal"
            name="portal"
            defaultValue={filters.portal}
            className="w-full"
            data-test="arf-portal"
          >
            <NativeSelectOption value="">All portals</NativeSelectOption>
            {PORTALS.map((p) => (
              <NativeSelectOption key={p} value={p}>
                {PORTAL_LABELS[p]}
              </NativeSelectOption>
            ))}
          </NativeSelect>
        </div>
        <div className="grid content-start gap-1">
          <Label htmlFor="arf-role" className="text-xs">
            Users’ target role
          </Label>
          <Input
            id="arf-role"
            name="role"
            defaultValue={filters.role}
            maxLength={80}
            placeholder="e.g. Backend"
            data-test="arf-role"
          />
        </div>
        <div className="grid content-start gap-1">
          <Label htmlFor="arf-location" className="text-xs">
            Users’ preferred location
          </Label>
          <Input
            id="arf-location"
            name="location"
            defaultValue={filters.location}
            maxLength={80}
            placeholder="e.g. Pune"
            data-test="arf-location"
          />
        </div>
        <div className="grid content-start gap-1">
          <Label htmlFor="arf-lpa-from" className="text-xs">
            Minimum LPA from
          </Label>
          <Input
            id="arf-lpa-from"
            name="min_lpa_from"
            type="number"
            min={0}
            max={1000}
            step="0.5"
            defaultValue={filters.min_lpa_from}
            data-test="arf-lpa-from"
          />
        </div>
        <div className="grid content-start gap-1">
          <Label htmlFor="arf-lpa-to" className="text-xs">
            Minimum LPA up to
          </Label>
          <Input
            id="arf-lpa-to"
            name="min_lpa_to"
            type="number"
            min={0}
            max={1000}
            step="0.5"
            defaultValue={filters.min_lpa_to}
            data-test="arf-lpa-to"
          />
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="outline" size="sm" data-test="arf-apply">
          Apply filters
        </Button>
        {active ? (
          <Link
            href={`/admin/reports?from=${range.from}&to=${range.to}`}
            className="text-sm font-medium text-primary underline-offset-4 hover:underline"
            data-test="arf-clear"
          >
            Clear {active === 1 ? "the filter" : `${active} filters`}
          </Link>
        ) : null}
        <p className="text-xs text-muted-foreground sm:ml-auto">
          Filters apply to the applications over time and the funnel.
        </p>
      </div>
    </form>
  );
}
