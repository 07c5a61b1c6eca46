import { ChartFigure } from "@/components/charts/chart-figure";
import { DataTable } from "@/components/charts/data-table";
import { BarListChart, SeriesChart } from "@/components/charts/lazy";
import type { SeriesPoint } from "@/components/charts/types";
import type { ApplicationsView } from "../_lib/view";

const NO_APPLICATIONS =
  "No applications in this range. Applications you send, by hand or with auto-apply, show here.";

function NoApplications({ text = NO_APPLICATIONS }: { text?: string }) {
  return (
    <p
      className="rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground"
      data-test="applications-empty"
    >
      {text}
    </p>
  );
}

/** Applications over time, stacked by portal, with the same numbers as a table. */
export function ApplicationsOverTime({
  view,
  title = "Applications over time",
  emptyText,
}: {
  view: ApplicationsView;
  title?: string;
  /** What an empty range says (the admin console's differs from the user's). */
  emptyText?: string;
}) {
  const top = Math.max(0, ...view.byPortal.map((p) => p.count));
  const busiest = view.byPortal.filter((p) => p.count === top && top > 0).map((p) => p.label);
  const most =
    busiest.length === 1
      ? `, most on ${busiest[0]} (${top})`
      : busiest.length > 1
        ? `, most on ${busiest.slice(0, -1).join(", ")} and ${busiest.at(-1)} (${top} each)`
        : "";
  const summary =
    view.total === 0 ? undefined : `${view.total} application${view.total === 1 ? "" : "s"}${most}.`;
  const rowTotal = (p: SeriesPoint) => Object.values(p.values).reduce((a, b) => a + b, 0);
  return (
    <ChartFigure
      title={title}
      summary={summary}
      dataTest="applications-chart"
      empty={view.total === 0 ? <NoApplications text={emptyText} /> : undefined}
      chart={<SeriesChart data={view.series} keys={view.portals} />}
      table={
        <DataTable
          caption="Applications per period by portal"
          rowKey={(p) => p.bucket}
          rows={view.series}
          columns={[
            { key: "label", header: "Period", cell: (p) => p.label },
            ...view.portals.map((k) => ({
              key: k.key,
              header: k.label,
              numeric: true,
              cell: (p: SeriesPoint) => p.values[k.key] ?? 0,
            })),
            { key: "total", header: "Total", numeric: true, cell: rowTotal },
          ]}
        />
      }
    />
  );
}

/** The funnel: applied → viewed → shortlisted → interview → offer, each with its share of applied. */
export function Funnel({ view, emptyText }: { view: ApplicationsView; emptyText?: string }) {
  const applied = view.funnel[0]?.count ?? 0;
  const share = (n: number) => (applied ? `${Math.round((n / applied) * 100)} %` : "–");
  const last = view.funnel.filter((s) => s.count > 0).at(-1);
  return (
    <ChartFigure
      title="From application to offer"
      summary={
        applied
          ? `Of ${applied} applied, ${last && last !== view.funnel[0] ? `${last.count} reached ${last.label.toLowerCase()}` : "none has an answer yet"}.`
          : undefined
      }
      dataTest="funnel-chart"
      empty={applied === 0 ? <NoApplications text={emptyText} /> : undefined}
      chart={<BarListChart bars={view.funnel.map((s) => ({ key: s.key, label: s.label, value: s.count }))} />}
      table={
        <DataTable
          caption="Applications at each stage"
          rowKey={(s) => s.key}
          rows={view.funnel}
          columns={[
            { key: "label", header: "Stage", cell: (s) => s.label },
            { key: "count", header: "Applications", numeric: true, cell: (s) => s.count },
            { key: "share", header: "Of applied", numeric: true, cell: (s) => share(s.count) },
          ]}
        />
      }
    />
  );
}
