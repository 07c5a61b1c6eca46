"use client";

import { LoaderCircle, Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { errorMessage, type Portal } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { PORTAL_LABELS } from "../../_lib/forms";

/** Resumes applying on a portal CareerPilot paused after a block, once the user fixed the cause. */
export function ResumePortal({ portal }: { portal: Portal }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [, startTransition] = useTransition();
  return (
    <Button
      type="button"
      size="sm"
      variant="outline"
      disabled={pending}
      data-test={`resume-portal-${portal}`}
      onClick={async () => {
        setPending(true);
        try {
          await browserApi().jobApply.resumePortal(portal);
          toast.success(`Applying on ${PORTAL_LABELS[portal]} resumed`);
          startTransition(() => router.refresh());
        } catch (err) {
          toast.error(errorMessage(err));
        } finally {
          setPending(false);
        }
      }}
    >
      {pending ? <LoaderCircle className="animate-spin" /> : <Play />}
      Resume {PORTAL_LABELS[portal]}
    </Button>
  );
}
