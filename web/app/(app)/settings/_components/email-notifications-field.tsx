"use client";

import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";

/** Words for the notification types that are emailed (the dotted type when unknown). */
const TYPE_LABELS: Record<string, string> = {
  "integrations.token.rejected": "Access problems with connected accounts",
  "project_video.processed": "Intro videos that were not accepted",
};

/**
 * Settings › Notifications: instant emails (sent now by the runner) and the types the user
 * unsubscribed from with an email's one-click link, each of which can be turned back on.
 */
export function EmailNotificationsField({
  id,
  enabled,
  muted,
  onEnabledChange,
  onUnmute,
}: {
  id: string;
  enabled: boolean;
  muted: string[];
  onEnabledChange: (enabled: boolean) => void;
  onUnmute: (type: string) => void;
}) {
  return (
    <div className="grid gap-3">
      <div className="flex items-start justify-between gap-4">
        <div>
          <Label htmlFor={id}>Email me when something needs my attention</Label>
          <p className="mt-1 text-sm text-muted-foreground">
            Right away, when a connected account stops working or an intro video is not accepted.
          </p>
        </div>
        <Switch id={id} checked={enabled} onCheckedChange={onEnabledChange} data-test="notify-email" />
      </div>
      {muted.length > 0 ? (
        <ul className="grid gap-2 rounded-lg border p-3 text-sm" data-test="notify-email-muted">
          <li className="text-muted-foreground">You unsubscribed from these emails:</li>
          {muted.map((type) => (
            <li
              key={type}
              className="flex items-center justify-between gap-3"
              data-test="notify-email-muted-type"
            >
              <span>{TYPE_LABELS[type] ?? type}</span>
              <Button type="button" variant="outline" size="sm" onClick={() => onUnmute(type)}>
                Email me again
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
