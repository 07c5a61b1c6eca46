"use client";

import { CircleAlert, LoaderCircle, Plus, Save, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import {
  errorMessage,
  fieldErrorsOf,
  type JobApplyAnswerBank,
  type JobApplyAnswerBankUpdate,
} from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

/** The form's state: every number as typed text (empty = not answered), yes/no as "" | "yes" | "no". */
interface BankForm {
  phone: string;
  current_location: string;
  notice_period_days: string;
  serving_notice: "" | "yes" | "no";
  /** YYYY-MM-DD (a date input), only while serving notice. */
  last_working_day: string;
  current_ctc_lpa: string;
  expected_ctc_lpa: string;
  total_experience_years: string;
  willing_to_relocate: "" | "yes" | "no";
  work_authorisation: string;
  requires_sponsorship: "" | "yes" | "no";
  /** Rows carry a `row` id of their own (not the index), so removing one keeps the others' focus and state. */
  skills: { row: number; skill: string; years: string }[];
  custom: { row: number; question: string; answer: string }[];
}

let nextRow = 0;
const rowId = () => ++nextRow;

const str = (v: number | string | null) => (v === null ? "" : String(v));
const yesNo = (v: boolean | null): BankForm["willing_to_relocate"] => (v === null ? "" : v ? "yes" : "no");

function toForm(b: JobApplyAnswerBank): BankForm {
  return {
    phone: b.phone ?? "",
    current_location: b.current_location ?? "",
    notice_period_days: str(b.notice_period_days),
    serving_notice: yesNo(b.serving_notice),
    last_working_day: b.last_working_day ?? "",
    current_ctc_lpa: str(b.current_ctc_lpa),
    expected_ctc_lpa: str(b.expected_ctc_lpa),
    total_experience_years: str(b.total_experience_years),
    willing_to_relocate: yesNo(b.willing_to_relocate),
    work_authorisation: b.work_authorisation ?? "",
    requires_sponsorship: yesNo(b.requires_sponsorship),
    skills: Object.entries(b.skill_years).map(([skill, years]) => ({
      row: rowId(),
      skill,
      years: String(years),
    })),
    custom: b.custom_answers.map((c) => ({ row: rowId(), ...c })),
  };
}

/** Typed text → number, null when empty, NaN when not a number (the API then says what is wrong). */
const numberOrNull = (v: string): number | null => (v.trim() === "" ? null : Number(v.trim()));
const textOrNull = (v: string): string | null => (v.trim() === "" ? null : v.trim());
const boolOrNull = (v: BankForm["willing_to_relocate"]): boolean | null => (v === "" ? null : v === "yes");

/** What the form would save; problems a person can fix before sending come back as field errors. */
function toUpdate(f: BankForm): { body: JobApplyAnswerBankUpdate; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const num = (key: keyof BankForm, v: string) => {
    const n = numberOrNull(v);
    if (n !== null && !Number.isFinite(n)) errors[key] = "Enter a number.";
    return n !== null && Number.isFinite(n) ? n : null;
  };
  const skills = f.skills.filter((s) => s.skill.trim() || s.years.trim());
  if (skills.some((s) => !s.skill.trim() || s.years.trim() === "" || !Number.isFinite(Number(s.years)))) {
    errors.skill_years = "Give each skill a name and a number of years.";
  }
  const custom = f.custom.filter((c) => c.question.trim() || c.answer.trim());
  if (custom.some((c) => !c.question.trim() || !c.answer.trim())) {
    errors.custom_answers = "Give each saved question an answer (or remove it).";
  }
  return {
    errors,
    body: {
      phone: textOrNull(f.phone),
      current_location: textOrNull(f.current_location),
      notice_period_days: num("notice_period_days", f.notice_period_days),
      serving_notice: boolOrNull(f.serving_notice),
      last_working_day: f.serving_notice === "yes" ? textOrNull(f.last_working_day) : null,
      current_ctc_lpa: num("current_ctc_lpa", f.current_ctc_lpa),
      expected_ctc_lpa: num("expected_ctc_lpa", f.expected_ctc_lpa),
      total_experience_years: num("total_experience_years", f.total_experience_years),
      willing_to_relocate: boolOrNull(f.willing_to_relocate),
      work_authorisation: textOrNull(f.work_authorisation),
      requires_sponsorship: boolOrNull(f.requires_sponsorship),
      skill_years: Object.fromEntries(skills.map((s) => [s.skill.trim(), Number(s.years)])),
      custom_answers: custom.map((c) => ({ question: c.question.trim(), answer: c.answer.trim() })),
    },
  };
}

function Field({
  label,
  hint,
  error,
  children,
  id,
}: {
  label: string;
  hint?: string;
  error?: string;
  children: React.ReactNode;
  id: string;
}) {
  return (
    <div className="grid content-start gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive" data-test={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-muted-foreground">{hint}</p>
      ) : null}
    </div>
  );
}

/**
 * Settings › Answer bank: what CareerPilot may answer when an employer's application form asks
 * (notice period, current and expected CTC in LPA, experience overall and per skill, relocation,
 * work authorisation, and questions you answered before). Only these and your own sources answer
 * screening questions; anything else stops the application and asks you.
 */
export function AnswerBankForm({
  initial,
  onDone,
}: {
  initial: JobApplyAnswerBank;
  /** Called after a save (true) or Cancel (false). */
  onDone?: (saved: boolean) => void;
}) {
  const [saved, setSaved] = useState(() => toForm(initial));
  const [form, setForm] = useState(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const uid = useId();
  const fid = (k: string) => `bank-${k}`;
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);

  function set<K extends keyof BankForm>(key: K, value: BankForm[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({
      ...e,
      [key === "skills" ? "skill_years" : key === "custom" ? "custom_answers" : key]: "",
    }));
  }

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const { body, errors: local } = toUpdate(form);
    if (Object.keys(local).length) {
      setErrors(local);
      setFormError("Fix the highlighted answers, then save again.");
      return;
    }
    setPending(true);
    try {
      const stored = await browserApi().jobApply.saveAnswerBank(body);
      const next = toForm(stored);
      setSaved(next);
      setForm(next);
      setErrors({});
      toast.success("Answer bank saved");
      onDone?.(true);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (Object.keys(fields).length) {
        setErrors(fields);
        setFormError("Fix the highlighted answers, then save again.");
      } else setFormError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  const input = (key: keyof BankForm, props: React.ComponentProps<typeof Input> = {}) => (
    <Input
      id={fid(key)}
      value={form[key] as string}
      onChange={(e) => set(key, e.target.value as never)}
      disabled={pending}
      aria-invalid={errors[key] ? true : undefined}
      aria-describedby={errors[key] ? `${fid(key)}-error` : undefined}
      data-test={fid(key)}
      {...props}
    />
  );
  const yesNoSelect = (key: "willing_to_relocate" | "requires_sponsorship" | "serving_notice") => (
    <NativeSelect
      id={fid(key)}
      value={form[key]}
      onChange={(e) => set(key, e.target.value as BankForm[typeof key])}
      disabled={pending}
      className="w-full"
      data-test={fid(key)}
    >
      <NativeSelectOption value="">Not answered: ask me</NativeSelectOption>
      <NativeSelectOption value="yes">Yes</NativeSelectOption>
      <NativeSelectOption value="no">No</NativeSelectOption>
    </NativeSelect>
  );

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-6" data-test="answer-bank-form">
      {formError ? (
        <Alert variant="destructive" data-test="answer-bank-error">
          <CircleAlert />
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={fid("phone")} label="Phone" error={errors.phone}>
          {input("phone", {
            type: "tel",
            autoComplete: "tel",
            placeholder: "+91 98765 43210",
            maxLength: 30,
          })}
        </Field>
        <Field id={fid("current_location")} label="Current city" error={errors.current_location}>
          {input("current_location", { placeholder: "Pune", maxLength: 120 })}
        </Field>
        <Field id={fid("notice_period_days")} label="Notice period (days)" error={errors.notice_period_days}>
          {input("notice_period_days", { inputMode: "numeric", placeholder: "30" })}
        </Field>
        <Field
          id={fid("serving_notice")}
          label="Serving notice now?"
          hint={form.serving_notice === "yes" ? undefined : "Answers “Are you serving your notice period?”."}
          error={errors.serving_notice}
        >
          {yesNoSelect("serving_notice")}
        </Field>
        {form.serving_notice === "yes" ? (
          <Field
            id={fid("last_working_day")}
            label="Last working day"
            hint="Answers “What is your last working day?”."
            error={errors.last_working_day}
          >
            {input("last_working_day", { type: "date" })}
          </Field>
        ) : null}
        <Field
          id={fid("total_experience_years")}
          label="Total experience (years)"
          error={errors.total_experience_years}
        >
          {input("total_experience_years", { inputMode: "decimal", placeholder: "4.5" })}
        </Field>
        <Field id={fid("current_ctc_lpa")} label="Current CTC (LPA)" error={errors.current_ctc_lpa}>
          {input("current_ctc_lpa", { inputMode: "decimal", placeholder: "12" })}
        </Field>
        <Field id={fid("expected_ctc_lpa")} label="Expected CTC (LPA)" error={errors.expected_ctc_lpa}>
          {input("expected_ctc_lpa", { inputMode: "decimal", placeholder: "18" })}
        </Field>
        <Field
          id={fid("willing_to_relocate")}
          label="Willing to relocate?"
          error={errors.willing_to_relocate}
        >
          {yesNoSelect("willing_to_relocate")}
        </Field>
        <Field
          id={fid("requires_sponsorship")}
          label="Need visa sponsorship?"
          error={errors.requires_sponsorship}
        >
          {yesNoSelect("requires_sponsorship")}
        </Field>
        <div className="sm:col-span-2">
          <Field
            id={fid("work_authorisation")}
            label="Work authorisation"
            hint="How you describe your right to work, e.g. “Indian citizen”."
            error={errors.work_authorisation}
          >
            {input("work_authorisation", { placeholder: "Indian citizen", maxLength: 200 })}
          </Field>
        </div>
      </div>

      <fieldset
        className="grid gap-2"
        aria-describedby={errors.skill_years ? `${uid}-skills-error` : undefined}
      >
        <legend className="mb-1 text-sm font-medium">Years with a skill</legend>
        <p className="text-xs text-muted-foreground">
          Answers “How many years of experience do you have with …?”.
        </p>
        {form.skills.map((s, i) => (
          <div
            key={s.row}
            className="grid grid-cols-[minmax(0,1fr)_6rem_auto] items-end gap-2"
            data-test="bank-skill-row"
          >
            <div className="grid gap-1">
              <Label htmlFor={`${uid}-skill-${i}`} className="sr-only">
                Skill {i + 1}
              </Label>
              <Input
                id={`${uid}-skill-${i}`}
                value={s.skill}
                placeholder="TypeScript"
                maxLength={60}
                disabled={pending}
                onChange={(e) =>
                  set(
                    "skills",
                    form.skills.map((x, j) => (j === i ? { ...x, skill: e.target.value } : x)),
                  )
                }
                data-test="bank-skill"
              />
            </div>
            <div className="grid gap-1">
              <Label htmlFor={`${uid}-years-${i}`} className="sr-only">
                Years with skill {i + 1}
              </Label>
              <Input
                id={`${uid}-years-${i}`}
                value={s.years}
                placeholder="Years"
                inputMode="decimal"
                disabled={pending}
                onChange={(e) =>
                  set(
                    "skills",
                    form.skills.map((x, j) => (j === i ? { ...x, years: e.target.value } : x)),
                  )
                }
                data-test="bank-skill-years"
              />
            </div>
            <Button
              type="button"
              variant="ghost"
              size="icon"
              aria-label={`Remove ${s.skill || `skill ${i + 1}`}`}
              disabled={pending}
              onClick={() =>
                set(
                  "skills",
                  form.skills.filter((_, j) => j !== i),
                )
              }
            >
              <Trash2 />
            </Button>
          </div>
        ))}
        {errors.skill_years ? (
          <p id={`${uid}-skills-error`} className="text-sm text-destructive" data-test="bank-skills-error">
            {errors.skill_years}
          </p>
        ) : null}
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="justify-self-start"
          disabled={pending || form.skills.length >= 100}
          onClick={() => set("skills", [...form.skills, { row: rowId(), skill: "", years: "" }])}
          data-test="bank-add-skill"
        >
          <Plus />
          Add a skill
        </Button>
      </fieldset>

      <fieldset
        className="grid gap-3"
        aria-describedby={errors.custom_answers ? `${uid}-custom-error` : undefined}
      >
        <legend className="mb-1 text-sm font-medium">Other questions</legend>
        <p className="text-xs text-muted-foreground">
          Questions you answered before. An employer’s question with the same wording gets this answer.
        </p>
        {form.custom.map((c, i) => (
          <div key={c.row} className="grid gap-2 rounded-lg border p-3" data-test="bank-custom-row">
            <div className="grid gap-1">
              <Label htmlFor={`${uid}-q-${i}`}>Question</Label>
              <Input
                id={`${uid}-q-${i}`}
                value={c.question}
                maxLength={300}
                disabled={pending}
                onChange={(e) =>
                  set(
                    "custom",
                    form.custom.map((x, j) => (j === i ? { ...x, question: e.target.value } : x)),
                  )
                }
                data-test="bank-custom-question"
              />
            </div>
            <div className="grid gap-1">
              <Label htmlFor={`${uid}-a-${i}`}>Answer</Label>
              <Input
                id={`${uid}-a-${i}`}
                value={c.answer}
                maxLength={1000}
                disabled={pending}
                onChange={(e) =>
                  set(
                    "custom",
                    form.custom.map((x, j) => (j === i ? { ...x, answer: e.target.value } : x)),
                  )
                }
                data-test="bank-custom-answer"
              />
            </div>
            <Button
              type="button"
              variant="ghost"
              size="sm"
              className="justify-self-end"
              disabled={pending}
              onClick={() =>
                set(
                  "custom",
                  form.custom.filter((_, j) => j !== i),
                )
              }
            >
              <Trash2 />
              Remove
            </Button>
          </div>
        ))}
        {errors.custom_answers ? (
          <p id={`${uid}-custom-error`} className="text-sm text-destructive" data-test="bank-custom-error">
            {errors.custom_answers}
          </p>
        ) : null}
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="justify-self-start"
          disabled={pending || form.custom.length >= 50}
          onClick={() => set("custom", [...form.custom, { row: rowId(), question: "", answer: "" }])}
          data-test="bank-add-custom"
        >
          <Plus />
          Add a question
        </Button>
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || !dirty} data-test="answer-bank-save">
          {pending ? <LoaderCircle className="animate-spin" /> : <Save />}
          {pending ? "Saving…" : dirty ? "Save answers" : "Saved"}
        </Button>
        <Button
          type="button"
          variant="ghost"
          disabled={pending}
          onClick={() => {
            setForm(saved);
            setErrors({});
            setFormError(null);
            onDone?.(false);
          }}
          data-test="answer-bank-cancel"
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}
