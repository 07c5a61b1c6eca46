"use client";

import { LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import { errorMessage, type JobApplication } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { RECORDABLE_RESPONSES, RESPONSE_LABELS, type Response } from "../_lib/labels";

/**
 * Records what the employer answered (viewed, shortlisted, interview, offer, rejected) with
 * PUT …/applications/:id/response; the change lands in the timeline, so the page refreshes.
 */
export function ResponseUpdate({
  application,
}: {
  application: Pick<JobApplication, "id" | "response_status">;
}) {
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState<Response>(application.response_status as Response);
  const [pending, setPending] = useState(false);
  const [, startTransition] = useTransition();
  const changed = value !== application.response_status;

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!changed || value === "pending") return;
    setPending(true);
    try {
      await browserApi().jobApply.setResponse(application.id, value);
      toast.success(`Response recorded: ${RESPONSE_LABELS[value]}`);
      startTransition(() => router.refresh());
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={save} className="flex flex-wrap items-end gap-2" data-test="response-form">
      <div className="grid gap-1.5">
        <Label htmlFor={id}>Employer’s response</Label>
        <NativeSelect
          id={id}
          value={value}
          onChange={(e) => setValue(e.target.value as Response)}
          disabled={pending}
          className="min-w-44"
          data-test="response-select"
        >
          {application.response_status === "pending" ? (
            <NativeSelectOption value="pending">{RESPONSE_LABELS.pending}</NativeSelectOption>
          ) : null}
          {RECORDABLE_RESPONSES.map((r) => (
            <NativeSelectOption key={r} value={r}>
              {RESPONSE_LABELS[r]}
            </NativeSelectOption>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" variant="outline" disabled={!changed || pending} data-test="response-save">
        {pending ? <LoaderCircle className="animate-spin" /> : null}
        Save response
      </Button>
    </form>
  );
}
