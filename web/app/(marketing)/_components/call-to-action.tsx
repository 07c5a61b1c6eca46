import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import type { SignedInHome } from "../page";

export function CallToAction({ home }: { home: SignedInHome | null }) {
  return (
    <section className="py-20 sm:py-24">
      <div className="mx-auto max-w-6xl px-4 sm:px-6">
        <div className="flex flex-col items-start justify-between gap-6 rounded-2xl bg-primary px-6 py-10 text-primary-foreground sm:px-10 md:flex-row md:items-center">
          <div>
            <h2 className="text-2xl font-semibold tracking-tight sm:text-3xl">Let your next role find you</h2>
            <p className="mt-2 text-primary-foreground/85">
              Create your account in a minute. Turn on job search when your profile is ready.
            </p>
          </div>
          <Button
            asChild
            size="lg"
            variant="secondary"
            className="h-11 px-6 text-base"
            data-test={home ? "cta-go-home" : "cta-get-started"}
          >
            <Link href={home?.href ?? "/auth?tab=create"}>
              {home?.label ?? "Get Started"} <ArrowRight />
            </Link>
          </Button>
        </div>
      </div>
    </section>
  );
}
