"use client";

import { Check, ListPlus, LoaderCircle, RotateCcw, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { errorMessage, type FetchedJob, type UserJobStatus } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { ApplyButton } from "./apply-button";

const ACTIONS: { status: UserJobStatus; label: string; done: string; icon: typeof Check }[] = [
  { status: "reviewed", label: "Reviewed", done: "Marked reviewed", icon: Check },
  { status: "queued", label: "Queue to apply", done: "Queued to apply", icon: ListPlus },
  { status: "skipped", label: "Skip", done: "Skipped", icon: X },
];

/**
 * Apply (the review dialog), and the user's decision on a job. It applies to the job's copies on other portals too (one job,
 * one status); applied and expired jobs keep theirs.
 */
export function StatusActions({
  job,
  size = "sm",
}: {
  job: Pick<FetchedJob, "id" | "status" | "title" | "company" | "portal">;
  size?: "sm" | "default";
}) {
  const router = useRouter();
  const [pending, setPending] = useState<UserJobStatus | null>(null);
  const [, startTransition] = useTransition();
  if (job.status === "applied" || job.status === "expired") {
    return (
      <p className="text-sm text-muted-foreground">{job.status === "applied" ? "Applied" : "Expired"}</p>
    );
  }
  const set = async (status: UserJobStatus, done: string) => {
    setPending(status);
    try {
      await browserApi().jobs.setStatus(job.id, status);
      toast.success(done);
      startTransition(() => router.refresh());
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setPending(null);
    }
  };
  return (
    <div className="flex flex-wrap gap-2" data-test="job-actions">
      <ApplyButton job={job} size={size} />
      {ACTIONS.map(({ status, label, done, icon: Icon }) =>
        job.status === status ? null : (
          <Button
            key={status}
            type="button"
            size={size}
            variant={status === "queued" ? "default" : "outline"}
            disabled={pending !== null}
            onClick={() => set(status, done)}
            data-test={`job-action-${status}`}
          >
            {pending === status ? <LoaderCircle className="animate-spin" /> : <Icon />}
            {label}
          </Button>
        ),
      )}
      {job.status !== "new" ? (
        <Button
          type="button"
          size={size}
          variant="ghost"
          disabled={pending !== null}
          onClick={() => set("new", "Moved back to new")}
          data-test="job-action-new"
        >
          <RotateCcw />
          Undo
        </Button>
      ) : null}
    </div>
  );
}
