import type { LucideIcon } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "./page-header";

/** The placeholder for a section that is not built yet: what it will do, and a way onward. */
export function ComingSoon({
  title,
  description,
  icon: Icon,
  upcoming,
}: {
  title: string;
  description: string;
  icon: LucideIcon;
  upcoming: string[];
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <section
        data-test="coming-soon"
        className="flex flex-col items-center rounded-xl border-2 border-dashed border-input/70 bg-background px-6 py-14 text-center"
      >
        <div className="flex size-14 items-center justify-center rounded-full bg-brand-soft text-primary">
          <Icon className="size-6" />
        </div>
        <Badge variant="secondary" className="mt-5">
          Coming soon
        </Badge>
        <h2 className="mt-3 text-lg font-semibold">{title} is on its way</h2>
        <p className="mt-1 max-w-md text-sm text-muted-foreground">
          Here is what you will be able to do on this page:
        </p>
        <ul className="mt-4 grid max-w-md gap-2 text-left text-sm">
          {upcoming.map((u) => (
            <li key={u} className="flex gap-2">
              <span className="mt-2 size-1.5 shrink-0 rounded-full bg-primary" aria-hidden="true" />
              {u}
            </li>
          ))}
        </ul>
        <Button asChild variant="outline" className="mt-8" data-test="coming-soon-settings">
          <Link href="/settings">Go to Settings</Link>
        </Button>
      </section>
    </>
  );
}
