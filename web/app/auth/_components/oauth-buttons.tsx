"use client";

import { Info, LoaderCircle } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { OAuthProvider } from "@/lib/env";
import { browserAuth } from "@/lib/supabase/client";

function GoogleIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true">
      <path
        fill="#4285F4"
        d="M22.56 12.25c0-.78-.07-1.53-.2-2.25H12v4.26h5.92c-.26 1.37-1.04 2.53-2.21 3.31v2.77h3.57c2.08-1.92 3.28-4.74 3.28-8.09z"
      />
      <path
        fill="#34A853"
        d="M12 23c2.97 0 5.46-.98 7.28-2.66l-3.57-2.77c-.98.66-2.23 1.06-3.71 1.06-2.86 0-5.29-1.93-6.16-4.53H2.18v2.84C3.99 20.53 7.7 23 12 23z"
      />
      <path
        fill="#FBBC05"
        d="M5.84 14.09c-.22-.66-.35-1.36-.35-2.09s.13-1.43.35-2.09V7.07H2.18C1.43 8.55 1 10.22 1 12s.43 3.45 1.18 4.93l3.66-2.84z"
      />
      <path
        fill="#EA4335"
        d="M12 5.38c1.62 0 3.06.56 4.21 1.64l3.15-3.15C17.45 2.09 14.97 1 12 1 7.7 1 3.99 3.47 2.18 7.07l3.66 2.84c.87-2.6 3.3-4.53 6.16-4.53z"
      />
    </svg>
  );
}

function GitHubIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
      <path d="M12 .297c-6.63 0-12 5.373-12 12 0 5.303 3.438 9.8 8.205 11.385.6.113.82-.258.82-.577 0-.285-.01-1.04-.015-2.04-3.338.724-4.042-1.61-4.042-1.61C4.422 18.07 3.633 17.7 3.633 17.7c-1.087-.744.084-.729.084-.729 1.205.084 1.838 1.236 1.838 1.236 1.07 1.835 2.809 1.305 3.495.998.108-.776.417-1.305.76-1.605-2.665-.3-5.466-1.332-5.466-5.93 0-1.31.465-2.38 1.235-3.22-.135-.303-.54-1.523.105-3.176 0 0 1.005-.322 3.3 1.23.96-.267 1.98-.399 3-.405 1.02.006 2.04.138 3 .405 2.28-1.552 3.285-1.23 3.285-1.23.645 1.653.24 2.873.12 3.176.765.84 1.23 1.91 1.23 3.22 0 4.61-2.805 5.625-5.475 5.92.42.36.81 1.096.81 2.22 0 1.606-.015 2.896-.015 3.286 0 .315.21.69.825.57C20.565 22.092 24 17.592 24 12.297c0-6.627-5.373-12-12-12" />
    </svg>
  );
}

function LinkedInIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true">
      <path
        fill="#0A66C2"
        d="M20.447 20.452h-3.554v-5.569c0-1.328-.027-3.037-1.852-3.037-1.853 0-2.136 1.445-2.136 2.939v5.667H9.351V9h3.414v1.561h.046c.477-.9 1.637-1.85 3.37-1.85 3.601 0 4.267 2.37 4.267 5.455v6.286zM5.337 7.433a2.062 2.062 0 1 1 0-4.125 2.062 2.062 0 0 1 0 4.125zm1.782 13.019H3.555V9h3.564v11.452zM22.225 0H1.771C.792 0 0 .774 0 1.729v20.542C0 23.227.792 24 1.771 24h20.451C23.2 24 24 23.227 24 22.271V1.729C24 .774 23.2 0 22.222 0h.003z"
      />
    </svg>
  );
}

const PROVIDERS: { id: OAuthProvider; label: string; icon: () => React.ReactElement }[] = [
  { id: "google", label: "Google", icon: GoogleIcon },
  { id: "github", label: "GitHub", icon: GitHubIcon },
  { id: "linkedin", label: "LinkedIn", icon: LinkedInIcon },
];

const GRID_COLS: Record<number, string> = { 1: "grid-cols-1", 2: "grid-cols-2", 3: "grid-cols-3" };

/** Supabase's provider names: LinkedIn sign-in is the OpenID Connect provider. */
const SUPABASE_PROVIDER = { google: "google", github: "github", linkedin: "linkedin_oidc" } as const;

/**
 * Google / GitHub / LinkedIn sign-in: only the providers named in NEXT_PUBLIC_OAUTH_PROVIDERS are
 * shown (one not configured on this deployment is not offered and then refused).
 */
export function OAuthButtons({ enabled, next }: { enabled: OAuthProvider[]; next: string }) {
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<OAuthProvider | null>(null);
  const shown = PROVIDERS.filter((p) => enabled.includes(p.id));

  async function start(provider: (typeof PROVIDERS)[number]) {
    setNotice(null);
    setPending(provider.id);
    const redirectTo = `${window.location.origin}/auth/callback?next=${encodeURIComponent(next)}`;
    const { error } = await (await browserAuth()).signInWithOAuth({
      provider: SUPABASE_PROVIDER[provider.id],
      options: { redirectTo },
    });
    if (error) {
      setPending(null);
      setNotice(`Couldn't start ${provider.label} sign-in: ${error.message}`);
    }
  }

  return (
    <div className="grid gap-3">
      <div className={`grid gap-2 ${GRID_COLS[shown.length] ?? "grid-cols-3"}`}>
        {shown.map((p) => (
          <Button
            key={p.id}
            type="button"
            variant="outline"
            className="h-10"
            onClick={() => start(p)}
            disabled={pending !== null}
            data-test={`oauth-${p.id}`}
            aria-label={`Continue with ${p.label}`}
          >
            {pending === p.id ? <LoaderCircle className="animate-spin" /> : <p.icon />}
            <span>{p.label}</span>
          </Button>
        ))}
      </div>
      {notice ? (
        <p
          role="status"
          data-test="oauth-notice"
          className="flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          <Info className="mt-0.5 size-4 shrink-0" />
          {notice}
        </p>
      ) : null}
    </div>
  );
}
