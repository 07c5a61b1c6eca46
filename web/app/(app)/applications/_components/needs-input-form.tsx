"use client";

import { CircleHelp, LoaderCircle, Send } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import { errorMessage, type JobApplyScreeningQuestion } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

/** One question's input, by its kind on the portal's form. */
function QuestionField({
  q,
  value,
  onChange,
  disabled,
}: {
  q: JobApplyScreeningQuestion;
  value: string;
  onChange: (v: string) => void;
  disabled: boolean;
}) {
  const id = `question-${q.id}`;
  const label = (
    <Label htmlFor={q.kind === "radio" ? undefined : id} className="leading-snug">
      {q.label}
      {q.required ? <span className="text-destructive"> *</span> : null}
    </Label>
  );
  if ((q.kind === "select" || q.kind === "radio") && q.options?.length) {
    if (q.kind === "radio") {
      return (
        <fieldset className="grid gap-2" data-test="question" data-question-id={q.id}>
          <legend className="mb-1 text-sm font-medium leading-snug">
            {q.label}
            {q.required ? <span className="text-destructive"> *</span> : null}
          </legend>
          {q.options.map((o) => (
            <label key={o} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={id}
                value={o}
                checked={value === o}
                onChange={() => onChange(o)}
                disabled={disabled}
                className="size-4 accent-primary"
              />
              {o}
            </label>
          ))}
        </fieldset>
      );
    }
    return (
      <div className="grid gap-1.5" data-test="question" data-question-id={q.id}>
        {label}
        <NativeSelect
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          className="w-full"
        >
          <NativeSelectOption value="">Choose…</NativeSelectOption>
          {q.options.map((o) => (
            <NativeSelectOption key={o} value={o}>
              {o}
            </NativeSelectOption>
          ))}
        </NativeSelect>
      </div>
    );
  }
  if (q.kind === "checkbox") {
    return (
      <label className="flex items-start gap-2 text-sm" data-test="question" data-question-id={q.id}>
        <input
          id={id}
          type="checkbox"
          checked={value === "yes"}
          onChange={(e) => onChange(e.target.checked ? "yes" : "no")}
          disabled={disabled}
          className="mt-0.5 size-4 accent-primary"
        />
        <span className="leading-snug">{q.label}</span>
      </label>
    );
  }
  return (
    <div className="grid gap-1.5" data-test="question" data-question-id={q.id}>
      {label}
      <Input
        id={id}
        type={q.kind === "number" ? "number" : "text"}
        inputMode={q.kind === "number" ? "decimal" : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        maxLength={1000}
      />
    </div>
  );
}

/**
 * The screening questions the answer bank could not answer: CareerPilot stopped rather than
 * guess, and asks the user here. Sending the answers queues the application again.
 */
export function NeedsInputForm({
  applicationId,
  questions,
}: {
  applicationId: string;
  questions: JobApplyScreeningQuestion[];
}) {
  const router = useRouter();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(questions.map((q) => [q.id, q.kind === "checkbox" ? "no" : ""])),
  );
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const missing = questions.filter((q) => q.required && !values[q.id]?.trim());
    if (missing.length) {
      setError(`Answer ${missing.length === 1 ? "the required question" : "every required question"} first.`);
      return;
    }
    setError(null);
    setPending(true);
    try {
      await browserApi().jobApply.answer(
        applicationId,
        questions
          .filter((q) => values[q.id]?.trim())
          .map((q) => ({ question_id: q.id, value: (values[q.id] ?? "").trim() })),
      );
      toast.success("Answers sent: the application is queued again.");
      startTransition(() => router.refresh());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="grid gap-4 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950/40"
      data-test="needs-input-form"
    >
      <p className="flex items-start gap-2 text-sm">
        <CircleHelp className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>
          The employer asks {questions.length === 1 ? "a question" : "questions"} your answer bank does not
          answer. CareerPilot never guesses: answer here and the application goes out.
        </span>
      </p>
      {questions.map((q) => (
        <QuestionField
          key={q.id}
          q={q}
          value={values[q.id] ?? ""}
          onChange={(v) => setValues((s) => ({ ...s, [q.id]: v }))}
          disabled={pending}
        />
      ))}
      <p className="text-xs text-muted-foreground">
        To answer a question like this automatically next time, add it to your{" "}
        <Link href="/settings#answer-bank" className="text-primary underline-offset-4 hover:underline">
          answer bank
        </Link>
        .
      </p>
      {error ? (
        <p role="alert" className="text-sm text-destructive" data-test="needs-input-error">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending} className="justify-self-start" data-test="needs-input-submit">
        {pending ? <LoaderCircle className="animate-spin" /> : <Send />}
        Send answers
      </Button>
    </form>
  );
}
