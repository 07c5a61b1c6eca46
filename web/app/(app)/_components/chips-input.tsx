"use client";

import { Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { FieldMessage, fieldDescribedBy } from "@/components/field-message";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { MAX_ITEM_LENGTH, MAX_ITEMS } from "@/lib/api";
import { cn } from "@/lib/utils";

interface ChipsInputProps {
  label: string;
  value: string[];
  onChange: (next: string[]) => void;
  suggestions?: string[];
  placeholder?: string;
  hint?: string;
  error?: string;
  /** `data-test` prefix: `<prefix>-input`, `<prefix>-chip`, `<prefix>-suggestion`, `<prefix>-error`. */
  dataTest: string;
  disabled?: boolean;
}

/**
 * A list of short entries as removable chips: type and press Enter (or a comma) to add,
 * Backspace on an empty box removes the last; suggestions add with one click.
 */
export function ChipsInput({
  label,
  value,
  onChange,
  suggestions = [],
  placeholder,
  hint,
  error,
  dataTest,
  disabled,
}: ChipsInputProps) {
  const id = useId();
  const [draft, setDraft] = useState("");
  const has = (item: string) => value.some((v) => v.toLowerCase() === item.toLowerCase());
  const full = value.length >= MAX_ITEMS;

  function add(raw: string) {
    const item = raw.trim().replace(/\s+/g, " ").slice(0, MAX_ITEM_LENGTH);
    if (!item || has(item) || full) return;
    onChange([...value, item]);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      add(draft);
      setDraft("");
    } else if (e.key === "Backspace" && draft === "" && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  }

  const remaining = suggestions.filter((s) => !has(s));
  const describedBy = fieldDescribedBy(id, error, hint);

  return (
    <div className="grid gap-2" data-test={dataTest}>
      <Label htmlFor={id}>{label}</Label>
      <div
        className={cn(
          "flex min-h-10 flex-wrap items-center gap-1.5 rounded-md border border-input bg-background px-2 py-1.5 shadow-xs focus-within:border-ring focus-within:ring-[3px] focus-within:ring-ring/50",
          error && "border-destructive",
        )}
      >
        {value.map((item) => (
          <span
            key={item}
            className="inline-flex max-w-full items-center gap-1 rounded-md bg-brand-soft py-0.5 pr-1 pl-2 text-sm text-brand-ink"
            data-test={`${dataTest}-chip`}
          >
            <span className="truncate">{item}</span>
            <button
              type="button"
              onClick={() => onChange(value.filter((v) => v !== item))}
              className="rounded-sm p-0.5 hover:bg-primary/10 focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              aria-label={`Remove ${item}`}
              disabled={disabled}
            >
              <X className="size-3.5" />
            </button>
          </span>
        ))}
        <Input
          id={id}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            add(draft);
            setDraft("");
          }}
          placeholder={full ? `At most ${MAX_ITEMS}` : placeholder}
          maxLength={MAX_ITEM_LENGTH}
          disabled={disabled || full}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className="h-7 min-w-[10rem] flex-1 border-0 px-1 shadow-none focus-visible:ring-0"
          data-test={`${dataTest}-input`}
        />
      </div>
      <FieldMessage id={id} error={error} hint={hint} dataTest={dataTest} />
      {remaining.length > 0 && !full ? (
        <fieldset className="flex flex-wrap gap-1.5">
          <legend className="sr-only">Suggested {label.toLowerCase()}</legend>
          {remaining.map((s) => (
            <button
              key={s}
              type="button"
              onClick={() => add(s)}
              disabled={disabled}
              className="inline-flex items-center gap-1 rounded-full border border-dashed px-2.5 py-1 text-xs text-muted-foreground transition-colors hover:border-primary hover:text-primary focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              data-test={`${dataTest}-suggestion`}
            >
              <Plus className="size-3" />
              {s}
            </button>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
