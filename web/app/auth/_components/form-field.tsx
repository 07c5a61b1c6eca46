"use client";

import { Eye, EyeOff } from "lucide-react";
import { useId, useState } from "react";
import { FieldMessage, fieldDescribedBy } from "@/components/field-message";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

interface FormFieldProps {
  label: string;
  name: string;
  type?: "email" | "password" | "text";
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  autoComplete?: string;
  dataTest: string;
  disabled?: boolean;
}

/** A labelled input with its validation message; password fields get a show/hide toggle. */
export function FormField({
  label,
  name,
  type = "text",
  value,
  onChange,
  error,
  hint,
  autoComplete,
  dataTest,
  disabled,
}: FormFieldProps) {
  const id = useId();
  const [visible, setVisible] = useState(false);
  const isPassword = type === "password";
  const describedBy = fieldDescribedBy(id, error, hint);
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      <div className="relative">
        <Input
          id={id}
          name={name}
          type={isPassword && visible ? "text" : type}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete={autoComplete}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          disabled={disabled}
          data-test={dataTest}
          className={isPassword ? "h-10 pr-10" : "h-10"}
        />
        {isPassword ? (
          <button
            type="button"
            onClick={() => setVisible((v) => !v)}
            data-test={`${dataTest}-toggle`}
            aria-label={visible ? "Hide password" : "Show password"}
            aria-pressed={visible}
            className="absolute inset-y-0 right-0 flex w-10 items-center justify-center rounded-r-md text-muted-foreground hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
          >
            {visible ? <EyeOff className="size-4" /> : <Eye className="size-4" />}
          </button>
        ) : null}
      </div>
      {/* A reserved line: an error appearing here does not push the fields below it down. */}
      <div className="min-h-5">
        <FieldMessage id={id} error={error} hint={hint} dataTest={dataTest} />
      </div>
    </div>
  );
}
