import { KeyRound, ListChecks, Mail, ShieldCheck, SlidersHorizontal } from "lucide-react";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Separator } from "@/components/ui/separator";
import { requireUser } from "@/lib/supabase/server";
import { PageHeader } from "../_components/page-header";
import { DeleteAccountDialog } from "./_components/delete-account-dialog";
import { DisplayNameForm } from "./_components/display-name-form";
import { SignOutButton } from "./_components/sign-out-button";

export const metadata: Metadata = { title: "Settings" };

const upcoming = [
  {
    icon: SlidersHorizontal,
    title: "Career preferences",
    body: "Target roles, minimum LPA and preferred cities.",
  },
  {
    icon: KeyRound,
    title: "API keys and tokens",
    body: "Your Gemini key and portal or Gmail tokens, encrypted.",
  },
  {
    icon: ListChecks,
    title: "GitHub connection",
    body: "Reconnect GitHub or change which repositories sync.",
  },
  {
    icon: ShieldCheck,
    title: "Notifications and privacy",
    body: "Email reports, alerts and data preferences.",
  },
];

export default async function SettingsPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title="Settings" description="Manage your account and how CareerPilot works for you." />
      <div className="grid gap-6">
        <Card data-test="account-section">
          <CardHeader>
            <CardTitle className="text-lg">Account</CardTitle>
            <CardDescription>Your profile and sign-in details.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-6">
            <DisplayNameForm initial={user.displayName ?? ""} />
            <Separator />
            <div className="grid gap-1.5">
              <p className="text-sm font-medium">Email</p>
              <p className="flex items-start gap-2 text-sm">
                <Mail className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
                <span data-test="account-email" className="min-w-0 [overflow-wrap:anywhere]">
                  {user.email ?? "—"}
                </span>
                {user.role === "admin" ? <Badge variant="secondary">Admin</Badge> : null}
              </p>
              <p className="text-xs text-muted-foreground">Used to sign in and for job-search emails.</p>
            </div>
            <Separator />
            <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="text-sm font-medium">Sign out</p>
                <p className="text-sm text-muted-foreground">End your session on this device.</p>
              </div>
              <SignOutButton />
            </div>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle className="text-lg">More settings</CardTitle>
            <CardDescription>These arrive with onboarding and job search.</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-4 sm:grid-cols-2">
              {upcoming.map((u) => (
                <li key={u.title} className="flex gap-3 rounded-lg border p-4">
                  <u.icon className="mt-0.5 size-5 shrink-0 text-primary" />
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                      {u.title}
                      <Badge variant="secondary">Coming soon</Badge>
                    </p>
                    <p className="mt-1 text-sm text-muted-foreground">{u.body}</p>
                  </div>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>

        <Card className="border-destructive/30" data-test="danger-zone">
          <CardHeader>
            <CardTitle className="text-lg text-destructive">Delete account</CardTitle>
            <CardDescription>
              Permanently remove your account and everything in it: profile, projects, résumés, videos and
              documents.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <DeleteAccountDialog email={user.email} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
