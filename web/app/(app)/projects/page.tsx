import { FolderGit2 } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "../_components/coming-soon";

export const metadata: Metadata = { title: "Projects" };

export default function ProjectsPage() {
  return (
    <ComingSoon
      title="Projects"
      description="Your GitHub repositories, described for recruiters."
      icon={FolderGit2}
      upcoming={[
        "See synced repositories with AI descriptions",
        "Regenerate a description with one click",
        "Record or upload a 20–30 second intro video per project",
      ]}
    />
  );
}
