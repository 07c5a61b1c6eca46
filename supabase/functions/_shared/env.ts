/**
 * The environment every function reads, under Supabase's own names, parsed with zod.
 * Parsed on first use (not at import), and again whenever the process environment changes.
 */
import { z } from "zod";

const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().min(1).optional());

const EnvSchema = z.object({
  /** The API gateway's public URL, e.g. `http://127.0.0.1:54321`. */
  SUPABASE_URL: z.url().transform((u) => u.replace(/\/+$/, "")),
  /** A Postgres URL the functions connect with (role `postgres`). */
  SUPABASE_DB_URL: z.string().min(1),
  SUPABASE_ANON_KEY: optional,
  /** Needed by the few service paths that call the Auth or Storage admin APIs. */
  SUPABASE_SERVICE_ROLE_KEY: optional,
  /** Legacy HS256 secret: when set, HS256 user tokens are accepted too. */
  SUPABASE_JWT_SECRET: optional,
});

export type FunctionEnv = z.infer<typeof EnvSchema>;

const NAMES = Object.keys(EnvSchema.shape) as (keyof FunctionEnv)[];
let cached: { raw: string; env: FunctionEnv } | undefined;

/** The parsed environment; throws a readable error naming the missing or invalid variables. */
export function getEnv(): FunctionEnv {
  const values = Object.fromEntries(NAMES.map((n) => [n, Deno.env.get(n)]));
  const raw = JSON.stringify(values);
  if (cached?.raw === raw) return cached.env;
  const parsed = EnvSchema.safeParse(values);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new Error(`invalid function environment: ${names}`);
  }
  cached = { raw, env: parsed.data };
  return parsed.data;
}
