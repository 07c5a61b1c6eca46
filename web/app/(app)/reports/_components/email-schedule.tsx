"use client";

import { CircleCheck, LoaderCircle } from "lucide-react";
import { useState } from "react";
import { errorMessage, type ReportSchedule } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { cn } from "@/lib/utils";

const CHOICES: { value: ReportSchedule; label: string; when: string }[] = [
  { value: "daily", label: "Daily", when: "every morning at 8:00 IST" },
  { value: "weekly", label: "Weekly", when: "on Monday mornings at 8:00 IST" },
  { value: "off", label: "Off", when: "" },
];

/**
 * The report email schedule: daily, weekly or off, saved as soon as it is picked (a radio group,
 * so arrow keys move between the choices). A failed save puts the previous choice back and says why.
 */
export function EmailSchedule({ initial, unsubscribed }: { initial: ReportSchedule; unsubscribed: boolean }) {
  const [value, setValue] = useState<ReportSchedule>(initial);
  const [state, setState] = useState<
    { kind: "idle" | "saving" | "saved" } | { kind: "error"; message: string }
  >({
    kind: "idle",
  });

  async function choose(next: ReportSchedule) {
    const previous = value;
    setValue(next);
    setState({ kind: "saving" });
    try {
      await browserApi().insights.setEmailSchedule(next);
      setState({ kind: "saved" });
    } catch (err) {
      setValue(previous);
      setState({ kind: "error", message: errorMessage(err) });
    }
  }

  const current = CHOICES.find((c) => c.value === value);
  return (
    <fieldset className="grid gap-3" data-test="email-schedule" disabled={state.kind === "saving"}>
      <legend className="sr-only">Report email schedule</legend>
      <div className="inline-flex w-fit rounded-lg border bg-muted p-1">
        {CHOICES.map((c) => (
          <label
            key={c.value}
            className={cn(
              "cursor-pointer rounded-md px-4 py-1.5 text-sm font-medium text-muted-foreground has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
              value === c.value && "bg-background text-foreground shadow-sm",
            )}
          >
            <input
              type="radio"
              name="report_schedule"
              value={c.value}
              checked={value === c.value}
              onChange={() => void choose(c.value)}
              className="sr-only"
              data-test={`email-schedule-${c.value}`}
            />
            {c.label}
          </label>
        ))}
      </div>
      <p
        className="flex items-center gap-1.5 text-sm text-muted-foreground"
        role="status"
        data-test="email-schedule-status"
      >
        {state.kind === "saving" ? (
          <>
            <LoaderCircle className="size-4 animate-spin" aria-hidden /> Saving…
          </>
        ) : state.kind === "error" ? (
          <span className="text-destructive">{state.message}</span>
        ) : (
          <>
            {state.kind === "saved" ? <CircleCheck className="size-4 text-emerald-600" aria-hidden /> : null}
            {value === "off"
              ? unsubscribed && state.kind === "idle"
                ? "Off: you unsubscribed with an email's link. Choose Daily or Weekly to get them again."
                : "No report emails. Your reports stay here."
              : `A short summary with your key numbers, ${current?.when}. Every email has a one-click unsubscribe.`}
          </>
        )}
      </p>
    </fieldset>
  );
}
