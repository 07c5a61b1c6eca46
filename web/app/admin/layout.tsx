import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Logo } from "@/components/logo";
import { getCurrentUser } from "@/lib/supabase/server";
import { AdminNav } from "./_components/admin-nav";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin · CareerPilot" } };

/**
 * The admin console's frame. The role is checked here, on the server, before anything renders:
 * a signed-out visitor goes to sign in, a signed-in non-admin gets the plain not-found page (the
 * console's existence is not confirmed). The API re-checks the role on every call regardless.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/auth");
  if (user.role !== "admin") notFound();
  return (
    <div className="min-h-dvh bg-muted/40 lg:grid lg:grid-cols-[15rem_minmax(0,1fr)]" data-test="admin-shell">
      <aside className="border-b bg-background lg:border-r lg:border-b-0">
        <div className="flex h-16 items-center gap-2 border-b px-5">
          <Logo href="/admin" />
          <span className="rounded bg-zinc-900 px-1.5 py-0.5 text-[10px] font-semibold tracking-wide text-white uppercase">
            Admin
          </span>
        </div>
        <nav aria-label="Admin" className="p-3" data-test="admin-nav">
          <AdminNav />
        </nav>
        <div className="hidden border-t p-4 text-xs text-muted-foreground lg:block">
          Signed in as {user.email}.{" "}
          <Link href="/dashboard" className="underline underline-offset-2">
            Back to the app
          </Link>
        </div>
      </aside>
      <main id="content" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 lg:py-10">
        {children}
      </main>
    </div>
  );
}
