/** While the jobs load: the page's shape, so nothing jumps when they arrive. */
export default function JobsLoading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading jobs" data-test="jobs-loading">
      <div className="mb-8 space-y-2">
        <div className="h-7 w-24 animate-pulse rounded bg-muted" />
        <div className="h-4 w-80 animate-pulse rounded bg-muted" />
      </div>
      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <div className="grid gap-3">
          <div className="h-40 animate-pulse rounded-xl bg-muted" />
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="h-32 animate-pulse rounded-xl bg-muted/70" />
          ))}
        </div>
        <div className="h-48 animate-pulse rounded-xl bg-muted/70" />
      </div>
    </div>
  );
}
