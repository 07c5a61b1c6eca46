"use client";

import { LoaderCircle, Trash2 } from "lucide-react";
import { useState } from "react";
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
 * Asks before deleting a repository's intro video (the clip and its files go for good), then
 * deletes it. Opened from a button, not a Radix trigger: on close, focus goes to `returnFocusTo`
 * (the opener, or what replaces it once the video is gone).
 */
export function DeleteVideoDialog({
  open,
  onOpenChange,
  repoId,
  repoName,
  onDeleted,
  returnFocusTo,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  repoId: string;
  repoName: string;
  onDeleted: () => void;
  returnFocusTo: () => HTMLElement | null;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setPending(true);
    setError(null);
    try {
      await browserApi().projects.deleteVideo(repoId);
      onDeleted();
      onOpenChange(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (pending ? undefined : onOpenChange(next))}>
      <DialogContent
        role="alertdialog"
        data-test="repo-video-delete-dialog"
        onCloseAutoFocus={(e) => {
          e.preventDefault();
          // After a delete the opener is gone; the card renders "Add intro video" in its place.
          requestAnimationFrame(() => returnFocusTo()?.focus());
        }}
      >
        <DialogHeader>
          <DialogTitle>Delete the intro video of {repoName}?</DialogTitle>
          <DialogDescription>
            The clip, its playable copy and its poster are deleted for good. You can record or upload a new
            one afterwards.
          </DialogDescription>
        </DialogHeader>
        {error ? (
          <p role="alert" className="text-sm text-destructive" data-test="repo-video-delete-error">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <Button
            type="button"
            variant="outline"
            onClick={() => onOpenChange(false)}
            disabled={pending}
            data-test="repo-video-delete-cancel"
          >
            Keep it
          </Button>
          <Button
            type="button"
            variant="destructive"
            onClick={() => void remove()}
            disabled={pending}
            data-test="repo-video-delete-confirm"
          >
            {pending ? <LoaderCircle className="animate-spin" /> : <Trash2 />}
            Delete video
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
