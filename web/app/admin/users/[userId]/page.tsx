import { FileCheck2 } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { type AdminUserDetail, ApiError } from "@/lib/api";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { AdminHeader } from "../../_components/admin-header";
import { ApiErrorAlert } from "../../_components/api-error";

export const metadata = { title: "User" };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 border-b py-2 text-sm last:border-0">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="text-right font-medium">{children}</dd>
    </div>
  );
}

/** One user: profile, onboarding, job settings, integrations (status only) and counts. */
export default async function AdminUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const me = await requireUser();
  let d: AdminUserDetail;
  try {
    d = await serverApi(me.accessToken).admin.user(userId);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 422)) notFound();
    return <ApiErrorAlert error={e} />;
  }
  const u = d.user;
  const list = (v: string[] | undefined) => (v && v.length ? v.join(", ") : "—");
  return (
    <>
      <AdminHeader
        title={u.display_name ?? u.email ?? "User"}
        description={`${u.email ?? ""} · joined ${new Date(u.created_at).toLocaleDateString("en-IN")}`}
        actions={
          <Button asChild data-test="user-certificates-link">
            <Link href={`/admin/users/${u.id}/certificates`}>
              <FileCheck2 /> Certificates
              {d.counts.certificates.pending ? (
                <Badge variant="secondary">{d.counts.certificates.pending} pending</Badge>
              ) : null}
            </Link>
          </Button>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2" data-test="user-detail">
        <Card>
          <CardHeader>
            <CardTitle>Account</CardTitle>
          </CardHeader>
          <CardContent>
            <dl>
              <Row label="Role">{u.role}</Row>
              <Row label="Last sign-in">
                {u.last_sign_in_at ? new Date(u.last_sign_in_at).toLocaleString("en-IN") : "—"}
              </Row>
              <Row label="GitHub username">{d.profile.github_username ?? "—"}</Row>
              <Row label="Onboarding">
                {d.onboarding?.completed ? "Completed" : `At step ${d.onboarding?.current_step ?? "profile"}`}
              </Row>
              <Row label="Target roles">{list(d.onboarding?.roles_targeted)}</Row>
              <Row label="Min. target LPA">{d.onboarding?.min_target_lpa ?? "—"}</Row>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Job search</CardTitle>
          </CardHeader>
          <CardContent>
            <dl>
              <Row label="Status">{u.job_search_status.replaceAll("_", " ")}</Row>
              <Row label="Auto-apply">{d.job_settings?.auto_apply ? "On" : "Off"}</Row>
              <Row label="Portals">{list(d.job_settings?.portals)}</Row>
              <Row label="Roles">{list(d.job_settings?.roles)}</Row>
              <Row label="Applications (7 days)">{u.applications_7d}</Row>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Integrations</CardTitle>
          </CardHeader>
          <CardContent>
            {d.integrations.length === 0 ? (
              <p className="text-sm text-muted-foreground">Nothing connected.</p>
            ) : (
              <dl>
                {d.integrations.map((i) => (
                  <Row key={i.provider} label={i.provider}>
                    {i.status.replaceAll("_", " ")}
                    {i.external_login ? ` · ${i.external_login}` : ""}
                  </Row>
                ))}
              </dl>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Activity</CardTitle>
          </CardHeader>
          <CardContent>
            <dl>
              <Row label="Repositories">
                {d.counts.repositories} ({d.counts.described_repositories} described, {d.counts.intro_videos}{" "}
                with video)
              </Row>
              <Row label="Certificates">
                {d.counts.certificates.verified} verified · {d.counts.certificates.pending} pending ·{" "}
                {d.counts.certificates.rejected} rejected
              </Row>
              <Row label="Unread notifications">{d.counts.unread_notifications}</Row>
            </dl>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
