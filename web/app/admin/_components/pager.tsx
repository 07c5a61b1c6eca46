import Link from "next/link";
import { Button } from "@/components/ui/button";

/** Previous / next links for a server-rendered list; `hrefFor(page)` keeps the other filters. */
export function Pager({
  page,
  pageSize,
  total,
  hrefFor,
}: {
  page: number;
  pageSize: number;
  total: number;
  hrefFor: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <div className="mt-4 flex items-center justify-between text-sm text-muted-foreground" data-test="pager">
      <span>
        Page {page} of {pages} · {total} in all
      </span>
      <div className="flex gap-2">
        {page > 1 ? (
          <Button asChild variant="outline" size="sm">
            <Link href={hrefFor(page - 1)} data-test="pager-prev">
              Previous
            </Link>
          </Button>
        ) : null}
        {page < pages ? (
          <Button asChild variant="outline" size="sm">
            <Link href={hrefFor(page + 1)} data-test="pager-next">
              Next
            </Link>
          </Button>
        ) : null}
      </div>
    </div>
  );
}
