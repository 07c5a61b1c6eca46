"use client";

import { CircleCheck, CircleX } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import type { Prerequisite } from "../../_lib/auto-apply";

/**
 * Asked before auto-apply is switched on: lists what it needs (résumé, portal access, caps, a
 * running search), which of those are still missing, and lets the user confirm or cancel. On
 * close, focus goes back to the switch that opened it (`returnFocusTo`).
 */
export function AutoApplyConfirm({
  open,
  prerequisites,
  onConfirm,
  onCancel,
  returnFocusTo,
}: {
  open: boolean;
  prerequisites: Prerequisite[];
  onConfirm: () => void;
  onCancel: () => void;
  returnFocusTo: React.RefObject<HTMLElement | null>;
}) {
  const missing = prerequisites.filter((p) => !p.ready);
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : onCancel())}>
      <DialogContent
        data-test="auto-apply-confirm"
        onCloseAutoFocus={(e) => {
          e.preventDefault();
          returnFocusTo.current?.focus();
        }}
      >
        <DialogHeader>
          <DialogTitle>Turn on auto-apply?</DialogTitle>
          <DialogDescription>
            {missing.length > 0
              ? "CareerPilot will apply for you only once everything below is in place. Until then, nothing is sent."
              : "CareerPilot will apply to matching jobs for you, with your best résumé."}
          </DialogDescription>
        </DialogHeader>
        <ul className="grid gap-3" data-test="auto-apply-prerequisites">
          {prerequisites.map((p) => (
            <li
              key={p.id}
              className="flex items-start gap-3 text-sm"
              data-test={`prerequisite-${p.id}`}
              data-ready={p.ready}
            >
              {p.ready ? (
                <CircleCheck className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-label="Ready" />
              ) : (
                <CircleX className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="Missing" />
              )}
              <span>
                <span className="font-medium">{p.label}</span>
                {p.ready ? null : (
                  <span className="block text-muted-foreground">
                    {p.detail}{" "}
                    {p.href ? (
                      <Link href={p.href} className="text-primary underline-offset-4 hover:underline">
                        Go there
                      </Link>
                    ) : null}
                  </span>
                )}
              </span>
            </li>
          ))}
        </ul>
        <DialogFooter>
          <Button variant="ghost" onClick={onCancel} data-test="auto-apply-cancel">
            Keep it off
          </Button>
          <Button onClick={onConfirm} data-test="auto-apply-confirm-on">
            {missing.length > 0 ? "Turn on anyway" : "Turn on auto-apply"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
