"use client";

import { CircleAlert, LoaderCircle, Save } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { errorMessage, fieldErrorsOf, type JobApplySettings, PORTALS } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { PORTAL_LABELS } from "../../_lib/forms";

type Portal = (typeof PORTALS)[number];

/** The form as typed: numbers as text, so a half-typed value is not turned into 0. */
interface ApplyForm {
  match_threshold: string;
  review_before_submit: boolean;
  cover_letters: boolean;
  caps: Record<Portal, string>;
  company_cap: string;
  company_window_days: string;
  pacing_min_seconds: string;
  pacing_max_seconds: string;
}

function toForm(s: JobApplySettings): ApplyForm {
  return {
    match_threshold: String(s.match_threshold),
    review_before_submit: s.review_before_submit,
    cover_letters: s.cover_letters,
    caps: {
      linkedin: String(s.daily_caps.linkedin),
      naukri: String(s.daily_caps.naukri),
      indeed: String(s.daily_caps.indeed),
    },
    company_cap: String(s.company_cap),
    company_window_days: String(s.company_window_days),
    pacing_min_seconds: String(s.pacing_min_seconds),
    pacing_max_seconds: String(s.pacing_max_seconds),
  };
}

const WHOLE = /^\d+$/;

/** The checks a person can fix before saving (the API checks the same and more). */
function validate(f: ApplyForm, max: JobApplySettings["platform_max_caps"]): Record<string, string> {
  const e: Record<string, string> = {};
  const whole = (key: string, v: string, lo: number, hi: number, what: string) => {
    if (!WHOLE.test(v.trim()) || Number(v) < lo || Number(v) > hi)
      e[key] = `${what}: a whole number from ${lo} to ${hi}.`;
  };
  whole("match_threshold", f.match_threshold, 0, 100, "Match threshold");
  for (const p of PORTALS) whole(`cap_${p}`, f.caps[p], 0, max[p], `${PORTAL_LABELS[p]} cap`);
  whole("company_cap", f.company_cap, 1, 100, "Per company");
  whole("company_window_days", f.company_window_days, 1, 365, "Days");
  whole("pacing_min_seconds", f.pacing_min_seconds, 0, 3600, "Shortest pause");
  whole("pacing_max_seconds", f.pacing_max_seconds, 0, 3600, "Longest pause");
  if (
    !e.pacing_min_seconds &&
    !e.pacing_max_seconds &&
    Number(f.pacing_min_seconds) > Number(f.pacing_max_seconds)
  ) {
    e.pacing_max_seconds = "The longest pause must be at least the shortest.";
  }
  return e;
}

/**
 * Job Control › Applying: the match threshold auto-apply uses, review before submit, the daily
 * cap per portal (bounded by the platform's maximum), the per-company cap and the pacing between
 * submissions. Saved with PUT …/job-apply/settings; auto-apply's own switch stays in the search
 * card above (one source: job_settings.auto_apply).
 */
export function ApplySettingsForm({ initial, autoApply }: { initial: JobApplySettings; autoApply: boolean }) {
  const router = useRouter();
  const [saved, setSaved] = useState(() => toForm(initial));
  const [form, setForm] = useState(saved);
  const [max, setMax] = useState(initial.platform_max_caps);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [, startTransition] = useTransition();
  const reviewId = useId();
  const lettersId = useId();
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);

  function set<K extends keyof ApplyForm>(key: K, value: ApplyForm[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors({});
  }

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const local = validate(form, max);
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setPending(true);
    try {
      const res = await browserApi().jobApply.saveSettings({
        match_threshold: Number(form.match_threshold),
        review_before_submit: form.review_before_submit,
        cover_letters: form.cover_letters,
        daily_caps: {
          linkedin: Number(form.caps.linkedin),
          naukri: Number(form.caps.naukri),
          indeed: Number(form.caps.indeed),
        },
        company_cap: Number(form.company_cap),
        company_window_days: Number(form.company_window_days),
        pacing_min_seconds: Number(form.pacing_min_seconds),
        pacing_max_seconds: Number(form.pacing_max_seconds),
      });
      const next = toForm(res);
      setSaved(next);
      setForm(next);
      setMax(res.platform_max_caps);
      toast.success("Applying settings saved");
      startTransition(() => router.refresh());
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (Object.keys(fields).length) {
        // daily_caps.<portal> comes back as one key: show it beside the caps.
        setErrors(fields.daily_caps ? { ...fields, caps: fields.daily_caps } : fields);
        setFormError("Fix the highlighted settings, then save again.");
      } else setFormError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  const numberField = (
    key: Exclude<keyof ApplyForm, "caps" | "review_before_submit" | "cover_letters">,
    label: string,
    hint: string,
    suffix?: string,
  ) => (
    <div className="grid content-start gap-1.5">
      <Label htmlFor={`apply-${key}`}>{label}</Label>
      <div className="relative">
        <Input
          id={`apply-${key}`}
          inputMode="numeric"
          value={form[key]}
          onChange={(e) => set(key, e.target.value)}
          disabled={pending}
          aria-invalid={errors[key] ? true : undefined}
          aria-describedby={`apply-${key}-note`}
          className={suffix ? "pr-16" : undefined}
          data-test={`apply-${key}`}
        />
        {suffix ? (
          <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-muted-foreground">
            {suffix}
          </span>
        ) : null}
      </div>
      <p
        id={`apply-${key}-note`}
        className={errors[key] ? "text-sm text-destructive" : "text-xs text-muted-foreground"}
        data-test={errors[key] ? `apply-${key}-error` : undefined}
      >
        {errors[key] || hint}
      </p>
    </div>
  );

  return (
    <form onSubmit={onSubmit} noValidate data-test="apply-settings-form">
      <Card id="apply-settings" className="scroll-mt-24">
        <CardHeader>
          <CardTitle className="text-base">Applying</CardTitle>
          <CardDescription>
            {autoApply
              ? "How auto-apply and batches send applications, and how fast."
              : "Auto-apply is off. These settings also apply to batches you start from Jobs."}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          {formError ? (
            <Alert variant="destructive" data-test="apply-settings-error">
              <CircleAlert />
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-2">
            {numberField(
              "match_threshold",
              "Match threshold",
              "After each fetch, auto-apply queues jobs that match at least this well (0–100).",
              "/ 100",
            )}
            <div className="flex items-start justify-between gap-4 sm:pt-6">
              <div>
                <Label htmlFor={reviewId}>Review before submit</Label>
                <p className="mt-1 text-sm text-muted-foreground" data-test="review-note">
                  {form.review_before_submit
                    ? "On: auto and batch applications wait in your approval queue."
                    : "Off: they are sent as soon as they are ready."}
                </p>
              </div>
              <Switch
                id={reviewId}
                checked={form.review_before_submit}
                onCheckedChange={(v) => set("review_before_submit", v)}
                disabled={pending}
                data-test="review-switch"
              />
            </div>
            <div className="flex items-start justify-between gap-4 sm:col-span-2">
              <div>
                <Label htmlFor={lettersId}>Cover letters for batch and auto applications</Label>
                <p className="mt-1 text-sm text-muted-foreground" data-test="cover-letters-note">
                  {form.cover_letters
                    ? "On: each gets a letter drafted with your Gemini key from your sources only. A sentence your sources do not show is left out."
                    : "Off: they are sent without a cover letter unless you write one while reviewing."}
                </p>
              </div>
              <Switch
                id={lettersId}
                checked={form.cover_letters}
                onCheckedChange={(v) => set("cover_letters", v)}
                disabled={pending}
                data-test="cover-letters-switch"
              />
            </div>
          </div>

          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Daily cap per portal</legend>
            <p className="text-xs text-muted-foreground">
              Portals restrict accounts that apply too much. The platform’s maximum is shown beside each.
            </p>
            <div className="grid gap-3 sm:grid-cols-3">
              {PORTALS.map((p) => (
                <div key={p} className="grid content-start gap-1.5">
                  <Label htmlFor={`apply-cap-${p}`}>{PORTAL_LABELS[p]}</Label>
                  <Input
                    id={`apply-cap-${p}`}
                    inputMode="numeric"
                    value={form.caps[p]}
                    onChange={(e) => set("caps", { ...form.caps, [p]: e.target.value })}
                    disabled={pending}
                    aria-invalid={errors[`cap_${p}`] ? true : undefined}
                    aria-describedby={`apply-cap-${p}-note`}
                    data-test={`apply-cap-${p}`}
                  />
                  <p
                    id={`apply-cap-${p}-note`}
                    className={
                      errors[`cap_${p}`] ? "text-sm text-destructive" : "text-xs text-muted-foreground"
                    }
                    data-test={errors[`cap_${p}`] ? `apply-cap-${p}-error` : undefined}
                  >
                    {errors[`cap_${p}`] || `a day, at most ${max[p]}`}
                  </p>
                </div>
              ))}
            </div>
            {errors.caps ? <p className="text-sm text-destructive">{errors.caps}</p> : null}
          </fieldset>

          <div className="grid gap-4 sm:grid-cols-2">
            {numberField(
              "company_cap",
              "Per company",
              "At most this many applications to one company…",
              "jobs",
            )}
            {numberField("company_window_days", "Within", "…in this many days.", "days")}
            {numberField(
              "pacing_min_seconds",
              "Shortest pause",
              "Between two submissions on one portal.",
              "sec",
            )}
            {numberField(
              "pacing_max_seconds",
              "Longest pause",
              "Each pause is random between the two.",
              "sec",
            )}
          </div>

          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={pending || !dirty} data-test="apply-settings-save">
              {pending ? <LoaderCircle className="animate-spin" /> : <Save />}
              {pending ? "Saving…" : dirty ? "Save applying settings" : "Saved"}
            </Button>
            {dirty ? (
              <Button
                type="button"
                variant="ghost"
                disabled={pending}
                onClick={() => {
                  setForm(saved);
                  setErrors({});
                  setFormError(null);
                }}
              >
                Discard
              </Button>
            ) : null}
          </div>
        </CardContent>
      </Card>
    </form>
  );
}
