"use client";

import { LoaderCircle, Pause, Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { errorMessage } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

/**
 * Pauses or resumes one user's applying (POST …/admin/job-apply/user/:id): paused, their auto,
 * batch and manual submissions are held until resumed. The reason is shown to the user and kept
 * in the audit log.
 */
export function UserPauseControls({ userId, email }: { userId: string; email: string | null }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [pending, setPending] = useState<"pause" | "resume" | null>(null);
  const [, startTransition] = useTransition();
  const id = useId();
  const who = email ?? "this user";

  async function act(pause: boolean) {
    setPending(pause ? "pause" : "resume");
    try {
      const res = await browserApi().admin.pauseUserApplying(
        userId,
        pause,
        pause ? reason.trim() || undefined : undefined,
      );
      toast.success(res.status === "paused" ? `Applying paused for ${who}` : `Applying resumed for ${who}`);
      setReason("");
      startTransition(() => router.refresh());
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="grid gap-3 rounded-xl border bg-card p-4" data-test="user-pause-controls">
      <p className="text-sm">
        Applying for <span className="font-medium [overflow-wrap:anywhere]">{who}</span>
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid min-w-56 flex-1 gap-1.5">
          <Label htmlFor={id}>Reason the user will see (optional)</Label>
          <Input
            id={id}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
            placeholder="Their LinkedIn account was flagged"
            disabled={pending !== null}
            data-test="user-pause-reason"
          />
        </div>
        <Button
          type="button"
          variant="destructive"
          disabled={pending !== null}
          onClick={() => act(true)}
          data-test="user-pause"
        >
          {pending === "pause" ? <LoaderCircle className="animate-spin" /> : <Pause />}
          Pause applying
        </Button>
        <Button
          type="button"
          variant="outline"
          disabled={pending !== null}
          onClick={() => act(false)}
          data-test="user-resume"
        >
          {pending === "resume" ? <LoaderCircle className="animate-spin" /> : <Play />}
          Resume applying
        </Button>
      </div>
    </div>
  );
}
