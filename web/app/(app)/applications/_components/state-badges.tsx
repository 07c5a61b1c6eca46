import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";
import {
  type ApplicationState,
  RESPONSE_LABELS,
  RESPONSE_TONES,
  type Response,
  STATE_LABELS,
  STATE_TONES,
} from "../_lib/labels";

/** An application's status through the runner, as a coloured badge. */
export function StateBadge({ status, className }: { status: string; className?: string }) {
  const known = status in STATE_LABELS;
  return (
    <Badge
      className={cn(
        "border-transparent",
        known ? STATE_TONES[status as ApplicationState] : "bg-muted text-foreground",
        className,
      )}
      data-test="application-status"
      data-status={status}
    >
      {known ? STATE_LABELS[status as ApplicationState] : status}
    </Badge>
  );
}

/** The employer's response, as a coloured badge. */
export function ResponseBadge({ response, className }: { response: string; className?: string }) {
  const known = response in RESPONSE_LABELS;
  return (
    <Badge
      className={cn(
        "border-transparent",
        known ? RESPONSE_TONES[response as Response] : "bg-muted text-foreground",
        className,
      )}
      data-test="application-response"
      data-response={response}
    >
      {known ? RESPONSE_LABELS[response as Response] : response}
    </Badge>
  );
}
