import { Suspense } from "react";
import { CallToAction } from "./_components/call-to-action";
import { Features } from "./_components/features";
import { Hero } from "./_components/hero";
import { HowItWorks } from "./_components/how-it-works";
import { NoticeBanner } from "./_components/notice-banner";
import { SecurityNote } from "./_components/security-note";
import { SiteFooter } from "./_components/site-footer";
import { SiteHeader } from "./_components/site-header";

export default function LandingPage() {
  return (
    <>
      <Suspense fallback={null}>
        <NoticeBanner />
      </Suspense>
      <SiteHeader />
      <main id="main">
        <Hero />
        <Features />
        <HowItWorks />
        <SecurityNote />
        <CallToAction />
      </main>
      <SiteFooter />
    </>
  );
}
