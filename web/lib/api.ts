/**
 * The one typed client for CareerPilot's stack functions:
 * `${NEXT_PUBLIC_SUPABASE_URL}/functions/v1/<stack>/v1/...` with the session's bearer token.
 * Responses are validated with zod; failures become an {@link ApiError} carrying the API's code.
 * Works in the browser and on the server: the caller supplies how to read the access token.
 */
import { z } from "zod";
import { env } from "@/lib/env";

/** The error body every stack function returns: `{"error": {"code", "message", "details"?}}`. */
const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** A failed call: `code` is the API's error code (`unauthorized`, `validation_failed`, ...). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The stacks, by their function names. */
export type Stack =
  | "auth-identity"
  | "onboarding"
  | "integrations"
  | "projects"
  | "resumes"
  | "verification"
  | "job-fetcher"
  | "job-apply"
  | "insights"
  | "notifications"
  | "api-management"
  | "admin";

const Timestamp = z.union([z.string(), z.number()]);

/** `GET /auth-identity/v1/auth/session`. */
export const AuthSession = z.object({
  user_id: z.string(),
  role: z.enum(["user", "admin"]),
  email: z.string().nullable(),
  display_name: z.string().nullable(),
  issued_at: Timestamp,
  expires_at: Timestamp,
});
export type AuthSession = z.infer<typeof AuthSession>;

/** `PATCH /auth-identity/v1/auth/profile` input, shared by the settings form. */
export const ProfileUpdate = z.object({
  display_name: z.string().trim().min(1, "Enter a display name").max(80, "Keep it under 80 characters"),
});
export type ProfileUpdate = z.infer<typeof ProfileUpdate>;

const ProfileResponse = z.object({ display_name: z.string().nullable() }).loose();

const DeletedResponse = z.object({ status: z.literal("deleted") });

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ApiClientOptions {
  /** Returns the current access token, or null when signed out. */
  getAccessToken: () => Promise<string | null>;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** Builds the client. `getAccessToken` reads the Supabase session (browser or server client). */
export function createApiClient({ getAccessToken, fetch: fetchImpl = fetch }: ApiClientOptions) {
  async function request<S extends z.ZodType>(
    stack: Stack,
    path: string,
    schema: S,
    init: { method?: Method; body?: unknown } = {},
  ): Promise<z.infer<S>> {
    const token = await getAccessToken();
    if (!token) throw new ApiError(401, "unauthorized", "You are signed out. Sign in again.");
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      apikey: env.supabaseAnonKey,
      accept: "application/json",
    };
    if (init.body !== undefined) headers["content-type"] = "application/json";

    let res: Response;
    try {
      res = await fetchImpl(`${env.supabaseUrl}/functions/v1/${stack}${path}`, {
        method: init.method ?? "GET",
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        cache: "no-store",
      });
    } catch (cause) {
      throw new ApiError(
        0,
        "network_error",
        "Could not reach CareerPilot. Check your connection and try again.",
        {
          cause: String(cause),
        },
      );
    }

    const text = await res.text();
    let json: unknown = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    if (!res.ok) {
      const parsed = ErrorBody.safeParse(json);
      if (parsed.success) {
        const { code, message, details } = parsed.data.error;
        throw new ApiError(res.status, code, message, details);
      }
      throw new ApiError(res.status, `http_${res.status}`, `The request failed (HTTP ${res.status}).`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError(res.status, "invalid_response", "The server sent an unexpected response.", {
        issues: parsed.error.issues,
      });
    }
    return parsed.data;
  }

  return {
    authIdentity: {
      /** The signed-in user's id, role, email and display name. */
      session: () => request("auth-identity", "/v1/auth/session", AuthSession),
      /** Changes the display name. */
      updateProfile: (input: ProfileUpdate) =>
        request("auth-identity", "/v1/auth/profile", ProfileResponse, {
          method: "PATCH",
          body: ProfileUpdate.parse(input),
        }),
      /** Deletes the account and everything it owns. */
      deleteAccount: () =>
        request("auth-identity", "/v1/auth/account", DeletedResponse, {
          method: "DELETE",
          body: { confirm: "DELETE" },
        }),
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** A message fit to show a user for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return "Something went wrong. Try again.";
}
