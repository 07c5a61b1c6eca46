import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

function href(page: number, q: string): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const qs = params.toString();
  return qs ? `/projects?${qs}` : "/projects";
}

/** Previous / next page links that keep the search (`?q=&page=`). */
export function Pagination({
  page,
  totalPages,
  total,
  q,
}: {
  page: number;
  totalPages: number;
  total: number;
  q: string;
}) {
  return (
    <nav
      aria-label="Pages"
      className="mt-6 flex items-center justify-between gap-3"
      data-test="projects-pagination"
    >
      {page > 1 ? (
        <Button asChild variant="outline" data-test="projects-prev">
          <Link href={href(page - 1, q)} rel="prev">
            <ChevronLeft />
            Previous
          </Link>
        </Button>
      ) : (
        <Button variant="outline" disabled data-test="projects-prev">
          <ChevronLeft />
          Previous
        </Button>
      )}
      <p className="text-center text-sm text-muted-foreground" data-test="projects-page-label">
        Page {Math.min(page, totalPages)} of {totalPages}
        <span className="hidden sm:inline"> · {total} repositories</span>
      </p>
      {page < totalPages ? (
        <Button asChild variant="outline" data-test="projects-next">
          <Link href={href(page + 1, q)} rel="next">
            Next
            <ChevronRight />
          </Link>
        </Button>
      ) : (
        <Button variant="outline" disabled data-test="projects-next">
          Next
          <ChevronRight />
        </Button>
      )}
    </nav>
  );
}
