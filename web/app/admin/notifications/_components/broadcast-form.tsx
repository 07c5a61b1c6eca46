"use client";

import { Bell, Megaphone, Search, X } from "lucide-react";
import { useId, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
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
import { type AdminUserSummary, errorMessage, fieldErrorsOf } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

type Picked = Pick<AdminUserSummary, "id" | "email" | "display_name">;

/**
 * Compose → preview → confirm → send. The broadcast id is made once per composed message, so a
 * retried or double-sent request tells nobody twice (the API is idempotent per id).
 */
export function BroadcastForm() {
  const api = useRef(browserApi()).current;
  const ids = { title: useId(), body: useId(), link: useId(), search: useId() };
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [link, setLink] = useState("");
  const [audience, setAudience] = useState<"all" | "users">("all");
  const [picked, setPicked] = useState<Picked[]>([]);
  const [q, setQ] = useState("");
  const [results, setResults] = useState<AdminUserSummary[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const broadcastId = useRef<string>(crypto.randomUUID());

  async function search(e: React.FormEvent) {
    e.preventDefault();
    try {
      setResults((await api.admin.users({ q, page_size: 10 })).items);
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  function review(e: React.FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!title.trim()) problems.title = "Write a title.";
    if (link && !link.startsWith("/")) problems.link_url = "A path on CareerPilot, starting with /.";
    if (audience === "users" && picked.length === 0) problems.audience = "Choose at least one user.";
    setErrors(problems);
    if (Object.keys(problems).length === 0) setConfirming(true);
  }

  async function send() {
    setSending(true);
    try {
      const r = await api.admin.broadcast({
        broadcast_id: broadcastId.current,
        title: title.trim(),
        ...(body.trim() ? { body: body.trim() } : {}),
        ...(link.trim() ? { link_url: link.trim() } : {}),
        audience: audience === "all" ? "all" : { user_ids: picked.map((p) => p.id) },
      });
      toast.success(`Sent to ${r.recipients} user${r.recipients === 1 ? "" : "s"}.`);
      broadcastId.current = crypto.randomUUID();
      setTitle("");
      setBody("");
      setLink("");
      setPicked([]);
      setConfirming(false);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      setErrors(Object.keys(fields).length ? fields : { form: errorMessage(err) });
      setConfirming(false);
    } finally {
      setSending(false);
    }
  }

  const who =
    audience === "all" ? "every user" : `${picked.length} chosen user${picked.length === 1 ? "" : "s"}`;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <Card>
        <CardHeader>
          <CardTitle>Compose</CardTitle>
        </CardHeader>
        <CardContent>
          <form onSubmit={review} className="space-y-4" data-test="broadcast-form">
            <div className="space-y-1.5">
              <Label htmlFor={ids.title}>Title</Label>
              <Input
                id={ids.title}
                value={title}
                maxLength={300}
                onChange={(e) => setTitle(e.target.value)}
                data-test="broadcast-title"
              />
              {errors.title ? <p className="text-sm text-destructive">{errors.title}</p> : null}
            </div>
            <div className="space-y-1.5">
              <Label htmlFor={ids.body}>Message (optional)</Label>
              <textarea
                id={ids.body}
                value={body}
                maxLength={1000}
                rows={3}
                onChange={(e) => setBody(e.target.value)}
                className="w-full rounded-md border border-input bg-transparent px-3 py-2 text-sm shadow-xs"
                data-test="broadcast-body"
              />
            </div>
            <div className="space-y-1.5">
              <Label htmlFor={ids.link}>Link (optional)</Label>
              <Input
                id={ids.link}
                value={link}
                placeholder="/job-control"
                onChange={(e) => setLink(e.target.value)}
                data-test="broadcast-link"
              />
              {errors.link_url ? <p className="text-sm text-destructive">{errors.link_url}</p> : null}
            </div>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">Send to</legend>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="audience"
                  checked={audience === "all"}
                  onChange={() => setAudience("all")}
                  data-test="audience-all"
                />
                Every user
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="audience"
                  checked={audience === "users"}
                  onChange={() => setAudience("users")}
                  data-test="audience-users"
                />
                Chosen users
              </label>
              {errors.audience ? <p className="text-sm text-destructive">{errors.audience}</p> : null}
            </fieldset>
            {errors.form ? (
              <p className="text-sm text-destructive" role="alert" data-test="broadcast-error">
                {errors.form}
              </p>
            ) : null}
            <Button type="submit" data-test="broadcast-review">
              <Megaphone /> Review and send
            </Button>
          </form>
          {audience === "users" ? (
            <div className="mt-6 space-y-3 border-t pt-4">
              <form onSubmit={search} className="flex gap-2" data-test="broadcast-user-search">
                <Input
                  id={ids.search}
                  value={q}
                  onChange={(e) => setQ(e.target.value)}
                  placeholder="Find users by email or name"
                  aria-label="Find users"
                />
                <Button type="submit" variant="outline">
                  <Search /> Find
                </Button>
              </form>
              {results.length ? (
                <ul className="divide-y rounded-md border text-sm">
                  {results.map((u) => (
                    <li key={u.id} className="flex items-center justify-between gap-2 px-3 py-1.5">
                      <span className="truncate">
                        {u.display_name ?? "—"} <span className="text-muted-foreground">{u.email}</span>
                      </span>
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={picked.some((p) => p.id === u.id)}
                        onClick={() =>
                          setPicked((p) => [...p, { id: u.id, email: u.email, display_name: u.display_name }])
                        }
                        data-test="broadcast-add-user"
                      >
                        Add
                      </Button>
                    </li>
                  ))}
                </ul>
              ) : null}
              <div className="flex flex-wrap gap-2" data-test="broadcast-picked">
                {picked.map((p) => (
                  <span
                    key={p.id}
                    className="inline-flex items-center gap-1 rounded-full bg-muted px-2 py-0.5 text-xs"
                  >
                    {p.email}
                    <button
                      type="button"
                      aria-label={`Remove ${p.email}`}
                      onClick={() => setPicked((all) => all.filter((x) => x.id !== p.id))}
                    >
                      <X className="size-3" />
                    </button>
                  </span>
                ))}
              </div>
            </div>
          ) : null}
        </CardContent>
      </Card>
      <Card className="h-fit" data-test="broadcast-preview">
        <CardHeader>
          <CardTitle className="text-base">Preview</CardTitle>
          <CardDescription>As it appears in the inbox of {who}.</CardDescription>
        </CardHeader>
        <CardContent>
          <div className="flex gap-3 rounded-md border bg-background p-3">
            <span className="grid size-8 shrink-0 place-items-center rounded-full bg-brand-soft text-primary">
              <Bell className="size-4" />
            </span>
            <div className="min-w-0 space-y-0.5">
              <p className="text-sm font-medium break-words">{title || "Your title"}</p>
              {body ? <p className="text-sm break-words text-muted-foreground">{body}</p> : null}
              {link ? <p className="text-xs text-primary">Opens {link}</p> : null}
            </div>
          </div>
        </CardContent>
      </Card>
      <Dialog open={confirming} onOpenChange={(open) => !sending && setConfirming(open)}>
        <DialogContent data-test="broadcast-confirm">
          <DialogHeader>
            <DialogTitle>Send to {who}?</DialogTitle>
            <DialogDescription>
              “{title.trim()}” goes to {who} now. It cannot be taken back, and it is recorded in the audit
              log.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="ghost" onClick={() => setConfirming(false)} disabled={sending}>
              Cancel
            </Button>
            <Button onClick={() => void send()} disabled={sending} data-test="broadcast-send">
              Send
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
