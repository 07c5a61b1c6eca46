import type { Integration, Provider, TokenProvider } from "@/lib/api";

/** How each provider is named and explained in the app. */
export const PROVIDER_META: Record<
  Provider,
  {
    label: string;
    hint: string;
    placeholder: string;
    getIt?: { label: string; href: string };
    /** What the field expects and where the user finds it, in plain steps. */
    howTo?: { expects: string; steps: string[] };
  }
> = {
  github: { label: "GitHub", hint: "Syncs your repositories into Projects.", placeholder: "" },
  gemini: {
    label: "Gemini API key",
    hint: "Writes project descriptions and résumés. Checked with Google before it is saved.",
    placeholder: "AIza…",
    // Where a person gets one: free, with a Google account.
    getIt: { label: "Get a free key in Google AI Studio", href: "https://aistudio.google.com/apikey" },
  },
  // The job search reads the portals' public listings and needs none of these; they are kept for
  // applying as the user (auto-apply), which reads them from the integrations stack.
  linkedin: {
    label: "LinkedIn token",
    hint: "Optional. The job search does not need it; applying for you on LinkedIn will.",
    placeholder: "Paste the value of li_at",
    howTo: {
      expects: "The value of your li_at cookie (LinkedIn's signed-in session).",
      steps: [
        "Sign in at www.linkedin.com in Chrome, Edge or Firefox on a computer.",
        "Press F12 to open the developer tools, then Application (Firefox: Storage) › Cookies › https://www.linkedin.com.",
        "Copy the Value of the row named li_at and paste it here.",
        "Signing out of LinkedIn ends that session: paste a new value after you sign in again.",
      ],
    },
  },
  naukri: {
    label: "Naukri token",
    hint: "Optional. The job search does not need it; applying for you on Naukri will.",
    placeholder: "Paste the value of nauk_at",
    howTo: {
      expects: "The value of your nauk_at cookie (Naukri's sign-in token).",
      steps: [
        "Sign in at www.naukri.com in Chrome, Edge or Firefox on a computer.",
        "Press F12 to open the developer tools, then Application (Firefox: Storage) › Cookies › https://www.naukri.com.",
        "Copy the Value of the row named nauk_at and paste it here.",
        "Naukri renews it often, so it stops working within hours: paste a fresh one when it shows as expired.",
      ],
    },
  },
  indeed: {
    label: "Indeed token",
    hint: "Optional. The job search does not need it; applying for you on Indeed will.",
    placeholder: "Indeed cookie header",
    howTo: {
      expects: "The cookies of a signed-in Indeed page: the whole value of its cookie request header.",
      steps: [
        "Sign in at in.indeed.com (or your country's Indeed) in Chrome, Edge or Firefox on a computer.",
        "Press F12 to open the developer tools, open Network and reload the page.",
        "Click the first request (the page itself) and, under Request Headers, copy the whole value of cookie.",
        "Paste it here (at most 4096 characters). Signing out of Indeed ends that session.",
      ],
    },
  },
  gmail: {
    label: "Gmail token",
    hint: "Optional, and not used yet: reading employer replies from Gmail is planned. Reports are emailed without it.",
    placeholder: "Paste your Gmail token",
  },
};

export const OPTIONAL_TOKEN_PROVIDERS: TokenProvider[] = ["linkedin", "naukri", "indeed", "gmail"];

/** The entry for `provider` in a list from `GET /v1/integrations`. */
export function findIntegration(items: Integration[] | null, provider: Provider): Integration | undefined {
  return items?.find((i) => i.provider === provider);
}
