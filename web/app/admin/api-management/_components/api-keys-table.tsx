"use client";

import { KeyRound } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { errorMessage, fieldErrorsOf, type PlatformKey } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

const STATUS: Record<PlatformKey["status"], { label: string; className: string }> = {
  missing: { label: "Not set", className: "bg-zinc-100 text-zinc-700" },
  active: { label: "Active", className: "bg-emerald-100 text-emerald-800" },
  expiring: { label: "Expiring", className: "bg-amber-100 text-amber-800" },
  expired: { label: "Expired", className: "bg-red-100 text-red-800" },
};

/** The keys table with expiry badges and the rotate dialog. */
export function ApiKeysTable() {
  const api = useRef(browserApi()).current;
  const highlight = useSearchParams().get("service");
  const [keys, setKeys] = useState<PlatformKey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rotating, setRotating] = useState<PlatformKey | null>(null);

  const load = useCallback(async () => {
    try {
      setKeys(await api.admin.apiKeys());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error)
    return (
      <Alert variant="destructive">
        <AlertDescription>{error}</AlertDescription>
      </Alert>
    );
  if (!keys) return <p className="text-sm text-muted-foreground">Loading…</p>;
  return (
    <>
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-left text-sm" data-test="api-keys-table">
          <thead className="border-b bg-muted/50 text-muted-foreground">
            <tr>
              <th className="px-3 py-2 font-medium">Service</th>
              <th className="px-3 py-2 font-medium">Key</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 font-medium">Expires</th>
              <th className="px-3 py-2 font-medium">Last rotated</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr
                key={k.service}
                className={`border-b last:border-0 ${highlight === k.service ? "bg-amber-50" : ""}`}
                data-test="api-key-row"
                data-service={k.service}
              >
                <td className="px-3 py-2">
                  <span className="font-medium">{k.label}</span>
                  <span className="block text-xs text-muted-foreground">{k.description}</span>
                </td>
                <td className="px-3 py-2 font-mono" data-test="api-key-masked">
                  {k.masked_suffix ?? "—"}
                </td>
                <td className="px-3 py-2">
                  <Badge className={STATUS[k.status].className} data-test="api-key-status">
                    {STATUS[k.status].label}
                  </Badge>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {k.expiry_at ? (
                    <>
                      {new Date(k.expiry_at).toLocaleDateString("en-IN")}
                      <span className="block text-xs text-muted-foreground">
                        {k.status === "expired"
                          ? "expired"
                          : `in ${k.days_left} day${k.days_left === 1 ? "" : "s"}`}
                      </span>
                    </>
                  ) : k.masked_suffix ? (
                    "No expiry"
                  ) : (
                    "—"
                  )}
                </td>
                <td className="px-3 py-2 text-muted-foreground">
                  {k.last_rotated_at ? new Date(k.last_rotated_at).toLocaleString("en-IN") : "Never"}
                  {k.updated_by ? <span className="block text-xs">by {k.updated_by.email}</span> : null}
                </td>
                <td className="px-3 py-2 text-right">
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={() => setRotating(k)}
                    data-test="api-key-rotate"
                  >
                    <KeyRound /> {k.masked_suffix ? "Rotate" : "Set key"}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <RotateDialog
        target={rotating}
        onClose={() => setRotating(null)}
        onDone={async () => {
          setRotating(null);
          await load();
        }}
      />
    </>
  );
}

function RotateDialog({
  target,
  onClose,
  onDone,
}: {
  target: PlatformKey | null;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const api = useRef(browserApi()).current;
  const ids = { key: useId(), expiry: useId() };
  const [key, setKey] = useState("");
  const [expiry, setExpiry] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the form starts empty for each key opened
  useEffect(() => {
    setKey("");
    setExpiry("");
    setErrors({});
  }, [target]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!target) return;
    setBusy(true);
    try {
      // A date means the end of that day in the admin's time zone.
      const expiryAt = expiry ? new Date(`${expiry}T23:59:59`).toISOString() : null;
      const r = await api.admin.rotateApiKey(target.service, { key, expiry_at: expiryAt });
      toast.success(`${target.label}: key ${r.masked_suffix} saved.`);
      setKey("");
      await onDone();
    } catch (err) {
      const fields = fieldErrorsOf(err);
      setErrors(Object.keys(fields).length ? fields : { form: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={target !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent data-test="rotate-dialog">
        <form onSubmit={submit} className="space-y-4">
          <DialogHeader>
            <DialogTitle>
              {target?.masked_suffix ? "Rotate" : "Set"} the {target?.label} key
            </DialogTitle>
            <DialogDescription>
              The key is encrypted before it is stored and never shown again; the runner picks it up on its
              next call.
            </DialogDescription>
          </DialogHeader>
          <div className="space-y-1.5">
            <Label htmlFor={ids.key}>New key</Label>
            <Input
              id={ids.key}
              type="password"
              autoComplete="off"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              required
              minLength={8}
              data-test="rotate-key"
            />
            {errors.key ? <p className="text-sm text-destructive">{errors.key}</p> : null}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor={ids.expiry}>Expires on (optional)</Label>
            <Input
              id={ids.expiry}
              type="date"
              value={expiry}
              onChange={(e) => setExpiry(e.target.value)}
              data-test="rotate-expiry"
            />
            {errors.expiry_at ? <p className="text-sm text-destructive">{errors.expiry_at}</p> : null}
            <p className="text-xs text-muted-foreground">Admins are reminded 14, 7 and 1 days before.</p>
          </div>
          {errors.form ? (
            <p className="text-sm text-destructive" role="alert">
              {errors.form}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={busy || key.length < 8} data-test="rotate-save">
              Save key
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
