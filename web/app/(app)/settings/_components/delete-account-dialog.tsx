"use client";

import { CircleAlert, LoaderCircle, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { errorMessage } from "@/lib/api";
import { browserApi, browserAuth } from "@/lib/supabase/client";

const CONFIRM_WORD = "DELETE";

/** Deletes the account after the user types DELETE, signs out locally and returns to the landing page. */
export function DeleteAccountDialog({ email }: { email: string | null }) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function onOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    if (!next) {
      setTyped("");
      setError(null);
    }
  }

  async function onDelete(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (typed !== CONFIRM_WORD) return;
    setPending(true);
    setError(null);
    try {
      await browserApi().authIdentity.deleteAccount();
    } catch (err) {
      setPending(false);
      setError(errorMessage(err));
      return;
    }
    // The account is gone: the session cannot be revoked remotely, so only clear it here.
    await (await browserAuth()).signOut({ scope: "local" });
    router.replace("/?notice=account-deleted");
    router.refresh();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="destructive" data-test="delete-account-open">
          <Trash2 /> Delete account
        </Button>
      </DialogTrigger>
      <DialogContent data-test="delete-account-dialog" showCloseButton={!pending}>
        <form onSubmit={onDelete} className="grid gap-5">
          <DialogHeader>
            <DialogTitle>Delete your account?</DialogTitle>
            <DialogDescription>
              This permanently deletes{" "}
              {email ? <strong className="text-foreground">{email}</strong> : "your account"} with its
              profile, projects, résumés, videos, certificates and job history. It cannot be undone.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor={id}>
              Type <span className="font-mono font-semibold">{CONFIRM_WORD}</span> to confirm
            </Label>
            <Input
              id={id}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              disabled={pending}
              className="h-10 font-mono"
              data-test="delete-confirm-input"
            />
          </div>
          {error ? (
            <p
              role="alert"
              className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm text-red-700 dark:text-red-300"
              data-test="delete-error"
            >
              <CircleAlert className="mt-0.5 size-4 shrink-0" />
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={pending} data-test="delete-cancel">
                Cancel
              </Button>
            </DialogClose>
            <Button
              type="submit"
              variant="destructive"
              disabled={typed !== CONFIRM_WORD || pending}
              data-test="delete-confirm"
            >
              {pending ? <LoaderCircle className="animate-spin" /> : <Trash2 />}
              {pending ? "Deleting…" : "Delete account"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
