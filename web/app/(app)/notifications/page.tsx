import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "../_components/page-header";
import { NotificationsList, NotificationsSkeleton } from "./_components/notifications-list";

export const metadata: Metadata = { title: "Notifications" };

export default function NotificationsPage() {
  return (
    <>
      <PageHeader title="Notifications" description="Everything CareerPilot did for you, as it happens." />
      <Suspense fallback={<NotificationsSkeleton />}>
        <NotificationsList />
      </Suspense>
    </>
  );
}
