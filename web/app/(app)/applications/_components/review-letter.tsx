"use client";

import { useId, useState } from "react";
import { ApprovalActions } from "./approval-actions";

/**
 * Review before submit, in the application's detail: the cover letter it will send, editable (an
 * emptied letter sends none), and Approve (with the letter as edited) or Reject.
 */
export function ReviewLetter({
  applicationId,
  title,
  initial,
}: {
  applicationId: string;
  title: string;
  initial: string | null;
}) {
  const [letter, setLetter] = useState(initial ?? "");
  const id = useId();
  const edited = letter !== (initial ?? "");
  return (
    <div className="grid gap-2" data-test="review-letter">
      <label htmlFor={id} className="text-sm font-medium">
        Cover letter to send
      </label>
      <textarea
        id={id}
        value={letter}
        onChange={(e) => setLetter(e.target.value)}
        rows={8}
        maxLength={10000}
        placeholder="No cover letter. Write one here, or approve without."
        className="w-full rounded-md border border-input bg-transparent px-3 py-2 text-sm leading-relaxed shadow-xs focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none dark:bg-input/30"
        data-test="review-letter-input"
      />
      <p className="text-xs text-muted-foreground">
        {edited ? "Your edits are sent when you approve." : "Edit it before approving if you like."}
      </p>
      <ApprovalActions
        applicationId={applicationId}
        title={title}
        coverLetter={edited ? letter : undefined}
      />
    </div>
  );
}
