"use client";

import { Check, LoaderCircle, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

/**
 * Approve (send it) or reject (never send it) one application waiting for review. The list
 * refreshes afterwards: an approved application leaves the queue for the runner.
 */
export function ApprovalActions({
  applicationId,
  title,
  coverLetter,
}: {
  applicationId: string;
  title: string;
  /** The cover letter as the user edited it (sent with the approval); undefined keeps the stored one. */
  coverLetter?: string;
}) {
  const router = useRouter();
  const [pending, setPending] = useState<"approve" | "reject" | null>(null);
  const [, startTransition] = useTransition();

  async function decide(decision: "approve" | "reject") {
    setPending(decision);
    try {
      if (decision === "approve")
        await browserApi().jobApply.approve(
          applicationId,
          coverLetter === undefined ? {} : { cover_letter: coverLetter.trim() ? coverLetter.trim() : null },
        );
      else await browserApi().jobApply.reject(applicationId);
      toast.success(
        decision === "approve" ? `Approved: ${title} goes out next` : `Rejected: ${title} is not sent`,
      );
      startTransition(() => router.refresh());
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="flex flex-wrap gap-2" data-test="approval-actions">
      <Button
        type="button"
        size="sm"
        onClick={() => decide("approve")}
        disabled={pending !== null}
        aria-label={`Approve ${title}`}
        data-test="approve"
      >
        {pending === "approve" ? <LoaderCircle className="animate-spin" /> : <Check />}
        Approve
      </Button>
      <Button
        type="button"
        size="sm"
        variant="outline"
        onClick={() => decide("reject")}
        disabled={pending !== null}
        aria-label={`Reject ${title}`}
        data-test="reject"
      >
        {pending === "reject" ? <LoaderCircle className="animate-spin" /> : <X />}
        Reject
      </Button>
    </div>
  );
}
