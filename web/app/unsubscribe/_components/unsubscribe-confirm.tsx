"use client";

import { CircleCheck, LoaderCircle } from "lucide-react";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { createApiClient, errorMessage } from "@/lib/api";

/** What each emailed notification type is about, in words. */
const TYPE_LABELS: Record<string, string> = {
  "integrations.token.rejected": "access problems with your connected accounts",
  "project_video.processed": "intro videos that were not accepted",
};

/** Asks to confirm, then turns the link's notification type's emails off. */
export function UnsubscribeConfirm({
  token,
  notificationType,
  alreadyUnsubscribed,
}: {
  token: string;
  notificationType: string;
  alreadyUnsubscribed: boolean;
}) {
  const [done, setDone] = useState(alreadyUnsubscribed);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = TYPE_LABELS[notificationType] ?? notificationType;

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      await createApiClient({
        getAccessToken: async () => null,
        allowSignedOut: true,
      }).notifications.unsubscribe(token);
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <div className="grid gap-4" data-test="unsubscribe-done">
        <h1 className="text-2xl font-semibold tracking-tight">You’re unsubscribed</h1>
        <Alert>
          <CircleCheck className="text-emerald-600" />
          <AlertDescription className="text-foreground">
            You will no longer get emails about {label}. You still see them in the app.
          </AlertDescription>
        </Alert>
        <p className="text-sm text-muted-foreground">
          Changed your mind? Turn them back on under Settings › Notifications.
        </p>
      </div>
    );
  }

  return (
    <div className="grid gap-4" data-test="unsubscribe-confirm">
      <h1 className="text-2xl font-semibold tracking-tight">Stop these emails?</h1>
      <p className="text-sm text-muted-foreground">
        You will no longer get emails about <strong className="text-foreground">{label}</strong>. Other
        CareerPilot emails and in-app notifications stay as they are.
      </p>
      {error ? <p className="text-sm text-destructive">{error}</p> : null}
      <Button className="h-10 w-fit" onClick={confirm} disabled={pending} data-test="unsubscribe-submit">
        {pending ? <LoaderCircle className="animate-spin" /> : null}
        {pending ? "Unsubscribing…" : "Unsubscribe"}
      </Button>
    </div>
  );
}
