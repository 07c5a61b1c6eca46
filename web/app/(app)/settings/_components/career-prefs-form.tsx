"use client";

import { LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { errorMessage, fieldErrorsOf, type Onboarding } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { CareerFields, careerInputOf } from "../../_components/career-fields";

/** Settings › Career preferences: roles, minimum LPA and locations (PUT /v1/onboarding). */
export function CareerPrefsForm({ initial }: { initial: Onboarding }) {
  const router = useRouter();
  const [saved, setSaved] = useState(() => careerInputOf(initial));
  const [form, setForm] = useState(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const { CareerPrefsForm: schema, issuesByField } = await import("../../_lib/form-schemas");
    const parsed = schema.safeParse(form);
    if (!parsed.success) return setErrors(issuesByField(parsed.error));
    setPending(true);
    try {
      const res = await browserApi().onboarding.update({
        roles_targeted: parsed.data.roles,
        min_target_lpa: parsed.data.min_lpa,
        preferred_locations: parsed.data.locations,
      });
      const next = careerInputOf(res);
      setSaved(next);
      setForm(next);
      setErrors({});
      toast.success("Career preferences saved");
      router.refresh();
    } catch (err) {
      const f = fieldErrorsOf(err);
      setErrors({
        roles: f.roles_targeted ?? "",
        min_lpa: f.min_target_lpa ?? "",
        locations: f.preferred_locations ?? "",
        form: Object.keys(f).length ? "" : errorMessage(err),
      });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-6" data-test="career-prefs-form">
      <CareerFields
        value={form}
        onChange={(patch) => {
          setForm({ ...form, ...patch });
          // Editing a field clears its message (as in the wizard), so its live preview shows again.
          setErrors((e) => ({ ...e, ...Object.fromEntries(Object.keys(patch).map((k) => [k, ""])) }));
        }}
        errors={errors}
        dataTest="settings"
        disabled={pending}
      />
      {errors.form ? <p className="text-sm text-destructive">{errors.form}</p> : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending || !dirty} data-test="career-prefs-save">
          {pending ? <LoaderCircle className="animate-spin" /> : null}
          {pending ? "Saving…" : "Save preferences"}
        </Button>
        {dirty ? <span className="text-sm text-muted-foreground">Unsaved changes</span> : null}
      </div>
    </form>
  );
}
