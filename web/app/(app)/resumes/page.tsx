import { FileText } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "../_components/coming-soon";
import { CertificatesTab } from "./_components/certificates-tab";

export const metadata: Metadata = { title: "Resumes" };

export default function ResumesPage() {
  return (
    <>
      <ComingSoon
        title="Resumes"
        description="AI résumés per role, with versions and PDF downloads."
        icon={FileText}
        upcoming={[
          "Generate, preview and download résumés as PDF",
          "Auto-update when a new repository is detected",
        ]}
      />
      <section id="certificates" aria-label="Certificates" className="mt-10">
        <CertificatesTab />
      </section>
    </>
  );
}
