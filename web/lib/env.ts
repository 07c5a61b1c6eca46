/**
 * The web app's configuration, validated with zod when the server or the build starts. Server
 * code only: browser code reads the same public values through `public-env.ts`, without zod.
 */
import * as z from "zod/mini";
import { commaNames, DEMO_SERVICES, OAUTH_PROVIDERS } from "./public-env";

export { DEMO_SERVICES, type DemoService, OAUTH_PROVIDERS, type OAuthProvider } from "./public-env";

/** A comma-separated variable of names from `allowed` (case and spaces ignored; unset = none). */
function commaList<const T extends readonly [string, ...string[]]>(name: string, allowed: T) {
  return z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((raw: string | undefined) => commaNames(raw)),
    ),
    z.array(z.enum(allowed, { error: `${name}: use ${allowed.join(", ")}` })),
  );
}

const PublicEnv = z.object({
  NEXT_PUBLIC_SUPABASE_URL: z.url({ error: "NEXT_PUBLIC_SUPABASE_URL must be the Supabase API URL" }),
  NEXT_PUBLIC_SUPABASE_ANON_KEY: z
    .string({ error: "NEXT_PUBLIC_SUPABASE_ANON_KEY is required" })
    .check(z.minLength(1, "NEXT_PUBLIC_SUPABASE_ANON_KEY is required")),
  NEXT_PUBLIC_OAUTH_PROVIDERS: commaList("NEXT_PUBLIC_OAUTH_PROVIDERS", OAUTH_PROVIDERS),
  // Set by the local devstack when it runs demo stand-ins (no real credentials); never in production.
  NEXT_PUBLIC_DEMO_SERVICES: commaList("NEXT_PUBLIC_DEMO_SERVICES", DEMO_SERVICES),
});

function parse() {
  // Each variable is named literally so Next inlines it into the browser bundle.
  const result = PublicEnv.safeParse({
    NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY,
    NEXT_PUBLIC_OAUTH_PROVIDERS: process.env.NEXT_PUBLIC_OAUTH_PROVIDERS,
    NEXT_PUBLIC_DEMO_SERVICES: process.env.NEXT_PUBLIC_DEMO_SERVICES,
  });
  if (!result.success) {
    throw new Error(`Invalid web configuration:\n${z.prettifyError(result.error)}`);
  }
  const e = result.data;
  return {
    supabaseUrl: e.NEXT_PUBLIC_SUPABASE_URL.replace(/\/+$/, ""),
    supabaseAnonKey: e.NEXT_PUBLIC_SUPABASE_ANON_KEY,
    oauthProviders: e.NEXT_PUBLIC_OAUTH_PROVIDERS,
    demoServices: e.NEXT_PUBLIC_DEMO_SERVICES,
  };
}

/** The web app's configuration, validated once when the module loads. */
export const env = parse();
