/**
 * The public configuration as browser code reads it: `NEXT_PUBLIC_*` values Next inlines at
 * build time. No validation here (and so no zod in every page's JavaScript): `env.ts` validates
 * the same variables with zod when the build or the server starts (next.config.ts imports it),
 * and fails fast on a bad value.
 */

/** OAuth providers the auth page can offer, as named in `NEXT_PUBLIC_OAUTH_PROVIDERS`. */
export const OAUTH_PROVIDERS = ["google", "github", "linkedin"] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

/** External services the devstack can replace with loopback demo fakes (`NEXT_PUBLIC_DEMO_SERVICES`). */
export const DEMO_SERVICES = ["github", "gemini"] as const;
export type DemoService = (typeof DEMO_SERVICES)[number];

/** The names in a comma-separated variable (case and spaces ignored, empty entries dropped). */
export function commaNames(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p.length > 0);
}

const demoServices = commaNames(process.env.NEXT_PUBLIC_DEMO_SERVICES).filter((s): s is DemoService =>
  (DEMO_SERVICES as readonly string[]).includes(s),
);

/** Each variable is named literally so Next inlines it into the browser bundle. */
export const publicEnv = {
  supabaseUrl: (process.env.NEXT_PUBLIC_SUPABASE_URL ?? "").replace(/\/+$/, ""),
  supabaseAnonKey: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? "",
  demoServices,
};
