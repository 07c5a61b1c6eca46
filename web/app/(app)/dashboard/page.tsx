import {
  ArrowRight,
  BriefcaseBusiness,
  ChartColumn,
  CircleCheck,
  FileText,
  FolderGit2,
  Github,
  KeyRound,
  Pause,
  Play,
  Settings,
  ShieldCheck,
  SlidersHorizontal,
  Sparkles,
} from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { type DashboardSummary, isConnected, type JobSettings } from "@/lib/api";
import { formatInr, formatLpa, maskedToken } from "@/lib/format";
import { getApplyReadiness, getIntegrations, getJobSettings } from "@/lib/job-search";
import { getOnboarding } from "@/lib/onboarding";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { PageHeader } from "../_components/page-header";
import { autoApplyState } from "../_lib/auto-apply";
import { PORTAL_LABELS } from "../_lib/forms";
import { findIntegration } from "../_lib/providers";
import { ApplicationsCard } from "./_components/applications-card";
import { CertificatesCard } from "./_components/certificates-card";
import { GettingStartedCard, startSteps } from "./_components/getting-started";
import { JobSearchSchedule } from "./_components/job-search-schedule";
import {
  type JobSearchStatus,
  JobSearchStatusCard,
  jobSearchStatus,
} from "./_components/job-search-status-card";
import { type ProjectCounts, ProjectsCard, projectCounts } from "./_components/projects-card";
import { type ResumeCounts, ResumeVersionsCard, resumeCounts } from "./_components/resume-versions-card";
import { SkillGapsCard } from "./_components/skill-gaps-card";

export const metadata: Metadata = { title: "Dashboard" };

function Unavailable({ what }: { what: string }) {
  return <p className="text-sm text-muted-foreground">{what} could not be loaded. Refresh to try again.</p>;
}

function Chips({ items, empty, dataTest }: { items: string[]; empty: string; dataTest: string }) {
  if (items.length === 0) return <p className="text-sm text-muted-foreground">{empty}</p>;
  return (
    <ul className="flex flex-wrap gap-1.5" data-test={dataTest}>
      {items.map((i) => (
        <li key={i}>
          <Badge variant="secondary" className="bg-brand-soft text-brand-ink">
            {i}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

/** What an active search does for this user, or what a paused one does not. */
function searchExplainer(job: JobSettings): string {
  if (!job.search_active) return "Paused: CareerPilot is not looking for jobs. Start it in Job Control.";
  const roles = job.roles.join(", ");
  const where = job.portals.map((p) => PORTAL_LABELS[p]).join(", ");
  const pay = job.min_lpa === null ? "" : ` paying at least ${formatLpa(job.min_lpa)}`;
  return `Active: CareerPilot looks for ${roles} jobs on ${where}${pay}. Matches will appear as they are found.`;
}

export default async function DashboardPage() {
  const user = await requireUser();
  const api = serverApi(user.accessToken);
  // The summary carries every card's counts in one request; the cards read it rather than
  // counting for themselves. What it does not carry (project descriptions and videos, resume
  // drafts, queued jobs, each portal's schedule) stays with the card that shows it.
  const [onboarding, job, integrations, projects, jobStatus, resumes, summary] = await Promise.all([
    getOnboarding(user),
    getJobSettings(user),
    getIntegrations(user),
    projectCounts(api).catch((): ProjectCounts | null => null),
    jobSearchStatus(api).catch((): JobSearchStatus | null => null),
    resumeCounts(api).catch((): ResumeCounts | null => null),
    api.insights.dashboard().catch((): DashboardSummary | null => null),
  ]);
  // The shell's layout asked for the same readiness in this request (cached): no second round trip.
  const readiness = await getApplyReadiness(user);
  const github = findIntegration(integrations, "github");
  const gemini = findIntegration(integrations, "gemini");
  const isAdmin = user.role === "admin";
  // An admin's display name is often the organisation's ("CareerPilot Admin"): no first-name greeting.
  const firstName = isAdmin ? undefined : user.displayName?.split(/\s+/)[0];
  const steps = summary ? startSteps(summary, isConnected(github)) : [];
  const showStart = !isAdmin && Boolean(onboarding?.completed) && steps.some((s) => !s.done);

  return (
    <>
      <PageHeader
        title={firstName ? `Welcome, ${firstName}` : "Dashboard"}
        description="Your job search at a glance."
      />
      {isAdmin ? (
        <Card className="mb-6" data-test="dashboard-admin-note">
          <CardContent className="flex flex-col gap-4 sm:flex-row sm:items-center">
            <ShieldCheck className="size-6 shrink-0 text-primary" />
            <p className="flex-1 text-sm text-muted-foreground">
              You are an admin, using CareerPilot as a job seeker would. Users and certificates are managed in
              the admin console.
            </p>
            <Button asChild variant="outline">
              <Link href="/admin">Admin console</Link>
            </Button>
          </CardContent>
        </Card>
      ) : onboarding && !onboarding.completed ? (
        <Card className="mb-6 border-primary/30 bg-brand-soft/60" data-test="dashboard-onboarding-banner">
          <CardContent className="flex flex-col gap-4 sm:flex-row sm:items-center">
            <Sparkles className="size-6 shrink-0 text-primary" />
            <div className="flex-1">
              <p className="font-medium">Finish setting up CareerPilot</p>
              <p className="text-sm text-muted-foreground">
                Tell us the roles and salary you want so the job search can start.
              </p>
            </div>
            <Button asChild>
              <Link href="/onboarding">Continue setup</Link>
            </Button>
          </CardContent>
        </Card>
      ) : null}
      {showStart ? <GettingStartedCard steps={steps} /> : null}

      <div className="grid gap-6 md:grid-cols-2">
        <Card data-test="dashboard-job-search">
          <CardHeader>
            <CardTitle className="flex items-center justify-between gap-2 text-base">
              Job search
              {job ? (
                job.search_active ? (
                  <Badge className="gap-1 bg-emerald-700 text-white" data-test="job-search-status">
                    <Play />
                    Active
                  </Badge>
                ) : (
                  <Badge variant="secondary" className="gap-1" data-test="job-search-status">
                    <Pause />
                    Paused
                  </Badge>
                )
              ) : null}
            </CardTitle>
            <CardDescription>Where CareerPilot looks for jobs for you.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {job ? (
              <>
                <div className="grid gap-1.5">
                  <p className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Portals</p>
                  <Chips
                    items={job.portals.map((p) => PORTAL_LABELS[p])}
                    empty="No portals chosen yet."
                    dataTest="job-search-portals"
                  />
                </div>
                <p className="text-sm text-muted-foreground" data-test="job-search-explainer">
                  {searchExplainer(job)}
                </p>
                <JobSearchSchedule job={job} schedule={jobStatus?.schedule ?? null} />
                <p className="text-sm text-muted-foreground" data-test="job-search-auto-apply">
                  {autoApplyState(job, integrations, readiness).summary}
                </p>
              </>
            ) : (
              <Unavailable what="Job settings" />
            )}
            <Button
              asChild
              variant="outline"
              className="justify-self-start"
              data-test="dashboard-job-control-link"
            >
              <Link href="/job-control">
                <SlidersHorizontal />
                {job?.search_active ? "Manage job search" : "Set up job search"}
              </Link>
            </Button>
          </CardContent>
        </Card>

        <Card data-test="dashboard-integrations">
          <CardHeader>
            <CardTitle className="text-base">Integrations</CardTitle>
            <CardDescription>Accounts CareerPilot works with.</CardDescription>
          </CardHeader>
          <CardContent>
            {integrations ? (
              <ul className="grid gap-3">
                <li className="flex items-center gap-3">
                  <Github className="size-5 shrink-0" />
                  <div className="min-w-0 flex-1">
                    <p className="text-sm font-medium">GitHub</p>
                    <p className="truncate text-sm text-muted-foreground" data-test="dashboard-github">
                      {isConnected(github) ? `Connected as @${github?.external_login}` : "Not connected"}
                    </p>
                  </div>
                  {isConnected(github) ? (
                    <CircleCheck className="size-5 text-emerald-600" aria-label="Connected" />
                  ) : (
                    <Button asChild size="sm" data-test="dashboard-github-connect">
                      <Link href="/settings#github">Connect</Link>
                    </Button>
                  )}
                </li>
                <li className="flex items-center gap-3">
                  <KeyRound className="size-5 shrink-0" />
                  <div className="min-w-0 flex-1">
                    <p className="text-sm font-medium">Gemini API key</p>
                    <p className="text-sm text-muted-foreground" data-test="dashboard-gemini">
                      {gemini?.token ? `Saved ${maskedToken(gemini.token.masked_suffix)}` : "Not added"}
                    </p>
                  </div>
                  {gemini?.token ? (
                    <CircleCheck className="size-5 text-emerald-600" aria-label="Saved" />
                  ) : (
                    <Button asChild size="sm" variant="outline" data-test="dashboard-gemini-add">
                      <Link href="/settings#api-keys">Add</Link>
                    </Button>
                  )}
                </li>
              </ul>
            ) : (
              <Unavailable what="Integrations" />
            )}
          </CardContent>
        </Card>

        <ApplicationsCard summary={summary} />
        <JobSearchStatusCard status={jobStatus} newJobs={summary?.new_jobs_count ?? null} />
        <SkillGapsCard summary={summary} />
        <ProjectsCard counts={projects} />
        <CertificatesCard summary={summary} />
        <ResumeVersionsCard counts={resumes} />

        <Card className="md:col-span-2" data-test="dashboard-profile">
          <CardHeader>
            <CardTitle className="text-base">Career preferences</CardTitle>
            <CardDescription>What you told us you are looking for.</CardDescription>
          </CardHeader>
          <CardContent>
            {onboarding ? (
              <div className="grid gap-6 sm:grid-cols-3">
                <div className="grid content-start gap-1.5">
                  <p className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Roles</p>
                  <Chips items={onboarding.roles_targeted} empty="No roles yet." dataTest="dashboard-roles" />
                </div>
                <div className="grid content-start gap-1.5">
                  <p className="text-xs font-medium tracking-wide text-muted-foreground uppercase">
                    Minimum salary
                  </p>
                  {onboarding.min_target_lpa === null ? (
                    <p className="text-sm text-muted-foreground">No minimum set.</p>
                  ) : (
                    <p data-test="dashboard-lpa">
                      <span className="text-xl font-semibold">{formatInr(onboarding.min_target_lpa)}</span>
                      <span className="ml-2 text-sm text-muted-foreground">
                        {formatLpa(onboarding.min_target_lpa)}
                      </span>
                    </p>
                  )}
                </div>
                <div className="grid content-start gap-1.5">
                  <p className="text-xs font-medium tracking-wide text-muted-foreground uppercase">
                    Locations
                  </p>
                  <Chips
                    items={onboarding.preferred_locations}
                    empty="Anywhere."
                    dataTest="dashboard-locations"
                  />
                </div>
              </div>
            ) : (
              <Unavailable what="Your preferences" />
            )}
          </CardContent>
        </Card>
      </div>

      <section className="mt-8" aria-labelledby="quick-actions">
        <h2 id="quick-actions" className="mb-3 text-sm font-medium text-muted-foreground">
          Quick actions
        </h2>
        <div className="grid gap-3 sm:grid-cols-3" data-test="dashboard-quick-actions">
          {[
            {
              href: "/jobs",
              label: "Jobs",
              body: "Matching jobs, ranked for you",
              icon: BriefcaseBusiness,
            },
            {
              href: "/reports",
              label: "Reports",
              body: "Applications, resume performance, skill gaps",
              icon: ChartColumn,
            },
            {
              href: "/job-control",
              label: "Job Control",
              body: "Portals, filters and auto-apply",
              icon: SlidersHorizontal,
            },
            {
              href: "/projects",
              label: "Projects",
              body: "Your synced GitHub repositories",
              icon: FolderGit2,
            },
            {
              href: "/resumes",
              label: "Resumes",
              body: "Build, tailor and download",
              icon: FileText,
            },
            {
              href: "/settings",
              label: "Settings",
              body: "Integrations, tokens and notifications",
              icon: Settings,
            },
          ].map((a) => (
            <Link
              key={a.href}
              href={a.href}
              className="group flex items-center gap-3 rounded-xl border bg-background p-4 transition-colors hover:border-primary/50 focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              data-test={`quick-action-${a.href.slice(1)}`}
            >
              <a.icon className="size-5 shrink-0 text-primary" />
              <span className="min-w-0 flex-1">
                <span className="block text-sm font-medium">{a.label}</span>
                <span className="block text-xs text-muted-foreground">{a.body}</span>
              </span>
              <ArrowRight className="size-4 text-muted-foreground transition-transform group-hover:translate-x-0.5" />
            </Link>
          ))}
        </div>
      </section>
    </>
  );
}
