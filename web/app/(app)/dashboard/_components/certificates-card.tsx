import { ArrowRight, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { DashboardSummary } from "@/lib/api";

/**
 * The dashboard's Verified certificates card (spec: "verified certificates" card): how many of
 * the user's certificates an admin verified, and how many wait for review, from the dashboard
 * summary (`GET /insights/v1/dashboard/summary`).
 */
export function CertificatesCard({ summary }: { summary: DashboardSummary | null }) {
  const counts = summary
    ? { verified: summary.verified_certificates_count, pending: summary.pending_certificates_count }
    : null;
  return (
    <Card className="md:col-span-2" data-test="dashboard-certificates">
      <CardHeader>
        <CardTitle className="text-base">Verified certificates</CardTitle>
        <CardDescription>Checked by our team; they show with a badge on your résumés.</CardDescription>
      </CardHeader>
      <CardContent className="flex items-end justify-between gap-4">
        {counts === null ? (
          <p className="text-sm text-muted-foreground">
            Certificates could not be loaded. Refresh to try again.
          </p>
        ) : (
          <p className="flex items-center gap-3">
            <ShieldCheck className="size-6 text-emerald-600" aria-hidden />
            <span>
              <span
                className="block text-2xl font-semibold tabular-nums"
                data-test="dashboard-verified-count"
              >
                {counts.verified}
              </span>
              <span className="block text-xs text-muted-foreground">
                {counts.pending ? `${counts.pending} waiting for review` : "none waiting for review"}
              </span>
            </span>
          </p>
        )}
        <Button asChild variant="outline" size="sm">
          <Link href="/resumes#certificates">
            Certificates <ArrowRight />
          </Link>
        </Button>
      </CardContent>
    </Card>
  );
}
