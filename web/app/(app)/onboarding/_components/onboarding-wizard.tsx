"use client";

import { ArrowLeft, ArrowRight, Check, CircleAlert, LoaderCircle, Pencil } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { FieldMessage, fieldDescribedBy } from "@/components/field-message";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import {
  errorMessage,
  fieldErrorsOf,
  type Integration,
  isConnected,
  type Onboarding,
  WIZARD_STEPS,
  type WizardStep,
} from "@/lib/api";
import { formatSalary, maskedToken } from "@/lib/format";
import { browserApi } from "@/lib/supabase/client";
import { cn } from "@/lib/utils";
import { CareerFields, careerInputOf } from "../../_components/career-fields";
import { GithubConnect, githubErrorText } from "../../_components/github-connect";
import { TokenField } from "../../_components/token-field";
import { findIntegration, OPTIONAL_TOKEN_PROVIDERS } from "../../_lib/providers";

const STEP_META: Record<WizardStep, { label: string; title: string; description: string }> = {
  profile: {
    label: "Profile",
    title: "About you",
    description: "How you appear on résumés and applications.",
  },
  career: {
    label: "Career",
    title: "What you are looking for",
    description: "Roles, minimum salary and cities. Job Control starts from these.",
  },
  integrations: {
    label: "Integrations",
    title: "Connect your accounts",
    description: "All optional: you can add or change these later in Settings.",
  },
  review: {
    label: "Review",
    title: "Review and finish",
    description: "Check your answers. You can change any of them later.",
  },
};

interface ProfileState {
  displayName: string;
  email: string;
  linkedinUrl: string;
}

type Errors = Record<string, string>;

/** The onboarding wizard: four steps, each saved on Next so the user resumes where they left. */
export function OnboardingWizard({
  initialStep,
  onboarding,
  integrations: initialIntegrations,
  profile: initialProfile,
  githubResult,
}: {
  initialStep: WizardStep;
  onboarding: Onboarding;
  integrations: Integration[] | null;
  profile: ProfileState;
  githubResult?: "connected" | { reason?: string };
}) {
  const router = useRouter();
  const [step, setStep] = useState<WizardStep>(initialStep);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState({ ...initialProfile, github: onboarding.github_username ?? "" });
  const [profile, setProfile] = useState({
    display_name: initialProfile.displayName,
    linkedin_url: initialProfile.linkedinUrl,
    github_username: onboarding.github_username ?? "",
  });
  const [career, setCareer] = useState(() => careerInputOf(onboarding));
  // What the server has: a skipped career step shows (and keeps) these, not half-typed values.
  const [savedCareer, setSavedCareer] = useState(() => careerInputOf(onboarding));
  const [integrations, setIntegrations] = useState(initialIntegrations);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const index = WIZARD_STEPS.indexOf(step);

  useEffect(() => {
    if (!githubResult) return;
    if (githubResult === "connected") toast.success("GitHub connected");
    else toast.error(githubErrorText(githubResult.reason));
    router.replace("/onboarding", { scroll: false });
  }, [githubResult, router]);

  function go(next: WizardStep) {
    setErrors({});
    setFormError(null);
    setStep(next);
    requestAnimationFrame(() => {
      headingRef.current?.focus();
      window.scrollTo({ top: 0 });
    });
  }

  async function refreshIntegrations() {
    try {
      setIntegrations(await browserApi().integrations.list());
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  /** Runs a save; maps a 422 onto the fields, anything else onto the form. True when it worked. */
  async function attempt(fn: () => Promise<void>, fieldMap: Record<string, string> = {}): Promise<boolean> {
    setPending(true);
    setFormError(null);
    try {
      await fn();
      return true;
    } catch (err) {
      const fields = fieldErrorsOf(err);
      const mapped: Errors = {};
      for (const [k, v] of Object.entries(fields)) mapped[fieldMap[k] ?? k] = v;
      if (Object.keys(mapped).length > 0) setErrors(mapped);
      else setFormError(errorMessage(err));
      return false;
    } finally {
      setPending(false);
    }
  }

  async function saveProfile() {
    const { ProfileStepForm, issuesByField } = await import("../../_lib/form-schemas");
    const parsed = ProfileStepForm.safeParse(profile);
    if (!parsed.success) return setErrors(issuesByField(parsed.error));
    const { display_name, linkedin_url, github_username } = parsed.data;
    const ok = await attempt(async () => {
      const api = browserApi();
      const changed = {
        ...(display_name !== saved.displayName.trim() ? { display_name } : {}),
        ...(linkedin_url !== saved.linkedinUrl ? { linkedin_url: linkedin_url || null } : {}),
      };
      if (Object.keys(changed).length > 0) await api.authIdentity.updateProfile(changed);
      await api.onboarding.update({ github_username: github_username || null, current_step: "career" });
      setSaved({ ...saved, displayName: display_name, linkedinUrl: linkedin_url, github: github_username });
    });
    if (ok) {
      router.refresh();
      go("career");
    }
  }

  async function saveCareer() {
    const { CareerPrefsForm, issuesByField } = await import("../../_lib/form-schemas");
    const parsed = CareerPrefsForm.safeParse(career);
    if (!parsed.success) return setErrors(issuesByField(parsed.error));
    const ok = await attempt(
      async () => {
        const res = await browserApi().onboarding.update({
          roles_targeted: parsed.data.roles,
          min_target_lpa: parsed.data.min_lpa,
          preferred_locations: parsed.data.locations,
          current_step: "integrations",
        });
        setCareer(careerInputOf(res));
        setSavedCareer(careerInputOf(res));
      },
      { roles_targeted: "roles", min_target_lpa: "min_lpa", preferred_locations: "locations" },
    );
    if (ok) go("integrations");
  }

  async function saveIntegrations() {
    const ok = await attempt(async () => {
      await browserApi().onboarding.update({ current_step: "review" });
    });
    if (ok) go("review");
  }

  /**
   * "Skip for now" on the optional steps (career preferences, integrations): nothing typed on the
   * step is checked or saved, what was saved before stays, and the wizard moves on. Only the step
   * the user resumes at is stored. (The profile step has no skip: résumés need a name.)
   */
  async function skip() {
    const next = WIZARD_STEPS[index + 1];
    if (!next) return;
    const ok = await attempt(async () => {
      await browserApi().onboarding.update({ current_step: next });
    });
    if (ok) {
      if (step === "career") setCareer(savedCareer);
      go(next);
    }
  }

  async function finish() {
    const ok = await attempt(async () => {
      await browserApi().onboarding.update({ completed: true, current_step: "review" });
    });
    if (ok) {
      toast.success("You are all set");
      router.push("/dashboard");
      router.refresh();
    }
  }

  const onNext = { profile: saveProfile, career: saveCareer, integrations: saveIntegrations, review: finish }[
    step
  ];
  const meta = STEP_META[step];
  const github = findIntegration(integrations, "github");
  const gemini = findIntegration(integrations, "gemini");

  return (
    <div className="mx-auto grid max-w-3xl gap-6" data-test="onboarding-wizard">
      <div className="space-y-1">
        <p className="text-sm font-medium text-primary">Set up CareerPilot</p>
        <h1 className="text-2xl font-semibold tracking-tight" data-test="page-title">
          Let’s get your job search ready
        </h1>
        <p className="text-muted-foreground">Four short steps. Your progress is saved as you go.</p>
      </div>

      <Stepper step={step} onJump={(s) => WIZARD_STEPS.indexOf(s) < index && go(s)} />

      <Card data-test={`wizard-step-${step}`} data-step={step}>
        <CardHeader>
          <CardTitle>
            <h2 ref={headingRef} tabIndex={-1} className="text-lg outline-none" data-test="wizard-step-title">
              {meta.title}
            </h2>
          </CardTitle>
          <CardDescription>{meta.description}</CardDescription>
        </CardHeader>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void onNext();
          }}
        >
          <CardContent className="grid gap-6">
            {formError ? (
              <Alert variant="destructive" data-test="wizard-error">
                <CircleAlert />
                <AlertDescription>{formError}</AlertDescription>
              </Alert>
            ) : null}

            {step === "profile" ? (
              <>
                <TextField
                  label="Full name"
                  value={profile.display_name}
                  onChange={(v) => setProfile({ ...profile, display_name: v })}
                  error={errors.display_name}
                  autoComplete="name"
                  dataTest="profile-display-name"
                  disabled={pending}
                />
                <TextField
                  label="Email"
                  value={initialProfile.email}
                  readOnly
                  hint="Your sign-in email. It cannot be changed here."
                  dataTest="profile-email"
                />
                <TextField
                  label="LinkedIn profile URL"
                  value={profile.linkedin_url}
                  onChange={(v) => setProfile({ ...profile, linkedin_url: v })}
                  error={errors.linkedin_url}
                  placeholder="https://linkedin.com/in/you"
                  hint="Optional. Added to your résumés."
                  type="url"
                  dataTest="profile-linkedin"
                  disabled={pending}
                />
                <TextField
                  label="GitHub username"
                  value={profile.github_username}
                  onChange={(v) => setProfile({ ...profile, github_username: v })}
                  error={errors.github_username}
                  placeholder="octocat"
                  hint="Optional. Connecting GitHub in step 3 fills this in."
                  prefix="github.com/"
                  dataTest="profile-github"
                  disabled={pending}
                />
              </>
            ) : null}

            {step === "career" ? (
              <CareerFields
                value={career}
                onChange={(patch) => {
                  setCareer({ ...career, ...patch });
                  setErrors((e) => ({
                    ...e,
                    ...Object.fromEntries(Object.keys(patch).map((k) => [k, ""])),
                  }));
                }}
                errors={errors}
                hints={{
                  roles: "Up to 10. Pick from the suggestions or type your own.",
                  locations: "Optional. Add Remote to include remote roles.",
                }}
                dataTest="career"
                disabled={pending}
              />
            ) : null}

            {step === "integrations" ? (
              <>
                {integrations === null ? (
                  <Alert variant="destructive">
                    <CircleAlert />
                    <AlertDescription>
                      Integrations could not be loaded. You can skip this step and connect them later in
                      Settings.
                    </AlertDescription>
                  </Alert>
                ) : null}
                <GithubConnect
                  integration={github}
                  redirectTo="/onboarding"
                  beforeConnect={async () => {
                    await browserApi().onboarding.update({ current_step: "integrations" });
                  }}
                />
                <TokenField provider="gemini" integration={gemini} onChanged={refreshIntegrations} />
                <details className="group rounded-lg border bg-muted/30 p-4" data-test="optional-tokens">
                  <summary className="cursor-pointer text-sm font-medium marker:text-muted-foreground">
                    Job portal and Gmail tokens{" "}
                    <span className="font-normal text-muted-foreground">(optional)</span>
                  </summary>
                  <div className="mt-4 grid gap-3">
                    {OPTIONAL_TOKEN_PROVIDERS.map((p) => (
                      <TokenField
                        key={p}
                        provider={p}
                        integration={findIntegration(integrations, p)}
                        onChanged={refreshIntegrations}
                      />
                    ))}
                  </div>
                </details>
              </>
            ) : null}

            {step === "review" ? (
              <dl className="grid gap-0 divide-y rounded-lg border" data-test="review-summary">
                <ReviewRow
                  label="Name"
                  value={saved.displayName || "—"}
                  dataTest="review-name"
                  onEdit={() => go("profile")}
                />
                <ReviewRow label="Email" value={initialProfile.email || "—"} dataTest="review-email" />
                <ReviewRow
                  label="LinkedIn"
                  value={saved.linkedinUrl || "Not added"}
                  dataTest="review-linkedin"
                  onEdit={() => go("profile")}
                />
                <ReviewRow
                  label="Roles"
                  value={
                    career.roles.length
                      ? career.roles.join(", ")
                      : "None yet: add them in Job Control to start the job search"
                  }
                  dataTest="review-roles"
                  onEdit={() => go("career")}
                />
                <ReviewRow
                  label="Minimum salary"
                  value={formatSalary(career.min_lpa === "" ? null : Number(career.min_lpa), "No minimum")}
                  dataTest="review-lpa"
                  onEdit={() => go("career")}
                />
                <ReviewRow
                  label="Locations"
                  value={career.locations.length ? career.locations.join(", ") : "Anywhere"}
                  dataTest="review-locations"
                  onEdit={() => go("career")}
                />
                <ReviewRow
                  label="GitHub"
                  value={
                    isConnected(github)
                      ? `Connected as @${github?.external_login}`
                      : saved.github
                        ? `@${saved.github} (not connected)`
                        : "Not connected"
                  }
                  dataTest="review-github"
                  onEdit={() => go("integrations")}
                />
                <ReviewRow
                  label="Gemini key"
                  value={gemini?.token ? `Saved ${maskedToken(gemini.token.masked_suffix)}` : "Not added"}
                  dataTest="review-gemini"
                  onEdit={() => go("integrations")}
                />
              </dl>
            ) : null}
          </CardContent>
          <CardFooter className="mt-6 flex flex-col-reverse gap-2 border-t pt-6 sm:flex-row sm:justify-between">
            <Button
              type="button"
              variant="ghost"
              onClick={() => go(WIZARD_STEPS[index - 1] ?? "profile")}
              disabled={pending || index === 0}
              className={cn("w-full sm:w-auto", index === 0 && "invisible")}
              data-test="wizard-back"
            >
              <ArrowLeft />
              Back
            </Button>
            <div className="flex w-full flex-col-reverse gap-2 sm:w-auto sm:flex-row">
              {step === "career" || step === "integrations" ? (
                <Button
                  type="button"
                  variant="outline"
                  onClick={() => void skip()}
                  disabled={pending}
                  data-test="wizard-skip"
                >
                  Skip for now
                </Button>
              ) : null}
              <Button
                type="submit"
                disabled={pending}
                className="sm:min-w-32"
                data-test={step === "review" ? "wizard-finish" : "wizard-next"}
              >
                {pending ? <LoaderCircle className="animate-spin" /> : null}
                {step === "review" ? "Finish" : pending ? "Saving…" : "Next"}
                {step === "review" || pending ? null : <ArrowRight />}
              </Button>
            </div>
          </CardFooter>
        </form>
      </Card>
    </div>
  );
}

/** The steps with their state, and a progress bar. Done steps can be revisited. */
function Stepper({ step, onJump }: { step: WizardStep; onJump: (s: WizardStep) => void }) {
  const index = WIZARD_STEPS.indexOf(step);
  return (
    <nav aria-label="Onboarding progress" className="grid gap-3" data-test="stepper">
      <div className="flex items-center justify-between text-sm">
        <span className="font-medium" data-test="stepper-count">
          Step {index + 1} of {WIZARD_STEPS.length}
        </span>
        <span className="text-muted-foreground">
          {Math.round(((index + 1) / WIZARD_STEPS.length) * 100)}%
        </span>
      </div>
      <Progress value={((index + 1) / WIZARD_STEPS.length) * 100} aria-label="Onboarding progress" />
      <ol className="grid grid-cols-4 gap-2">
        {WIZARD_STEPS.map((s, i) => {
          const done = i < index;
          const current = i === index;
          return (
            <li key={s}>
              <button
                type="button"
                onClick={() => onJump(s)}
                disabled={!done}
                aria-current={current ? "step" : undefined}
                className="flex w-full flex-col items-center gap-1.5 rounded-md p-1 text-center text-xs focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none disabled:cursor-default sm:flex-row sm:text-left sm:text-sm"
                data-test={`stepper-${s}`}
              >
                <span
                  className={cn(
                    "flex size-7 shrink-0 items-center justify-center rounded-full border text-xs font-semibold",
                    done && "border-primary bg-primary text-primary-foreground",
                    current && "border-primary text-primary ring-4 ring-primary/15",
                    !done && !current && "text-muted-foreground",
                  )}
                >
                  {done ? <Check className="size-4" /> : i + 1}
                </span>
                <span className={cn("font-medium", !current && "text-muted-foreground")}>
                  {STEP_META[s].label}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  placeholder,
  autoComplete,
  readOnly,
  type = "text",
  prefix,
  dataTest,
  disabled,
}: {
  label: string;
  value: string;
  onChange?: (v: string) => void;
  error?: string;
  hint?: string;
  placeholder?: string;
  autoComplete?: string;
  readOnly?: boolean;
  type?: "text" | "url";
  prefix?: string;
  dataTest: string;
  disabled?: boolean;
}) {
  const id = useId();
  const describedBy = fieldDescribedBy(id, error, hint);
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex">
        {prefix ? (
          <span className="hidden items-center rounded-l-md border border-r-0 bg-muted px-3 text-sm text-muted-foreground sm:flex">
            {prefix}
          </span>
        ) : null}
        <Input
          id={id}
          type={type}
          value={value}
          onChange={(e) => onChange?.(e.target.value)}
          placeholder={placeholder}
          autoComplete={autoComplete}
          readOnly={readOnly}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={cn("h-10", prefix && "sm:rounded-l-none", readOnly && "bg-muted text-muted-foreground")}
          data-test={dataTest}
        />
      </div>
      <FieldMessage id={id} error={error} hint={hint} dataTest={dataTest} />
    </div>
  );
}

function ReviewRow({
  label,
  value,
  dataTest,
  onEdit,
}: {
  label: string;
  value: string;
  dataTest: string;
  onEdit?: () => void;
}) {
  return (
    <div className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-center sm:gap-4">
      <dt className="w-36 shrink-0 text-sm text-muted-foreground">{label}</dt>
      <dd className="min-w-0 flex-1 text-sm font-medium [overflow-wrap:anywhere]" data-test={dataTest}>
        {value}
      </dd>
      {onEdit ? (
        <Button type="button" variant="ghost" size="sm" onClick={onEdit} className="self-start sm:self-auto">
          <Pencil />
          Edit
          <span className="sr-only"> {label}</span>
        </Button>
      ) : null}
    </div>
  );
}
