"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { DemoBadge } from "@/components/demo-badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { errorMessage, type Integration } from "@/lib/api";
import { browserApi } from "@/lib/supabase/client";
import { GithubConnect, githubErrorText } from "../../_components/github-connect";
import { TokenField } from "../../_components/token-field";
import { findIntegration, OPTIONAL_TOKEN_PROVIDERS } from "../../_lib/providers";

/** Settings › API keys & tokens and Settings › GitHub, sharing one list of integrations. */
export function IntegrationsSections({
  initial,
  githubResult,
}: {
  initial: Integration[] | null;
  githubResult?: "connected" | { reason?: string };
}) {
  const router = useRouter();
  const [items, setItems] = useState(initial);

  useEffect(() => {
    if (!githubResult) return;
    if (githubResult === "connected") toast.success("GitHub connected");
    else toast.error(githubErrorText(githubResult.reason));
    router.replace("/settings#github", { scroll: false });
  }, [githubResult, router]);

  async function refresh() {
    try {
      setItems(await browserApi().integrations.list());
      router.refresh();
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  const unavailable =
    items === null ? (
      <p className="text-sm text-destructive">Integrations could not be loaded. Refresh to try again.</p>
    ) : null;

  return (
    <>
      <Card id="api-keys" className="scroll-mt-24" data-test="api-keys-section">
        <CardHeader>
          <CardTitle className="flex flex-wrap items-center gap-2 text-lg">
            API keys &amp; tokens <DemoBadge service="gemini" />
          </CardTitle>
          <CardDescription>
            Stored encrypted and never shown again: only the last four characters are displayed.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          {unavailable}
          <TokenField
            provider="gemini"
            integration={findIntegration(items, "gemini")}
            onChanged={refresh}
            allowRevoke
          />
          {OPTIONAL_TOKEN_PROVIDERS.map((p) => (
            <TokenField
              key={p}
              provider={p}
              integration={findIntegration(items, p)}
              onChanged={refresh}
              allowRevoke
            />
          ))}
        </CardContent>
      </Card>
      <Card id="github" className="scroll-mt-24" data-test="github-section">
        <CardHeader>
          <CardTitle className="text-lg">GitHub</CardTitle>
          <CardDescription>Reconnect to refresh access or switch accounts, or disconnect it.</CardDescription>
        </CardHeader>
        <CardContent>
          {unavailable}
          <GithubConnect
            integration={findIntegration(items, "github")}
            redirectTo="/settings"
            onDisconnected={async () => {
              toast.success("GitHub disconnected");
              await refresh();
            }}
          />
        </CardContent>
      </Card>
    </>
  );
}
