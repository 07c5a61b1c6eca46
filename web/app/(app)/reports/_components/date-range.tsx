import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import { type DateRange, lastDays, presetOf, RANGE_PRESETS, rangeLabel } from "../_lib/range";

/**
 * The reports' date range: presets (links) and a from/to form submitted as a plain GET, so it
 * works before any script loads and the range lives in the URL (shareable, back button).
 */
export function DateRangeBar({
  range,
  basePath = "/reports",
  keep = {},
}: {
  range: DateRange;
  basePath?: string;
  /** Other parameters of the page (filters) that a range change keeps. */
  keep?: Record<string, string>;
}) {
  const preset = presetOf(range);
  const href = (r: { from: string; to: string }) =>
    `${basePath}?${new URLSearchParams({ ...keep, from: r.from, to: r.to }).toString()}`;
  return (
    <section
      aria-label="Date range"
      className="flex flex-wrap items-end gap-x-6 gap-y-3 rounded-xl border bg-card p-4"
      data-test="reports-range"
    >
      <nav aria-label="Quick ranges" className="flex flex-wrap gap-1.5">
        {RANGE_PRESETS.map((p) => {
          const r = lastDays(p.days);
          const active = preset === p.days;
          return (
            <Link
              key={p.days}
              href={href(r)}
              aria-current={active ? "true" : undefined}
              data-test={`range-preset-${p.days}`}
              className={cn(
                "rounded-md border px-2.5 py-1 text-sm font-medium text-muted-foreground outline-none hover:bg-muted focus-visible:ring-[3px] focus-visible:ring-ring/50",
                active && "border-primary bg-brand-soft text-brand-ink",
              )}
            >
              {p.label}
            </Link>
          );
        })}
      </nav>
      <form
        // Remount on a new range: a preset link navigates on the client, and the uncontrolled date
        // fields would keep the old range otherwise.
        key={`${range.from}/${range.to}`}
        method="get"
        action={basePath}
        className="flex flex-wrap items-end gap-2"
        data-test="range-form"
      >
        {Object.entries(keep).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <div className="grid gap-1">
          <Label htmlFor="range-from" className="text-xs">
            From
          </Label>
          <Input
            id="range-from"
            name="from"
            type="date"
            defaultValue={range.from}
            className="w-40"
            data-test="range-from"
            required
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="range-to" className="text-xs">
            To
          </Label>
          <Input
            id="range-to"
            name="to"
            type="date"
            defaultValue={range.to}
            className="w-40"
            data-test="range-to"
            required
          />
        </div>
        <Button type="submit" variant="outline" data-test="range-apply">
          Apply
        </Button>
      </form>
      <p className="text-sm text-muted-foreground sm:ml-auto" data-test="range-label">
        {rangeLabel(range)} <span className="text-xs">(India time)</span>
      </p>
    </section>
  );
}
