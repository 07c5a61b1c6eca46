"use client";

import { LoaderCircle, RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

/** Reopens the wizard from its first step; answers already given are kept as its defaults. */
export function RerunOnboardingButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function onClick() {
    setPending(true);
    try {
      await browserApi().onboarding.update({ completed: false, current_step: "profile" });
      router.push("/onboarding");
      router.refresh();
    } catch (err) {
      toast.error(errorMessage(err));
      setPending(false);
    }
  }

  return (
    <Button variant="outline" onClick={onClick} disabled={pending} data-test="rerun-onboarding">
      {pending ? <LoaderCircle className="animate-spin" /> : <RotateCcw />}
      Re-run onboarding
    </Button>
  );
}
