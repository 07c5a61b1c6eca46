import { requireUser } from "@/lib/supabase/server";
import { AppShell } from "./_components/app-shell";

/** Every page in this group needs a session, checked on the server before anything renders. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return <AppShell user={{ email: user.email, displayName: user.displayName }}>{children}</AppShell>;
}
