import { Suspense } from "react";
import { AdminHeader } from "../_components/admin-header";
import { ApiKeysTable } from "./_components/api-keys-table";

export const metadata = { title: "API Management" };

/** The platform's keys for the services the runner uses: masked, with expiry; rotate one. */
export default function AdminApiManagementPage() {
  return (
    <>
      <AdminHeader
        title="API Management"
        description="Keys the platform uses for scrapers, Apify, the proxy and mail. Stored encrypted; only the last 4 characters are ever shown."
      />
      <Suspense>
        <ApiKeysTable />
      </Suspense>
    </>
  );
}
