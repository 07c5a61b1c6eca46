import type { ApplicationsView } from "../_lib/view";

/** The range's headline numbers, each one a stage of the funnel with its share of applications. */
export function SummaryTiles({ view }: { view: ApplicationsView }) {
  const applied = view.funnel[0]?.count ?? 0;
  const tiles = view.funnel.filter((s) => ["applied", "interview", "offer"].includes(s.key));
  const responded = view.responded;
  const all = [
    ...tiles.slice(0, 1),
    { key: "responded", label: "Employer responses", count: responded },
    ...tiles.slice(1),
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" data-test="reports-summary">
      {all.map((t) => (
        <div key={t.key} className="rounded-xl border bg-card p-4" data-test={`summary-${t.key}`}>
          <dt className="text-xs font-medium text-muted-foreground">
            {t.key === "applied" ? "Applications" : t.label}
          </dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums" data-test="summary-value">
            {t.count}
          </dd>
          {t.key !== "applied" && applied > 0 ? (
            <dd className="text-xs text-muted-foreground">
              {Math.round((t.count / applied) * 100)} % of applications
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
