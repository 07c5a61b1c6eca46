import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { type JobsState, jobsHref } from "../_lib/query";

/** Previous / next links that keep the filters and sort (`?page=` in the URL). */
export function JobsPagination({
  state,
  totalPages,
  total,
}: {
  state: JobsState;
  totalPages: number;
  total: number;
}) {
  const page = Math.min(state.page, totalPages);
  return (
    <nav
      aria-label="Pages"
      className="mt-2 flex items-center justify-between gap-3"
      data-test="jobs-pagination"
    >
      {page > 1 ? (
        <Button asChild variant="outline" data-test="jobs-prev">
          <Link href={jobsHref(state, { page: page - 1 })} rel="prev">
            <ChevronLeft />
            Previous
          </Link>
        </Button>
      ) : (
        <Button variant="outline" disabled data-test="jobs-prev">
          <ChevronLeft />
          Previous
        </Button>
      )}
      <p className="text-sm text-muted-foreground" data-test="jobs-page-label">
        Page {page} of {totalPages}
        <span className="hidden sm:inline"> · {total} jobs</span>
      </p>
      {page < totalPages ? (
        <Button asChild variant="outline" data-test="jobs-next">
          <Link href={jobsHref(state, { page: page + 1 })} rel="next">
            Next
            <ChevronRight />
          </Link>
        </Button>
      ) : (
        <Button variant="outline" disabled data-test="jobs-next">
          Next
          <ChevronRight />
        </Button>
      )}
    </nav>
  );
}
