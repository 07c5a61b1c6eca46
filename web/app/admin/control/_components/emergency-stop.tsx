"use client";

import { LoaderCircle, OctagonX, Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { LocalTime } from "@/components/local-time";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { errorMessage } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

export interface StopState {
  enabled: boolean;
  reason: string | null;
  since: string | null;
  by: string | null;
  /** Applications held right now, across users (by the stop, admin pauses or paused portals). */
  held: number;
}

/**
 * The platform-wide emergency stop: its current state, and a switch that always asks first.
 * Stopping halts every auto and batch submission within a minute (runners check right before the
 * final submit); waiting applications are held, not dropped, and continue when it is lifted.
 */
export function EmergencyStop({ state }: { state: StopState }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [pending, setPending] = useState(false);
  const [, startTransition] = useTransition();
  const opener = useRef<HTMLButtonElement>(null);
  const reasonId = useId();
  const next = !state.enabled;

  async function confirm() {
    setPending(true);
    try {
      await browserApi().admin.setEmergencyStop(next, next ? reason.trim() || undefined : undefined);
      setOpen(false);
      setReason("");
      toast.success(
        next
          ? "Emergency stop is on: no application is submitted"
          : "Emergency stop lifted: applying resumes",
      );
      startTransition(() => router.refresh());
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <section
      className="grid gap-4 rounded-xl border bg-card p-5"
      aria-labelledby="stop-title"
      data-test="emergency-stop"
    >
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h2 id="stop-title" className="text-lg font-semibold">
            Emergency stop
          </h2>
          <p className="max-w-xl text-sm text-muted-foreground">
            Halts every submission on the platform within a minute. Waiting applications are held, not
            dropped, and continue once the stop is lifted. Users see that applying is paused, and why.
          </p>
        </div>
        <Button
          ref={opener}
          type="button"
          variant={state.enabled ? "outline" : "destructive"}
          onClick={() => setOpen(true)}
          data-test="emergency-stop-toggle"
        >
          {state.enabled ? <Play /> : <OctagonX />}
          {state.enabled ? "Lift the stop" : "Stop all applying"}
        </Button>
      </div>
      {state.enabled ? (
        <Alert variant="destructive" data-test="emergency-stop-state" data-enabled="true">
          <OctagonX />
          <AlertTitle>On: no application is being submitted</AlertTitle>
          <AlertDescription>
            {state.since ? (
              <p>
                Since <LocalTime iso={state.since} />
                {state.by ? ` (by ${state.by})` : ""}.
              </p>
            ) : null}
            {state.reason ? <p>Reason: {state.reason}</p> : null}
            <p data-test="emergency-stop-held">
              {state.held === 1 ? "1 application is held" : `${state.held} applications are held`}; they
              continue when the stop is lifted.
            </p>
          </AlertDescription>
        </Alert>
      ) : (
        <p className="text-sm" data-test="emergency-stop-state" data-enabled="false">
          <span className="mr-2 inline-block size-2 rounded-full bg-emerald-500 align-middle" aria-hidden />
          Off: applying runs normally.
          {state.since ? (
            <span className="text-muted-foreground">
              {" "}
              Last lifted <LocalTime iso={state.since} />
              {state.by ? ` by ${state.by}` : ""}.
            </span>
          ) : null}
        </p>
      )}
      <Dialog open={open} onOpenChange={(o) => !pending && setOpen(o)}>
        <DialogContent
          data-test="emergency-stop-confirm"
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            opener.current?.focus();
          }}
        >
          <DialogHeader>
            <DialogTitle>
              {next ? "Stop all applying on the platform?" : "Lift the emergency stop?"}
            </DialogTitle>
            <DialogDescription>
              {next
                ? "Every user's auto and batch applications stop within a minute. Nothing queued is lost; it is held until you lift the stop. This is recorded in the audit log."
                : "Held applications continue, within each user's caps and pacing. This is recorded in the audit log."}
            </DialogDescription>
          </DialogHeader>
          {next ? (
            <div className="grid gap-1.5">
              <Label htmlFor={reasonId}>Reason users will see (optional)</Label>
              <textarea
                id={reasonId}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                maxLength={500}
                rows={3}
                className="rounded-md border border-input bg-transparent px-3 py-2 text-sm shadow-xs focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
                placeholder="LinkedIn is restricting accounts; we are investigating."
                data-test="emergency-stop-reason"
              />
            </div>
          ) : null}
          <DialogFooter>
            <Button
              variant="ghost"
              onClick={() => setOpen(false)}
              disabled={pending}
              data-test="emergency-stop-cancel"
            >
              Cancel
            </Button>
            <Button
              variant={next ? "destructive" : "default"}
              onClick={confirm}
              disabled={pending}
              data-test="emergency-stop-confirm-yes"
            >
              {pending ? <LoaderCircle className="animate-spin" /> : null}
              {next ? "Stop all applying" : "Lift the stop"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </section>
  );
}
