import { Bell } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "../_components/coming-soon";

export const metadata: Metadata = { title: "Notifications" };

export default function NotificationsPage() {
  return (
    <ComingSoon
      title="Notifications"
      description="Everything CareerPilot did for you, as it happens."
      icon={Bell}
      upcoming={[
        "New repositories, certificate results and résumé updates",
        "Job-apply summaries and skill-gap alerts",
        "Mark as read or unread, with links to the details",
      ]}
    />
  );
}
