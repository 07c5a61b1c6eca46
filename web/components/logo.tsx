import Link from "next/link";
import { cn } from "@/lib/utils";

/** CareerPilot's mark: a paper plane climbing over a rising path, in the brand colour. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={cn("size-8", className)}>
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <path
        d="M7 21.5c4.5-.5 8.5-3 11.5-7.5"
        fill="none"
        stroke="white"
        strokeOpacity=".55"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeDasharray="2.2 2.6"
      />
      <path d="M25.5 7.5 12.8 12.6l4.3 2 2 4.3z" fill="white" />
      <path d="m17.1 14.6 8.4-7.1-6.4 11.4z" fill="white" fillOpacity=".8" />
    </svg>
  );
}

/** The logo (mark + wordmark) linking home. */
export function Logo({ className, href = "/" }: { className?: string; href?: string }) {
  return (
    <Link
      href={href}
      data-test="logo"
      className={cn(
        "inline-flex items-center gap-2 rounded-md font-semibold tracking-tight text-foreground outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
        className,
      )}
    >
      <LogoMark />
      <span className="text-lg">
        Career<span className="text-primary">Pilot</span>
      </span>
    </Link>
  );
}
