"use client";

import { CheckCheck, LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { errorMessage } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

/**
 * Approves every application waiting for review, after a confirmation that says how many go out
 * (within the daily caps and pacing, so some may wait for tomorrow).
 */
export function ApproveAll({ count }: { count: number }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [, startTransition] = useTransition();
  const opener = useRef<HTMLButtonElement>(null);

  async function approveAll() {
    setPending(true);
    try {
      const res = await browserApi().jobApply.approveAll();
      setOpen(false);
      toast.success(
        res.approved_count === 1 ? "1 application approved" : `${res.approved_count} applications approved`,
      );
      startTransition(() => router.refresh());
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <Button
        ref={opener}
        type="button"
        onClick={() => setOpen(true)}
        disabled={count === 0}
        data-test="approve-all"
      >
        <CheckCheck />
        Approve all ({count})
      </Button>
      <Dialog open={open} onOpenChange={(next) => !pending && setOpen(next)}>
        <DialogContent
          data-test="approve-all-confirm"
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            opener.current?.focus();
          }}
        >
          <DialogHeader>
            <DialogTitle>Approve all {count} applications?</DialogTitle>
            <DialogDescription>
              Each goes out with the résumé and cover letter shown here. Your daily caps and pacing still
              apply, so some may wait until tomorrow.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="ghost" onClick={() => setOpen(false)} disabled={pending}>
              Cancel
            </Button>
            <Button onClick={approveAll} disabled={pending} data-test="approve-all-confirm-yes">
              {pending ? <LoaderCircle className="animate-spin" /> : <CheckCheck />}
              Approve all
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
