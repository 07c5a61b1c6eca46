import { Skeleton } from "@/components/ui/skeleton";

/**
 * Shown inside the shell the moment a section link is clicked, while the page's data loads on
 * the server: a title and card placeholders in the shape most sections have.
 */
export default function SectionLoading() {
  return (
    <div aria-busy="true" aria-live="polite" data-test="page-loading">
      <span className="sr-only">Loading…</span>
      <div className="mb-8 grid gap-2">
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-4 w-80 max-w-full" />
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="grid gap-4 rounded-xl border bg-background p-6">
            <Skeleton className="h-5 w-32" />
            <Skeleton className="h-4 w-full" />
            <Skeleton className="h-4 w-3/4" />
            <Skeleton className="h-9 w-36" />
          </div>
        ))}
      </div>
    </div>
  );
}
