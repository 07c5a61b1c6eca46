"use client";

import { LoaderCircle } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { errorMessage } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { cn } from "@/lib/utils";
import type { NotificationPrefs } from "../../_lib/forms";
import { EmailNotificationsField } from "./email-notifications-field";

const DIGESTS: { value: NotificationPrefs["email_digest"]; label: string }[] = [
  { value: "off", label: "Off" },
  { value: "daily", label: "Daily" },
  { value: "weekly", label: "Weekly" },
];

/**
 * The digest is the scheduled report email (the runner sends it: daily 08:00 IST, weekly on
 * Mondays), the same choice as the schedule on /reports. While false, the choice is shown
 * disabled with the reason rather than offered and silently ignored.
 */
export const EMAIL_DIGESTS_AVAILABLE = true;

/** Settings › Notifications & privacy, saved through the notifications stack. */
export function NotificationPrefsForm({ initial }: { initial: NotificationPrefs }) {
  const [saved, setSaved] = useState(initial);
  const [form, setForm] = useState(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inAppId = useId();
  const updatesId = useId();
  const emailId = useId();
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const { NotificationPrefsForm: schema } = await import("../../_lib/form-schemas");
    const prefs = schema.parse(form);
    setPending(true);
    setError(null);
    try {
      const stored = await browserApi().notifications.savePreferences(prefs);
      setSaved(stored);
      setForm(stored);
      toast.success("Notification preferences saved");
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-6" data-test="notification-prefs-form">
      <fieldset
        className="grid gap-2 disabled:opacity-70"
        disabled={!EMAIL_DIGESTS_AVAILABLE}
        aria-describedby="digest-availability"
      >
        <legend className="text-sm font-medium">Email digest</legend>
        <p id="digest-availability" className="text-sm text-muted-foreground" data-test="digest-availability">
          {EMAIL_DIGESTS_AVAILABLE
            ? "Your report by email: applications, responses, new jobs and skill gaps, daily at 8:00 IST or on Monday mornings. The same choice as on the Reports page."
            : "Not available yet: CareerPilot does not send email digests so far. This choice will apply once it does."}
        </p>
        <div className="mt-1 inline-flex w-fit rounded-lg border bg-muted p-1">
          {DIGESTS.map((d) => (
            <label
              key={d.value}
              className={cn(
                "cursor-pointer rounded-md px-4 py-1.5 has-[:disabled]:cursor-not-allowed text-sm font-medium text-muted-foreground has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
                form.email_digest === d.value && "bg-background text-foreground shadow-sm",
              )}
            >
              <input
                type="radio"
                name="email_digest"
                value={d.value}
                checked={form.email_digest === d.value}
                onChange={() => setForm({ ...form, email_digest: d.value })}
                className="sr-only"
                data-test={`digest-${d.value}`}
              />
              {d.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex items-start justify-between gap-4">
        <div>
          <Label htmlFor={inAppId}>In-app notifications</Label>
          <p className="mt-1 text-sm text-muted-foreground">
            New repositories, certificate results and résumé updates.
          </p>
        </div>
        <Switch
          id={inAppId}
          checked={form.in_app}
          onCheckedChange={(v) => setForm({ ...form, in_app: v })}
          data-test="notify-in-app"
        />
      </div>
      <EmailNotificationsField
        id={emailId}
        enabled={form.email_notifications}
        muted={form.email_muted_types}
        onEnabledChange={(v) => setForm({ ...form, email_notifications: v })}
        onUnmute={(type) =>
          setForm({ ...form, email_muted_types: form.email_muted_types.filter((t) => t !== type) })
        }
      />
      <div className="flex items-start justify-between gap-4">
        <div>
          <Label htmlFor={updatesId}>Product updates</Label>
          <p className="mt-1 text-sm text-muted-foreground">
            Occasional emails about new CareerPilot features.
          </p>
          <p className="mt-1 text-xs text-muted-foreground" data-test="notify-product-updates-reason">
            Not sent yet: there are no feature announcements to email. Your choice is kept for when there are.
          </p>
        </div>
        <Switch
          id={updatesId}
          checked={form.product_updates}
          onCheckedChange={(v) => setForm({ ...form, product_updates: v })}
          disabled
          data-test="notify-product-updates"
        />
      </div>
      <p className="rounded-lg bg-muted/60 p-3 text-xs text-muted-foreground">
        In-app notifications and instant emails follow these settings. Every email has an unsubscribe link
        that works without signing in. Your tokens are encrypted, never shown in full, and you can revoke any
        of them above at any time.
      </p>
      {error ? <p className="text-sm text-destructive">{error}</p> : null}
      <div>
        <Button type="submit" disabled={pending || !dirty} data-test="notification-prefs-save">
          {pending ? <LoaderCircle className="animate-spin" /> : null}
          {pending ? "Saving…" : "Save preferences"}
        </Button>
      </div>
    </form>
  );
}
