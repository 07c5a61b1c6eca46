import type { Integration, Provider, TokenProvider } from "@/lib/api";

/** How each provider is named and explained in the app. */
export const PROVIDER_META: Record<
  Provider,
  { label: string; hint: string; placeholder: string; getIt?: { label: string; href: string } }
> = {
  github: { label: "GitHub", hint: "Syncs your repositories into Projects.", placeholder: "" },
  gemini: {
    label: "Gemini API key",
    hint: "Writes project descriptions and résumés. Checked with Google before it is saved.",
    placeholder: "AIza…",
    // Where a person gets one: free, with a Google account.
    getIt: { label: "Get a free key in Google AI Studio", href: "https://aistudio.google.com/apikey" },
  },
  linkedin: {
    label: "LinkedIn token",
    hint: "Optional. Lets CareerPilot search and apply on LinkedIn.",
    placeholder: "Paste your LinkedIn token",
  },
  naukri: {
    label: "Naukri token",
    hint: "Optional. Lets CareerPilot search and apply on Naukri.",
    placeholder: "Paste your Naukri token",
  },
  indeed: {
    label: "Indeed token",
    hint: "Optional. Lets CareerPilot search and apply on Indeed.",
    placeholder: "Paste your Indeed token",
  },
  gmail: {
    label: "Gmail token",
    hint: "Optional. Reads replies to applications and sends your reports.",
    placeholder: "Paste your Gmail token",
  },
};

export const OPTIONAL_TOKEN_PROVIDERS: TokenProvider[] = ["linkedin", "naukri", "indeed", "gmail"];

/** The entry for `provider` in a list from `GET /v1/integrations`. */
export function findIntegration(items: Integration[] | null, provider: Provider): Integration | undefined {
  return items?.find((i) => i.provider === provider);
}
