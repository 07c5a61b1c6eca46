/** Where the emailed reset link lands: the callback exchanges its code, then the set-password page. */
export const RESET_PATH = "/auth/reset";

/** The `redirectTo` given to `resetPasswordForEmail`, on this site. */
export function resetRedirectTo(origin: string): string {
  return `${origin}/auth/callback?next=${encodeURIComponent(RESET_PATH)}`;
}
