// zod/mini: these schemas ship to the browser, and the mini build carries only the checks used.
import * as z from "zod/mini";

const email = z.pipe(
  z.string().check(z.trim(), z.minLength(1, "Enter your email address")),
  z.email("Enter a valid email address"),
);

/** The Sign In form. */
export const SignInSchema = z.object({
  email,
  password: z.string().check(z.minLength(1, "Enter your password")),
});
export type SignInInput = z.infer<typeof SignInSchema>;

/** The Create Account form: a password of 8+ characters, typed twice. */
export const CreateAccountSchema = z
  .object({
    email,
    password: z
      .string()
      .check(z.minLength(8, "Use at least 8 characters"), z.maxLength(72, "Use at most 72 characters")),
    confirmPassword: z.string().check(z.minLength(1, "Confirm your password")),
  })
  .check(
    z.refine((v) => v.password === v.confirmPassword, {
      path: ["confirmPassword"],
      message: "Passwords do not match",
    }),
  );
export type CreateAccountInput = z.infer<typeof CreateAccountSchema>;

/** Field → first message, for showing beside each input. */
export type FieldErrors<T> = Partial<Record<keyof T, string>>;

export function fieldErrors<T>(error: z.core.$ZodError<T>): FieldErrors<T> {
  const out: Partial<Record<string, string>> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "");
    if (key && !out[key]) out[key] = issue.message;
  }
  return out as FieldErrors<T>;
}
