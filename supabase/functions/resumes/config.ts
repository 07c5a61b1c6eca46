/**
 * The resumes function's own environment (besides the kit's SUPABASE_* and the
 * TOKEN_ENCRYPTION_KEYS keyring read by `_shared/tokens.ts`), parsed on use:
 *
 * | name                  | default                                     | what                       |
 * | --------------------- | ------------------------------------------- | -------------------------- |
 * | `GEMINI_API_BASE_URL` | `https://generativelanguage.googleapis.com` | builds (`generateContent`) |
 * | `GEMINI_MODEL`        | `gemini-2.5-flash`                          | the model that writes them |
 */
import { z } from "zod";

const ConfigSchema = z.object({
  GEMINI_API_BASE_URL: z.preprocess(
    (
      v,
    ) => (typeof v === "string" && v.trim() !== "" ? v.trim() : "https://generativelanguage.googleapis.com"),
    z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, "")),
  ),
  GEMINI_MODEL: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : "gemini-2.5-flash"),
    z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/),
  ),
});

export interface ResumesConfig {
  geminiApiBaseUrl: string;
  geminiModel: string;
}

/** The parsed configuration; throws naming the invalid variables (never their values). */
export function resumesConfig(): ResumesConfig {
  const parsed = ConfigSchema.safeParse({
    GEMINI_API_BASE_URL: Deno.env.get("GEMINI_API_BASE_URL"),
    GEMINI_MODEL: Deno.env.get("GEMINI_MODEL"),
  });
  if (!parsed.success) {
    throw new Error(
      `invalid resumes environment: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`,
    );
  }
  return { geminiApiBaseUrl: parsed.data.GEMINI_API_BASE_URL, geminiModel: parsed.data.GEMINI_MODEL };
}
