"use client";

import { CircleAlert, LoaderCircle, Pencil, RotateCw, Sparkles, Undo2 } from "lucide-react";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useFocusAfterClose } from "@/components/ui/return-focus";
import { ApiError, errorMessage, retryAfterSeconds } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { retryHint } from "../_lib/time";
import { RelativeTime } from "./relative-time";

interface DescribeError {
  message: string;
  action?: { href: string; label: string };
  retryAt?: number;
}

/** What went wrong generating a description, and what the user can do about it. */
function describeError(err: unknown): DescribeError {
  if (err instanceof ApiError) {
    switch (err.code) {
      case "gemini_key_missing":
        return {
          message:
            err.message || "Descriptions are written with your own Gemini API key, and none is saved yet.",
          action: { href: "/settings#api-keys", label: "Open Settings › API keys & tokens" },
        };
      case "invalid_api_key":
        return {
          message: "Google rejected your saved Gemini API key.",
          action: { href: "/settings#api-keys", label: "Replace the key in Settings › API keys & tokens" },
        };
      case "llm_rate_limited": {
        const s = retryAfterSeconds(err) ?? 60;
        return {
          message: `Your Gemini key has hit its rate limit. Try again ${retryHint(s)}.`,
          retryAt: Date.now() + s * 1000,
        };
      }
      case "github_reconnect_required":
        return {
          message: "GitHub no longer accepts CareerPilot's access, so the repository cannot be read.",
          action: { href: "/settings#github", label: "Reconnect GitHub" },
        };
      case "upstream_unavailable":
        return { message: "Gemini or GitHub could not be reached. Try again in a minute." };
    }
  }
  return { message: errorMessage(err) };
}

const MAX_DESCRIPTION = 2000;

/**
 * The repository's description: Gemini's (Generate / Regenerate, its progress and errors) or the
 * user's own edit of it, which is stored apart and shown (and cited by resumes) instead; "Use AI
 * text" removes the edit.
 */
export function AiDescription({
  repoId,
  initial,
  initialAt,
  initialUser = null,
  initialUserAt = null,
  canDescribe,
}: {
  repoId: string;
  initial: string | null;
  initialAt: string | null;
  initialUser?: string | null;
  initialUserAt?: string | null;
  canDescribe: boolean;
}) {
  const [text, setText] = useState(initial);
  const [at, setAt] = useState(initialAt);
  const [userText, setUserText] = useState(initialUser);
  const [userAt, setUserAt] = useState(initialUserAt);
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<DescribeError | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const editButton = useRef<HTMLButtonElement>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const editorId = useId();

  useEffect(() => {
    setText(initial);
    setAt(initialAt);
    setUserText(initialUser);
    setUserAt(initialUserAt);
  }, [initial, initialAt, initialUser, initialUserAt]);

  const editing = draft !== null;
  useEffect(() => {
    if (editing) editor.current?.focus();
  }, [editing]);

  const focusEditLater = useFocusAfterClose(editing, editButton);
  function closeEditor() {
    focusEditLater();
    setDraft(null);
  }

  async function saveOwn(description: string | null) {
    setSaving(true);
    setError(null);
    try {
      const p = await browserApi().projects.setDescription(repoId, description);
      setUserText(p.description_user);
      setUserAt(p.description_user_at);
      closeEditor();
    } catch (err) {
      setError({ message: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  }
  const shown = userText ?? text;
  const draftTrimmed = draft?.trim() ?? "";

  const retryAt = error?.retryAt;
  useEffect(() => {
    if (!retryAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [retryAt]);
  const waiting = retryAt !== undefined && retryAt > now;

  async function generate() {
    setPending(true);
    setError(null);
    try {
      const r = await browserApi().projects.describe(repoId, text !== null);
      setText(r.description_ai);
      setAt(r.description_ai_at ?? new Date().toISOString());
    } catch (err) {
      setError(describeError(err));
      setNow(Date.now());
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="grid gap-2" aria-label="Description" data-test="repo-ai">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="flex items-center gap-1.5 text-xs font-medium tracking-wide text-muted-foreground uppercase">
          {userText ? (
            <Pencil className="size-3.5 text-primary" />
          ) : (
            <Sparkles className="size-3.5 text-primary" />
          )}
          {userText ? "Your description" : "AI description"}
        </h3>
        <div className="flex flex-wrap items-center gap-1">
          {draft === null && !pending ? (
            <Button
              ref={editButton}
              type="button"
              size="sm"
              variant="ghost"
              onClick={() => setDraft(shown ?? "")}
              data-test="repo-description-edit"
            >
              <Pencil />
              {shown ? "Edit" : "Write your own"}
            </Button>
          ) : null}
          {userText ? (
            <Button
              type="button"
              size="sm"
              variant="ghost"
              onClick={() => void saveOwn(null)}
              disabled={saving || draft !== null}
              title={text ? undefined : "No AI description yet: this removes your text"}
              data-test="repo-description-use-ai"
            >
              <Undo2 />
              {text ? "Use AI text" : "Remove"}
            </Button>
          ) : (
            <Button
              type="button"
              size="sm"
              variant={text ? "ghost" : "outline"}
              onClick={() => void generate()}
              disabled={pending || waiting || !canDescribe || draft !== null}
              title={canDescribe ? undefined : "Reconnect GitHub to generate descriptions"}
              data-test="repo-describe"
            >
              {pending ? <LoaderCircle className="animate-spin" /> : text ? <RotateCw /> : <Sparkles />}
              {pending
                ? text
                  ? "Regenerating…"
                  : "Generating…"
                : waiting && retryAt
                  ? `Wait ${Math.ceil((retryAt - now) / 1000)} s`
                  : text
                    ? "Regenerate"
                    : "Generate"}
            </Button>
          )}
        </div>
      </div>
      {draft !== null ? (
        <form
          className="grid gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (draftTrimmed) void saveOwn(draftTrimmed);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              closeEditor();
            }
          }}
          data-test="repo-description-editor"
        >
          <label htmlFor={editorId} className="sr-only">
            Your description
          </label>
          <textarea
            id={editorId}
            ref={editor}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            maxLength={MAX_DESCRIPTION}
            rows={4}
            className="w-full rounded-md border border-input bg-transparent px-3 py-2 text-sm leading-relaxed shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30"
            data-test="repo-description-input"
          />
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-xs text-muted-foreground">
              Your own words: resumes cite them instead of the AI text. {draft.length}/{MAX_DESCRIPTION}
            </p>
            <div className="flex gap-2">
              <Button
                type="button"
                size="sm"
                variant="ghost"
                onClick={closeEditor}
                data-test="repo-description-cancel"
              >
                Cancel
              </Button>
              <Button
                type="submit"
                size="sm"
                disabled={saving || !draftTrimmed}
                data-test="repo-description-save"
              >
                {saving ? <LoaderCircle className="animate-spin" /> : null}
                Save
              </Button>
            </div>
          </div>
        </form>
      ) : pending ? (
        <div className="grid gap-2" data-test="repo-describe-pending">
          <p className="text-sm text-muted-foreground">
            Reading the README, languages, topics and recent commits…
          </p>
          <div className="h-3 w-full animate-pulse rounded bg-muted" />
          <div className="h-3 w-4/5 animate-pulse rounded bg-muted" />
        </div>
      ) : userText ? (
        <div className="grid gap-1">
          <p className="text-sm leading-relaxed whitespace-pre-line" data-test="repo-user-description">
            {userText}
          </p>
          <p className="text-xs text-muted-foreground" data-test="repo-description-edited">
            Edited by you
            {userAt ? (
              <>
                {" "}
                <RelativeTime iso={userAt} />
              </>
            ) : null}
            . Resumes use your words.
          </p>
        </div>
      ) : text ? (
        <div className="grid gap-1">
          <p className="text-sm leading-relaxed whitespace-pre-line" data-test="repo-ai-description">
            {text}
          </p>
          {at ? (
            <p className="text-xs text-muted-foreground">
              Written by Gemini <RelativeTime iso={at} /> from what the repository shows.
            </p>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-muted-foreground" data-test="repo-ai-empty">
          No description yet. Gemini writes one from the README, languages and recent commits.
        </p>
      )}
      {error ? (
        <div
          role="alert"
          className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm text-red-700 dark:text-red-300"
          data-test="repo-describe-error"
        >
          <CircleAlert className="mt-0.5 size-4 shrink-0" />
          <div className="grid gap-1">
            <p>{error.message}</p>
            {error.action ? (
              <Link
                href={error.action.href}
                className="font-medium underline underline-offset-4"
                data-test="repo-describe-error-action"
              >
                {error.action.label}
              </Link>
            ) : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}
