import { Suspense } from "react";
import { ADMIN_HOME } from "@/lib/onboarding";
import { getCurrentUser } from "@/lib/supabase/server";
import { CallToAction } from "./_components/call-to-action";
import { Features } from "./_components/features";
import { Hero } from "./_components/hero";
import { HowItWorks } from "./_components/how-it-works";
import { NoticeBanner } from "./_components/notice-banner";
import { SecurityNote } from "./_components/security-note";
import { SiteFooter } from "./_components/site-footer";
import { SiteHeader } from "./_components/site-header";

/** Where a signed-in visitor's "Go to …" buttons lead (null: signed out, so Sign in / Get Started). */
export interface SignedInHome {
  href: string;
  label: string;
}

export default async function LandingPage() {
  const user = await getCurrentUser();
  const home: SignedInHome | null = user
    ? user.role === "admin"
      ? { href: ADMIN_HOME, label: "Go to admin console" }
      : { href: "/dashboard", label: "Go to dashboard" }
    : null;
  return (
    <>
      <Suspense fallback={null}>
        <NoticeBanner />
      </Suspense>
      <SiteHeader home={home} />
      <main id="main">
        <Hero home={home} />
        <Features />
        <HowItWorks />
        <SecurityNote />
        <CallToAction home={home} />
      </main>
      <SiteFooter />
    </>
  );
}
