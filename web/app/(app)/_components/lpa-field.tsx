"use client";

import { useId } from "react";
import { FieldMessage } from "@/components/field-message";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { formatSalary } from "@/lib/format";
import { lpaIssue, parseLpa } from "../_lib/forms";

/** A salary in LPA with a live Indian-format preview: "₹12,50,000 / 12.5 LPA". */
export function LpaField({
  label,
  value,
  onChange,
  error,
  dataTest,
  disabled,
}: {
  label: string;
  value: string;
  onChange: (next: string) => void;
  error?: string;
  /** `data-test` of the input; the preview is `<dataTest>-preview`, the error `<dataTest>-error`. */
  dataTest: string;
  disabled?: boolean;
}) {
  const id = useId();
  const parsed = parseLpa(value);
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      <div className="relative sm:max-w-xs">
        <Input
          id={id}
          inputMode="decimal"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder="e.g. 12.5"
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-preview`}
          className="h-10 pr-14"
          data-test={dataTest}
        />
        <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-muted-foreground">
          LPA
        </span>
      </div>
      <FieldMessage id={id} error={error} dataTest={dataTest} />
      {/* While an error is shown it says what is wrong; the preview does not repeat it. */}
      {error ? null : (
        <p
          id={`${id}-preview`}
          className="text-sm text-muted-foreground"
          aria-live="polite"
          data-test={`${dataTest}-preview`}
        >
          {parsed === undefined
            ? (lpaIssue(value) ?? "Enter a number of lakhs per year, like 12.5.")
            : parsed === null
              ? "No minimum"
              : formatSalary(parsed)}
        </p>
      )}
    </div>
  );
}
