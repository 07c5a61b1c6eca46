import type { AuthError } from "@supabase/supabase-js";

/** Said for a wrong email or password (never which of the two: that would reveal who has an account). */
export const WRONG_CREDENTIALS = "That email and password don't match. Check both and try again.";

/** A Supabase Auth error as a sentence a person can act on. */
export function authErrorMessage(error: AuthError): string {
  switch (error.code) {
    case "invalid_credentials":
      return WRONG_CREDENTIALS;
    case "user_already_exists":
    case "email_exists":
      return "An account with this email already exists";
    case "email_not_confirmed":
      return "Confirm your email address first: check your inbox for the link.";
    case "over_request_rate_limit":
    case "over_email_send_rate_limit":
      return "Too many attempts. Wait a minute and try again.";
    case "weak_password":
      return error.message || "Choose a stronger password.";
  }
  if (error.status === 0 || error.name === "AuthRetryableFetchError") {
    return "Can't reach the sign-in service right now. Try again in a moment.";
  }
  if (/invalid login credentials/i.test(error.message)) return WRONG_CREDENTIALS;
  if (/already (registered|exists)/i.test(error.message)) return "An account with this email already exists";
  return error.message || "Something went wrong. Try again.";
}
