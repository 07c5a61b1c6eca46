/**
 * The projects function's own environment (besides the kit's SUPABASE_* and the
 * TOKEN_ENCRYPTION_KEYS keyring read by `_shared/tokens.ts`), parsed on use:
 *
 * | name                  | default                                     | what                                  |
 * | --------------------- | ------------------------------------------- | ------------------------------------- |
 * | `GITHUB_API_BASE_URL` | `https://api.github.com`                    | repositories, languages, README, commits |
 * | `GEMINI_API_BASE_URL` | `https://generativelanguage.googleapis.com` | descriptions (`generateContent`)      |
 * | `GEMINI_MODEL`        | `gemini-2.5-flash`                          | the model that writes descriptions    |
 */
import { z } from "zod";

const trimmedUrl = (fallback: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : fallback),
    z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, "")),
  );

const ConfigSchema = z.object({
  GITHUB_API_BASE_URL: trimmedUrl("https://api.github.com"),
  GEMINI_API_BASE_URL: trimmedUrl("https://generativelanguage.googleapis.com"),
  GEMINI_MODEL: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : "gemini-2.5-flash"),
    z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/),
  ),
});

export interface ProjectsConfig {
  githubApiBaseUrl: string;
  geminiApiBaseUrl: string;
  geminiModel: string;
}

const NAMES = Object.keys(ConfigSchema.shape) as (keyof z.infer<typeof ConfigSchema>)[];
let cached: { raw: string; config: ProjectsConfig } | undefined;

/** The parsed configuration; throws naming the invalid variables (never their values). */
export function projectsConfig(): ProjectsConfig {
  const values = Object.fromEntries(NAMES.map((n) => [n, Deno.env.get(n)]));
  const raw = JSON.stringify(values);
  if (cached?.raw === raw) return cached.config;
  const parsed = ConfigSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(
      `invalid projects environment: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`,
    );
  }
  const config: ProjectsConfig = {
    githubApiBaseUrl: parsed.data.GITHUB_API_BASE_URL,
    geminiApiBaseUrl: parsed.data.GEMINI_API_BASE_URL,
    geminiModel: parsed.data.GEMINI_MODEL,
  };
  cached = { raw, config };
  return config;
}
