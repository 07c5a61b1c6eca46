import { AdminHeader } from "../_components/admin-header";
import { CertificateReview } from "../_components/certificate-review";

export const metadata = { title: "Certificates" };

/** The review queue across all users, oldest upload first. */
export default function AdminCertificatesPage() {
  return (
    <>
      <AdminHeader
        title="Certificates"
        description="Uploaded documents waiting for a decision, oldest first."
      />
      <CertificateReview />
    </>
  );
}
