import { FileCheck2, KeyRound, Search, Users } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { AdminDashboard } from "@/lib/api";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { AdminHeader } from "./_components/admin-header";
import { ApiErrorAlert } from "./_components/api-error";

export const metadata = { title: "Dashboard" };

/** The console's first page: the counts that need attention, each linking to where to act. */
export default async function AdminDashboardPage() {
  const user = await requireUser();
  let data: AdminDashboard;
  try {
    data = await serverApi(user.accessToken).admin.dashboard();
  } catch (e) {
    return <ApiErrorAlert error={e} />;
  }
  const cards = [
    {
      id: "users",
      title: "Users",
      value: data.total_users,
      note: `${data.new_users_7d} new this week · ${data.admins} admin${data.admins === 1 ? "" : "s"}`,
      href: "/admin/users",
      icon: Users,
    },
    {
      id: "pending-certificates",
      title: "Certificates to review",
      value: data.pending_certificates,
      note: data.pending_certificates ? "Waiting in the queue" : "The queue is empty",
      href: "/admin/certificates",
      icon: FileCheck2,
    },
    {
      id: "keys-expiring",
      title: "Platform keys expiring",
      value: data.api_key_expiry_alerts,
      note: `${data.api_keys_missing} not set yet · within 14 days or expired`,
      href: "/admin/api-management",
      icon: KeyRound,
    },
    {
      id: "job-searches",
      title: "Active job searches",
      value: data.active_job_searches,
      note: "Users with the search on",
      href: "/admin/users",
      icon: Search,
    },
  ];
  return (
    <>
      <AdminHeader title="Dashboard" description="What needs an admin today." />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {cards.map((c) => (
          <Link key={c.id} href={c.href} className="group" data-test={`admin-card-${c.id}`}>
            <Card className="h-full transition-colors group-hover:border-primary/50">
              <CardHeader>
                <CardDescription className="flex items-center gap-2">
                  <c.icon className="size-4" aria-hidden /> {c.title}
                </CardDescription>
                <CardTitle className="text-3xl tabular-nums" data-test="admin-card-value">
                  {c.value}
                </CardTitle>
              </CardHeader>
              <CardContent className="text-sm text-muted-foreground">{c.note}</CardContent>
            </Card>
          </Link>
        ))}
      </div>
    </>
  );
}
