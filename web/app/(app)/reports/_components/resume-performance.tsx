import Link from "next/link";
import { ScrollRegion } from "@/components/charts/scroll-region";
import { Button } from "@/components/ui/button";
import type { ResumePerformanceRow } from "../_lib/view";
import { RateInterval, rateText } from "./rate-interval";

/**
 * Per resume and version: how many applications it went out with, how far they got, and the
 * response rate with its confidence interval (a resume sent twice is not compared with one sent
 * a hundred times as if both rates were equally sure). A table on every screen: on a phone each
 * row becomes a card with labelled cells.
 */
export function ResumePerformance({ rows }: { rows: ResumePerformanceRow[] }) {
  if (rows.length === 0) {
    return (
      <div
        className="grid justify-items-start gap-3 rounded-lg border border-dashed p-6 text-sm text-muted-foreground"
        data-test="resume-performance-empty"
      >
        <p>No application went out with one of your resumes in this range yet.</p>
        <Button asChild variant="outline" size="sm">
          <Link href="/resumes">Open Resumes</Link>
        </Button>
      </div>
    );
  }
  const counts = [
    ["applications", "Sent"],
    ["viewed", "Viewed"],
    ["shortlisted", "Shortlisted"],
    ["interview", "Interview"],
    ["offer", "Offer"],
  ] as const;
  return (
    <ScrollRegion label="Resume performance">
      <table className="w-full text-sm" data-test="resume-performance">
        <caption className="sr-only">
          Resume performance: applications per stage and response rate with its 95 % confidence interval
        </caption>
        <thead className="max-md:sr-only">
          <tr className="border-b">
            <th scope="col" className="px-2 py-2 text-left text-xs font-medium text-muted-foreground">
              Resume
            </th>
            {counts.map(([key, label]) => (
              <th
                key={key}
                scope="col"
                className="px-2 py-2 text-right text-xs font-medium text-muted-foreground"
              >
                {label}
              </th>
            ))}
            <th scope="col" className="px-2 py-2 text-left text-xs font-medium text-muted-foreground">
              Response rate (95 % interval)
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.key}
              className="border-b last:border-0 max-md:grid max-md:grid-cols-3 max-md:gap-x-2 max-md:gap-y-1 max-md:py-3"
              data-test="resume-performance-row"
            >
              <th scope="row" className="px-2 py-2 text-left font-medium max-md:col-span-3 max-md:py-0">
                {r.resume}
                {r.version ? (
                  <span className="block text-xs font-normal text-muted-foreground">{r.version}</span>
                ) : null}
                {r.ownerHref ? (
                  <Link
                    href={r.ownerHref}
                    className="block text-xs font-normal text-primary underline-offset-4 hover:underline"
                  >
                    Open user
                  </Link>
                ) : null}
              </th>
              {counts.map(([key, label]) => (
                <td
                  key={key}
                  className="px-2 py-2 text-right tabular-nums max-md:py-0 max-md:text-left"
                  data-test={`rp-${key}`}
                >
                  <span className="block text-xs text-muted-foreground md:hidden" aria-hidden>
                    {label}
                  </span>
                  {r[key]}
                </td>
              ))}
              <td
                className="px-2 py-2 max-md:col-span-3"
                data-test="rp-rate"
                aria-label={rateText(r.response)}
              >
                <RateInterval value={r.response} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-xs text-muted-foreground">
        The bar is the range the true response rate likely lies in (95 % Wilson interval): the fewer
        applications, the wider it is.
      </p>
    </ScrollRegion>
  );
}
