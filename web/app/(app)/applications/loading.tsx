/** While the applications load: the page's shape, so nothing jumps when they arrive. */
export default function ApplicationsLoading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading applications" data-test="applications-loading">
      <div className="mb-8 space-y-2">
        <div className="h-7 w-40 animate-pulse rounded bg-muted" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-muted" />
      </div>
      <div className="grid gap-4">
        <div className="h-10 w-64 animate-pulse rounded-lg bg-muted" />
        <div className="h-40 animate-pulse rounded-xl bg-muted" />
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="h-14 animate-pulse rounded-lg bg-muted/70" />
        ))}
      </div>
    </div>
  );
}
