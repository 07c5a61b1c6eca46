import type { LucideIcon } from "lucide-react";

/**
 * A list's empty state: an icon, what is (not) there, and what to do next. One look for every
 * page's "nothing yet" and "nothing matches" (`kind` says which, for tests and styling).
 */
export function EmptyState({
  icon: Icon,
  title,
  test,
  kind,
  children,
}: {
  icon: LucideIcon;
  title: string;
  /** `data-test` of the section. */
  test: string;
  kind?: string;
  children?: React.ReactNode;
}) {
  return (
    <section
      data-test={test}
      data-kind={kind}
      className="flex flex-col items-center rounded-xl border-2 border-dashed border-input/70 bg-background px-6 py-12 text-center"
    >
      <div className="flex size-12 items-center justify-center rounded-full bg-brand-soft text-primary">
        <Icon className="size-6" aria-hidden />
      </div>
      <h2 className="mt-4 text-lg font-semibold">{title}</h2>
      {children ? (
        <div className="mt-1 grid max-w-md justify-items-center gap-4 text-sm text-muted-foreground">
          {children}
        </div>
      ) : null}
    </section>
  );
}
