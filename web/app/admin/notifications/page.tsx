import { AdminHeader } from "../_components/admin-header";
import { BroadcastForm } from "./_components/broadcast-form";

export const metadata = { title: "Notifications" };

/** Broadcast an in-app notification to every user or to chosen users, after a preview. */
export default function AdminNotificationsPage() {
  return (
    <>
      <AdminHeader
        title="Notifications"
        description="Tell users something in their notification inbox. Users who turned in-app notifications off are skipped."
      />
      <BroadcastForm />
    </>
  );
}
