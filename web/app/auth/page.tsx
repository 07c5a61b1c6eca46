import { CircleCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Logo } from "@/components/logo";
import { env } from "@/lib/env";
import { homePathFor } from "@/lib/onboarding";
import { getCurrentUser } from "@/lib/supabase/server";
import { AuthPanel, type AuthTab } from "./_components/auth-panel";

export const metadata: Metadata = { title: "Sign in" };

const benefits = [
  "AI descriptions and intro videos for your GitHub projects",
  "Résumés tailored per role, kept in versions",
  "Jobs from LinkedIn, Naukri and Indeed that meet your LPA",
];

export default async function AuthPage({
  searchParams,
}: {
  searchParams: Promise<{ tab?: string; error?: string }>;
}) {
  const user = await getCurrentUser();
  if (user) redirect(await homePathFor(user));
  const { tab, error } = await searchParams;
  const defaultTab: AuthTab = tab === "create" ? "create" : "signin";

  return (
    <div className="grid min-h-dvh lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
      <aside className="relative hidden overflow-hidden bg-primary text-primary-foreground lg:flex lg:flex-col lg:justify-between lg:p-12">
        <div
          className="absolute -top-32 -right-32 size-96 rounded-full bg-white/10 blur-3xl"
          aria-hidden="true"
        />
        <div
          className="absolute -bottom-40 -left-20 size-96 rounded-full bg-indigo-300/20 blur-3xl"
          aria-hidden="true"
        />
        <Link
          href="/"
          className="relative inline-flex items-center gap-2 text-lg font-semibold"
          data-test="auth-home-link"
        >
          <svg viewBox="0 0 32 32" aria-hidden="true" className="size-8">
            <rect width="32" height="32" rx="8" fill="white" />
            <path d="M25.5 7.5 12.8 12.6l4.3 2 2 4.3z" className="fill-primary" />
            <path d="m17.1 14.6 8.4-7.1-6.4 11.4z" className="fill-primary" fillOpacity=".75" />
          </svg>
          CareerPilot
        </Link>
        <div className="relative max-w-md">
          <h2 className="text-3xl leading-tight font-semibold tracking-tight">
            Land the roles you’re worth.
          </h2>
          <ul className="mt-8 space-y-4">
            {benefits.map((b) => (
              <li key={b} className="flex gap-3 text-primary-foreground/90">
                <CircleCheck className="mt-0.5 size-5 shrink-0 text-emerald-300" />
                {b}
              </li>
            ))}
          </ul>
        </div>
        <p className="relative text-sm text-primary-foreground/75">
          Your Gemini key and tokens are encrypted. Auto-apply stays off until you switch it on.
        </p>
      </aside>
      <main className="flex flex-col px-4 py-8 sm:px-8">
        <div className="lg:hidden">
          <Logo />
        </div>
        {/* Anchored at the top, not centred: a message appearing under the form grows the page
            downwards instead of shifting the fields up. */}
        <div className="flex flex-1 justify-center py-10 lg:pt-[14vh]">
          <div className="w-full max-w-[400px]">
            <AuthPanel
              defaultTab={defaultTab}
              oauthProviders={env.oauthProviders}
              initialError={
                error === "oauth" ? "That sign-in link didn't work or has expired. Try again." : undefined
              }
            />
            <p className="mt-8 text-center text-xs text-muted-foreground">
              By continuing you agree to let CareerPilot store your profile to find and apply for jobs for
              you.
            </p>
          </div>
        </div>
      </main>
    </div>
  );
}
