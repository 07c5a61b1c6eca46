import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { type ApplicationsState, applicationsHref } from "../_lib/query";

/** Previous / next links that keep the filters (`?page=` in the URL). */
export function ApplicationsPagination({
  state,
  totalPages,
  total,
}: {
  state: ApplicationsState;
  totalPages: number;
  total: number;
}) {
  const page = Math.min(state.page, totalPages);
  return (
    <nav
      aria-label="Pages"
      className="flex items-center justify-between gap-3"
      data-test="applications-pagination"
    >
      {page > 1 ? (
        <Button asChild variant="outline" data-test="applications-prev">
          <Link href={applicationsHref(state, { page: page - 1 })} rel="prev">
            <ChevronLeft />
            Previous
          </Link>
        </Button>
      ) : (
        <Button variant="outline" disabled data-test="applications-prev">
          <ChevronLeft />
          Previous
        </Button>
      )}
      <p className="text-sm text-muted-foreground" data-test="applications-page-label">
        Page {page} of {totalPages}
        <span className="hidden sm:inline"> · {total} applications</span>
      </p>
      {page < totalPages ? (
        <Button asChild variant="outline" data-test="applications-next">
          <Link href={applicationsHref(state, { page: page + 1 })} rel="next">
            Next
            <ChevronRight />
          </Link>
        </Button>
      ) : (
        <Button variant="outline" disabled data-test="applications-next">
          Next
          <ChevronRight />
        </Button>
      )}
    </nav>
  );
}
