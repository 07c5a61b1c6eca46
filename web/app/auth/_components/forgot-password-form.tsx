"use client";

import { CircleAlert, LoaderCircle, MailCheck } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { browserAuth } from "@/lib/supabase/client";
import { authErrorMessage } from "../_lib/auth-errors";
import type { ForgotPasswordInput } from "../_lib/password-reset";
import { type FieldErrors, fieldErrors } from "../_lib/schemas";
import { FormField } from "./form-field";

/**
 * Asks for a reset link. The answer is the same whether or not an account uses the address (the
 * auth service never says), so the page says "if an account exists".
 */
export function ForgotPasswordForm({ initialError }: { initialError?: string }) {
  const [values, setValues] = useState<ForgotPasswordInput>({ email: "" });
  const [errors, setErrors] = useState<FieldErrors<ForgotPasswordInput>>({});
  const [serverError, setServerError] = useState<string | null>(initialError ?? null);
  const [pending, setPending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setServerError(null);
    // The schema (and zod) load when the form is sent, not with the page (bundle budget).
    const { ForgotPasswordSchema, resetRedirectTo } = await import("../_lib/password-reset");
    const parsed = ForgotPasswordSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setPending(true);
    const { error } = await (await browserAuth()).resetPasswordForEmail(parsed.data.email, {
      redirectTo: resetRedirectTo(window.location.origin),
    });
    setPending(false);
    if (error) {
      setServerError(
        error.code === "over_email_send_rate_limit"
          ? "A reset link was sent to this address less than a minute ago. Check your inbox, or wait a minute and try again."
          : authErrorMessage(error),
      );
      return;
    }
    setSentTo(parsed.data.email);
  }

  if (sentTo) {
    return (
      <div className="grid gap-6" data-test="forgot-sent">
        <div className="space-y-1.5">
          <h1 className="text-2xl font-semibold tracking-tight">Check your inbox</h1>
          <p className="text-sm text-muted-foreground">
            If an account uses <strong className="text-foreground">{sentTo}</strong>, we sent it a link to
            choose a new password. The link works once, for one hour.
          </p>
        </div>
        <Alert>
          <MailCheck />
          <AlertDescription className="text-foreground">
            No mail after a few minutes? Check your spam folder, or ask again in a minute.
          </AlertDescription>
        </Alert>
        <Button variant="outline" className="h-10" onClick={() => setSentTo(null)} data-test="forgot-again">
          Use another address
        </Button>
        <BackToSignIn />
      </div>
    );
  }

  return (
    <div className="grid gap-6">
      <div className="space-y-1.5">
        <h1 className="text-2xl font-semibold tracking-tight" data-test="forgot-heading">
          Reset your password
        </h1>
        <p className="text-sm text-muted-foreground">
          Enter the email you sign in with and we’ll send you a link to choose a new password.
        </p>
      </div>
      <form onSubmit={onSubmit} noValidate className="grid gap-4" data-test="forgot-form">
        {serverError && (
          <Alert
            variant="destructive"
            data-test="forgot-error"
            className="border-destructive/30 bg-destructive/5"
          >
            <CircleAlert />
            <AlertDescription>{serverError}</AlertDescription>
          </Alert>
        )}
        <FormField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          value={values.email}
          onChange={(email) => {
            setValues({ email });
            setErrors({});
          }}
          error={errors.email}
          dataTest="forgot-email"
          disabled={pending}
        />
        <Button
          type="submit"
          className="h-10 w-full"
          disabled={pending}
          aria-busy={pending}
          data-test="forgot-submit"
        >
          {pending ? (
            <>
              <LoaderCircle className="animate-spin" /> Sending link…
            </>
          ) : (
            "Send reset link"
          )}
        </Button>
      </form>
      <BackToSignIn />
    </div>
  );
}

function BackToSignIn() {
  return (
    <p className="text-center text-sm text-muted-foreground">
      Remembered it?{" "}
      <Link
        href="/auth"
        className="font-medium text-primary underline-offset-4 hover:underline"
        data-test="forgot-back"
      >
        Back to sign in
      </Link>
    </p>
  );
}
