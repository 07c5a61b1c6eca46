import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api";
import { requireUser, serverApi } from "@/lib/supabase/server";
import { AdminHeader } from "../../../_components/admin-header";
import { CertificateReview } from "../../../_components/certificate-review";

export const metadata = { title: "User certificates" };

/** One user's certificates: the file beside its OCR extract, approve or reject with notes. */
export default async function AdminUserCertificatesPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const me = await requireUser();
  let name: string;
  try {
    const d = await serverApi(me.accessToken).admin.user(userId);
    name = d.user.display_name ?? d.user.email ?? "User";
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 422)) notFound();
    throw e;
  }
  return (
    <>
      <AdminHeader
        title={`Certificates of ${name}`}
        description="Compare the document with what was read from it, then decide."
        actions={
          <Link href={`/admin/users/${userId}`} className="text-sm underline underline-offset-2">
            Back to {name}
          </Link>
        }
      />
      <CertificateReview userId={userId} />
    </>
  );
}
