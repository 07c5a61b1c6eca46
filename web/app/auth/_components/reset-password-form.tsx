"use client";

import { CircleAlert, LoaderCircle } from "lucide-react";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { browserAuth } from "@/lib/supabase/client";
import { authErrorMessage } from "../_lib/auth-errors";
import type { NewPasswordInput } from "../_lib/password-reset";
import { type FieldErrors, fieldErrors } from "../_lib/schemas";
import { FormField } from "./form-field";

/** Sets the new password for the session the reset link opened, then continues into the app. */
export function ResetPasswordForm({ email }: { email: string }) {
  const [values, setValues] = useState<NewPasswordInput>({ password: "", confirmPassword: "" });
  const [errors, setErrors] = useState<FieldErrors<NewPasswordInput>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const set = (key: keyof NewPasswordInput) => (value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setServerError(null);
    // The schema (and zod) load when the form is sent, not with the page (bundle budget).
    const { NewPasswordSchema } = await import("../_lib/password-reset");
    const parsed = NewPasswordSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setPending(true);
    const { error } = await (await browserAuth()).updateUser({ password: parsed.data.password });
    if (error) {
      setPending(false);
      setServerError(
        error.code === "same_password"
          ? "That is your current password. Choose a different one."
          : authErrorMessage(error),
      );
      return;
    }
    // Signed in with the new password; the server decides between onboarding and the dashboard.
    window.location.assign("/auth/continue");
  }

  return (
    <div className="grid gap-6">
      <div className="space-y-1.5">
        <h1 className="text-2xl font-semibold tracking-tight" data-test="reset-heading">
          Choose a new password
        </h1>
        <p className="text-sm text-muted-foreground">
          For <strong className="text-foreground">{email}</strong>. Other devices signed in to this account
          are signed out when you save.
        </p>
      </div>
      <form onSubmit={onSubmit} noValidate className="grid gap-4" data-test="reset-form">
        {serverError && (
          <Alert
            variant="destructive"
            data-test="reset-error"
            className="border-destructive/30 bg-destructive/5"
          >
            <CircleAlert />
            <AlertDescription>{serverError}</AlertDescription>
          </Alert>
        )}
        <FormField
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set("password")}
          error={errors.password}
          hint="At least 8 characters."
          dataTest="reset-password"
          disabled={pending}
        />
        <FormField
          label="Confirm new password"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          value={values.confirmPassword}
          onChange={set("confirmPassword")}
          error={errors.confirmPassword}
          dataTest="reset-confirm-password"
          disabled={pending}
        />
        <Button
          type="submit"
          className="h-10 w-full"
          disabled={pending}
          aria-busy={pending}
          data-test="reset-submit"
        >
          {pending ? (
            <>
              <LoaderCircle className="animate-spin" /> Saving…
            </>
          ) : (
            "Save new password"
          )}
        </Button>
      </form>
    </div>
  );
}
