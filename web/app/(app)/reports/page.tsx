import { CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { PageHeader } from "../_components/page-header";
import { ApplicationsOverTime, Funnel } from "./_components/applications-section";
import { DateRangeBar } from "./_components/date-range";
import { EmailSchedule } from "./_components/email-schedule";
import { ExportPanel } from "./_components/export-panel";
import { ResumePerformance } from "./_components/resume-performance";
import { SkillGaps } from "./_components/skill-gaps";
import { SummaryTiles } from "./_components/summary-tiles";
import { loadReports } from "./_lib/load";
import { readRange } from "./_lib/range";

export const metadata: Metadata = { title: "Reports" };

function Unavailable({ what, message }: { what: string; message: string }) {
  return (
    <Alert variant="destructive" data-test="reports-unavailable">
      <CircleAlert />
      <AlertTitle>{what} could not be loaded</AlertTitle>
      <AlertDescription>{message} Refresh the page to try again.</AlertDescription>
    </Alert>
  );
}

/**
 * `/reports`: applications over time by portal, the funnel, resume performance, skill gaps, for a
 * date range kept in the URL; exports and the report email schedule. Each section loads on its
 * own, so one failing API call leaves the others readable.
 */
export default async function ReportsPage({
  searchParams,
}: {
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
}) {
  const user = await requireUser();
  const range = readRange(await searchParams);
  const data = await loadReports(serverApi(user.accessToken), range);

  return (
    <>
      <PageHeader title="Reports" description="What is working in your job search, and what to learn next." />
      <div className="grid gap-6">
        <DateRangeBar range={range} />
        {typeof data.applications === "string" ? (
          <Unavailable what="Applications" message={data.applications} />
        ) : (
          <>
            <SummaryTiles view={data.applications} />
            <div className="grid gap-6 lg:grid-cols-5">
              <Card className="min-w-0 lg:col-span-3">
                <CardContent className="px-4 sm:px-6">
                  <ApplicationsOverTime view={data.applications} />
                </CardContent>
              </Card>
              <Card className="min-w-0 lg:col-span-2">
                <CardContent className="px-4 sm:px-6">
                  <Funnel view={data.applications} />
                </CardContent>
              </Card>
            </div>
          </>
        )}
        <Card className="min-w-0" data-test="reports-resumes">
          <CardHeader>
            <CardTitle className="text-base">Resume performance</CardTitle>
            <CardDescription>How far applications got with each resume version.</CardDescription>
          </CardHeader>
          <CardContent>
            {typeof data.resumes === "string" ? (
              <Unavailable what="Resume performance" message={data.resumes} />
            ) : (
              <ResumePerformance rows={data.resumes} />
            )}
          </CardContent>
        </Card>
        <Card className="min-w-0 scroll-mt-20" id="skill-gaps" data-test="reports-skill-gaps">
          <CardHeader>
            <CardTitle className="text-base">Skill gaps</CardTitle>
            <CardDescription>
              Skills your matching jobs ask for that your projects, career record and verified certificates do
              not show yet.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {typeof data.gaps === "string" ? (
              <Unavailable what="Skill gaps" message={data.gaps} />
            ) : (
              <SkillGaps gaps={data.gaps} />
            )}
          </CardContent>
        </Card>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card className="min-w-0" data-test="reports-exports">
            <CardHeader>
              <CardTitle className="text-base">Export</CardTitle>
              <CardDescription>Download this range as a spreadsheet (CSV) or a PDF report.</CardDescription>
            </CardHeader>
            <CardContent>
              <ExportPanel from={range.from} to={range.to} />
            </CardContent>
          </Card>
          <Card className="min-w-0" data-test="reports-email">
            <CardHeader>
              <CardTitle className="text-base">Report emails</CardTitle>
              <CardDescription>Your key numbers in your inbox, with a link back here.</CardDescription>
            </CardHeader>
            <CardContent>
              {data.schedule === null ? (
                <p className="text-sm text-muted-foreground">
                  Your email schedule could not be loaded. Refresh to try again.
                </p>
              ) : (
                <EmailSchedule initial={data.schedule.schedule} unsubscribed={data.schedule.unsubscribed} />
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
