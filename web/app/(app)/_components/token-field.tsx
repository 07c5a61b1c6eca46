"use client";

import { CircleCheck, KeyRound, LoaderCircle } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ApiError, errorMessage, fieldErrorsOf, type Integration, type TokenProvider } from "@/lib/api";
import { maskedToken } from "@/lib/format";
import { browserApi } from "@/lib/supabase/client";
import { PROVIDER_META } from "../_lib/providers";

/** What to say when saving a token fails, in the user's words. */
function saveError(provider: TokenProvider, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === "invalid_api_key")
      return err.message || "Google rejected this key. Check it and try again.";
    if (err.code === "upstream_unavailable")
      return err.message || "Google could not be reached to check the key. Try again in a minute.";
    const field = fieldErrorsOf(err).token;
    if (field) return field;
  }
  return provider === "gemini" && !(err instanceof ApiError) ? "Could not check the key." : errorMessage(err);
}

/**
 * One provider's token: masked (`••••abcd`) with Replace (and optionally Revoke, confirmed) when
 * saved; an input with Save (Gemini: Verify & save) otherwise. `data-test` ids are `token-<provider>-…`.
 */
export function TokenField({
  provider,
  integration,
  onChanged,
  allowRevoke = false,
}: {
  provider: TokenProvider;
  integration: Integration | undefined;
  onChanged: () => void | Promise<void>;
  allowRevoke?: boolean;
}) {
  const id = useId();
  const meta = PROVIDER_META[provider];
  const saved = integration?.token ?? null;
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const t = (s: string) => `token-${provider}-${s}`;
  const showInput = !saved || editing;

  async function save() {
    const token = value.trim();
    if (token.length < 8) {
      setError("Paste the whole token (at least 8 characters).");
      return;
    }
    setPending(true);
    setError(null);
    try {
      await browserApi().integrations.saveToken(provider, token);
      toast.success(provider === "gemini" ? "Gemini key verified and saved" : `${meta.label} saved`);
      setValue("");
      setEditing(false);
      await onChanged();
    } catch (err) {
      setError(saveError(provider, err));
    } finally {
      setPending(false);
    }
  }

  async function revoke() {
    setPending(true);
    try {
      await browserApi().integrations.revoke(provider);
      toast.success(`${meta.label} removed`);
      // Refresh first: when the dialog closes, the Revoke button is gone and the input is back.
      await onChanged();
      setConfirmOpen(false);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="grid gap-2 rounded-lg border bg-background p-4" data-test={t("field")}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Label htmlFor={id} className="flex items-center gap-2">
          <KeyRound className="size-4 text-muted-foreground" />
          {meta.label}
        </Label>
        {saved ? (
          <Badge variant="secondary" className="gap-1 bg-emerald-50 text-emerald-700" data-test={t("status")}>
            <CircleCheck />
            {integration?.status === "needs_reconnect" ? "Expired" : "Saved"}
          </Badge>
        ) : null}
      </div>
      <p className="text-xs text-muted-foreground">
        {meta.hint}
        {meta.getIt ? (
          <>
            {" "}
            <a
              href={meta.getIt.href}
              target="_blank"
              rel="noreferrer"
              className="font-medium text-primary underline-offset-4 hover:underline"
              data-test={t("get-it")}
            >
              {meta.getIt.label}
              <span className="sr-only"> (opens in a new tab)</span>
            </a>
          </>
        ) : null}
      </p>
      {meta.howTo ? (
        <details className="text-xs text-muted-foreground" data-test={t("howto")}>
          <summary className="w-fit cursor-pointer rounded-sm font-medium text-primary focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
            How to get it
          </summary>
          <div className="mt-2 grid gap-1.5">
            <p data-test={t("expects")}>{meta.howTo.expects}</p>
            <ol className="list-decimal space-y-1 pl-5">
              {meta.howTo.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </div>
        </details>
      ) : null}
      {saved && !editing ? (
        <div className="flex flex-wrap items-center gap-2">
          <code className="rounded bg-muted px-2 py-1 font-mono text-sm" data-test={t("masked")}>
            {maskedToken(saved.masked_suffix)}
          </code>
          <div className="ml-auto flex gap-2">
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() => setEditing(true)}
              data-test={t("replace")}
            >
              Replace
            </Button>
            {allowRevoke ? (
              <Button
                type="button"
                variant="outline"
                size="sm"
                className="text-destructive hover:text-destructive"
                onClick={() => setConfirmOpen(true)}
                data-test={t("revoke")}
              >
                Revoke
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}
      {showInput ? (
        // Not a <form>: this field also sits inside the onboarding wizard's form.
        <div className="flex flex-col gap-2 sm:flex-row">
          <Input
            id={id}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void save();
              }
            }}
            placeholder={meta.placeholder}
            disabled={pending}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            className="h-10 font-mono"
            data-test={t("input")}
          />
          <div className="flex gap-2">
            <Button
              type="button"
              onClick={() => void save()}
              className="h-10 flex-1 sm:flex-none"
              disabled={pending || !value.trim()}
              data-test={t("save")}
            >
              {pending ? <LoaderCircle className="animate-spin" /> : null}
              {pending
                ? provider === "gemini"
                  ? "Verifying…"
                  : "Saving…"
                : provider === "gemini"
                  ? "Verify & save"
                  : "Save"}
            </Button>
            {editing ? (
              <Button
                type="button"
                variant="ghost"
                className="h-10"
                onClick={() => {
                  setEditing(false);
                  setValue("");
                  setError(null);
                }}
              >
                Cancel
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-destructive" data-test={t("error")}>
          {error}
        </p>
      ) : null}
      <Dialog open={confirmOpen} onOpenChange={setConfirmOpen}>
        <DialogContent
          data-test={t("revoke-dialog")}
          onCloseAutoFocus={(e) => {
            // Revoked: the Revoke button that opened the dialog is gone; the input replaces it.
            const input = document.getElementById(id);
            if (saved === null && input) {
              e.preventDefault();
              input.focus();
            }
          }}
        >
          <DialogHeader>
            <DialogTitle>Revoke your {meta.label}?</DialogTitle>
            <DialogDescription>
              The saved token is erased. Features that need it stop until you add a new one.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button variant="destructive" onClick={revoke} disabled={pending} data-test={t("revoke-confirm")}>
              {pending ? <LoaderCircle className="animate-spin" /> : null}
              Revoke
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
