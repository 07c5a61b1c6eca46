import { CircleAlert, Mail } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Separator } from "@/components/ui/separator";
import type { JobApplyAnswerBank, NotificationPreferences } from "@/lib/api";
import { formatLpa } from "@/lib/format";
import { getJobSettings } from "@/lib/job-search";
import { loadSetupData } from "@/lib/onboarding";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { PageHeader } from "../_components/page-header";
import { AnswerBankEditor } from "./_components/answer-bank-editor";
import { AnswerBankSummary } from "./_components/answer-bank-summary";
import { CareerPrefsForm } from "./_components/career-prefs-form";
import { DeleteAccountDialog } from "./_components/delete-account-dialog";
import { DisplayNameForm } from "./_components/display-name-form";
import { IntegrationsSections } from "./_components/integrations-sections";
import { NotificationPrefsForm } from "./_components/notification-prefs-form";
import { RerunOnboardingButton } from "./_components/rerun-onboarding-button";
import { SignOutButton } from "./_components/sign-out-button";

export const metadata: Metadata = { title: "Settings" };

const SECTIONS = [
  { id: "career", label: "Career preferences" },
  { id: "api-keys", label: "API keys & tokens" },
  { id: "github", label: "GitHub" },
  { id: "answer-bank", label: "Answer bank" },
  { id: "notifications", label: "Notifications & privacy" },
  { id: "account", label: "Account" },
];

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<{ github?: string; reason?: string }>;
}) {
  const user = await requireUser();
  const { github, reason } = await searchParams;
  const [{ onboarding, integrations }, job, prefs, answerBank] = await Promise.all([
    loadSetupData(user),
    getJobSettings(user),
    serverApi(user.accessToken)
      .notifications.preferences()
      .catch((): NotificationPreferences | null => null),
    serverApi(user.accessToken)
      .jobApply.answerBank()
      .catch((): JobApplyAnswerBank | null => null),
  ]);

  return (
    <>
      <PageHeader title="Settings" description="Manage your account and how CareerPilot works for you." />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[11rem_minmax(0,1fr)] lg:gap-8">
        <nav
          aria-label="Settings sections"
          className="lg:sticky lg:top-24 lg:self-start"
          data-test="settings-nav"
        >
          <ul className="flex flex-wrap gap-1 lg:flex-col">
            {SECTIONS.map((s) => (
              <li key={s.id} className="shrink-0">
                <a
                  href={`#${s.id}`}
                  className="block rounded-md px-3 py-2 text-sm text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
                  data-test={`settings-nav-${s.id}`}
                >
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="grid min-w-0 gap-6">
          <Card id="career" className="scroll-mt-24" data-test="career-section">
            <CardHeader>
              <CardTitle className="text-lg">Career preferences</CardTitle>
              <CardDescription>
                Roles, minimum salary and cities you want. New job searches start from these.
              </CardDescription>
            </CardHeader>
            <CardContent>
              {onboarding ? (
                <>
                  <CareerPrefsForm initial={onboarding} />
                  {job?.id ? (
                    <p className="mt-4 text-sm text-muted-foreground" data-test="career-lpa-relation">
                      Your job search filters by its own minimum:{" "}
                      <span className="font-medium text-foreground">
                        {job.min_lpa === null ? "no minimum" : formatLpa(job.min_lpa)}
                      </span>
                      .{" "}
                      <Link href="/job-control" className="text-primary underline underline-offset-4">
                        Change it in Job Control
                      </Link>
                    </p>
                  ) : null}
                </>
              ) : (
                <p className="flex items-center gap-2 text-sm text-destructive">
                  <CircleAlert className="size-4" />
                  Your preferences could not be loaded. Refresh to try again.
                </p>
              )}
            </CardContent>
          </Card>

          <IntegrationsSections
            initial={integrations}
            githubResult={github === "connected" ? "connected" : github === "error" ? { reason } : undefined}
          />

          <Card id="answer-bank" className="scroll-mt-24" data-test="answer-bank-section">
            <CardHeader>
              <CardTitle className="text-lg">Answer bank</CardTitle>
              <CardDescription>
                What CareerPilot may answer when an application form asks. Anything not here stops the
                application and asks you; nothing is guessed.
              </CardDescription>
            </CardHeader>
            <CardContent>
              {answerBank ? (
                <AnswerBankEditor bank={answerBank}>
                  <AnswerBankSummary bank={answerBank} />
                </AnswerBankEditor>
              ) : (
                <p
                  className="flex items-center gap-2 text-sm text-destructive"
                  data-test="answer-bank-unavailable"
                >
                  <CircleAlert className="size-4" />
                  Your answer bank could not be loaded. Refresh to try again.
                </p>
              )}
            </CardContent>
          </Card>

          <Card id="notifications" className="scroll-mt-24" data-test="notifications-section">
            <CardHeader>
              <CardTitle className="text-lg">Notifications &amp; privacy</CardTitle>
              <CardDescription>How CareerPilot keeps you informed.</CardDescription>
            </CardHeader>
            <CardContent>
              {prefs ? (
                <NotificationPrefsForm initial={prefs} />
              ) : (
                <p
                  className="flex items-center gap-2 text-sm text-destructive"
                  data-test="notification-prefs-unavailable"
                >
                  <CircleAlert className="size-4" />
                  Your notification preferences could not be loaded. Refresh to try again.
                </p>
              )}
            </CardContent>
          </Card>

          <Card id="account" className="scroll-mt-24" data-test="account-section">
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
              <Separator />
              <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
                <div>
                  <p className="text-sm font-medium">Onboarding</p>
                  <p className="text-sm text-muted-foreground">
                    Walk through setup again. Your current answers are kept as the starting point.
                  </p>
                </div>
                <RerunOnboardingButton />
              </div>
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
      </div>
    </>
  );
}
