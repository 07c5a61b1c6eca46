"use client";

import { CircleAlert, LoaderCircle, Save } from "lucide-react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import {
  COMPANY_TYPES,
  errorMessage,
  fieldErrorsOf,
  type Integration,
  type JobSettings,
  PORTALS,
} from "@/lib/api";
import { formatLpa } from "@/lib/format";
import { browserApi } from "@/lib/supabase/client";
import { cn } from "@/lib/utils";
import { ChipsInput } from "../../_components/chips-input";
import { LpaField } from "../../_components/lpa-field";
import { type ApplyReadiness, autoApplyPrerequisites } from "../../_lib/auto-apply";
import {
  COMPANY_TYPE_LABELS,
  type JobControlInput,
  LOCATION_SUGGESTIONS,
  PORTAL_LABELS,
  ROLE_SUGGESTIONS,
} from "../../_lib/forms";

// The confirmation is a Radix dialog: loaded when auto-apply is first switched on, not with the page.
const AutoApplyConfirm = dynamic(() => import("./auto-apply-confirm").then((m) => m.AutoApplyConfirm), {
  ssr: false,
});

function toInput(s: JobSettings): JobControlInput {
  return {
    search_active: s.search_active,
    auto_apply: s.auto_apply,
    portals: s.portals,
    roles: s.roles,
    locations: s.locations,
    min_lpa: s.min_lpa === null ? "" : String(s.min_lpa),
    company_types: s.company_types,
  };
}

const toggle = <T,>(list: T[], item: T, on: boolean): T[] =>
  on ? (list.includes(item) ? list : [...list, item]) : list.filter((x) => x !== item);

/** The save button's words for what saving would change (nothing, start, pause, or other edits). */
export function saveLabel(saved: JobControlInput, form: JobControlInput): string {
  if (JSON.stringify(form) === JSON.stringify(saved)) return "Saved";
  if (form.search_active && !saved.search_active) return "Save & Activate";
  if (!form.search_active && saved.search_active) return "Save & Pause";
  return "Save changes";
}

/**
 * Job Control: the search and auto-apply switches, portals and filters; saved with PUT
 * /v1/settings/job. `careerMinLpa` is the minimum from the career preferences, shown beside this
 * page's own minimum so the two cannot drift apart unseen.
 */
export function JobControlForm({
  initial,
  integrations,
  readiness,
  careerMinLpa,
}: {
  initial: JobSettings;
  integrations: Integration[] | null;
  /** The apply side's part of the prerequisites (résumés, caps, pauses): the same source as the sidebar's. */
  readiness: ApplyReadiness;
  careerMinLpa: number | null | undefined;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState(() => toInput(initial));
  const [form, setForm] = useState(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);
  const searchId = useId();
  const autoId = useId();
  const autoSwitch = useRef<HTMLButtonElement>(null);
  const [confirmAuto, setConfirmAuto] = useState(false);
  const [confirmUsed, setConfirmUsed] = useState(false);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    // In-app links navigate without unloading the page: ask before following one. Capture phase on
    // the document runs before Next's Link handler, so a "stay" stops the navigation.
    const onLinkClick = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.("a[href]");
      if (!(link instanceof HTMLAnchorElement) || link.target === "_blank") return;
      const to = new URL(link.href, window.location.href);
      if (to.origin !== window.location.origin || to.pathname === window.location.pathname) return;
      if (!window.confirm("You have unsaved changes in Job Control. Leave without saving?")) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", warn);
    document.addEventListener("click", onLinkClick, true);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", onLinkClick, true);
    };
  }, [dirty]);

  function set<K extends keyof JobControlInput>(key: K, value: JobControlInput[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: "" }));
  }

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const { JobControlForm: schema, issuesByField } = await import("../../_lib/form-schemas");
    const parsed = schema.safeParse(form);
    if (!parsed.success) return setErrors(issuesByField(parsed.error));
    setPending(true);
    try {
      const res = await browserApi().onboarding.saveJobSettings(parsed.data);
      const next = toInput(res);
      setSaved(next);
      setForm(next);
      setErrors({});
      toast.success(
        res.search_active ? "Saved. Your job search is active." : "Saved. Your job search is paused.",
      );
      router.refresh();
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (Object.keys(fields).length > 0) {
        setErrors(fields);
        setFormError("Fix the highlighted fields, then save again.");
      } else setFormError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-6" data-test="job-control-form">
      {formError ? (
        <Alert variant="destructive" data-test="job-control-error">
          <CircleAlert />
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle className="text-base">Search</CardTitle>
          <CardDescription>Nothing is sent to employers unless auto-apply is on.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5">
          <div className="flex items-start justify-between gap-4">
            <div>
              <Label htmlFor={searchId}>Job search</Label>
              <p className="mt-1 text-sm text-muted-foreground">
                {form.search_active
                  ? "Active: CareerPilot looks for matching jobs."
                  : "Paused: no new jobs are fetched."}
              </p>
            </div>
            <Switch
              id={searchId}
              checked={form.search_active}
              onCheckedChange={(v) => set("search_active", v)}
              disabled={pending}
              data-test="job-search-switch"
            />
          </div>
          <div className="flex items-start justify-between gap-4">
            <div>
              <Label htmlFor={autoId}>Auto-apply</Label>
              <p className="mt-1 text-sm text-muted-foreground">
                {form.auto_apply
                  ? "On: CareerPilot applies to matching jobs with your best résumé."
                  : "Off: you review jobs and apply yourself."}
              </p>
            </div>
            <Switch
              id={autoId}
              ref={autoSwitch}
              checked={form.auto_apply}
              // Turning it on asks first, listing what is still missing; turning it off does not.
              onCheckedChange={(v) => {
                if (!v) return set("auto_apply", false);
                setConfirmUsed(true);
                setConfirmAuto(true);
              }}
              disabled={pending}
              data-test="auto-apply-switch"
            />
          </div>
          {confirmUsed ? (
            <AutoApplyConfirm
              open={confirmAuto}
              prerequisites={autoApplyPrerequisites(form, integrations, readiness)}
              returnFocusTo={autoSwitch}
              onCancel={() => setConfirmAuto(false)}
              onConfirm={() => {
                setConfirmAuto(false);
                set("auto_apply", true);
              }}
            />
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle className="text-base">Portals</CardTitle>
          <CardDescription>Where to search. Add a portal’s token in Settings to apply there.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-2">
          <fieldset className="grid gap-2 sm:grid-cols-3" aria-describedby="portals-error">
            <legend className="sr-only">Portals</legend>
            {PORTALS.map((p) => (
              <Label
                key={p}
                className={cn(
                  "flex cursor-pointer items-center gap-3 rounded-lg border p-3 font-normal has-[[data-state=checked]]:border-primary has-[[data-state=checked]]:bg-brand-soft/60",
                  errors.portals && "border-destructive",
                )}
              >
                <Checkbox
                  checked={form.portals.includes(p)}
                  onCheckedChange={(v) => set("portals", toggle(form.portals, p, v === true))}
                  disabled={pending}
                  data-test={`portal-${p}`}
                />
                {PORTAL_LABELS[p]}
              </Label>
            ))}
          </fieldset>
          {errors.portals ? (
            <p id="portals-error" className="text-sm text-destructive" data-test="portals-error">
              {errors.portals}
            </p>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle className="text-base">Filters</CardTitle>
          <CardDescription>Only jobs that match these are fetched.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          <ChipsInput
            label="Roles"
            value={form.roles}
            onChange={(v) => set("roles", v)}
            suggestions={ROLE_SUGGESTIONS}
            placeholder="Add a role (Enter)"
            error={errors.roles || undefined}
            dataTest="job-roles"
            disabled={pending}
          />
          <ChipsInput
            label="Locations"
            value={form.locations}
            onChange={(v) => set("locations", v)}
            suggestions={LOCATION_SUGGESTIONS}
            placeholder="Add a city (Enter)"
            hint="Leave empty to search everywhere."
            error={errors.locations || undefined}
            dataTest="job-locations"
            disabled={pending}
          />
          <LpaField
            label="Minimum salary"
            value={form.min_lpa}
            onChange={(v) => set("min_lpa", v)}
            error={errors.min_lpa || undefined}
            dataTest="job-min-lpa"
            disabled={pending}
          />
          <LpaRelation
            careerMinLpa={careerMinLpa}
            value={form.min_lpa}
            onUse={(v) => set("min_lpa", v)}
            disabled={pending}
          />
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">Company types</legend>
            <div className="flex flex-wrap gap-2">
              {COMPANY_TYPES.map((t) => (
                <Label
                  key={t}
                  className="flex cursor-pointer items-center gap-2 rounded-full border px-3 py-1.5 font-normal has-[[data-state=checked]]:border-primary has-[[data-state=checked]]:bg-brand-soft/60"
                >
                  <Checkbox
                    checked={form.company_types.includes(t)}
                    onCheckedChange={(v) => set("company_types", toggle(form.company_types, t, v === true))}
                    disabled={pending}
                    data-test={`company-type-${t}`}
                  />
                  {COMPANY_TYPE_LABELS[t]}
                </Label>
              ))}
            </div>
            <p className="text-xs text-muted-foreground">None selected means any company type.</p>
            {errors.company_types ? <p className="text-sm text-destructive">{errors.company_types}</p> : null}
          </fieldset>
        </CardContent>
      </Card>

      <div className="sticky bottom-0 z-10 -mx-4 flex flex-col gap-3 border-t bg-background/95 px-4 py-4 backdrop-blur sm:mx-0 sm:flex-row sm:items-center sm:justify-between sm:rounded-xl sm:border sm:px-5">
        <p className="text-sm" aria-live="polite" data-test="job-control-dirty">
          {dirty ? (
            <Badge variant="secondary" className="bg-amber-100 text-amber-800">
              Unsaved changes
            </Badge>
          ) : (
            <span className="text-muted-foreground">All changes saved</span>
          )}
        </p>
        <div className="flex gap-2">
          {dirty ? (
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                setForm(saved);
                setErrors({});
                setFormError(null);
              }}
              disabled={pending}
            >
              Discard
            </Button>
          ) : null}
          <Button
            type="submit"
            disabled={pending}
            className="flex-1 sm:flex-none"
            data-test="job-control-save"
          >
            {pending ? <LoaderCircle className="animate-spin" /> : <Save />}
            {pending ? "Saving…" : saveLabel(saved, form)}
          </Button>
        </div>
      </div>
    </form>
  );
}

/** How this page's minimum salary relates to the one in the career preferences, with a way to align them. */
function LpaRelation({
  careerMinLpa,
  value,
  onUse,
  disabled,
}: {
  careerMinLpa: number | null | undefined;
  value: string;
  onUse: (next: string) => void;
  disabled: boolean;
}) {
  if (careerMinLpa === undefined) return null;
  const career = careerMinLpa === null ? "" : String(careerMinLpa);
  const same = value.trim() === career || (value.trim() !== "" && Number(value) === careerMinLpa);
  const careerText = careerMinLpa === null ? "no minimum" : formatLpa(careerMinLpa);
  return (
    <p
      className="-mt-3 flex flex-wrap items-center gap-x-2 text-sm text-muted-foreground"
      data-test="lpa-relation"
    >
      {same
        ? `Same as your career preferences (${careerText}).`
        : `Your career preferences say ${careerText}; this search filters by the value above.`}
      {same ? null : (
        <Button
          type="button"
          variant="link"
          className="h-auto p-0"
          onClick={() => onUse(career)}
          disabled={disabled}
          data-test="lpa-use-career"
        >
          Use {careerText}
        </Button>
      )}
    </p>
  );
}
