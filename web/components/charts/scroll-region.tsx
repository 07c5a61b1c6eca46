import { cn } from "@/lib/utils";

/**
 * A horizontally scrollable box for a wide table on a narrow screen: a named region that takes
 * keyboard focus, so keyboard users can scroll it too (WCAG 2.1.1; axe scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  className,
  children,
  ...props
}: { label: string } & React.HTMLAttributes<HTMLDivElement>) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard
      tabIndex={0}
      className={cn(
        "min-w-0 overflow-x-auto rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
        className,
      )}
      {...props}
    >
      {children}
    </section>
  );
}
