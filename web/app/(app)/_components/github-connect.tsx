"use client";

import { CircleCheck, Github, LoaderCircle, Unplug } from "lucide-react";
import { useState } from "react";
import { DemoBadge } from "@/components/demo-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { errorMessage, type Integration, isConnected } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";

/** Human text for the `reason` GitHub's callback returns with `?github=error`. */
export function githubErrorText(reason: string | undefined): string {
  if (reason === "access_denied") return "GitHub access was declined. Connect again when you are ready.";
  if (reason === "not_configured") return "Connecting GitHub is not configured on this server.";
  if (reason === "oauth_state_foreign") {
    return "That GitHub link was started from another account, so nothing was connected. Connect GitHub from here instead.";
  }
  if (reason === "oauth_state_invalid") {
    return "That GitHub link is not valid (incomplete or altered), so nothing was connected. Connect GitHub from here.";
  }
  if (reason === "oauth_state_expired" || reason === "oauth_state_used") {
    return "That GitHub link has expired or was already used. Connect again.";
  }
  return "GitHub could not be connected. Try again.";
}

/**
 * GitHub's connection: "Connected as @login" with Reconnect, or Connect GitHub. Connecting asks
 * the integrations stack for GitHub's authorize URL and sends the browser there; GitHub returns
 * to the web app's `/integrations/github/callback`, which finishes the connection as the signed-in
 * user and comes back to `redirectTo` with `?github=connected` (or `?github=error&reason=…`).
 */
export function GithubConnect({
  integration,
  redirectTo,
  beforeConnect,
  onDisconnected,
}: {
  /** GitHub's integration (only its status and login are shown). */
  integration: Pick<Integration, "status" | "external_login"> | undefined;
  redirectTo: string;
  /** Runs before leaving for GitHub (e.g. save the wizard's step). */
  beforeConnect?: () => Promise<void>;
  /** When given, a connected GitHub can be disconnected here; called after it was. */
  onDisconnected?: () => Promise<void> | void;
}) {
  const [pending, setPending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const connected = isConnected(integration);

  async function connect() {
    setPending(true);
    setError(null);
    try {
      await beforeConnect?.();
      const { auth_url } = await browserApi().integrations.connectGithub(redirectTo);
      window.location.assign(auth_url);
    } catch (err) {
      setError(errorMessage(err));
      setPending(false);
    }
  }

  /** Erases the stored token and revokes CareerPilot's grant at GitHub (DELETE /v1/integrations/github). */
  async function disconnect() {
    setPending(true);
    setError(null);
    try {
      await browserApi().integrations.revoke("github");
      setConfirming(false);
      await onDisconnected?.();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="grid gap-2 rounded-lg border bg-background p-4" data-test="github-connect-card">
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex size-10 shrink-0 items-center justify-center rounded-full bg-foreground text-background">
          <Github className="size-5" />
        </div>
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
            GitHub <DemoBadge service="github" />
          </p>
          <p className="text-sm text-muted-foreground" data-test="github-status">
            {connected ? (
              <>
                Connected as{" "}
                <span className="font-medium text-foreground">@{integration?.external_login}</span>
              </>
            ) : integration?.status === "needs_reconnect" ? (
              "GitHub needs reconnecting."
            ) : (
              "Syncs your repositories into Projects."
            )}
          </p>
        </div>
        {connected ? (
          <Badge variant="secondary" className="gap-1 bg-emerald-50 text-emerald-700">
            <CircleCheck />
            Connected
          </Badge>
        ) : null}
        <Button
          type="button"
          variant={connected ? "outline" : "default"}
          onClick={connect}
          disabled={pending}
          className="w-full sm:w-auto"
          data-test="github-connect"
        >
          {pending ? <LoaderCircle className="animate-spin" /> : <Github />}
          {connected ? "Reconnect" : "Connect GitHub"}
        </Button>
      </div>
      {connected && onDisconnected ? (
        <div
          className="flex flex-wrap items-center gap-2 border-t pt-3 text-sm"
          data-test="github-disconnect-row"
        >
          {confirming ? (
            <>
              <span className="flex-1 text-muted-foreground">
                Disconnect GitHub? Projects stop syncing, and CareerPilot's access at GitHub is revoked.
              </span>
              <Button
                type="button"
                variant="ghost"
                size="sm"
                onClick={() => setConfirming(false)}
                disabled={pending}
              >
                Cancel
              </Button>
              <Button
                type="button"
                variant="destructive"
                size="sm"
                onClick={disconnect}
                disabled={pending}
                data-test="github-disconnect-confirm"
              >
                {pending ? <LoaderCircle className="animate-spin" /> : <Unplug />}
                Disconnect
              </Button>
            </>
          ) : (
            <Button
              type="button"
              variant="ghost"
              size="sm"
              className="text-destructive hover:text-destructive"
              onClick={() => setConfirming(true)}
              data-test="github-disconnect"
            >
              <Unplug /> Disconnect GitHub
            </Button>
          )}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-destructive" data-test="github-connect-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
