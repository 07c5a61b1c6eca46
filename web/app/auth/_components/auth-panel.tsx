"use client";

import { CircleAlert, LoaderCircle, MailCheck } from "lucide-react";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { OAuthProvider } from "@/lib/env";
import { browserAuth } from "@/lib/supabase/client";
import { authErrorMessage } from "../_lib/auth-errors";
// Types only: the schemas (and zod) are loaded when a form is submitted, not with the page.
import type { CreateAccountInput, FieldErrors, SignInInput } from "../_lib/schemas";
import { ForgotPasswordLink } from "./forgot-password-link";
import { FormField } from "./form-field";
import { OAuthButtons } from "./oauth-buttons";

export type AuthTab = "signin" | "create";

/** Decides server-side: `/onboarding` until onboarding is completed, then `/dashboard`. */
const AFTER_AUTH = "/auth/continue";

/** The server's refusal, under the submit button: the fields above it never move when it appears. */
function ServerError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert variant="destructive" data-test="auth-error" className="border-destructive/30 bg-destructive/5">
      <CircleAlert />
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}

function SubmitButton({
  pending,
  idle,
  busy,
  dataTest,
}: {
  pending: boolean;
  idle: string;
  busy: string;
  dataTest: string;
}) {
  return (
    <Button type="submit" className="h-10 w-full" disabled={pending} aria-busy={pending} data-test={dataTest}>
      {pending ? (
        <>
          <LoaderCircle className="animate-spin" /> {busy}
        </>
      ) : (
        idle
      )}
    </Button>
  );
}

function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [values, setValues] = useState<SignInInput>({ email: "", password: "" });
  const [errors, setErrors] = useState<FieldErrors<SignInInput>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const set = (key: keyof SignInInput) => (value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setServerError(null);
    const { SignInSchema, fieldErrors } = await import("../_lib/schemas");
    const parsed = SignInSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setPending(true);
    const { error } = await (await browserAuth()).signInWithPassword(parsed.data);
    if (error) {
      setPending(false);
      setServerError(authErrorMessage(error));
      return;
    }
    onSignedIn();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" data-test="signin-form">
      <FormField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        value={values.email}
        onChange={set("email")}
        error={errors.email}
        dataTest="signin-email"
        disabled={pending}
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={values.password}
        onChange={set("password")}
        error={errors.password}
        dataTest="signin-password"
        disabled={pending}
      />
      <ForgotPasswordLink />
      <SubmitButton pending={pending} idle="Sign in" busy="Signing in…" dataTest="signin-submit" />
      <ServerError message={serverError} />
    </form>
  );
}

function CreateAccountForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [values, setValues] = useState<CreateAccountInput>({ email: "", password: "", confirmPassword: "" });
  const [errors, setErrors] = useState<FieldErrors<CreateAccountInput>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [confirmSent, setConfirmSent] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const set = (key: keyof CreateAccountInput) => (value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setServerError(null);
    const { CreateAccountSchema, fieldErrors } = await import("../_lib/schemas");
    const parsed = CreateAccountSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setPending(true);
    const { data, error } = await (await browserAuth()).signUp({
      email: parsed.data.email,
      password: parsed.data.password,
      options: {
        emailRedirectTo: `${window.location.origin}/auth/callback?next=${encodeURIComponent(AFTER_AUTH)}`,
      },
    });
    if (error) {
      setPending(false);
      setServerError(authErrorMessage(error));
      return;
    }
    if (!data.session) {
      // The project requires email confirmation: no session until the link is followed.
      setPending(false);
      setConfirmSent(parsed.data.email);
      return;
    }
    onSignedIn();
  }

  if (confirmSent) {
    return (
      <Alert data-test="auth-confirm-email">
        <MailCheck />
        <AlertDescription className="text-foreground">
          We sent a confirmation link to <strong>{confirmSent}</strong>. Open it to finish creating your
          account.
        </AlertDescription>
      </Alert>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" data-test="create-form">
      <FormField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        value={values.email}
        onChange={set("email")}
        error={errors.email}
        dataTest="create-email"
        disabled={pending}
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={values.password}
        onChange={set("password")}
        error={errors.password}
        hint="At least 8 characters."
        dataTest="create-password"
        disabled={pending}
      />
      <FormField
        label="Confirm password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        value={values.confirmPassword}
        onChange={set("confirmPassword")}
        error={errors.confirmPassword}
        dataTest="create-confirm-password"
        disabled={pending}
      />
      <SubmitButton
        pending={pending}
        idle="Create account"
        busy="Creating account…"
        dataTest="create-submit"
      />
      <ServerError message={serverError} />
    </form>
  );
}

/** Sign In | Create Account tabs, email + password forms and the OAuth buttons. */
export function AuthPanel({
  defaultTab,
  oauthProviders,
  initialError,
}: {
  defaultTab: AuthTab;
  oauthProviders: OAuthProvider[];
  initialError?: string;
}) {
  const [tab, setTab] = useState<AuthTab>(defaultTab);

  function onSignedIn() {
    // A full navigation: the route handler decides the destination from the new session cookie.
    window.location.assign(AFTER_AUTH);
  }

  return (
    <div className="grid gap-6">
      <div className="space-y-1.5">
        <h1 className="text-2xl font-semibold tracking-tight" data-test="auth-heading">
          {tab === "signin" ? "Welcome back" : "Create your account"}
        </h1>
        <p className="text-sm text-muted-foreground">
          {tab === "signin"
            ? "Sign in to manage your projects, résumés and job search."
            : "Start with your email. You can connect GitHub right after."}
        </p>
      </div>
      <ServerError message={initialError ?? null} />
      <Tabs value={tab} onValueChange={(v) => setTab(v as AuthTab)} className="gap-5">
        <TabsList className="grid h-10 w-full grid-cols-2">
          <TabsTrigger value="signin" data-test="auth-tab-signin">
            Sign In
          </TabsTrigger>
          <TabsTrigger value="create" data-test="auth-tab-create">
            Create Account
          </TabsTrigger>
        </TabsList>
        <TabsContent value="signin">
          <SignInForm onSignedIn={onSignedIn} />
        </TabsContent>
        <TabsContent value="create">
          <CreateAccountForm onSignedIn={onSignedIn} />
        </TabsContent>
      </Tabs>
      {/* Only providers this deployment has configured are offered; none configured, no section. */}
      {oauthProviders.length > 0 ? (
        <>
          <div className="relative text-center text-xs text-muted-foreground uppercase">
            <span className="absolute inset-x-0 top-1/2 h-px bg-border" aria-hidden="true" />
            <span className="relative bg-background px-2">or continue with</span>
          </div>
          <OAuthButtons enabled={oauthProviders} next={AFTER_AUTH} />
        </>
      ) : null}
    </div>
  );
}
