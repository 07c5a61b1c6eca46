"use client";

import { LoaderCircle, Pause, Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

/** Pauses (or resumes) one user's applying: their auto, batch and manual submissions are held. */
export function UserPauseButton({ userId, email, paused }: { userId: string; email: string | null; paused: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [, startTransition] = useTransition();
  const who = email ?? "this user";
  return (
    <Button
      type="button"
      size="sm"
      variant={paused ? "outline" : "ghost"}
      disabled={pending}
      aria-label={`${paused ? "Resume" : "Pause"} applying for ${who}`}
      data-test={paused ? "user-resume" : "user-pause"}
      onClick={async () => {
        if (!paused && !window.confirm(`Pause applying for ${who}? Their waiting applications are held until you resume.`)) return;
        setPending(true);
        try {
          await browserApi().admin.pauseUserApplying(userId, !paused);
          toast.success(paused ? `Applying resumed for ${who}` : `Applying paused for ${who}`);
          startTransition(() => router.refresh());
        } catch (err) {
          toast.error(errorMessage(err));
        } finally {
          setPending(false);
        }
      }}
    >
      {pending ? <LoaderCircle className="animate-spin" /> : paused ? <Play /> : <Pause />}
      {paused ? "Resume" : "Pause"}
    </Button>
  );
}
