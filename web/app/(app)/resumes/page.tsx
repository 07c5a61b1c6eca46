import type { Metadata } from "next";
import { DemoBadge } from "@/components/demo-badge";
import { type CareerRecord, errorMessage, type ResumeList } from "@/lib/api";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { PageHeader } from "../_components/page-header";
import { CertificatesTab } from "./_components/certificates-tab";
import { ResumesWorkspace } from "./_components/resumes-workspace";

export const metadata: Metadata = { title: "Resumes" };

type Search = { resume?: string | string[]; version?: string | string[] };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

export default async function ResumesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const api = serverApi(user.accessToken);
  let list: ResumeList | null = null;
  let record: CareerRecord | null = null;
  let loadError: string | null = null;
  try {
    [list, record] = await Promise.all([api.resumes.list(), api.resumes.record()]);
  } catch (err) {
    loadError = errorMessage(err);
  }
  return (
    <>
      <PageHeader
        title="Resumes"
        description="Resumes built from your career record and projects — every line traceable to something you declared."
        badges={<DemoBadge service="gemini" />}
      />
      {loadError || !list || !record ? (
        <p className="text-sm text-destructive" data-test="resumes-load-error">
          {loadError ?? "Resumes could not be loaded."} Refresh to try again.
        </p>
      ) : (
        <ResumesWorkspace
          initialList={list}
          initialRecord={record}
          initialResumeId={one(sp.resume)}
          initialVersionId={one(sp.version)}
        />
      )}
      <section id="certificates" aria-label="Certificates" className="mt-10">
        <CertificatesTab />
      </section>
    </>
  );
}
