"use client";

import { Send } from "lucide-react";
import dynamic from "next/dynamic";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ApplyJob } from "./apply-dialog";

// The review dialog (and its API calls) loads when Apply is first pressed, not with the page.
const ApplyDialog = dynamic(() => import("./apply-dialog").then((m) => m.ApplyDialog), { ssr: false });

/** Opens the review-and-apply dialog for one job. */
export function ApplyButton({ job, size = "sm" }: { job: ApplyJob; size?: "sm" | "default" }) {
  const [open, setOpen] = useState(false);
  const [used, setUsed] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button
        ref={opener}
        type="button"
        size={size}
        onClick={() => {
          setUsed(true);
          setOpen(true);
        }}
        aria-label={`Apply to ${job.title} at ${job.company}`}
        data-test="job-apply"
      >
        <Send />
        Apply
      </Button>
      {used ? <ApplyDialog job={job} open={open} onOpenChange={setOpen} returnFocusTo={opener} /> : null}
    </>
  );
}
