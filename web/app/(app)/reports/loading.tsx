/** While the reports load: the page's shape, so nothing jumps when the numbers arrive. */
export default function ReportsLoading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading reports" data-test="page-loading">
      <div className="mb-8 space-y-2">
        <div className="h-7 w-28 animate-pulse rounded bg-muted" />
        <div className="h-4 w-72 max-w-full animate-pulse rounded bg-muted" />
      </div>
      <div className="mb-6 h-20 animate-pulse rounded-xl bg-muted/70" />
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="h-80 animate-pulse rounded-xl bg-muted/70 lg:col-span-2" />
        <div className="h-64 animate-pulse rounded-xl bg-muted/70" />
        <div className="h-64 animate-pulse rounded-xl bg-muted/70" />
      </div>
    </div>
  );
}
