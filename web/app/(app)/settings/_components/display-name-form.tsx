"use client";

import { LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { errorMessage } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

/** Edits the display name through `PATCH /auth-identity/v1/auth/profile`. */
export function DisplayNameForm({ initial }: { initial: string }) {
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { ProfileUpdate } = await import("../../_lib/form-schemas");
    const parsed = ProfileUpdate.safeParse({ display_name: value });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Enter a display name");
      return;
    }
    setError(null);
    setPending(true);
    try {
      const res = await browserApi().authIdentity.updateProfile(parsed.data);
      const name = res.display_name ?? parsed.data.display_name;
      setValue(name);
      setSaved(name);
      toast.success("Display name saved");
      router.refresh();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-2" data-test="display-name-form">
      <Label htmlFor={id}>Display name</Label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <Input
          id={id}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setError(null);
          }}
          placeholder="How should we greet you?"
          autoComplete="name"
          maxLength={80}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          disabled={pending}
          className="h-10 sm:max-w-sm"
          data-test="display-name-input"
        />
        <Button
          type="submit"
          className="h-10 sm:w-28"
          disabled={pending || value.trim() === saved.trim()}
          data-test="display-name-save"
        >
          {pending ? <LoaderCircle className="animate-spin" /> : null}
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive" data-test="display-name-error">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          Shown in the app and on the résumés you generate.
        </p>
      )}
    </form>
  );
}
