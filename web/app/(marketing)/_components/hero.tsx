import { ArrowRight, ChevronDown, CircleCheck, MapPin, Radar } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { SignedInHome } from "../page";

const matches = [
  {
    title: "Senior Backend Engineer",
    company: "Finlytics",
    city: "Bengaluru",
    lpa: "₹24–32 LPA",
    score: 92,
    status: "Applied",
    portal: "LinkedIn",
  },
  {
    title: "Full-stack Developer",
    company: "Kirana Cloud",
    city: "Pune",
    lpa: "₹18–24 LPA",
    score: 87,
    status: "Queued",
    portal: "Naukri",
  },
  {
    title: "Platform Engineer",
    company: "Monsoon Labs",
    city: "Remote",
    lpa: "₹28–36 LPA",
    score: 81,
    status: "New",
    portal: "Indeed",
  },
] as const;

const statusStyle: Record<(typeof matches)[number]["status"], string> = {
  Applied: "bg-emerald-50 text-emerald-800 border-emerald-200",
  Queued: "bg-amber-50 text-amber-800 border-amber-200",
  New: "bg-brand-soft text-brand-ink border-indigo-200",
};

/** A static preview of the Job Control screen: what a user sees once job search is on. */
function ProductPreview() {
  return (
    <div className="relative min-w-0" aria-hidden="true">
      <div className="absolute -inset-4 -z-10 rounded-3xl bg-gradient-to-br from-indigo-100 via-white to-emerald-50 blur-2xl dark:from-indigo-950 dark:via-background dark:to-emerald-950" />
      <div className="rounded-2xl border bg-card shadow-xl shadow-indigo-900/5">
        <div className="flex items-center justify-between gap-3 border-b px-5 py-4">
          <div className="flex items-center gap-2">
            <Radar className="size-4 text-primary" />
            <span className="text-sm font-semibold">Job search</span>
            <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800">
              <span className="size-1.5 rounded-full bg-emerald-500" />
              Active
            </span>
          </div>
          <span className="text-xs text-muted-foreground">Next fetch in 2h 14m</span>
        </div>
        <div className="flex flex-wrap gap-2 border-b px-5 py-3 text-xs">
          <span className="rounded-md bg-muted px-2 py-1 font-medium">Backend · Full-stack</span>
          <span className="rounded-md bg-muted px-2 py-1 font-medium">Min ₹18 LPA</span>
          <span className="rounded-md bg-muted px-2 py-1 font-medium">Bengaluru · Pune · Remote</span>
          <span className="rounded-md bg-brand-soft px-2 py-1 font-medium text-brand-ink">Auto-apply on</span>
        </div>
        <ul className="divide-y">
          {matches.map((m) => (
            <li key={m.title} className="flex items-center gap-4 px-5 py-3.5">
              <div className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-muted text-sm font-semibold text-muted-foreground">
                {m.company[0]}
              </div>
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">{m.title}</p>
                <p className="truncate text-xs text-muted-foreground">
                  {m.company} · <MapPin className="inline size-3 align-[-2px]" /> {m.city}
                  <span className="hidden sm:inline"> · {m.portal}</span>
                </p>
                <p className="text-xs font-medium sm:hidden">
                  {m.lpa} <span className="font-normal text-muted-foreground">· {m.score}% match</span>
                </p>
              </div>
              <div className="hidden text-right sm:block">
                <p className="text-sm font-semibold">{m.lpa}</p>
                <p className="text-xs text-muted-foreground">{m.score}% match</p>
              </div>
              <span
                className={`w-16 shrink-0 rounded-full border py-0.5 text-center text-xs font-medium ${statusStyle[m.status]}`}
              >
                {m.status}
              </span>
            </li>
          ))}
        </ul>
        <div className="flex items-center gap-2 rounded-b-2xl bg-muted/60 px-5 py-3 text-xs text-muted-foreground">
          <CircleCheck className="size-3.5 text-emerald-600" />
          Applied with “Backend résumé v3” and a tailored cover letter
        </div>
      </div>
    </div>
  );
}

export function Hero({ home }: { home: SignedInHome | null }) {
  return (
    <section className="relative overflow-hidden">
      <div className="absolute inset-x-0 top-0 -z-10 h-[520px] bg-gradient-to-b from-brand-soft/70 to-transparent" />
      <div className="mx-auto grid max-w-6xl grid-cols-1 items-center gap-12 px-4 pt-16 pb-20 sm:px-6 md:pt-24 lg:grid-cols-[1.05fr_1fr] lg:gap-16">
        <div className="min-w-0 max-w-xl">
          <Badge
            variant="outline"
            className="mb-5 gap-1.5 rounded-full bg-background px-3 py-1 text-brand-ink"
          >
            <span className="size-1.5 rounded-full bg-primary" />
            For job seekers in India · LinkedIn · Naukri · Indeed
          </Badge>
          <h1 className="text-4xl leading-[1.1] font-semibold tracking-tight text-balance sm:text-5xl">
            Your career on autopilot, from GitHub to offer letter
          </h1>
          <p className="mt-5 text-lg leading-relaxed text-pretty text-muted-foreground">
            CareerPilot turns your GitHub work into AI-described projects and résumés, finds matching roles
            every few hours, and applies with a tailored résumé and cover letter — only where the pay meets
            your target LPA.
          </p>
          <div className="mt-8 flex flex-col gap-3 sm:flex-row">
            <Button
              asChild
              size="lg"
              className="h-11 px-6 text-base"
              data-test={home ? "hero-go-home" : "hero-get-started"}
            >
              <Link href={home?.href ?? "/auth?tab=create"}>
                {home?.label ?? "Get Started"} <ArrowRight />
              </Link>
            </Button>
            <Button
              asChild
              size="lg"
              variant="outline"
              className="h-11 px-6 text-base"
              data-test="hero-learn-more"
            >
              <a href="#features">
                Learn more<span className="sr-only"> about what CareerPilot does</span> <ChevronDown />
              </a>
            </Button>
          </div>
          <ul className="mt-6 flex flex-wrap gap-x-5 gap-y-2 text-sm text-muted-foreground">
            <li className="flex items-center gap-1.5">
              <CircleCheck className="size-4 text-emerald-600" /> Auto-apply is off until you turn it on
            </li>
            <li className="flex items-center gap-1.5">
              <CircleCheck className="size-4 text-emerald-600" /> Your own Gemini key
            </li>
          </ul>
        </div>
        <ProductPreview />
      </div>
    </section>
  );
}
